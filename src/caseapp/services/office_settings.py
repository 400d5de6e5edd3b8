"""Office settings kept inside the encrypted store: letterhead contact details and the idle lock."""

from __future__ import annotations

from caseapp.domain.accounts import Office, Permission
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _
from caseapp.services.session import Session
from caseapp.store import accounts_repo

DEFAULT_IDLE_MINUTES = 10
IDLE_KEY = "idle_lock_minutes"


def idle_lock_minutes(session: Session) -> int:
    value = accounts_repo.get_setting(session.db.conn, IDLE_KEY)
    try:
        return int(value) if value is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_lock_minutes(session: Session, minutes: int) -> None:
    session.require(Permission.MANAGE_OFFICE)
    if not 1 <= int(minutes) <= 120:
        raise ValidationError(_("Kunci otomatis harus antara 1 dan 120 menit."), field="idle_lock_minutes")
    with session.db.transaction() as c:
        accounts_repo.set_setting(c, IDLE_KEY, str(int(minutes)))
        session.audit("settings_changed", "setting", IDLE_KEY, conn=c)


def update_office_contact(session: Session, *, name: str, address: str, phone: str, email: str) -> Office:
    session.require(Permission.MANAGE_OFFICE)
    if not name.strip():
        raise ValidationError(_("Nama kantor wajib diisi."), field="office_name")
    if email and "@" not in email:
        raise ValidationError(_("Alamat e-mail tidak valid."), field="email")
    with session.db.transaction() as c:
        accounts_repo.update_office_contact(c, name=name.strip(), address=address.strip(), phone=phone.strip(), email=email.strip())
        session.audit("settings_changed", "office", session.office.db_id, conn=c)
    session.office = accounts_repo.get_office(session.db.conn)
    return session.office


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    return accounts_repo.get_setting(session.db.conn, key, default)


def set_setting(session: Session, key: str, value: str, *, permission: Permission = Permission.MANAGE_OFFICE) -> None:
    """A generic office setting (later features store their own keys here), audited by key name."""
    session.require(permission)
    with session.db.transaction() as c:
        accounts_repo.set_setting(c, key, value)
        session.audit("settings_changed", "setting", key, conn=c)
