"""Backup and restore of a whole office store (cases, attachments, letters, exchange state, audit log, settings,
key slots) as one ``.casebackup`` file; see docs/backup-format.md.

A backup is made from a consistent raw copy of the encrypted database file (taken under the store's write lock
after a WAL checkpoint), every page's SQLCipher HMAC and the office id are checked, and nothing reaches the chosen
folder unless all pages check; the file is written there atomically and read back. A restore goes only into a data folder that holds no office, and moves the outgoing exchange sequence
numbers forward so partners neither refuse the next bundle nor see a number reused.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from caseapp import __version__
from caseapp.atomic import atomic_write_bytes, fsync_dir
from caseapp.cancel import is_cancelled
from caseapp.crypto.keyslots import KeySlotFile
from caseapp.crypto.recovery_key import parse_recovery_key
from caseapp.datadir import DataDir
from caseapp.domain.accounts import Office, Permission, Role
from caseapp.domain.errors import (
    AlreadyInitialized, CaseappError, DamagedStore, ForeignKeySlots, MediaWriteFailed, PermissionDenied,
    ValidationError, WrongPassword,
)
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import accounts_repo, audit_log, backup_file, snapshot
from caseapp.store.backup_file import SUFFIX, BackupCancelled, BackupDamaged, BackupHeader, BackupInfo
from caseapp.store.database import Database, DatabaseError, read_salt
from caseapp.store.lockfile import DataDirLock

Progress = Callable[[int, int, str], None]  # (done, total, label), total is PROGRESS_TOTAL
PROGRESS_TOTAL = 1000
SEQUENCE_MARGIN = 100  # outgoing bundle numbers skipped per partner after a restore (docs/backup-format.md)
DEFAULT_REMINDER_DAYS = 7
REMINDER_KEY = "backup_reminder_days"
ACTION_CREATED = "backup_created"
ACTION_RESTORED = "backup_restored"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    header: BackupHeader


@dataclass(frozen=True)
class VerifyReport:
    header: BackupHeader
    size: int
    opened: bool  # True when a key was given and the MAC, page HMACs and structure were checked too


@dataclass(frozen=True)
class RestoreResult:
    office: Office
    header: BackupHeader
    sequences: list[tuple[str, int]]  # (partner office code, new last outgoing number)


class _Stages:
    """Maps the byte progress of each stage onto one 0…PROGRESS_TOTAL bar."""

    def __init__(self, progress: Progress | None, weights: dict[str, tuple[int, int, str]]):
        self.progress, self.weights = progress, weights

    def __call__(self, stage: str) -> Callable[[int, int], None]:
        start, end, label = self.weights[stage]

        def report(done: int, total: int) -> None:
            if self.progress:
                frac = done / total if total else 1.0
                self.progress(start + int((end - start) * frac), PROGRESS_TOTAL, label)
        report(0, 1)
        return report


def _cancelled_backup() -> BackupCancelled:
    return BackupCancelled(_("Pencadangan dibatalkan. Tidak ada berkas cadangan yang ditulis."))


def _damaged_store() -> DamagedStore:
    return DamagedStore(_("Basis data kantor rusak (ada halaman yang tidak dapat dibaca). Cadangan tidak dibuat "
                          "agar cadangan lama yang baik tidak tertimpa; hubungi pengelola TI."))


def backup_file_name(office_code: str, when: dt.datetime) -> str:
    return f"caseapp-{office_code.replace('.', '')}-{when.strftime('%Y%m%d-%H%M%S')}{SUFFIX}"


def _temp_beside(folder: Path, stem: str) -> Path:
    return folder / f".{stem}-{uuid.uuid4().hex[:12]}.tmp"


def _remove(*paths: Path) -> None:
    for p in paths:
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(str(p) + extra).unlink(missing_ok=True)


# --- create ---------------------------------------------------------------------------------------------------

def create_backup(session: Session, out_dir: Path, *, progress: Progress | None = None, cancel=None) -> BackupResult:
    """Back up the open store into ``out_dir`` as a new file; never replaces an existing file."""
    session.require(Permission.MANAGE_OFFICE)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ValidationError(_("Folder tujuan {folder} tidak ada. Pilih folder lain atau pasang flashdisk.").format(
            folder=out_dir), field="out")
    result = _write_backup(session.data_dir, bytes(session.data_key), session.office, out_dir,
                           progress=progress, cancel=cancel)
    with session.db.transaction() as c:
        accounts_repo.set_setting(c, "last_backup_at", result.header.created_at)
        session.audit(ACTION_CREATED, "backup", result.header.backup_id, conn=c)
    if progress:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL, _("Selesai."))
    return result


def backups_folder(data_dir: DataDir) -> Path:
    """Where the automatic backup before a schema upgrade goes: ``backups/`` in the data folder."""
    return data_dir.root / "backups"


def backup_before_migration(data_dir: DataDir, key: bytes, db: Database, version: int) -> Path | None:
    """Called while opening a store of an earlier schema, before it is migrated (``Database.open``).

    Returns the backup written, or None when the store is not this key file's (opening then refuses it).
    """
    try:
        office = accounts_repo.get_office(db.conn)
        keyfile = KeySlotFile.load(data_dir.keyslots)
    except Exception:  # noqa: BLE001 - not this office's store or an unreadable key file: the caller refuses it
        return None
    if office.db_id != keyfile.db_id:
        return None
    folder = backups_folder(data_dir)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        return _write_backup(data_dir, key, office, folder, suffix=f"-skema{version}").path
    except CaseappError as exc:
        raise MediaWriteFailed(_("Basis data perlu diperbarui ke versi aplikasi ini, tetapi cadangan sebelum "
                                 "pembaruan tidak dapat dibuat, jadi basis data tidak diubah. {reason}").format(
            reason=exc.message)) from None
    except OSError:
        raise MediaWriteFailed(_("Basis data perlu diperbarui ke versi aplikasi ini, tetapi cadangan sebelum "
                                 "pembaruan tidak dapat ditulis ke {folder} (disk penuh?), jadi basis data tidak "
                                 "diubah.").format(folder=folder)) from None


def _write_backup(data_dir: DataDir, key: bytes, office: Office, out_dir: Path, *, suffix: str = "",
                  progress: Progress | None = None, cancel=None) -> BackupResult:
    stages = _Stages(progress, {
        "copy": (0, 450, _("Menyalin basis data…")),
        "check": (450, 550, _("Memeriksa salinan…")),
        "write": (550, 850, _("Menulis berkas cadangan…")),
        "verify": (850, 1000, _("Membaca ulang dan memeriksa cadangan…")),
    })
    keyfile_bytes = data_dir.keyslots.read_bytes()  # copied as an opaque blob
    keyfile = KeySlotFile.from_bytes(keyfile_bytes)
    salt = read_salt(data_dir.database)
    if keyfile.db_id != office.db_id or salt is None or not hmac.compare_digest(salt, keyfile.db_salt):
        raise ForeignKeySlots(_("Berkas kunci di folder data tidak cocok dengan basis data yang terbuka. Cadangan "
                                "tidak dibuat; hubungi pengelola TI."))
    # The store is locked by this process, so a copy left here is from a backup that was killed: remove it.
    for stale in data_dir.root.glob(".backup-copy-*"):
        stale.unlink(missing_ok=True)
    tmp_db = _temp_beside(data_dir.root, "backup-copy")
    try:
        try:
            snapshot.copy_database(data_dir.database, key, tmp_db, progress=stages("copy"), cancel=cancel)
        except snapshot.CopyCancelled:
            raise _cancelled_backup() from None
        except snapshot.StoreBusy:
            raise MediaWriteFailed(_("Basis data sedang sibuk menyimpan perubahan sehingga cadangan belum dapat "
                                     "dibuat. Tunggu sebentar, lalu ulangi.")) from None
        except DatabaseError:
            raise _damaged_store() from None
        stages("check")
        report = snapshot.inspect(tmp_db, key, structure=False)  # every page's HMAC is checked while writing
        if report.problems:
            raise _damaged_store()
        if report.db_id != office.db_id:
            raise ForeignKeySlots(_("Basis data ini milik kantor lain. Cadangan tidak dibuat."))
        name = backup_file_name(office.code, clock.now()).replace(SUFFIX, suffix + SUFFIX)
        out = out_dir / name
        n = 1
        while out.exists():
            n += 1
            out = out_dir / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        header = BackupHeader(
            backup_id=str(uuid.uuid4()), created_at=clock.timestamp(), app_version=__version__,
            db_id=office.db_id, office_code=office.code, office_name=office.name,
            schema_version=report.schema_version, keyfile_length=len(keyfile_bytes),
            database_length=tmp_db.stat().st_size,
        )
        mac_key = backup_file.mac_key(key, header.backup_id)
        pages = snapshot.PageVerifier(key, salt)
        try:
            written = backup_file.write_backup(out, header, keyfile_bytes, tmp_db, mac_key, progress=stages("write"),
                                               cancel=cancel, check=pages.feed)
            pages.finish()
        except snapshot.PageDamaged:
            out.unlink(missing_ok=True)  # only reached when the last page was cut off after the file was renamed
            raise _damaged_store() from None
        except OSError:
            raise MediaWriteFailed(_("Cadangan tidak dapat ditulis ke {folder}. Periksa apakah flashdisk masih "
                                     "terpasang, tidak penuh dan tidak terkunci-tulis, lalu ulangi.").format(
                folder=out_dir)) from None
        try:
            # Read back: the SHA-256 of what the stick returns must be the one computed over what was written
            # (which covers the MAC too), so the MAC need not be computed again.
            info = backup_file.read_backup(out, progress=stages("verify"), cancel=cancel)
            good = (info.header == header and hmac.compare_digest(info.sha256, written.sha256)
                    and hmac.compare_digest(info.mac, written.mac))
        except BackupCancelled:
            out.unlink(missing_ok=True)
            raise _cancelled_backup() from None
        except (BackupDamaged, OSError):
            good = False
        if not good:
            out.unlink(missing_ok=True)
            raise MediaWriteFailed(_("Cadangan yang ditulis ke {folder} tidak terbaca kembali dengan benar (media "
                                     "rusak?). Berkas itu dihapus; coba flashdisk lain.").format(folder=out_dir))
    finally:
        _remove(tmp_db)
    return BackupResult(out, info.size, header)


# --- opening a backup with a credential --------------------------------------------------------------------------

@dataclass(frozen=True)
class Credential:
    """The recovery key, or an administrator's user name and password (as they were when the backup was made)."""

    recovery_key: str | None = None
    username: str | None = None
    password: str | None = None


