-- Office identity, trusted offices, bundle bookkeeping, per-peer sync bases and merge conflicts.
CREATE TABLE office_identities (
    key_id TEXT PRIMARY KEY,
    private TEXT NOT NULL,            -- JSON from OfficeIdentity.to_private_dict(); never leaves the store
    card BLOB NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE trusted_offices (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    card BLOB NOT NULL,
    key_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    default_scope TEXT NOT NULL DEFAULT 'full' CHECK (default_scope IN ('full', 'deidentified')),
    trusted_at TEXT NOT NULL,
    trusted_by TEXT NOT NULL
);

-- Earlier cards of a trusted office (after key rotation), so bundles signed before the rotation still verify.
CREATE TABLE trusted_office_keys (
    code TEXT NOT NULL,
    key_id TEXT NOT NULL,
    card BLOB NOT NULL,
    PRIMARY KEY (code, key_id)
);

CREATE TABLE bundles_out (
    peer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bundle_hash TEXT NOT NULL,
    file_name TEXT NOT NULL,
    case_count INTEGER NOT NULL,
    scope TEXT NOT NULL,
    transfer INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    acknowledged_at TEXT,
    PRIMARY KEY (peer, seq)
);

CREATE TABLE bundles_in (
    peer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    bundle_hash TEXT NOT NULL UNIQUE,
    case_count INTEGER NOT NULL,
    audit_head TEXT,
    received_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (peer, kind, seq)
);

-- What was sent in each not-yet-acknowledged bundle, so the receipt can make it the agreed base.
CREATE TABLE sync_pending (
    peer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    case_uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (peer, seq, case_uuid)
);

-- The last version of a case that this office and a peer both hold (the merge base).
CREATE TABLE sync_base (
    peer TEXT NOT NULL,
    case_uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (peer, case_uuid)
);

CREATE TABLE merge_conflicts (
    id TEXT PRIMARY KEY,
    case_uuid TEXT NOT NULL,
    peer TEXT NOT NULL,
    path TEXT NOT NULL,               -- JSON array of keys / uuids into the case document
    local_value TEXT NOT NULL,        -- JSON
    remote_value TEXT NOT NULL,       -- JSON
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
);
CREATE INDEX merge_conflicts_open ON merge_conflicts (case_uuid) WHERE resolved_at IS NULL;
