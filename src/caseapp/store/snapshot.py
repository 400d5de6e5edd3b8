"""Consistent encrypted copies of the open store (SQLite online backup API) and checks of such a copy."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlcipher3

from caseapp.cancel import is_cancelled
from caseapp.store.database import FILE_MODE, DatabaseError, read_salt

PAGES_PER_STEP = 1024
BUSY_TIMEOUT = 10  # seconds a backup waits for the write lock (a save in progress) before it gives up


class CopyCancelled(Exception):
    pass


def _keyed(path: Path, key: bytes, salt: bytes | None = None) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT)
    conn.execute("PRAGMA cipher_log_level = NONE")
    # A raw key followed by the salt: the copy keeps the original file's salt, so the key file (which records
    # the salt to tell a foreign key file from a damaged database) matches the copy as it matches the original.
    raw = bytes(key).hex() + (salt.hex() if salt else "")
    conn.execute(f"PRAGMA key = \"x'{raw}'\"")
    return conn


class StoreBusy(Exception):
    """The store's write lock could not be taken (a long save in progress); nothing was copied."""


CHECKPOINT_TRIES = 50


def copy_database(source: Path, key: bytes, dest: Path, *, progress: Callable[[int, int], None] | None = None,
                  cancel=None) -> None:
    """Copy the live database at ``source`` to a new file ``dest`` as it is on disk (still encrypted with ``key``).

    Consistent although the store is open (docs/backup-format.md, "Consistent copy"): a dedicated connection
    checkpoints the WAL and then holds the store's write lock (``BEGIN IMMEDIATE``) while the main file is copied.
    With every WAL frame already in the main file and no writer able to add one, nothing can change that file: a
    writer on another connection waits (busy timeout) and commits after the copy. The pages are not decrypted
    here; ``PageVerifier`` checks them afterwards. Raises ``StoreBusy``, ``CopyCancelled`` or ``DatabaseError``.
    """
    salt = read_salt(source)
    if salt is None:
        raise DatabaseError("source has no salt")
    # Created empty and private first (O_EXCL), so the copy is never readable by other users.
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    holder = _keyed(source, key)
    checkpointer = _keyed(source, key)
    try:
        try:
            holder.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # keeps the WAL short; may be partial if busy
            for _ in range(CHECKPOINT_TRIES):
                holder.execute("BEGIN IMMEDIATE")  # the write lock: no connection can append to the WAL now
                # A PASSIVE checkpoint needs no write lock; when it reports every frame copied, the main file
                # holds the last committed state and no later checkpoint has anything to write into it.
                busy, log, done = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if busy == 0 and log == done:
                    break
                holder.execute("ROLLBACK")  # a reader still pins old frames: let it finish, then try again
                time.sleep(0.05)
            else:
                raise StoreBusy()
        except sqlcipher3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreBusy() from None
            raise
        try:
            _copy_bytes(source, dest, progress, cancel)
        finally:
            holder.execute("ROLLBACK")
    finally:
        checkpointer.close()
        holder.close()


def _copy_bytes(source: Path, dest: Path, progress, cancel) -> None:
    step = PAGES_PER_STEP * 4096
    with open(source, "rb") as src, open(dest, "r+b") as dst:
        total = os.fstat(src.fileno()).st_size
        done = 0
        while done < total:
            if is_cancelled(cancel):
                raise CopyCancelled()
            want = min(step, total - done)
            try:
                n = os.copy_file_range(src.fileno(), dst.fileno(), want, done, done)
            except (AttributeError, OSError):
                src.seek(done)
                dst.seek(done)
                n = dst.write(src.read(want))
            if n <= 0:
                raise DatabaseError("database file shorter than expected")
            done += n
            if progress:
                progress(done, total)
    # No fsync: the copy is a temporary file, removed after the backup; the backup file itself is fsynced.


class PageDamaged(Exception):
    """A page of the copied database fails its SQLCipher HMAC (a damaged store or a foreign key)."""

    def __init__(self, page: int):
        super().__init__(f"page {page} fails its HMAC")
        self.page = page


class PageVerifier:
    """Checks SQLCipher 4 page HMACs of raw database bytes, without decrypting anything.

    SQLCipher 4 defaults (the store sets none of them): 4096-byte pages; each page ends with a reserved area of
    80 bytes, a 16-byte IV then a 64-byte HMAC-SHA512 over (ciphertext + IV + page number as 4 bytes little-endian).
    The HMAC key is PBKDF2-HMAC-SHA512(encryption key, salt XOR 0x3a, 2 iterations, 32 bytes); with a raw key the
    encryption key is the raw key itself. Page 1 starts with the 16-byte salt, which is not covered. An all-zero
    page is accepted, as SQLCipher accepts it (a page allocated but never written).
    Feed the file in order, in blocks whose lengths are multiples of the page size (the last may be short).
    """

    PAGE = 4096
    TAG = 64

    def __init__(self, key: bytes, salt: bytes):
        hmac_key = hashlib.pbkdf2_hmac("sha512", bytes(key), bytes(b ^ 0x3A for b in salt), 2, 32)
        padded = hmac_key.ljust(128, b"\0")
        self._inner = hashlib.sha512(bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.sha512(bytes(b ^ 0x5C for b in padded))
        self._zero = bytes(self.PAGE)
        self._salt = bytes(salt)
        self._rest = b""
        self.pages = 0

    def feed(self, block) -> None:
        mv = memoryview(block)
        if self._rest:
            mv = memoryview(self._rest + bytes(mv))
        size, tag = self.PAGE, self.TAG
        whole = len(mv) - len(mv) % size
        self._rest = bytes(mv[whole:])
        for start in range(0, whole, size):
            self.pages += 1
            page = mv[start:start + size]
            if self.pages == 1 and page[:16] != self._salt:
                raise PageDamaged(1)
            inner = self._inner.copy()
            inner.update(page[16 if self.pages == 1 else 0:size - tag])
            inner.update(self.pages.to_bytes(4, "little"))
            outer = self._outer.copy()
            outer.update(inner.digest())
            if not hmac.compare_digest(outer.digest(), page[size - tag:]) and page != self._zero:
                raise PageDamaged(self.pages)

    def finish(self) -> int:
        """Call after the last block; returns the number of pages checked (a cut-off page or no page fails)."""
        if self._rest or not self.pages:
            raise PageDamaged(self.pages + 1)
        return self.pages


@dataclass(frozen=True)
class CopyReport:
    problems: list[str]
    db_id: str | None
    schema_version: int


def inspect(path: Path, key: bytes, *, structure: bool = True) -> CopyReport:
    """Structure check of every page in use, the office id and the schema version. Read-only.

    ``structure=False`` skips ``quick_check`` (a backup checks every page's HMAC with ``PageVerifier`` instead).

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
            problems = ([r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
                        if structure else [])
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