def _data_keys(keyfile: KeySlotFile, cred: Credential) -> list[tuple[int, bytes]]:
    if cred.recovery_key:
        secret = parse_recovery_key(cred.recovery_key)
        slot = keyfile.recovery_slot()
        keys = keyfile.open_envelopes(slot, KeySlotFile.recovery_private(secret)) if slot else []
        if not keys:
            raise WrongPassword(_("Kunci pemulihan tidak membuka cadangan ini (mungkin cadangan kantor lain)."))
        return keys
    if cred.username and cred.password:
        slot = keyfile.password_slot(cred.username)
        if slot is None:
            raise WrongPassword(_("Nama pengguna atau kata sandi salah."))
        keys = keyfile.open_envelopes(slot, keyfile.unwrap_private(slot, cred.password))
        if not keys:
            raise WrongPassword(_("Nama pengguna atau kata sandi salah."))
        return keys
    raise ValidationError(_("Berikan kunci pemulihan, atau nama pengguna dan kata sandi administrator."),
                          field="credential")


def _candidate_keys(info: BackupInfo, cred: Credential) -> list[bytes]:
    """The data keys the credential opens in this backup's key file (a wrong credential is refused here)."""
    if info.header.keyfile_length == 0:
        raise backup_file.damaged()
    keyfile = KeySlotFile.from_bytes(info.keyfile)
    if keyfile.db_id != info.header.db_id:
        raise backup_file.damaged()
    return [key for _generation, key in _data_keys(keyfile, cred)]


