"""The None reference-count guard keeps a long GUI session alive on PySide6 6.12 with Python < 3.12."""

import subprocess
import sys
import textwrap

import pytest

from caseapp.ui.qt_runtime import needs_none_refcount_guard

SCRIPT = textwrap.dedent("""
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from caseapp.ui import qt_runtime
    from PySide6.QtWidgets import QApplication, QLabel
    qt_runtime.apply()
    app = QApplication([])
    label = QLabel()
    for _ in range(200_000):   # more void calls than None has references at start-up
        label.setText("x")
    print("alive")
""")


def test_guard_applies_only_where_needed():
    assert needs_none_refcount_guard("6.12.0", (3, 11))
    assert not needs_none_refcount_guard("6.12.0", (3, 12))
    assert not needs_none_refcount_guard("6.11.3", (3, 11))


def test_many_void_qt_calls_do_not_abort_the_process():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert "alive" in result.stdout
