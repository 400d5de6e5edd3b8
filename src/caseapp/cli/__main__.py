"""``python -m caseapp.cli``."""

import sys

from caseapp.cli import main

sys.exit(main())
