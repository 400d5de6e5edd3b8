"""Referral letter (surat rujukan) content, destination types with minimum-necessary disclosure, and numbering."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from caseapp.domain import names as _names
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

PaperSize = Literal["A4", "F4"]
PAPER_SIZES: tuple[str, ...] = ("A4", "F4")


class NameLevel(StrEnum):
    FULL = "full"
    INITIALS = "initials"


class BirthLevel(StrEnum):
    DATE = "date"      # tanggal lahir (with the age)
    AGE = "age"        # umur only
    NONE = "none"


class AddressLevel(StrEnum):
    FULL = "full"            # street, desa/kelurahan, kecamatan, kabupaten/kota, provinsi
    DESA = "desa"            # desa/kelurahan, kecamatan, kabupaten/kota
    KECAMATAN = "kecamatan"  # kecamatan, kabupaten/kota
    KABUPATEN = "kabupaten"  # kabupaten/kota, provinsi
    NONE = "none"


@dataclass(frozen=True)
class Disclosure:
    """Which victim fields a letter to one destination may carry."""

    name: NameLevel = NameLevel.INITIALS
    birth: BirthLevel = BirthLevel.AGE
    address: AddressLevel = AddressLevel.NONE
    nik: bool = False

    def with_overrides(self, overrides: Disclosure | Mapping[str, Any] | None) -> Disclosure:
        if overrides is None:
            return self
        if isinstance(overrides, Disclosure):
            return overrides
        unknown = set(overrides) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            message = _("Kolom pengungkapan tidak dikenal: {names}").format(names=", ".join(sorted(unknown)))
            raise ValidationError(message, field="disclosure")
        kinds = {"name": NameLevel, "birth": BirthLevel, "address": AddressLevel, "nik": bool}
        try:
            values = {k: kinds[k](v) for k, v in overrides.items()}
        except ValueError as exc:
            raise ValidationError(_("Tingkat pengungkapan tidak sah"), field="disclosure") from exc
        return dataclasses.replace(self, **values)


class DestinationType(StrEnum):
    RSUD_PUSKESMAS = "rsud_puskesmas"
    UNIT_PPA_POLRES = "unit_ppa_polres"
    LBH_POSBAKUM = "lbh_posbakum"
    DINSOS_RUMAH_AMAN = "dinsos_rumah_aman"
    PSIKOLOG = "psikolog"
    UPTD_PPA_LAIN = "uptd_ppa_lain"
    SEKOLAH = "sekolah"
    DISDUKCAPIL = "disdukcapil"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def default_disclosure(self) -> Disclosure:
        return _DEFAULTS[self]


_LABELS = {
    DestinationType.RSUD_PUSKESMAS: "RSUD / Puskesmas",
    DestinationType.UNIT_PPA_POLRES: "Unit PPA Polres",
    DestinationType.LBH_POSBAKUM: "LBH / Posbakum",
    DestinationType.DINSOS_RUMAH_AMAN: "Dinas Sosial / Rumah Aman",
    DestinationType.PSIKOLOG: "Psikolog",
    DestinationType.UPTD_PPA_LAIN: "UPTD PPA lain",
    DestinationType.SEKOLAH: "Sekolah",
    DestinationType.DISDUKCAPIL: "Disdukcapil",
    DestinationType.LAINNYA: "Lainnya",
}

_N, _B, _A = NameLevel, BirthLevel, AddressLevel
_DEFAULTS = {
    # health: identify the patient for the medical record / visum et repertum
    DestinationType.RSUD_PUSKESMAS: Disclosure(_N.FULL, _B.DATE, _A.DESA, nik=True),
    # police: a report (laporan polisi) needs the full identity
    DestinationType.UNIT_PPA_POLRES: Disclosure(_N.FULL, _B.DATE, _A.FULL, nik=True),
    # legal aid: name for the power of attorney, the rest they ask themselves
    DestinationType.LBH_POSBAKUM: Disclosure(_N.FULL, _B.AGE, _A.KECAMATAN, nik=False),
    # shelter: the home address stays out (the perpetrator may live there)
    DestinationType.DINSOS_RUMAH_AMAN: Disclosure(_N.FULL, _B.DATE, _A.KABUPATEN, nik=False),
    DestinationType.PSIKOLOG: Disclosure(_N.FULL, _B.AGE, _A.NONE, nik=False),
    # hand-over of case management to another UPTD PPA
    DestinationType.UPTD_PPA_LAIN: Disclosure(_N.FULL, _B.DATE, _A.FULL, nik=True),
    DestinationType.SEKOLAH: Disclosure(_N.INITIALS, _B.AGE, _A.NONE, nik=False),
    # civil registry: the purpose is the identity document itself
    DestinationType.DISDUKCAPIL: Disclosure(_N.FULL, _B.DATE, _A.FULL, nik=True),
    DestinationType.LAINNYA: Disclosure(_N.INITIALS, _B.AGE, _A.NONE, nik=False),
}


class LetterStatus(StrEnum):
    DRAF = "draf"
    DISETUJUI = "disetujui"

    @property
    def label(self) -> str:
        return _("Draf") if self is LetterStatus.DRAF else _("Disetujui")


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def to_roman(month: int) -> str:
    """Month 1..12 as a Roman numeral (I..XII), as used in letter numbers."""
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month!r}")
    return _ROMAN[month - 1]


DEFAULT_NUMBER_PATTERN = "400.2.x/{seq:03}/UPTD-PPA/{month_roman}/{year}"
_PATTERN_FIELDS = {"seq", "month_roman", "month", "year", "office"}


@dataclass(frozen=True)
class LetterNumberPattern:
    """An office's letter-number pattern; fields {seq} (required), {month_roman}, {month}, {year}, {office}."""

    pattern: str = DEFAULT_NUMBER_PATTERN

    def __post_init__(self) -> None:
        try:
            parsed = list(string.Formatter().parse(self.pattern))
        except ValueError as exc:
            raise ValidationError(_("Pola nomor surat tidak sah"), field="pattern") from exc
        names = [name for _lit, name, _spec, _conv in parsed if name is not None]
        bad = [n for n in names if n not in _PATTERN_FIELDS]
        if bad:
            message = _("Pola nomor surat memuat kolom tidak dikenal: {names}").format(names=", ".join(bad))
            raise ValidationError(message, field="pattern")
        if "seq" not in names:
            raise ValidationError(_("Pola nomor surat harus memuat {seq}"), field="pattern")
        try:
            self.format(1, _dt.date(2024, 1, 1), office="X")
        except (ValueError, TypeError, IndexError) as exc:
            raise ValidationError(_("Pola nomor surat tidak sah"), field="pattern") from exc

    def format(self, seq: int, on: _dt.date, office: str = "") -> str:
        if seq < 1:
            raise ValueError("sequence numbers start at 1")
        return self.pattern.format(seq=seq, month_roman=to_roman(on.month), month=on.month, year=on.year, office=office)


