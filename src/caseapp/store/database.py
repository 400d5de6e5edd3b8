"""Opening the SQLCipher database with a raw 256-bit key, pragmas, and forward-only migrations."""

from __future__ import annotations

import contextlib
import os
import threading
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

import sqlcipher3

from caseapp.domain.errors import DamagedStore, ForeignKeySlots
from caseapp.i18n import _

DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError
SALT_BYTES = 16
FILE_MODE = 0o600  # database, -wal, -shm: readable by the office's user only (POSIX)
SIDE_FILES = ("-wal", "-shm", "-journal")


def restrict_file_modes(path: Path) -> None:
    """Make the database and its WAL/shared-memory files readable and writable by their owner only.

    SQLite creates -wal/-shm with the database file's permissions, so creating the database with
    0600 is what matters; this also tightens files left by an older version. No-op on Windows,
    where the data folder's ACL (the user's profile) is what protects them.
    """
    if os.name == "nt":
        return
    for candidate in [Path(path)] + [Path(str(path) + suffix) for suffix in SIDE_FILES]:
        try:
            if candidate.stat().st_mode & 0o777 != FILE_MODE:
                os.chmod(candidate, FILE_MODE)
        except FileNotFoundError:
            continue
        except PermissionError:  # not the owner (e.g. a read-only copy): leave it, opening still works
            continue


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def read_salt(path: Path) -> bytes | None:
    """SQLCipher keeps a random 16-byte salt in the clear at the start of the file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SALT_BYTES)
    except FileNotFoundError:
        return None
    return head if len(head) == SALT_BYTES else None


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every shipped migration, in order."""
    found = []
    for entry in resources.files("caseapp.store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..N: {numbers}")
    return found


