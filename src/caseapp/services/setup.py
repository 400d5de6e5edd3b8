"""First-run setup: create the office's encrypted store, its first administrator and the recovery key."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from caseapp.atomic import fsync_dir
from caseapp.crypto.kdf import KdfPolicy
from caseapp.crypto.keyslots import KeySlotFile
from caseapp.crypto.recovery_key import format_recovery_key, new_recovery_secret
from caseapp.datadir import DataDir
from caseapp.domain.accounts import (
    NewUser, Office, OfficeLevel, Role, validate_new_user, validate_office_code, validate_password,
)
from caseapp.domain.errors import AlreadyInitialized, ValidationError
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session, unlock
from caseapp.store import accounts_repo, audit_log
from caseapp.store.database import Database, read_salt
from caseapp.store.lockfile import DataDirLock


@dataclass(frozen=True)
class OfficeProfile:
    code: str
    name: str
    level: OfficeLevel
    address: str = ""
    phone: str = ""
    email: str = ""
    city: str = ""     # the letter's date line, e.g. "Rumbia" (kop surat setting)
    agency: str = ""   # the dinas exactly as on the kop, e.g. "DINAS ... (DP2KBP3A)"


@dataclass(frozen=True)
class SetupResult:
    session: Session
    recovery_key: str  # shown once; never stored


def validate_profile(profile: OfficeProfile) -> OfficeProfile:
    level = OfficeLevel(profile.level)
    validate_office_code(profile.code, level)
    if not profile.name.strip():
        raise ValidationError(_("Nama kantor wajib diisi."), field="office_name")
    if profile.email and "@" not in profile.email:
        raise ValidationError(_("Alamat e-mail tidak valid."), field="email")
    city, agency = " ".join(profile.city.split()), " ".join(profile.agency.split())
    if len(city) > 60 or len(agency) > 200:
        raise ValidationError(_("Kota atau nama dinas terlalu panjang."), field="agency")
    return OfficeProfile(profile.code, profile.name.strip(), level, profile.address.strip(),
                         profile.phone.strip(), profile.email.strip(), city, agency)


def initialize_office(data_dir: DataDir, profile: OfficeProfile, admin: NewUser, password: str,
                      *, kdf_policy: KdfPolicy | None = None) -> SetupResult:
    """Create everything in a temporary database file and rename it into place last.

    A crash at any point leaves either no office (setup can simply run again) or a complete one.
    """
    profile = validate_profile(profile)
    admin = validate_new_user(NewUser(admin.username, admin.full_name, Role.ADMIN, admin.nip, admin.position))
    validate_password(password)
    policy = kdf_policy or KdfPolicy.product()
    if data_dir.is_initialized():
        raise AlreadyInitialized(_("Folder data ini sudah berisi data kantor. Penyiapan awal tidak dijalankan lagi."))
    data_dir.ensure()
    lock = DataDirLock(data_dir.lock).acquire()
    try:
        partial = data_dir.root / "caseapp.db.partial"
        for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
            leftover.unlink(missing_ok=True)
        data_key = os.urandom(32)
        db_id = str(uuid.uuid4())
        office = Office(db_id, profile.code, profile.name, profile.level, profile.address, profile.phone, profile.email)
        admin_id = str(uuid.uuid4())
        db = Database.create(partial, data_key)
        try:
            with db.transaction() as c:
                now = clock.timestamp()
                accounts_repo.insert_office(c, office, now)
                accounts_repo.insert_user(c, admin_id, admin, now)
                for key, value in (("letterhead_city", profile.city), ("letterhead_agency", profile.agency)):
                    if value:
                        accounts_repo.set_setting(c, key, value)
                audit_log.append(c, db_id, ts=now, actor=admin.username, action="office_created", record_type="office", record_id=db_id)
                audit_log.append(c, db_id, ts=now, actor=admin.username, action="user_added", record_type="user", record_id=admin_id)
        finally:
            db.close()
        keyfile = KeySlotFile(db_id=db_id, db_salt=read_salt(partial) or b"", generation=1)
        slot, _private = keyfile.add_password_slot(admin.username, password, policy)
        secret = new_recovery_secret()
        keyfile.set_recovery_slot(secret)
        keyfile.seal_all(data_key, 1)
        keyfile.save(data_dir.keyslots)
        os.replace(partial, data_dir.database)
        fsync_dir(data_dir.root)
    finally:
        lock.release()
    session = unlock(data_dir, admin.username, password, kdf_policy=policy)
    from caseapp.services.offices import ensure_identity

    ensure_identity(session)  # the office's signing and encryption keys, created inside the store
    return SetupResult(session, format_recovery_key(secret))