@dataclass(frozen=True)
class OfficeLetterhead:
    """The kop surat of the sending office."""

    government: str            # "PEMERINTAH KABUPATEN BOMBANA"
    agency: str                # "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"
    unit: str                  # "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK"
    address: str
    phone: str = ""
    email: str = ""
    city: str = ""             # place on the date line, e.g. "Rumbia"
    logo_png: bytes | None = None
    website: str = ""
    short_name: str = ""       # for running text, e.g. "UPTD PPA Kabupaten Bombana"

    @property
    def display_name(self) -> str:
        return self.short_name or self.unit


@dataclass(frozen=True)
class Signatory:
    position: str              # jabatan, e.g. "Kepala UPTD PPA Kabupaten Bombana"
    name: str
    nip: str = ""
    rank: str = ""             # pangkat/golongan, optional


@dataclass(frozen=True)
class DisclosedVictim:
    """The victim's data already reduced to what one destination may see."""

    name: str
    name_is_initials: bool
    sex: str = ""
    birth_date: _dt.date | None = None
    age_years: int | None = None
    birth_estimated: bool = False
    address: str = ""
    nik: str = ""


@dataclass(frozen=True)
class ReferralLetterContent:
    letterhead: OfficeLetterhead
    number: str | None
    date: _dt.date
    destination_position: str          # "Direktur" / "Kepala Unit PPA Satreskrim"
    destination_name: str              # "RSUD Kabupaten Bombana"
    destination_place: str             # the "di ..." line, e.g. "Rumbia" or "Tempat"
    victim: DisclosedVictim
    purpose: str
    signatory: Signatory
    destination_address: str = ""
    hal: str = "Rujukan Layanan Korban"
    sifat: str = "Rahasia"
    lampiran: str = "-"
    services_requested: tuple[str, ...] = ()
    chronology: str = ""
    services_given: tuple[str, ...] = ()
    condition_physical: str = ""
    condition_psychological: str = ""
    condition_family: str = ""
    attachments: tuple[str, ...] = ()
    contact_name: str = ""
    contact_phone: str = ""
    tembusan: tuple[str, ...] = ()
    verification_code: str = ""
    paper: PaperSize = "A4"
    draft: bool = False

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            raise ValidationError(_("Ukuran kertas harus A4 atau F4"), field="paper")
        if not self.draft and not (self.number or "").strip():
            raise ValidationError(_("Surat yang disetujui harus bernomor"), field="number")

    @property
    def status(self) -> LetterStatus:
        return LetterStatus.DRAF if self.draft else LetterStatus.DISETUJUI


