"""SQLCipher: opening with the key, migrations, repositories, the audit log, full-text search."""
