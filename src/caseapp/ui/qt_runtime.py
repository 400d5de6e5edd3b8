"""Workarounds for defects of the Qt binding in use, applied once before any widget is made.

PySide6 6.12.0 (the first release with the separate PySide6-Pdf wheel we need for the in-app
preview) drops one reference to ``None`` on every call of a C++ method that returns void, on
Python versions where ``None`` is not yet immortal (< 3.12). A long GUI session would then
abort with "Fatal Python error: none_dealloc". The same has been seen for ``True``/``False``
passing through item data. Python 3.12 made these singletons immortal (PEP 683); we do the same
here by giving each a reference count that no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL_BOOST = 1 << 40  # ~10^12 calls; an office laptop makes well under 10^9 in a year
_applied = False


def needs_none_refcount_guard(qt_version: str, python: tuple[int, int] = sys.version_info[:2]) -> bool:
    return python < (3, 12) and qt_version.startswith("6.12.")


def apply() -> bool:
    """Apply the workarounds this runtime needs; True when the None guard was applied."""
    global _applied
    if _applied:
        return True
    import PySide6

    if not needs_none_refcount_guard(PySide6.__version__):
        return False
    for singleton in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(singleton))
        refcnt.value += _IMMORTAL_BOOST
    _applied = True
    return True
