"""Referral letter (surat rujukan) content, destination types with minimum-necessary disclosure, and numbering."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from caseapp.domain import names as _names
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _
from caseapp.resources import resource_path

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
    birth_place: bool = False
    guardian: bool = False      # parent or guardian of a child victim
    escort: bool = False        # the officer escorting a child victim
    terlapor: bool = False      # the reported person (for the police, legal aid)

    def with_overrides(self, overrides: Disclosure | Mapping[str, Any] | None) -> Disclosure:
        if overrides is None:
            return self
        if isinstance(overrides, Disclosure):
            return overrides
        unknown = set(overrides) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            message = _("Kolom pengungkapan tidak dikenal: {names}").format(names=", ".join(sorted(unknown)))
            raise ValidationError(message, field="disclosure")
        kinds = {"name": NameLevel, "birth": BirthLevel, "address": AddressLevel, "nik": bool, "birth_place": bool,
                 "guardian": bool, "escort": bool, "terlapor": bool}
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
        return disclosure_profiles()[self.value][0]

    @property
    def default_hal(self) -> str:
        """The subject line a letter to this type starts with (``resources/letters/disclosure_profiles.json``)."""
        return disclosure_profiles()[self.value][1]


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


@functools.cache
def disclosure_profiles() -> dict[str, tuple[Disclosure, str]]:
    """Per destination type: (disclosure profile, default Hal), from ``resources/letters/disclosure_profiles.json``.

    The profile decides what a letter to that type may carry: e.g. a rumah aman gets no address (the perpetrator
    may live there), the police get place of birth and the reported person (terlapor), a school only initials.
    """
    data = json.loads(resource_path("letters", "disclosure_profiles.json").read_text(encoding="utf-8"))
    out = {}
    for kind in DestinationType:
        entry = dict(data["profiles"][kind.value])
        hal = str(entry.pop("hal"))
        out[kind.value] = (Disclosure().with_overrides(entry), hal)
    return out


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


DEFAULT_NUMBER_PATTERN = "{kode}/{seq:03}/UPTD-PPA/{month_roman}/{year}"
_PATTERN_FIELDS = {"seq", "month_roman", "month", "year", "office", "kode"}
# "400.2.x", "xxx/...", "...", "?" or "[kode]": text someone meant to replace before the letter goes out
# (a lone "X" between slashes is October in Roman numerals, not a placeholder)
_PLACEHOLDER = re.compile(r"(?i)(?:^|\.)x(?=$|[./\-\s])|(?:^|[./\-\s])xx+(?=$|[./\-\s])|\.\.\.|…|\?|[\[\]<>]|_{2,}")


def has_placeholder(text: str) -> bool:
    """Whether a letter number or classification code still holds a placeholder such as "400.2.x"."""
    return bool(_PLACEHOLDER.search(text or ""))


def check_classification_code(code: str) -> str:
    """An office's kode klasifikasi arsip (Permendagri 83/2022), e.g. "400.2.4" or "000.1.2.3"."""
    code = (code or "").strip()
    if not re.fullmatch(r"\d{3}(?:\.\d{1,3}){0,4}", code):
        raise ValidationError(_("Kode klasifikasi arsip harus berupa angka bertitik, misalnya 400.2.4."),
                              field="classification_code")
    return code


def check_typed_number(number: str) -> str:
    """A letter number typed by hand (from the dinas agenda or SRIKANDI)."""
    number = " ".join((number or "").split())
    if not number:
        raise ValidationError(_("Nomor surat wajib diisi."), field="number")
    if len(number) > 80:
        raise ValidationError(_("Nomor surat terlalu panjang (maksimal 80 karakter)."), field="number")
    if has_placeholder(number):
        raise ValidationError(_("Nomor surat masih memuat tanda isian (mis. \"x\" atau \"...\"): tulis nomor "
                                "lengkap dari agenda dinas."), field="number")
    return number


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
        if has_placeholder("".join(lit for lit, *_rest in parsed)):
            raise ValidationError(_("Pola nomor surat masih memuat tanda isian (mis. \"x\"); gunakan {kode} untuk "
                                    "kode klasifikasi arsip."), field="pattern")
        try:
            self.format(1, _dt.date(2024, 1, 1), office="X", kode="000")
        except (ValueError, TypeError, IndexError) as exc:
            raise ValidationError(_("Pola nomor surat tidak sah"), field="pattern") from exc

    @property
    def needs_code(self) -> bool:
        return any(name == "kode" for _lit, name, _spec, _conv in string.Formatter().parse(self.pattern))

    def format(self, seq: int, on: _dt.date, office: str = "", kode: str = "") -> str:
        if seq < 1:
            raise ValueError("sequence numbers start at 1")
        return self.pattern.format(seq=seq, month_roman=to_roman(on.month), month=on.month, year=on.year,
                                   office=office, kode=kode)


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
    postal_code: str = ""

    @property
    def display_name(self) -> str:
        return self.short_name or self.unit


