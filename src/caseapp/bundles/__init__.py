"""The exchange bundle file format: writer, reader/verifier, one module per format version."""
