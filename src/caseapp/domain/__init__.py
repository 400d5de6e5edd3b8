"""Plain domain objects and rules: no Qt, no SQL, no other project layer."""
