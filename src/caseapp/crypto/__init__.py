"""Key slots, key derivation, office identities and the recovery key."""
