"""Preferences needed before unlock (interface language, last user name); never case data."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from caseapp.atomic import atomic_write_bytes
from caseapp.datadir import DataDir
from caseapp.i18n import LANGUAGES


@dataclass
class Preferences:
    language: str = "id"
    last_user: str = ""
    office_name: str = ""  # public letterhead data, shown on the unlock window before the store is open
    office_code: str = ""


def load_preferences(data_dir: DataDir) -> Preferences:
    try:
        raw = json.loads(data_dir.preferences.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return Preferences()
    prefs = Preferences()
    if raw.get("language") in LANGUAGES:
        prefs.language = raw["language"]
    if isinstance(raw.get("last_user"), str):
        prefs.last_user = raw["last_user"][:64]
    if isinstance(raw.get("office_name"), str):
        prefs.office_name = raw["office_name"][:200]
    if isinstance(raw.get("office_code"), str) and len(raw["office_code"]) <= 16:
        prefs.office_code = raw["office_code"]
    return prefs


def save_preferences(data_dir: DataDir, prefs: Preferences) -> None:
    data_dir.ensure()
    atomic_write_bytes(data_dir.preferences, json.dumps(asdict(prefs)).encode("utf-8"))
