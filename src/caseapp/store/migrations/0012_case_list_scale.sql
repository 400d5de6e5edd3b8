-- Province scale (100,000 cases): the case list sorts, pages and counts through indexes instead of scanning the
-- case rows (each holds its ~4 KB document, so a scan decrypts a page per case).

-- One index per sortable list column that had none. An index on (x) is ordered by (x, rowid): exactly the list's
-- ORDER BY x, rowid, so a page is an index range (keyset paging), never a sort of every case.
CREATE INDEX cases_sort_risk ON cases (risk_level);
CREATE INDEX cases_sort_due ON cases (due_at);
CREATE INDEX cases_sort_updated ON cases (updated_at);
CREATE INDEX cases_sort_status ON cases (status);

-- An officer sees the cases they created and those assigned to them. The assignment carries the case's rowid so
-- that "assigned to X" is a range of one index (username, case_rowid): counting an officer's cases reads that
-- range instead of every case row. cases_repo (the only writer of case_assignments) writes it with the row.
ALTER TABLE case_assignments ADD COLUMN case_rowid INTEGER;
UPDATE case_assignments SET case_rowid = (SELECT c.rowid FROM cases c WHERE c.uuid = case_assignments.case_uuid);
CREATE INDEX case_assignments_visible ON case_assignments (username, case_rowid);
