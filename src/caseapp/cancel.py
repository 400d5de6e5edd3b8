"""Cancel tokens for long jobs: a callable, a ``threading.Event``-like object, or anything with ``cancelled``."""

from __future__ import annotations

from typing import Any


def is_cancelled(cancel: Any) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    if hasattr(cancel, "cancelled"):
        value = cancel.cancelled
        return bool(value() if callable(value) else value)
    return bool(cancel())
