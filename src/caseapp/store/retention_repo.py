"""Legal holds, cases past retention, and the purge of one case with everything that belongs to it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class LegalHold:
    case_uuid: str
    reason: str
    set_by: str
    set_at: str


@dataclass(frozen=True)
class ClosedCase:
    uuid: str
    case_number: str
    closure_reason: str | None
    closed_at: str  # the last save of the closed case (closing is a save)
    on_hold: bool


def get_hold(conn: sqlcipher3.Connection, case_uuid: str) -> LegalHold | None:
    row = conn.execute("SELECT case_uuid, reason, set_by, set_at FROM legal_holds WHERE case_uuid = ?",
                       (case_uuid,)).fetchone()
    return LegalHold(*row) if row else None


def set_hold(conn: sqlcipher3.Connection, case_uuid: str, reason: str, set_by: str, now: str) -> None:
    conn.execute("INSERT INTO legal_holds (case_uuid, reason, set_by, set_at) VALUES (?,?,?,?) "
                 "ON CONFLICT(case_uuid) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by, "
                 "set_at = excluded.set_at", (case_uuid, reason, set_by, now))


def clear_hold(conn: sqlcipher3.Connection, case_uuid: str) -> bool:
    return conn.execute("DELETE FROM legal_holds WHERE case_uuid = ?", (case_uuid,)).rowcount > 0


def closed_cases(conn: sqlcipher3.Connection, status: str) -> list[ClosedCase]:
    rows = conn.execute(
        "SELECT c.uuid, c.case_number, json_extract(c.document, '$.closure_reason'), c.updated_at, "
        "h.case_uuid IS NOT NULL FROM cases c LEFT JOIN legal_holds h ON h.case_uuid = c.uuid "
        "WHERE c.status = ? ORDER BY c.updated_at", (status,)).fetchall()
    return [ClosedCase(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def purge_case(conn: sqlcipher3.Connection, case_uuid: str) -> None:
    """Delete the case and every row that holds its content, in the caller's transaction.

    ``secure_delete`` (on for every connection) overwrites the freed content; the caller then rewrites the search
    index (``optimize_search``) and checkpoints, so no page, index segment or WAL frame keeps it.
    """
    rowid = conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()[0]
    conn.execute("INSERT INTO case_purge_in_progress (case_uuid) VALUES (?)", (case_uuid,))
    letters = [r[0] for r in conn.execute("SELECT id FROM referral_letters WHERE case_uuid = ?", (case_uuid,))]
    conn.executemany("DELETE FROM letter_events WHERE letter_id = ?", [(i,) for i in letters])
    conn.execute("DELETE FROM referral_letters WHERE case_uuid = ?", (case_uuid,))
    for table in ("sync_base", "sync_pending", "merge_conflicts"):
        conn.execute(f"DELETE FROM {table} WHERE case_uuid = ?", (case_uuid,))
    conn.execute("DELETE FROM case_search WHERE rowid = ?", (rowid,))
    conn.execute("DELETE FROM cases WHERE uuid = ?", (case_uuid,))  # attachments, people, drafts… cascade
    # The trigger that keeps merge bases copies the document into sync rows on delete: remove those copies too.
    for table in ("sync_base", "sync_pending"):
        conn.execute(f"DELETE FROM {table} WHERE case_uuid = ?", (case_uuid,))
    conn.execute("DELETE FROM case_purge_in_progress WHERE case_uuid = ?", (case_uuid,))


def optimize_search(conn: sqlcipher3.Connection) -> None:
    """Merge the search index's segments so a deleted row's tokens are dropped, not only marked deleted."""
    conn.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")
