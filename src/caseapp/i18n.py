"""User-facing text: Bahasa Indonesia source strings with an English catalogue, and Indonesian dates.

Every string an officer can see is written in Bahasa Indonesia and wrapped in ``_()``.
``resources/i18n/en/*.json`` (one file per layer, merged) map each such string to English. No Qt here, so the
services and the CLI speak the same language as the GUI.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache

from caseapp.resources import resource_path

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
_current = "id"

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> dict[str, str]:
    if lang == "id":
        return {}
    merged: dict[str, str] = {}
    folder = resource_path("i18n", lang)
    for path in sorted(folder.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def _(text: str) -> str:
    """Translate an Indonesian source string into the current language."""
    if _current == "id":
        return text
    return _catalogue(_current).get(text, text)


def format_date(value: _dt.date | None, *, long: bool = True) -> str:
    """'22 Januari 2024' (or '22/01/2024' when not long); English when English is chosen."""
    if value is None:
        return ""
    if not long:
        return value.strftime("%d/%m/%Y")
    months = MONTHS_EN if _current == "en" else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_datetime(value: _dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_date(value.date())} {value:%H.%M}" if _current == "id" else f"{format_date(value.date())} {value:%H:%M}"
