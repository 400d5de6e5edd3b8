"""Finding one person across cases (for a UU PDP access request): by NIK or by the loose name key."""

from __future__ import annotations

import sqlcipher3


def find_person(conn: sqlcipher3.Connection, *, nik: str | None = None,
                name_key: str | None = None) -> list[tuple[str, str]]:
    """(case uuid, person uuid) of every person row with this NIK or this name key, oldest case first."""
    if nik:
        where, value = "p.nik = ?", nik
    elif name_key:
        where, value = "p.name_key = ?", name_key
    else:
        return []
    rows = conn.execute(
        f"SELECT c.uuid, p.person_uuid FROM case_people p JOIN cases c ON c.rowid = p.case_rowid WHERE {where} "
        "ORDER BY c.intake_date, c.case_number", (value,)).fetchall()
    return [(r[0], r[1]) for r in rows]
