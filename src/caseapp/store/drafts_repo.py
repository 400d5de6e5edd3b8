"""Autosaved case-editor drafts (table ``case_drafts``): one row per user and case, or per new case."""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class DraftRow:
    """A draft without its document, with the case's number and current version when it has a case."""

    id: str
    user_id: str
    case_uuid: str | None
    base_version: int | None
    updated_at: str
    case_number: str | None
    current_version: int | None


_COLUMNS = ("SELECT d.id, d.user_id, d.case_uuid, d.base_version, d.updated_at, c.case_number, c.version "
            "FROM case_drafts d LEFT JOIN cases c ON c.uuid = d.case_uuid ")


def get(conn: sqlcipher3.Connection, draft_id: str) -> DraftRow | None:
    row = conn.execute(_COLUMNS + "WHERE d.id = ?", (draft_id,)).fetchone()
    return DraftRow(*row) if row else None


def for_case(conn: sqlcipher3.Connection, user_id: str, case_uuid: str) -> DraftRow | None:
    row = conn.execute(_COLUMNS + "WHERE d.user_id = ? AND d.case_uuid = ?", (user_id, case_uuid)).fetchone()
    return DraftRow(*row) if row else None


def list_for_user(conn: sqlcipher3.Connection, user_id: str) -> list[DraftRow]:
    return [DraftRow(*r) for r in conn.execute(_COLUMNS + "WHERE d.user_id = ? ORDER BY d.updated_at, d.id",
                                               (user_id,))]


def document(conn: sqlcipher3.Connection, draft_id: str) -> str | None:
    row = conn.execute("SELECT document FROM case_drafts WHERE id = ?", (draft_id,)).fetchone()
    return row[0] if row else None


def put(conn: sqlcipher3.Connection, *, id: str, user_id: str, case_uuid: str | None, base_version: int | None,
        document: str, now: str) -> None:
    """Insert or replace the draft ``id`` (the caller has checked that it is this user's)."""
    conn.execute(
        "INSERT INTO case_drafts (id, user_id, case_uuid, base_version, document, updated_at) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET case_uuid = excluded.case_uuid, base_version = excluded.base_version, "
        "document = excluded.document, updated_at = excluded.updated_at",
        (id, user_id, case_uuid, base_version, document, now),
    )


def delete(conn: sqlcipher3.Connection, draft_id: str) -> None:
    conn.execute("DELETE FROM case_drafts WHERE id = ?", (draft_id,))
