-- Hand-over history: which office handed (or handed back) a case to this office.
--
-- cases.handed_over_to says to whom this office handed a case; nothing said who handed a case to this office.
-- An office that handed a case over keeps a read-only copy and may not change the case any more, even though
-- this office and it both hold the case (sync_base): the authority rules (docs/exchange.md) read this table to
-- refuse its changes. One row per case and office, written by the import that accepted the hand-over.
CREATE TABLE case_handovers_in (
    case_uuid TEXT NOT NULL,
    from_office TEXT NOT NULL,
    bundle_hash TEXT NOT NULL,         -- the last bundle by which that office handed the case to this office
    received_at TEXT NOT NULL,
    PRIMARY KEY (case_uuid, from_office)
);
