"""The time as services see it: one place to read it, so tests can move it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Callable

_now: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone()  # noqa: E731
_monotonic: Callable[[], float] = time.time


def now() -> dt.datetime:
    return _now()


def timestamp() -> str:
    """ISO 8601 with the local UTC offset, to the second, as stored in the database."""
    return now().isoformat(timespec="seconds")


def wall_seconds() -> float:
    return _monotonic()


def set_for_tests(now_fn: Callable[[], dt.datetime] | None = None, seconds_fn: Callable[[], float] | None = None) -> None:
    global _now, _monotonic
    _now = now_fn or (lambda: dt.datetime.now().astimezone())
    _monotonic = seconds_fn or time.time