# --- minimum-necessary disclosure -------------------------------------------------------------

_ALIASES = {
    "full_name": ("full_name", "name", "nama"),
    "sex": ("sex", "jenis_kelamin"),
    "birth_date": ("birth_date", "date_of_birth", "tanggal_lahir"),
    "birth_date_estimated": ("birth_date_estimated", "birth_estimated"),
    "nik": ("nik",),
    "street": ("street", "address", "address_street", "alamat"),
    "village": ("village", "village_name", "desa"),
    "district": ("district", "district_name", "kecamatan"),
    "regency": ("regency", "regency_name", "kabupaten"),
    "province": ("province", "province_name", "provinsi"),
}


def _get(person: Any, key: str) -> Any:
    for alias in _ALIASES[key]:
        value = person.get(alias) if isinstance(person, Mapping) else getattr(person, alias, None)
        if value not in (None, ""):
            return value
    return None


def initials(full_name: str) -> str:
    """'Siti Nur Aisyah binti Ahmad' -> 'S.N.A.A.'; titles and particles skipped (``domain.names``); '-' if empty."""
    return _names.initials(full_name) or "-"


def age_on(birth: _dt.date, on: _dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _address(person: Any, level: AddressLevel) -> str:
    parts = {
        AddressLevel.FULL: ("street", "village", "district", "regency", "province"),
        AddressLevel.DESA: ("village", "district", "regency"),
        AddressLevel.KECAMATAN: ("district", "regency"),
        AddressLevel.KABUPATEN: ("regency", "province"),
        AddressLevel.NONE: (),
    }[level]
    return ", ".join(str(v) for v in (_get(person, p) for p in parts) if v)


def disclosed_victim_fields(
    person_like: Any,
    destination_type: DestinationType | str,
    overrides: Disclosure | Mapping[str, Any] | None = None,
    *,
    on: _dt.date | None = None,
) -> DisclosedVictim:
    """Reduce a person (object or mapping) to the fields the destination type may see; ``on`` dates the age."""
    rule = DestinationType(destination_type).default_disclosure.with_overrides(overrides)
    full_name = str(_get(person_like, "full_name") or "").strip()
    birth = _get(person_like, "birth_date")
    estimated = bool(_get(person_like, "birth_date_estimated"))
    age = age_on(birth, on or _dt.date.today()) if birth and rule.birth is not BirthLevel.NONE else None
    return DisclosedVictim(
        name=full_name if rule.name is NameLevel.FULL else initials(full_name),
        name_is_initials=rule.name is NameLevel.INITIALS,
        sex=str(_get(person_like, "sex") or ""),
        birth_date=birth if rule.birth is BirthLevel.DATE else None,
        age_years=age,
        birth_estimated=estimated and age is not None,
        address=_address(person_like, rule.address),
        nik=str(_get(person_like, "nik") or "") if rule.nik else "",
    )
