"""Consistent encrypted copies of the open store (SQLite online backup API) and checks of such a copy."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlcipher3

from caseapp.cancel import is_cancelled
from caseapp.store.database import FILE_MODE, DatabaseError, read_salt

PAGES_PER_STEP = 1024


class CopyCancelled(Exception):
    pass


def _keyed(path: Path, key: bytes, salt: bytes | None = None) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA cipher_log_level = NONE")
    # A raw key followed by the salt: the copy keeps the original file's salt, so the key file (which records
    # the salt to tell a foreign key file from a damaged database) matches the copy as it matches the original.
    raw = bytes(key).hex() + (salt.hex() if salt else "")
    conn.execute(f"PRAGMA key = \"x'{raw}'\"")
    return conn


def copy_database(source: Path, key: bytes, dest: Path, *, progress: Callable[[int, int], None] | None = None,
                  cancel=None) -> None:
    """Copy the live database at ``source`` to a new file ``dest`` page by page, still encrypted with ``key``.

    Uses its own read connection; other connections may keep writing (SQLite restarts the copy if they do).
    Raises ``DatabaseError`` when a source page does not decrypt (a damaged store) and ``CopyCancelled``.
    """
    salt = read_salt(source)
    if salt is None:
        raise DatabaseError("source has no salt")
    # Created empty and private first (O_EXCL), so the copy and its journal are never readable by other users.
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    src = _keyed(source, key)
    try:
        dst = _keyed(dest, key, salt)
        try:
            def step(_status, remaining, total):
                if is_cancelled(cancel):
                    raise CopyCancelled()
                if progress:
                    progress(total - remaining, total)

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()
    with open(dest, "rb+") as fh:
        os.fsync(fh.fileno())


@dataclass(frozen=True)
class CopyReport:
    problems: list[str]
    db_id: str | None
    schema_version: int


def inspect(path: Path, key: bytes) -> CopyReport:
    """Structure check of every page in use, the office id and the schema version. Read-only.

    ``quick_check`` reads every b-tree page (tables and indexes) and checks each page, cell and record; SQLCipher
    verifies each page's HMAC as it is read, so a damaged page fails here as well. ``cipher_integrity_check`` (which
    also reads free pages) and ``integrity_check`` (which also cross-checks every index against its table) were
    dropped from this path: on a 100,000-case store they took longer than the copy itself.
    """
    conn = _keyed(path, key)
    try:
        try:
            conn.execute("PRAGMA query_only = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
            row = conn.execute("SELECT db_id FROM office WHERE id = 1").fetchone() if not problems else None
        except DatabaseError as exc:
            return CopyReport([type(exc).__name__], None, -1)
        return CopyReport(problems, row[0] if row else None, version)
    finally:
        conn.close()


def jump_out_sequences(conn: sqlcipher3.Connection, margin: int, now: str, actor: str, note: str) -> list[tuple[str, int]]:
    """After a restore: for every partner this office has sent to, reserve ``margin`` sequence numbers.

    A placeholder row (acknowledged, zero cases) at ``last + margin`` makes the next export use a number above any
    the lost installation can have sent after the backup. Returns (partner, new last number).
    """
    rows = conn.execute("SELECT peer, max(seq) FROM bundles_out GROUP BY peer").fetchall()
    out = []
    for peer, last in rows:
        seq = int(last) + margin
        conn.execute(
            "INSERT INTO bundles_out (peer, seq, bundle_hash, file_name, case_count, scope, transfer, created_at, "
            "created_by, acknowledged_at) VALUES (?,?,?,?,0,'full',0,?,?,?)",
            (peer, seq, "0" * 64, note, now, actor, now),
        )
        out.append((peer, seq))
    return out


def latest_action_time(conn: sqlcipher3.Connection, action: str) -> str | None:
    row = conn.execute("SELECT ts FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1", (action,)).fetchone()
    return row[0] if row else None
