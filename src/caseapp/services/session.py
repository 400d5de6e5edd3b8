"""Unlocking the office store as a user (or with the recovery key) and the open session."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field

from caseapp.crypto.kdf import KdfPolicy
from caseapp.crypto.keyslots import KeySlotFile
from caseapp.crypto.recovery_key import parse_recovery_key
from caseapp.datadir import DataDir
from caseapp.domain.accounts import Office, Permission, User
from caseapp.domain.errors import (
    DamagedStore, ForeignKeySlots, NotInitialized, PermissionDenied, UnlockThrottled, WrongPassword,
)
from caseapp.i18n import _
from caseapp.services import audit_tail, clock
from caseapp.services.unlock_throttle import UnlockThrottle
from caseapp.store import accounts_repo, audit_log
from caseapp.store.database import Database, read_salt
from caseapp.store.lockfile import DataDirLock


@dataclass
class Session:
    """An unlocked store, the user who unlocked it, and the data key (kept only in memory)."""

    data_dir: DataDir
    db: Database = field(repr=False)
    keyfile: KeySlotFile = field(repr=False)
    data_key: bytearray = field(repr=False)
    user: User
    office: Office
    lock: DataDirLock = field(repr=False)
    kdf_policy: KdfPolicy = field(default_factory=KdfPolicy.product)
    closed: bool = False
    # What the unlock found when it compared the key file's sealed audit tail with the log.
    tail_check: audit_tail.TailCheck | None = None
    # Held while the data key changes (``accounts.rekey``): a read connection opened on another thread in the
    # meantime would carry the key that is being replaced, so opening one takes this lock too.
    key_change: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def audit_warning(self) -> str:
        """A warning to show right after unlock ("" when the audit log's tail is as sealed)."""
        return self.tail_check.message() if self.tail_check is not None else ""

    def require(self, permission: Permission) -> None:
        if not self.user.can(permission):
            raise PermissionDenied(_("Peran Anda tidak mengizinkan tindakan ini."))

    def audit(self, action: str, record_type: str = "", record_id: str = "", *, conn=None) -> None:
        """Log an action; pass ``conn`` to log inside the caller's transaction."""
        if conn is not None:
            audit_log.append(conn, self.office.db_id, ts=clock.timestamp(), actor=self.user.username,
                             action=action, record_type=record_type, record_id=record_id)
            return
        with self.db.transaction() as c:
            audit_log.append(c, self.office.db_id, ts=clock.timestamp(), actor=self.user.username,
                             action=action, record_type=record_type, record_id=record_id)

    def audit_many(self, entries: list[tuple[str, str, str]], *, conn) -> None:
        """Log many (action, record type, record id) entries inside the caller's transaction (e.g. an import)."""
        audit_log.append_many(conn, self.office.db_id, ts=clock.timestamp(), actor=self.user.username,
                              entries=entries)

    def save_keyfile(self) -> None:
        self.keyfile.save(self.data_dir.keyslots)

    def start_sealing(self, check: audit_tail.TailCheck) -> None:
        """Record the unlock's tail check (an alarm goes into the log itself), then seal after every commit."""
        self.tail_check = check
        self.db.after_commit = self.seal_audit_tail
        if check.status == "unsealed":
            self.audit(audit_tail.SEAL_STARTED)
        elif not check.ok:
            self.audit(audit_tail.ALARM, "audit", check.record_id)
        self.seal_audit_tail()

    def seal_audit_tail(self) -> None:
        """Seal the committed audit head into the key file (called after each commit, outside any transaction).

        Written after the commit, so a crash leaves the seal behind the log (accepted at unlock), never ahead.
        """
        if self.closed:
            return
        try:
            count, head = audit_log.head(self.db.conn, self.office.db_id)
            seal = self.keyfile.audit_seal if isinstance(self.keyfile.audit_seal, dict) else {}
            if seal.get("count") == count and seal.get("head") == head:
                return
            self.keyfile.seal_audit_tail(bytes(self.data_key), count, head)
            self.save_keyfile()
        except Exception:  # noqa: BLE001 - the commit has happened; its caller must not see it as failed
            # The seal on disk stays behind the log, which the next unlock accepts; the next commit retries.
            pass

    def close(self, *, action: str | None = "lock") -> None:
        """Lock: log it, close the database, forget the key and release the directory."""
        if self.closed:
            return
        try:
            if action:
                self.audit(action)
        finally:
            self.db.after_commit = None
            self.db.close()
            for i in range(len(self.data_key)):
                self.data_key[i] = 0
            self.lock.release()
            self.closed = True

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def list_usernames(data_dir: DataDir) -> list[str]:
    """User names that have a key slot, for the unlock window (no other data is readable before unlock)."""
    if not data_dir.is_initialized():
        return []
    try:
        return sorted(KeySlotFile.load(data_dir.keyslots).users())
    except DamagedStore:
        return []


def _require_initialized(data_dir: DataDir) -> None:
    if not data_dir.is_initialized():
        raise NotInitialized(
            _("Folder data belum disiapkan untuk kantor ini. Jalankan penyiapan awal (caseapp-cli init).")
        )


def open_with_keys(data_dir: DataDir, keyfile: KeySlotFile, candidates: list[tuple[int, bytes]]) -> tuple[Database, int, bytes]:
    """Try each (generation, data key) on the database; check that the store is the key file's."""
    salt = read_salt(data_dir.database)
    if salt is None:
        raise DamagedStore(
            _("Basis data rusak atau terpotong. Jangan menulis apa pun; pulihkan dari cadangan terakhir.")
        )
    if not hmac.compare_digest(salt, keyfile.db_salt):
        raise ForeignKeySlots(
            _("Berkas kunci tidak cocok dengan basis data ini (mungkin dari kantor atau instalasi lain).")
        )
    for generation, key in candidates:
        try:
            db = Database.open(data_dir.database, key, before_migrate=_backup_before_migration(data_dir, key))
        except ForeignKeySlots:
            continue
        try:
            office = accounts_repo.get_office(db.conn)
        except Exception:
            db.conn.close()
            raise DamagedStore(
                _("Basis data rusak atau terpotong. Jangan menulis apa pun; pulihkan dari cadangan terakhir.")
            ) from None
        if office.db_id != keyfile.db_id:
            db.conn.close()
            raise ForeignKeySlots(
                _("Berkas kunci tidak cocok dengan basis data ini (mungkin dari kantor atau instalasi lain).")
            )
        return db, generation, key
    raise ForeignKeySlots(
        _("Berkas kunci ini tidak lagi membuka basis data (mungkin salinan lama atau dari akun yang sudah dihapus).")
    )


def _backup_before_migration(data_dir: DataDir, key: bytes):
    """A store of an earlier schema is backed up into the data folder's backups/ before it is migrated."""
    def hook(db: Database, version: int) -> None:
        from caseapp.services.backup import backup_before_migration

        backup_before_migration(data_dir, key, db, version)
    return hook


def _finish_key_generation(data_dir: DataDir, keyfile: KeySlotFile, generation: int, key: bytes,
                           tail: audit_tail.TailCheck) -> None:
    """Complete an interrupted re-key: keep only the generation that opened the store.

    A seal made under the dropped generation's key is renewed under the kept one, so that the next
    unlock can still check it.
    """
    gens = {e.generation for s in keyfile.slots for e in s.envelopes}
    if gens != {generation} or keyfile.generation != generation:
        keyfile.keep_only_generation(generation)
        keyfile.generation = generation
        seal = keyfile.audit_seal
        if tail.status == "ok" and seal is not None:
            keyfile.seal_audit_tail(key, seal["count"], seal["head"])
        keyfile.save(data_dir.keyslots)


def _log_pending_failures(db: Database, office: Office, throttle: UnlockThrottle) -> None:
    pending = throttle.take_pending()
    if not pending:
        return
    with db.transaction() as c:
        for user, ts in pending:
            audit_log.append(c, office.db_id, ts=ts, actor=user, action="login_failed")


def unlock(data_dir: DataDir, username: str, password: str, *, kdf_policy: KdfPolicy | None = None) -> Session:
    """Open the store as ``username``. Wrong passwords are counted and slowed down; nothing else changes."""
    _require_initialized(data_dir)
    lock = DataDirLock(data_dir.lock).acquire()
    try:
        keyfile = KeySlotFile.load(data_dir.keyslots)
        throttle = UnlockThrottle(data_dir.unlock_state)
        slot = keyfile.password_slot(username)
        audit_name = username if slot is not None else "?"
        wait = throttle.wait_seconds(audit_name)
        if wait > 0:
            raise UnlockThrottled(
                _("Terlalu banyak percobaan gagal. Coba lagi dalam {s} detik.").format(s=int(wait + 0.999)), wait
            )
        if slot is None:
            throttle.record_failure(audit_name)
            raise WrongPassword(_("Nama pengguna atau kata sandi salah."))
        try:
            private = keyfile.unwrap_private(slot, password)
        except WrongPassword:
            delay = throttle.record_failure(audit_name)
            if delay > 0:
                err = WrongPassword(
                    _("Nama pengguna atau kata sandi salah. Tunggu {s} detik sebelum mencoba lagi.").format(s=int(delay)))
                err.wait_seconds = delay
                raise err from None
            raise
        candidates = keyfile.open_envelopes(slot, private)
        db, generation, key = open_with_keys(data_dir, keyfile, candidates)
        try:
            user = accounts_repo.get_user(db.conn, username)
            office = accounts_repo.get_office(db.conn)
            if user is None:
                raise WrongPassword(_("Akun ini sudah dihapus. Hubungi administrator."))
            if not user.active:
                raise PermissionDenied(_("Akun Anda dinonaktifkan. Hubungi administrator."))
            tail = audit_tail.check(keyfile, db.conn, office.db_id, [k for _g, k in candidates])
            _finish_key_generation(data_dir, keyfile, generation, key, tail)
            throttle.reset(username)
            _log_pending_failures(db, office, throttle)
        except BaseException:
            db.conn.close()
            raise
        session = Session(data_dir, db, keyfile, bytearray(key), user, office, lock,
                          kdf_policy or KdfPolicy.product())
        try:
            session.start_sealing(tail)
            session.audit("login")
            from caseapp.services.accounts import finish_pending_removals

            finish_pending_removals(session)
            from caseapp.services.cases import refresh_list_columns

            refresh_list_columns(session)  # once after an update changed the rules behind the case list columns
        except BaseException:
            session.db.after_commit = None
            session.db.close()
            raise
        return session
    except BaseException:
        lock.release()
        raise


def recover_admin_password(data_dir: DataDir, recovery_key: str, admin_username: str, new_password: str,
                           *, kdf_policy: KdfPolicy | None = None) -> Session:
    """Open the store with the printed recovery key and give an admin account a new password."""
    from caseapp.domain.accounts import Role, validate_password

    secret = parse_recovery_key(recovery_key)
    validate_password(new_password)
    _require_initialized(data_dir)
    lock = DataDirLock(data_dir.lock).acquire()
    try:
        keyfile = KeySlotFile.load(data_dir.keyslots)
        slot = keyfile.recovery_slot()
        candidates = keyfile.open_envelopes(slot, KeySlotFile.recovery_private(secret)) if slot else []
        if not candidates:
            raise WrongPassword(_("Kunci pemulihan tidak membuka data kantor ini."))
        db, generation, key = open_with_keys(data_dir, keyfile, candidates)
        try:
            user = accounts_repo.get_user(db.conn, admin_username)
            if user is None or user.role is not Role.ADMIN:
                raise PermissionDenied(_("Kunci pemulihan hanya dapat mengatur ulang kata sandi administrator."))
            office = accounts_repo.get_office(db.conn)
            tail = audit_tail.check(keyfile, db.conn, office.db_id, [k for _g, k in candidates])
            _finish_key_generation(data_dir, keyfile, generation, key, tail)
        except BaseException:
            db.conn.close()
            raise
        policy = kdf_policy or KdfPolicy.product()
        session = Session(data_dir, db, keyfile, bytearray(key), user, office, lock, policy)
        try:
            session.start_sealing(tail)
        except BaseException:
            session.db.after_commit = None
            session.db.close()
            raise
        new_slot, _private = keyfile.add_password_slot(admin_username, new_password, policy)
        keyfile.seal(new_slot, key, generation)
        with db.transaction() as c:
            session.save_keyfile()
            now = clock.timestamp()
            accounts_repo.set_active(c, admin_username, True, now)
            accounts_repo.set_must_change_password(c, admin_username, False, now)
            audit_log.append(c, office.db_id, ts=now, actor="recovery-key", action="password_reset_by_recovery",
                             record_type="user", record_id=user.id)
            audit_log.append(c, office.db_id, ts=now, actor=admin_username, action="login")
        UnlockThrottle(data_dir.unlock_state).reset(admin_username)
        session.user = accounts_repo.get_user(db.conn, admin_username)
        from caseapp.services.accounts import finish_pending_removals

        finish_pending_removals(session)  # a recovery-key unlock finishes an interrupted removal too
        return session
    except BaseException:
        lock.release()
        raise

