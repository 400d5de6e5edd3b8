"""Frozen entry point of the GUI (``caseapp``)."""

from caseapp.app import main

raise SystemExit(main())
