"""PDF rendering of referral letters and printed documents, to bytes (never to a file unless asked)."""
