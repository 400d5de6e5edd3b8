"""Use cases called by the GUI and the CLI; long jobs take a progress callback and a cancel token."""
