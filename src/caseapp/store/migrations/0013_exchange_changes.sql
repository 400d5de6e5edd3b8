-- Province scale (100,000 cases): an export with nothing to send must not read every case.
--
-- change_seq: a stamp that grows with every change to an existing case row (cases_repo sets it to one more than
-- the largest stamp on update_case and set_owner). New rows keep 0: they show in count(*) and max(rowid), as no
-- case row is ever deleted. Adding the column rewrites no row.
ALTER TABLE cases ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_change_seq ON cases (change_seq);

-- What a default export reads without the documents: owner and flags, the case's identity and version. It covers the
-- export's first pass (which cases could need sending), so that pass reads this index instead of the case rows.
CREATE INDEX cases_exchange ON cases (owner_office, read_only, uuid, version, handed_over_to);

-- Merge bases that hold their own copy of a document (not a reference to the case as stored), per peer.
CREATE INDEX sync_base_copies ON sync_base (peer) WHERE document IS NOT NULL;

-- Per peer: the state of the store (stamps and counts, see exchange_repo.quiet_state) when a default export last
-- found nothing to send. While the store is still in that state, the next one has nothing to send either.
CREATE TABLE exchange_quiet (
    peer TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