def _extract_checked(info: BackupInfo, keys: list[bytes], out: Path, *, progress=None, cancel=None) -> bytes:
    """Extract the database and check the MAC in one pass; returns the data key that made the MAC."""
    which = backup_file.extract_database(info, out, progress=progress, cancel=cancel,
                                         mac_keys=[backup_file.mac_key(k, info.header.backup_id) for k in keys])
    if which is None:
        raise backup_file.damaged(_("Tanda keaslian cadangan tidak cocok."))
    return keys[which]


def _check_database(path: Path, key: bytes, header: BackupHeader) -> None:
    report = snapshot.inspect(path, key)
    if report.problems or report.db_id != header.db_id:
        raise backup_file.damaged(_("Basis data di dalam cadangan tidak utuh."))


def verify_backup(path: Path, cred: Credential | None = None, *, progress: Progress | None = None,
                  cancel=None) -> VerifyReport:
    """Without a credential: the whole-file hash and the header. With one: also the MAC and the database inside."""
    stages = _Stages(progress, {"hash": (0, 400, _("Memeriksa keutuhan berkas…")),
                                "open": (400, 1000, _("Memeriksa isi cadangan…"))})
    info = backup_file.read_backup(Path(path), progress=stages("hash"), cancel=cancel)
    if cred is None:
        return VerifyReport(info.header, info.size, False)
    # On the local disk, not the stick: no free space needed there. Encrypted pages only, removed at once.
    tmp = _temp_beside(Path(tempfile.gettempdir()), "caseapp-verify")
    try:
        key = _extract_checked(info, _candidate_keys(info, cred), tmp, progress=stages("open"), cancel=cancel)
        _check_database(tmp, key, info.header)
    finally:
        _remove(tmp)
    return VerifyReport(info.header, info.size, True)


# --- restore -----------------------------------------------------------------------------------------------------

def office_present(data_dir: DataDir) -> bool:
    return data_dir.database.exists() or Path(str(data_dir.database) + "-wal").exists()


