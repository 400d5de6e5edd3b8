"""``python -m caseapp`` starts the GUI."""

from caseapp.app import main

raise SystemExit(main())
