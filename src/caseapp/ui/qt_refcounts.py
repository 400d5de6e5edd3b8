"""Guard against a reference-count bug in PySide6 6.12.0 on Python 3.11.

In PySide6 6.12.0 every ``Signal.emit`` called from Python drops one reference to ``True`` that it never took
(reproduced: 1,000 emits of a ``Signal(int)`` in a bare ``QCoreApplication`` abort Python 3.11 with "bool_dealloc:
deallocating True or False"); a long scroll through the case list also ended in "deallocating None" at exit. A
desktop session emits progress, count and data-change signals all day, so an officer's window could vanish in
the middle of their work.

From Python 3.12 on, ``None``, ``True`` and ``False`` are immortal (PEP 683): a stray decrement does nothing. On
Python 3.11 this module gives them the same property by adding 2**40 to their reference counts once, before any
Qt object exists: at one stray decrement per emit, that is more signals than a computer can emit in a lifetime.
The count is only ever raised, so nothing else in the interpreter can notice. PySide6-Pdf 6.12 requires exactly
PySide6-Essentials 6.12.0, so pinning an older Qt is not an option while the PDF preview is kept
(``docs/architecture.md``, "Qt version").
"""

from __future__ import annotations

import sys

_MARGIN = 1 << 40
_done = False


def make_singletons_immortal() -> None:
    """Raise the reference counts of None, True and False far out of reach (Python < 3.12 only; once)."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        _done = True
        return
    import ctypes

    for obj in (None, True, False):
        # CPython 3.11: ob_refcnt (a Py_ssize_t) is the first field of every object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN
    _done = True
