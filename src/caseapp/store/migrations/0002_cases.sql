-- Cases: the whole aggregate as a JSON document, plus the columns and side tables that lists,
-- filters, duplicate checks and full-text search need.
CREATE TABLE cases (
    uuid TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    owner_office TEXT NOT NULL,
    status TEXT NOT NULL,
    risk_level TEXT,
    intake_date TEXT NOT NULL,
    victim_initials TEXT NOT NULL DEFAULT '',
    victim_count INTEGER NOT NULL DEFAULT 0,
    child_victim INTEGER NOT NULL DEFAULT 0,
    violence_types TEXT NOT NULL DEFAULT '',
    due_at TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    handed_over_to TEXT,
    read_only INTEGER NOT NULL DEFAULT 0,
    document TEXT NOT NULL
);
CREATE INDEX cases_intake ON cases (intake_date DESC);
CREATE INDEX cases_status ON cases (status, intake_date DESC);
CREATE INDEX cases_due ON cases (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_created_by ON cases (created_by);

CREATE TABLE case_assignments (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    username TEXT NOT NULL,
    PRIMARY KEY (case_uuid, username)
);
CREATE INDEX case_assignments_user ON case_assignments (username);

CREATE TABLE case_violence (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (case_uuid, code)
);
CREATE INDEX case_violence_code ON case_violence (code);

CREATE TABLE case_people (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    person_uuid TEXT NOT NULL,
    role TEXT NOT NULL,
    name_key TEXT NOT NULL,
    nik TEXT,
    birth_date TEXT,
    PRIMARY KEY (case_uuid, person_uuid)
);
CREATE INDEX case_people_nik ON case_people (nik) WHERE nik IS NOT NULL;
CREATE INDEX case_people_birth ON case_people (birth_date, name_key);

CREATE TABLE case_sequences (
    office TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office, year)
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_uuid);

-- Contentless full-text index (the text lives only in cases.document); rowid = cases.rowid.
CREATE VIRTUAL TABLE case_search USING fts5 (
    case_number, names, niks, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
