"""The ``.casebackup`` container: header, the key file, the encrypted database pages, MAC and hash.

Layout (all integers big-endian; see docs/backup-format.md)::

    magic "CABACKUP" (8) | version u32 | header length u32 | header JSON
    | key file (opaque bytes) | database file (SQLCipher pages, already encrypted with the data key)
    | HMAC-SHA256 over everything before it, keyed from the data key (32)
    | SHA-256 over everything before it (32)

The trailing SHA-256 lets anyone detect damage (a flipped byte, a cut-off copy) without a password; the HMAC
proves, once the data key is known, that the file was written by someone holding that key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.atomic import atomic_file
from caseapp.cancel import is_cancelled
from caseapp.domain.errors import CaseappError, DamagedStore
from caseapp.i18n import _

MAGIC = b"CABACKUP"
VERSION = 1
FORMAT = "caseapp-backup"
SUFFIX = ".casebackup"
TRAILER = 64  # HMAC (32) + SHA-256 (32)
CHUNK = 1 << 20
MAX_HEADER = 64 * 1024

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


class BackupDamaged(DamagedStore):
    """The backup file is damaged, cut off, altered or not a caseapp backup."""

    exit_code = 19


class BackupCancelled(CaseappError):
    exit_code = 130


def damaged(detail: str = "") -> BackupDamaged:
    msg = _("Berkas cadangan rusak atau bukan cadangan caseapp; berkas ini tidak dapat dipakai untuk pemulihan.")
    return BackupDamaged(msg + (" " + detail if detail else ""))


def mac_key(data_key: bytes, backup_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=backup_id.encode("ascii"),
                info=b"caseapp-backup-mac-v1").derive(bytes(data_key))


@dataclass(frozen=True)
class BackupHeader:
    backup_id: str
    created_at: str
    app_version: str
    db_id: str
    office_code: str
    office_name: str
    schema_version: int
    keyfile_length: int
    database_length: int

    def to_bytes(self) -> bytes:
        d = {"format": FORMAT, **self.__dict__}
        return json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "BackupHeader":
        try:
            d = json.loads(raw.decode("utf-8"))
            if d.pop("format") != FORMAT:
                raise ValueError
            h = cls(**d)
            if min(h.keyfile_length, h.database_length, h.schema_version) < 0:
                raise ValueError
            return h
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
            raise damaged() from None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    header: BackupHeader
    keyfile: bytes
    database_offset: int
    mac: bytes
    size: int
    mac_ok: bool | None = None  # set when read_backup was given the MAC key
    sha256: bytes = b""  # the whole-file hash, as read and checked


def _chunks(fh, start: int, length: int) -> Iterator[bytes]:
    fh.seek(start)
    left = length
    while left > 0:
        block = fh.read(min(CHUNK, left))
        if not block:
            raise damaged()
        left -= len(block)
        yield block


@dataclass(frozen=True)
class Written:
    """The trailer of a backup as it was written: a read-back whose SHA-256 matches ``sha256`` is the same file."""

    mac: bytes
    sha256: bytes


def write_backup(path: Path, header: BackupHeader, keyfile: bytes, database: Path, key_for_mac: bytes,
                 *, progress: Progress | None = None, cancel=None,
                 check: Callable[[bytes], None] | None = None) -> Written:
    """Write the backup to a temporary name beside ``path``, fsync, rename, fsync the folder.

    Each part is read once: the hash, the MAC and ``check`` (given every database block in order; it raises to
    stop) see the same block that is written. A crash, cancel or failed check at any moment leaves no file under
    ``path`` (and never a half-written one that checks out).
    """
    path = Path(path)
    if len(keyfile) != header.keyfile_length or Path(database).stat().st_size != header.database_length:
        raise ValueError("header lengths do not match the parts")
    total = header.database_length
    with atomic_file(path) as out:
        head = header.to_bytes()
        digest = hashlib.sha256()
        mac = hmac.new(key_for_mac, digestmod=hashlib.sha256)

        def put(block: bytes) -> None:
            out.write(block)
            digest.update(block)
            mac.update(block)

        put(MAGIC + struct.pack(">II", VERSION, len(head)) + head)
        put(keyfile)
        done = 0
        # The MAC and ``check`` run on other threads while this one writes and hashes the same block (hashlib and
        # file writes release the GIL). Each block's work ends before the next block starts, so order is kept.
        with open(database, "rb") as src, ThreadPoolExecutor(max_workers=2) as pool:
            for block in _chunks(src, 0, header.database_length):
                if is_cancelled(cancel):
                    raise BackupCancelled(_("Pencadangan dibatalkan. Tidak ada berkas cadangan yang ditulis."))
                work = [pool.submit(mac.update, block)]
                if check is not None:
                    work.append(pool.submit(check, block))
                out.write(block)
                digest.update(block)
                for job in work:
                    job.result()  # re-raises what the check raised: the temporary file is then removed
                done += len(block)
                if progress:
                    progress(done, total)
        tag = mac.digest()
        out.write(tag)
        digest.update(tag)
        final = digest.digest()
        out.write(final)
    return Written(tag, final)


def read_backup(path: Path, *, progress: Progress | None = None, cancel=None,
                mac_key: bytes | None = None) -> BackupInfo:
    """Check the whole-file hash first (no password needed), then the header; nothing is decrypted.

    With ``mac_key`` the MAC is computed in the same pass (``BackupInfo.mac_ok``), as the read-back after writing does.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        fh = open(path, "rb")
    except FileNotFoundError:
        raise CaseappError(_("Berkas cadangan {name} tidak ditemukan.").format(name=path.name)) from None
    with fh:
        if size < len(MAGIC) + 8 + TRAILER:
            raise damaged()
        digest = hashlib.sha256()
        mac = hmac.new(mac_key, digestmod=hashlib.sha256) if mac_key is not None else None
        done = 0
        for block in _chunks(fh, 0, size - 32):
            if is_cancelled(cancel):
                raise BackupCancelled(_("Pemeriksaan dibatalkan."))
            digest.update(block)
            if mac is not None and done < size - TRAILER:
                mac.update(block[: size - TRAILER - done])
            done += len(block)
            if progress:
                progress(done, size)
        fh.seek(size - 32)
        final = digest.digest()
        if not hmac.compare_digest(final, fh.read(32)):
            raise damaged(_("Ada bagian berkas yang berubah atau terpotong."))
        fh.seek(0)
        start = fh.read(len(MAGIC) + 8)
        if start[:len(MAGIC)] != MAGIC:
            raise damaged()
        version, head_len = struct.unpack(">II", start[len(MAGIC):])
        if version != VERSION:
            raise BackupDamaged(_("Cadangan ini dibuat dengan format yang lebih baru. Perbarui aplikasi terlebih dahulu."))
        if head_len > MAX_HEADER:
            raise damaged()
        header = BackupHeader.from_bytes(fh.read(head_len))
        key_offset = len(MAGIC) + 8 + head_len
        db_offset = key_offset + header.keyfile_length
        if db_offset + header.database_length + TRAILER != size:
            raise damaged()
        fh.seek(key_offset)
        keyfile = fh.read(header.keyfile_length)
        fh.seek(size - TRAILER)
        tag = fh.read(32)
    mac_ok = None if mac_key is None else hmac.compare_digest(mac.digest(), tag)
    return BackupInfo(path, header, keyfile, db_offset, tag, size, mac_ok, final)


def extract_database(info: BackupInfo, out: Path, *, progress: Progress | None = None, cancel=None,
                     mac_keys: list[bytes] = ()) -> int | None:
    """Copy the database part (still encrypted) to ``out`` and fsync it.

    With ``mac_keys`` the MAC is checked in the same pass: returns the index of the key that matches, else None.
    """
    macs = [hmac.new(k, digestmod=hashlib.sha256) for k in mac_keys]
    done = 0
    with open(info.path, "rb") as src, open(out, "wb") as dst:
        if macs:
            for block in _chunks(src, 0, info.database_offset):
                for m in macs:
                    m.update(block)
        for block in _chunks(src, info.database_offset, info.header.database_length):
            if is_cancelled(cancel):
                raise BackupCancelled(_("Pemulihan dibatalkan. Folder data tidak diubah."))
            dst.write(block)
            for m in macs:
                m.update(block)
            done += len(block)
            if progress:
                progress(done, info.header.database_length)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(out, 0o600)
    return next((i for i, m in enumerate(macs) if hmac.compare_digest(m.digest(), info.mac)), None)
