"""The bundle and office-identity code stays a pure crypto/format layer: no Qt, store, services or ui."""

from __future__ import annotations

import subprocess
import sys


def test_imports_stay_pure():
    code = ("import sys, caseapp.bundles.reader, caseapp.bundles.writer, caseapp.crypto.office_identity; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'caseapp.store', 'caseapp.services', "
            "'caseapp.ui', 'caseapp.letters'))]; print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