class ReadConnection:
    """A second, read-only connection to the store, for reads made off the GUI thread (``Database.reader``).

    Its own SQLite connection: a worker using it never waits on, nor makes wait, the main connection's mutex or
    transaction. One user at a time (``use``); ``close`` waits for that user, so closing the store never pulls the
    connection from under a read, and a read after ``close`` raises ``DatabaseError``.
    """

    def __init__(self, conn: sqlcipher3.Connection):
        self._conn: sqlcipher3.Connection | None = conn
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def use(self) -> Iterator[sqlcipher3.Connection]:
        with self._lock:
            if self._conn is None:
                raise DatabaseError("the read connection is closed")
            yield self._conn

    @property
    def closed(self) -> bool:
        return self._conn is None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class Database:
    """One open connection to the encrypted store. All SQL in the project goes through ``store``."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._write_lock = threading.RLock()
        self._readers: list[ReadConnection] = []
        self._closing = False
        # Called (under the write lock) after every successful COMMIT, e.g. to seal the audit log's tail.
        self.after_commit: Callable[[], None] | None = None

    @classmethod
    def create(cls, path: Path, key: bytes) -> "Database":
        if Path(path).exists():
            raise FileExistsError(path)
        # An empty file is a valid new SQLite database; creating it ourselves sets its mode (and so,
        # through SQLite, the mode of its -wal and -shm files) before any byte is written.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        os.close(os.open(path, flags, FILE_MODE))
        restrict_file_modes(path)
        db = cls._connect(path, key)
        db.migrate()
        return db

    @classmethod
    def open(cls, path: Path, key: bytes, *, before_migrate=None) -> "Database":
        """Open an existing store; a wrong key or damaged file raises a clear error and writes nothing.

        ``before_migrate(db, version)`` is called when the store's schema is older than this version's, before
        anything is migrated (the services take a backup there); if it raises, the store is closed unchanged.
        """
        restrict_file_modes(path)
        db = cls._connect(path, key)
        try:
            db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            db.conn.close()
            if "not a database" in str(exc):
                raise ForeignKeySlots(_("Kunci tidak membuka basis data ini.")) from None
            raise DamagedStore(
                _("Basis data rusak atau terpotong. Jangan menulis apa pun; pulihkan dari cadangan terakhir.")
            ) from None
        if before_migrate is not None:
            current = db.conn.execute("PRAGMA user_version").fetchone()[0]
            if 0 < current < len(migrations()):
                try:
                    before_migrate(db, current)
                except BaseException:
                    db.conn.close()
                    raise
        try:
            db.migrate()
        except DatabaseError:
            db.conn.close()
            raise DamagedStore(
                _("Basis data rusak atau terpotong. Jangan menulis apa pun; pulihkan dari cadangan terakhir.")
            ) from None
        return db

    @classmethod
    def _connect(cls, path: Path, key: bytes) -> "Database":
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        # SQLCipher must never write diagnostics (which can include page numbers of our data) to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        # cipher_memory_security (mlock/wipe of every SQLite allocation) is left at SQLCipher's default (off
        # since 4.5): it made searches 2-3x and inserts 2.6x slower. SQLCipher still wipes its own key material;
        # swap and hibernation files are covered by the OS disk encryption we ask offices to enable.
        conn.execute("PRAGMA temp_store = MEMORY")
        db = cls(conn, Path(path))
        return db

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")  # a committed write survives a power cut, not only a crash
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA secure_delete = ON")
        c.execute("PRAGMA cache_size = -32000")

    def migrate(self) -> int:
        """Apply every migration above ``user_version``, one transaction each; forward only."""
        self._configure()
        current = self.conn.execute("PRAGMA user_version").fetchone()[0]
        all_migrations = migrations()
        if current > len(all_migrations):
            raise DamagedStore(
                _("Basis data ini dibuat oleh versi caseapp yang lebih baru. Perbarui aplikasi terlebih dahulu.")
            )
        for number, _name, sql in all_migrations:
            if number <= current:
                continue
            with self.transaction() as c:
                for statement in _split_sql(sql):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {number}")
        return len(all_migrations)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        with self._write_lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
                if self.after_commit is not None:
                    self.after_commit()

    def reader(self, key: bytes, *, cache_kib: int = 8000) -> ReadConnection:
        """A read-only connection of its own to this store (``key``: the data key it was opened with), closed
        with the store at the latest. WAL mode lets it read while the main connection writes; it sees each commit
        from its next statement on."""
        db = self._connect(self.path, key)
        try:
            db.conn.execute("PRAGMA query_only = ON")
            db.conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a wrong key fails here, not later
        except DatabaseError:
            db.conn.close()
            raise
        reader = ReadConnection(db.conn)
        self._readers = [r for r in self._readers if not r.closed] + [reader]
        if self._closing:  # the store began to close while this one opened (on another thread)
            reader.close()
            raise DatabaseError("the store is closed")
        return reader

    def rekey(self, new_key: bytes) -> None:
        for reader in self._readers:  # they hold the old key; their owners open new ones with the new key
            reader.close()
        with self._write_lock:
            self.conn.execute(_key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey"))
            self.checkpoint()

    def checkpoint(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_problems(self) -> list[str]:
        """Empty when both SQLCipher's page HMACs and SQLite's structure check pass."""
        problems = [r[0] for r in self.conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        return problems + [r for r in rows if r != "ok"]

    def close(self) -> None:
        self._closing = True
        for reader in self._readers:  # first: an open reader would keep the checkpoint below waiting
            reader.close()
        self._readers = []
        try:
            self.checkpoint()
        except DatabaseError:
            pass
        self.conn.close()


def _split_sql(script: str) -> list[str]:
    """Split a migration on ';' at line ends, keeping trigger bodies (BEGIN … END;) whole."""
    statements, buf, depth = [], [], 0
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        upper = stripped.upper()
        if upper.endswith("BEGIN"):
            depth += 1
        if upper.startswith("END") and upper.rstrip(";").strip() == "END":
            depth -= 1
        if stripped.endswith(";") and depth == 0:
            statements.append("\n".join(buf))
            buf = []
    if buf:
        statements.append("\n".join(buf))
    return statements
