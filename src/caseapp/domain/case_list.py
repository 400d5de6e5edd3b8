"""What the case list shows and filters by: a summary row (initials only) and the filter."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list. Victims appear as initials, never full names."""

    uuid: str
    case_number: str
    intake_date: dt.date
    status: str
    risk_level: str | None
    victim_initials: str
    victim_count: int
    child_victim: bool
    violence_types: tuple[str, ...]
    due_at: dt.datetime | None
    updated_at: str
    read_only: bool
    # Where the row stands in the order it was listed in (opaque: sort key, sort value, store position), so the
    # next page can start right after it. Not part of what the row shows.
    position: tuple = field(default=(), compare=False, repr=False)

    def overdue(self, now: dt.datetime) -> bool:
        return self.due_at is not None and self.status != "selesai" and self.due_at < now


SORT_KEYS = ("intake_date", "case_number", "status", "risk_level", "due_at", "updated_at")


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""
    statuses: tuple[str, ...] = ()
    violence_type: str | None = None
    officer: str | None = None          # username: created by or assigned to
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    risk_level: str | None = None
    mine: bool = False                  # "Kasus saya": created by or assigned to the current user
    overdue: bool = False               # "Terlambat": a deadline has passed on an open case
    sort: str = "intake_date"
    descending: bool = True
    extra: dict = field(default_factory=dict)


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what an officer types into a safe FTS5 query: every word as a quoted prefix, all required."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:12])


# ASCII characters that are neither letters nor white space (str.translate deletes them).
_ASCII_NOISE = {i: None for i in range(128) if not (chr(i).isalpha() or chr(i).isspace())}


def name_key(name: str) -> str:
    """A loose comparison key for names: lower case, letters only, single spaces."""
    name = name or ""
    if isinstance(name, str) and name.isascii():  # most names: NFKD leaves ASCII as it is; same key, faster
        if not name.replace(" ", "").isalpha():  # not only letters and spaces
            name = name.translate(_ASCII_NOISE)
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch for ch in decomposed if ch.isalpha() or ch.isspace())
    return " ".join(letters.lower().split())
