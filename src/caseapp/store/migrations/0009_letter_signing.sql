-- Referral letters a kepala UPTD signs without edits (issue 11):
-- pangkat/golongan and signing authority on accounts, the destination's city for the "di ..." line.
ALTER TABLE users ADD COLUMN rank TEXT NOT NULL DEFAULT '';
-- '' signs in the own position (the head); 'an' signs for the head (a.n.), 'plt' / 'plh' acts as the head
ALTER TABLE users ADD COLUMN signs_as TEXT NOT NULL DEFAULT '' CHECK (signs_as IN ('', 'an', 'plt', 'plh'));
ALTER TABLE referral_destinations ADD COLUMN city TEXT NOT NULL DEFAULT '';
