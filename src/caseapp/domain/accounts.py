"""Offices, user accounts, roles and what each role may do."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from caseapp.domain.errors import ValidationError, WeakPassword
from caseapp.i18n import _


class Role(str, enum.Enum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: _("Administrator"),
            Role.SUPERVISOR: _("Kepala UPTD / Koordinator"),
            Role.OFFICER: _("Petugas"),
        }[self]


class Permission(str, enum.Enum):
    MANAGE_USERS = "manage_users"
    MANAGE_OFFICE = "manage_office"
    VIEW_ALL_CASES = "view_all_cases"
    APPROVE_LETTERS = "approve_letters"
    MANAGE_DESTINATIONS = "manage_destinations"
    EXCHANGE_DATA = "exchange_data"
    EXPORT_KEYS = "export_keys"
    VERIFY_AUDIT = "verify_audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SUPERVISOR: frozenset(
        {Permission.VIEW_ALL_CASES, Permission.APPROVE_LETTERS, Permission.MANAGE_DESTINATIONS,
         Permission.EXCHANGE_DATA, Permission.VERIFY_AUDIT}
    ),
    Role.OFFICER: frozenset(),
}


class OfficeLevel(str, enum.Enum):
    KABUPATEN = "kabupaten"
    PROVINSI = "provinsi"

    @property
    def label(self) -> str:
        return _("Kabupaten/Kota") if self is OfficeLevel.KABUPATEN else _("Provinsi")


@dataclass(frozen=True)
class Office:
    db_id: str
    code: str
    name: str
    level: OfficeLevel
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class User:
    id: str
    username: str
    full_name: str
    role: Role
    nip: str = ""
    position: str = ""
    active: bool = True
    must_change_password: bool = False
    rank: str = ""        # pangkat/golongan, e.g. "Penata Tingkat I (III/d)"
    signs_as: str = ""    # "" own position; "an" for the head (a.n.); "plt" / "plh" acting head

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    role: Role
    nip: str = ""
    position: str = ""


USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
MIN_PASSWORD_LENGTH = 10


def validate_username(username: str) -> str:
    if not USERNAME_RE.match(username or ""):
        raise ValidationError(
            _("Nama pengguna harus 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf."),
            field="username",
        )
    return username


def validate_new_user(user: NewUser) -> NewUser:
    validate_username(user.username)
    if not user.full_name.strip():
        raise ValidationError(_("Nama lengkap wajib diisi."), field="full_name")
    if user.nip and not re.fullmatch(r"\d{18}", user.nip.replace(" ", "")):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), field="nip")
    return NewUser(user.username, user.full_name.strip(), Role(user.role), user.nip.replace(" ", ""), user.position.strip())


def validate_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            _("Kata sandi minimal {n} karakter.").format(n=MIN_PASSWORD_LENGTH), field="password"
        )
    if password.strip() != password:
        raise WeakPassword(_("Kata sandi tidak boleh diawali atau diakhiri spasi."), field="password")
    return password


OFFICE_CODE_RE = re.compile(r"^\d{2}(\.\d{2})?$")


def validate_office_code(code: str, level: OfficeLevel) -> str:
    if not OFFICE_CODE_RE.match(code or ""):
        raise ValidationError(
            _("Kode wilayah kantor harus berbentuk 74 (provinsi) atau 74.06 (kabupaten/kota)."), field="office_code"
        )
    if level is OfficeLevel.PROVINSI and "." in code:
        raise ValidationError(_("Kantor provinsi memakai kode provinsi 2 angka, misalnya 74."), field="office_code")
    if level is OfficeLevel.KABUPATEN and "." not in code:
        raise ValidationError(
            _("Kantor kabupaten/kota memakai kode 4 angka, misalnya 74.06."), field="office_code"
        )
    return code
