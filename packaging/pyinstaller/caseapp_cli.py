"""Frozen entry point of the command line (``caseapp-cli``)."""

import sys

from caseapp.cli import main

sys.exit(main())