@dataclass(frozen=True)
class Signatory:
    position: str              # jabatan, e.g. "Kepala UPTD PPA Kabupaten Bombana"
    name: str
    nip: str = ""
    rank: str = ""             # pangkat/golongan, optional
    on_behalf: str = ""        # "a.n." / "Plt." / "Plh." when someone signs for the head
    head_position: str = ""    # the head's jabatan, printed after a.n. / Plt. / Plh.


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
    birth_place: str = ""
    age_at_incident: bool = False   # the age is the age on the incident date


Rows = tuple[tuple[str, str], ...]


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
    legal_basis: str = ""               # e.g. the investigator's request for a visum et repertum
    extra_sections: tuple[tuple[str, Rows], ...] = ()  # (title, label/value rows) on the lampiran: guardian, terlapor…
    separate_attachment: bool = False   # identity and chronology on a separate "Lampiran — RAHASIA" sheet

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
    "birth_place": ("birth_place", "tempat_lahir"),
    "street": ("street", "address", "address_street", "alamat"),
    "village": ("village", "village_name", "desa"),
    "district": ("district", "district_name", "kecamatan"),
    "regency": ("regency", "regency_name", "kabupaten"),
    "province": ("province", "province_name", "provinsi"),
}


def agency_title(agency: str) -> str:
    """"DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK" -> "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"."""
    if not agency.isupper():
        return agency
    small = {"dan", "dari", "di", "ke", "untuk"}
    words = agency.split()
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i and lw in small:
            out.append(lw)
        elif any(ch.isdigit() for ch in w) or w.startswith("("):  # acronyms such as DP2KBP3A stay in capitals
            out.append(w)
        else:
            out.append(w.capitalize())
    return " ".join(out)


def addressee_line(position: str, institution: str) -> str:
    """The Yth. line from the addressee's position and the institution, without saying the institution twice.

    "Direktur" + "RSUD Kabupaten Bombana" -> "Direktur RSUD Kabupaten Bombana"; "Kepala Dinas Sosial Kabupaten
    Bombana" + "Rumah Aman Dinas Sosial Kabupaten Bombana" -> "Kepala Dinas Sosial Kabupaten Bombana c.q. Rumah
    Aman"; a position that already names the institution is printed alone.
    """
    position, institution = " ".join(position.split()), " ".join(institution.split())
    if not position:
        return institution
    if not institution or institution.lower() in position.lower():
        return position
    p, i = position.split(), institution.split()
    shared = 0
    while shared < min(len(p), len(i)) and p[-1 - shared].lower() == i[-1 - shared].lower():
        shared += 1
    if shared >= 2:  # the position names the parent body: the institution is a unit of it
        rest = " ".join(i[:len(i) - shared])
        return f"{position} c.q. {rest}" if rest else position
    if position.lower() in institution.lower() and len(p) > 1:
        return institution
    return f"{position} {institution}"


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
    place = str(_get(person_like, "birth_place") or "") if rule.birth_place else ""
    return DisclosedVictim(
        birth_place=place,
        name=full_name if rule.name is NameLevel.FULL else initials(full_name),
        name_is_initials=rule.name is NameLevel.INITIALS,
        sex=str(_get(person_like, "sex") or ""),
        birth_date=birth if rule.birth is BirthLevel.DATE else None,
        age_years=age,
        birth_estimated=estimated and age is not None,
        address=_address(person_like, rule.address),
        nik=str(_get(person_like, "nik") or "") if rule.nik else "",
    )
