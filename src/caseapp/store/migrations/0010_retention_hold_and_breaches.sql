-- Legal hold on a case, and the purge of a case past its retention period (services/retention.py).
CREATE TABLE legal_holds (
    case_uuid TEXT PRIMARY KEY REFERENCES cases (uuid),
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

-- A case on legal hold cannot be deleted, whatever path tries.
CREATE TRIGGER cases_no_delete_on_legal_hold BEFORE DELETE ON cases
WHEN EXISTS (SELECT 1 FROM legal_holds WHERE case_uuid = OLD.uuid)
BEGIN
    SELECT RAISE(ABORT, 'case is on legal hold');
END;

-- The case being purged, inside the purge's transaction only: its approved letters may then go with it.
CREATE TABLE case_purge_in_progress (
    case_uuid TEXT PRIMARY KEY
);

DROP TRIGGER referral_letters_no_delete_approved;
CREATE TRIGGER referral_letters_no_delete_approved BEFORE DELETE ON referral_letters
WHEN OLD.status = 'disetujui' AND NOT EXISTS (SELECT 1 FROM case_purge_in_progress WHERE case_uuid = OLD.case_uuid)
BEGIN
    SELECT RAISE(ABORT, 'approved letters cannot be deleted');
END;

-- Personal-data breach reports (UU 27/2022: notify within 3 x 24 hours of discovery); services/breaches.py.
CREATE TABLE breach_reports (
    id TEXT PRIMARY KEY,
    occurred_at TEXT,                 -- when it happened, if known
    discovered_at TEXT NOT NULL,      -- starts the 72-hour clock
    description TEXT NOT NULL,        -- what happened and how the data were exposed
    data_kinds TEXT NOT NULL,         -- which personal data
    people_count INTEGER NOT NULL,    -- how many people (estimate allowed)
    measures TEXT NOT NULL,           -- handling and recovery measures taken
    contact TEXT NOT NULL DEFAULT '',
    notified_at TEXT,                 -- when the notification went out (stops the clock)
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
