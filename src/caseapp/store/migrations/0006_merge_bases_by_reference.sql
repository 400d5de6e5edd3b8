-- Merge bases by reference instead of by copy.
--
-- A sync_base or sync_pending row whose document is NULL stands for the case's own stored document: what this
-- office and the peer share is exactly the case as it is stored now (its version is the row's version). Most
-- bases are like that (every case sent unchanged, every case imported as received), so an exchange no longer
-- writes a second copy of every case it sends or receives.
--
-- The copy is made only when it is needed: before a case's document or version changes (or the case row goes),
-- the triggers below copy the old document into every row that refers to it. A base therefore never changes
-- and is never lost, whichever code path edits the case. Readers apply merge.comparable() to a base, so a copied
-- document (which still holds the office-local keys) reads the same as the shared document stored before.

CREATE TABLE sync_pending_v2 (
    peer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    case_uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT,                    -- NULL: the case's stored document (see above)
    PRIMARY KEY (peer, seq, case_uuid)
);
INSERT INTO sync_pending_v2 (peer, seq, case_uuid, version, document)
    SELECT peer, seq, case_uuid, version, document FROM sync_pending;
DROP TABLE sync_pending;
ALTER TABLE sync_pending_v2 RENAME TO sync_pending;

CREATE TABLE sync_base_v2 (
    peer TEXT NOT NULL,
    case_uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT,                    -- NULL: the case's stored document (see above)
    PRIMARY KEY (peer, case_uuid)
);
INSERT INTO sync_base_v2 (peer, case_uuid, version, document)
    SELECT peer, case_uuid, version, document FROM sync_base;
DROP TABLE sync_base;
ALTER TABLE sync_base_v2 RENAME TO sync_base;

CREATE INDEX sync_base_by_reference ON sync_base (case_uuid) WHERE document IS NULL;
CREATE INDEX sync_pending_by_reference ON sync_pending (case_uuid) WHERE document IS NULL;

CREATE TRIGGER cases_keep_merge_bases BEFORE UPDATE OF document, version ON cases
BEGIN
    UPDATE sync_base SET document = OLD.document WHERE case_uuid = OLD.uuid AND document IS NULL;
    UPDATE sync_pending SET document = OLD.document WHERE case_uuid = OLD.uuid AND document IS NULL;
END;

CREATE TRIGGER cases_keep_merge_bases_on_delete BEFORE DELETE ON cases
BEGIN
    UPDATE sync_base SET document = OLD.document WHERE case_uuid = OLD.uuid AND document IS NULL;
    UPDATE sync_pending SET document = OLD.document WHERE case_uuid = OLD.uuid AND document IS NULL;
END;