def restore_backup(data_dir: DataDir, path: Path, cred: Credential, *, progress: Progress | None = None,
                   cancel=None) -> RestoreResult:
    """Restore into a data folder without an office; the folder is left unchanged on any failure."""
    stages = _Stages(progress, {"hash": (0, 300, _("Memeriksa keutuhan berkas…")),
                                "extract": (300, 700, _("Menyalin basis data…")),
                                "check": (700, 1000, _("Memeriksa dan memasang data…"))})
    if office_present(data_dir):
        raise AlreadyInitialized(_("Folder data {folder} sudah berisi data kantor. Pemulihan tidak menimpa data yang "
                                   "ada: pilih folder data yang kosong, atau pindahkan isi folder itu lebih dahulu.")
                                 .format(folder=data_dir.root))
    info = backup_file.read_backup(Path(path), progress=stages("hash"), cancel=cancel)
    keys = _candidate_keys(info, cred)  # a wrong credential is refused before anything is written
    data_dir.ensure()
    lock = DataDirLock(data_dir.lock).acquire()
    tmp = data_dir.root / "caseapp.db.restoring"
    try:
        if office_present(data_dir):  # created while we were checking the file
            raise AlreadyInitialized(_("Folder data {folder} sudah berisi data kantor. Pemulihan tidak menimpa data "
                                       "yang ada.").format(folder=data_dir.root))
        _remove(tmp)
        key = _extract_checked(info, keys, tmp, progress=stages("extract"), cancel=cancel)
        report_stage = stages("check")
        _check_database(tmp, key, info.header)
        if is_cancelled(cancel):
            raise BackupCancelled(_("Pemulihan dibatalkan. Folder data tidak diubah."))
        try:
            db = Database.open(tmp, key)  # migrates a backup made by an earlier version
        except (DamagedStore, ForeignKeySlots):
            raise backup_file.damaged(_("Basis data di dalam cadangan tidak utuh.")) from None
        try:
            office = accounts_repo.get_office(db.conn)
            actor = "recovery-key"
            if not cred.recovery_key:
                user = accounts_repo.get_user(db.conn, cred.username or "")
                if user is None or user.role is not Role.ADMIN or not user.active:
                    raise PermissionDenied(_("Hanya administrator (atau kunci pemulihan) yang dapat memulihkan cadangan."))
                actor = user.username
            now = clock.timestamp()
            with db.transaction() as c:
                note = _("(pemulihan dari cadangan {created})").format(created=info.header.created_at)
                sequences = snapshot.jump_out_sequences(c, SEQUENCE_MARGIN, now, actor, note)
                # The backup restored from exists, so it is (at least) the last one made.
                accounts_repo.set_setting(c, "last_backup_at", info.header.created_at)
                audit_log.append(c, office.db_id, ts=now, actor=actor, action=ACTION_RESTORED, record_type="backup",
                                 record_id=info.header.backup_id)
        finally:
            db.close()
        report_stage(1, 2)
        # The key file first, the database last: the folder holds an office only once both are in place.
        atomic_write_bytes(data_dir.keyslots, info.keyfile)
        _remove(Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm"))
        os.replace(tmp, data_dir.database)
        fsync_dir(data_dir.root)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        lock.release()
    if progress:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL, _("Selesai."))
    return RestoreResult(office, info.header, sequences)


# --- reminder ----------------------------------------------------------------------------------------------------

def last_backup_at(session: Session) -> dt.datetime | None:
    value = accounts_repo.get_setting(session.db.conn, "last_backup_at")
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def reminder_days(session: Session) -> int:
    value = accounts_repo.get_setting(session.db.conn, REMINDER_KEY)
    try:
        return max(1, int(value)) if value is not None else DEFAULT_REMINDER_DAYS
    except ValueError:
        return DEFAULT_REMINDER_DAYS


def set_reminder_days(session: Session, days: int) -> None:
    session.require(Permission.MANAGE_OFFICE)
    if not 1 <= int(days) <= 365:
        raise ValidationError(_("Pengingat cadangan harus antara 1 dan 365 hari."), field="backup_reminder_days")
    with session.db.transaction() as c:
        accounts_repo.set_setting(c, REMINDER_KEY, str(int(days)))
        session.audit("settings_changed", "setting", REMINDER_KEY, conn=c)


def backup_reminder(session: Session) -> str | None:
    """A status-bar line when the last backup is older than the set number of days (or there is none)."""
    last = last_backup_at(session)
    limit = reminder_days(session)
    if last is None:
        return _("Belum pernah ada cadangan data kantor. Buat cadangan lewat Berkas → Cadangkan…")
    now = clock.now()
    if last.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    age = (now - last).days
    if age < limit:
        return None
    return _("Cadangan terakhir dibuat {days} hari yang lalu. Buat cadangan baru lewat Berkas → Cadangkan…").format(
        days=age)

