"""Shared fixtures: Qt runs offscreen, a fresh data directory per test, cheap KDF parameters for tests only."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest  # noqa: E402

try:  # pytest-qt loads PySide6 anyway; guard its None reference leak before any widget exists
    from caseapp.ui import qt_runtime

    qt_runtime.apply()
except ImportError:  # a test run without the GUI packages
    pass

from caseapp.crypto.kdf import KdfPolicy  # noqa: E402
from caseapp.datadir import DataDir  # noqa: E402


@pytest.fixture
def kdf_policy() -> KdfPolicy:
    """Fast, insecure Argon2id parameters; passed explicitly, product defaults stay untouched."""
    return KdfPolicy.insecure_for_tests()


@pytest.fixture
def data_dir(tmp_path) -> DataDir:
    """An empty, not yet initialised office data directory."""
    return DataDir(tmp_path / "office-data")


@pytest.fixture(autouse=True)
def _indonesian_ui():
    """Every test starts (and ends) in Bahasa Indonesia, whatever an earlier test switched to."""
    from caseapp.i18n import set_language

    set_language("id")
    yield
    set_language("id")
