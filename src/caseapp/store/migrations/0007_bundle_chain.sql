-- The previous-bundle hash each received bundle named (its `prev`), so that a bundle filling a gap later is checked
-- against the bundle after it as well as the one before (a mismatch is a fork). NULL for bundles received before.
ALTER TABLE bundles_in ADD COLUMN previous_hash TEXT;
