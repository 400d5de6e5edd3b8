"""caseapp: case handling for UPTD PPA offices (women and child protection units)."""

__version__ = "0.1.0"
