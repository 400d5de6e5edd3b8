-- Autosaved, not yet saved case-editor state ("draft"), one row per user and case (or per new case).
-- The document is the editor's state as case JSON (case_to_json), unvalidated; it lives only here, inside the
-- encrypted store, and is never exported, logged or written to a temporary file.
CREATE TABLE case_drafts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    case_uuid TEXT REFERENCES cases (uuid) ON DELETE CASCADE,   -- NULL: a new case, never saved
    base_version INTEGER,             -- the case version the editor opened; NULL for a new case
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX case_drafts_user_case ON case_drafts (user_id, case_uuid) WHERE case_uuid IS NOT NULL;
CREATE INDEX case_drafts_user ON case_drafts (user_id, updated_at);

-- A removed account's drafts can never be restored by anyone: drop them with the account.
CREATE TRIGGER case_drafts_user_removed AFTER UPDATE OF removed ON users WHEN NEW.removed = 1
BEGIN
    DELETE FROM case_drafts WHERE user_id = NEW.id;
END;
