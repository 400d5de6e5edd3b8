"""Personal-data breach reports."""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class BreachRow:
    id: str
    occurred_at: str | None
    discovered_at: str
    description: str
    data_kinds: str
    people_count: int
    measures: str
    contact: str
    notified_at: str | None
    created_by: str
    created_at: str


_COLS = ("id, occurred_at, discovered_at, description, data_kinds, people_count, measures, contact, notified_at, "
         "created_by, created_at")


def insert(conn: sqlcipher3.Connection, row: BreachRow) -> None:
    conn.execute(f"INSERT INTO breach_reports ({_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", tuple(row.__dict__.values()))


def get(conn: sqlcipher3.Connection, breach_id: str) -> BreachRow | None:
    row = conn.execute(f"SELECT {_COLS} FROM breach_reports WHERE id = ?", (breach_id,)).fetchone()
    return BreachRow(*row) if row else None


def list_all(conn: sqlcipher3.Connection) -> list[BreachRow]:
    return [BreachRow(*r) for r in conn.execute(f"SELECT {_COLS} FROM breach_reports ORDER BY discovered_at DESC")]


def set_notified(conn: sqlcipher3.Connection, breach_id: str, when: str) -> None:
    conn.execute("UPDATE breach_reports SET notified_at = ? WHERE id = ?", (when, breach_id))
