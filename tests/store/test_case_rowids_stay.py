"""Rows of other tables point at a case by its rowid (``case_search``, ``case_assignments.case_rowid`` and, since
issue 16, the people, violence codes and report rows). ``cases`` has no INTEGER PRIMARY KEY, and SQLite's
``VACUUM`` (and ``VACUUM INTO``) may renumber the rowids of such a table: every one of those references would then
point at another case. Backups copy pages (the online backup API) and keep rowids; nothing may vacuum the store."""

from __future__ import annotations

import re
from pathlib import Path

import caseapp

SRC = Path(caseapp.__file__).parent


def test_nothing_in_the_program_vacuums_the_store():
    offenders = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".sql"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("--")[0] if path.suffix == ".sql" else line.split("#")[0]
            if re.search(r"\bVACUUM\b", code, re.IGNORECASE) and "auto_vacuum" not in code.lower():
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "VACUUM may renumber the rowids other rows point at:\n" + "\n".join(offenders)
