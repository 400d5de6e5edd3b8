-- Referral letters (surat rujukan): destinations directory, letters with their content as JSON,
-- the per-office yearly letter-number sequence, and tracking events.
CREATE TABLE referral_destinations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    addressee TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX referral_destinations_name ON referral_destinations (active, name);

CREATE TABLE letter_sequences (
    office TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office, year)
);

CREATE TABLE referral_letters (
    id TEXT PRIMARY KEY,
    case_uuid TEXT NOT NULL REFERENCES cases (uuid),
    destination_id TEXT NOT NULL REFERENCES referral_destinations (id),
    destination_type TEXT NOT NULL,
    destination_name TEXT NOT NULL,
    hal TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draf' CHECK (status IN ('draf', 'disetujui')),
    office TEXT,
    seq_year INTEGER,
    seq INTEGER,
    number TEXT UNIQUE,
    letter_date TEXT,
    verification_code TEXT UNIQUE,
    content TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    tracking TEXT NOT NULL DEFAULT '',
    sent_date TEXT,
    last_event_date TEXT,
    CHECK (status = 'draf' OR (number IS NOT NULL AND seq IS NOT NULL AND verification_code IS NOT NULL))
);
CREATE UNIQUE INDEX referral_letters_seq ON referral_letters (office, seq_year, seq) WHERE seq IS NOT NULL;
CREATE INDEX referral_letters_case ON referral_letters (case_uuid);
CREATE INDEX referral_letters_created ON referral_letters (created_at DESC);
CREATE INDEX referral_letters_sent ON referral_letters (tracking, sent_date) WHERE sent_date IS NOT NULL;

-- An approved letter is final: its content, number and approval stay as they were; only tracking moves.
CREATE TRIGGER referral_letters_frozen BEFORE UPDATE OF case_uuid, destination_id, destination_type,
    destination_name, hal, status, office, seq_year, seq, number, letter_date, verification_code, content,
    approved_by, approved_at ON referral_letters
WHEN OLD.status = 'disetujui'
BEGIN
    SELECT RAISE(ABORT, 'approved letters cannot be changed');
END;

CREATE TRIGGER referral_letters_no_delete_approved BEFORE DELETE ON referral_letters
WHEN OLD.status = 'disetujui'
BEGIN
    SELECT RAISE(ABORT, 'approved letters cannot be deleted');
END;

CREATE TABLE letter_events (
    id INTEGER PRIMARY KEY,
    letter_id TEXT NOT NULL REFERENCES referral_letters (id),
    event TEXT NOT NULL,
    event_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX letter_events_letter ON letter_events (letter_id, id);
