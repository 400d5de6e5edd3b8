"""NIK (Nomor Induk Kependudukan): format validation, decoding and consistency warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

FIELD = "nik"


@dataclass(frozen=True)
class NikInfo:
    province: str      # "74"
    regency: str       # "74.06"
    district: str      # "74.06.01"
    birth_date: dt.date
    sex: str           # "L" or "P"
    serial: str        # "0001"


def _candidate_dates(day: int, month: int, yy: int) -> list[dt.date]:
    out = []
    for century in (2000, 1900):
        try:
            out.append(dt.date(century + yy, month, day))
        except ValueError:
            pass
    return out


def parse_nik(value: str, *, today: dt.date | None = None) -> NikInfo:
    """Decode a NIK; the two-digit year becomes the latest date not after ``today``."""
    if not isinstance(value, str):
        raise ValidationError(_("NIK harus berupa teks 16 angka."), field=FIELD)
    s = value.strip()
    if len(s) != 16 or not s.isascii() or not s.isdigit():
        raise ValidationError(_("NIK harus terdiri dari tepat 16 angka."), field=FIELD)
    dd, month, yy = int(s[6:8]), int(s[8:10]), int(s[10:12])
    if not 1 <= month <= 12:
        raise ValidationError(_("Bulan lahir dalam NIK harus 01–12."), field=FIELD)
    if 1 <= dd <= 31:
        day, sex = dd, "L"
    elif 41 <= dd <= 71:
        day, sex = dd - 40, "P"
    else:
        raise ValidationError(_("Tanggal lahir dalam NIK harus 01–31 (laki-laki) atau 41–71 (perempuan)."),
                              field=FIELD)
    if s[12:] == "0000":
        raise ValidationError(_("Nomor urut NIK tidak boleh 0000."), field=FIELD)
    today = today or dt.date.today()
    dates = [d for d in _candidate_dates(day, month, yy) if d <= today]
    if not dates:
        raise ValidationError(_("Tanggal lahir dalam NIK bukan tanggal yang ada."), field=FIELD)
    return NikInfo(province=s[0:2], regency=f"{s[0:2]}.{s[2:4]}", district=f"{s[0:2]}.{s[2:4]}.{s[4:6]}",
                   birth_date=max(dates), sex=sex, serial=s[12:])


def nik_warnings(nik: str, *, birth_date: dt.date | None = None, sex: str | None = None,
                 region_exists: Callable[[str], bool] | None = None,
                 today: dt.date | None = None) -> list[str]:
    """Warnings (never errors) for a well-formed NIK; raises ValidationError when the NIK itself is malformed."""
    info = parse_nik(nik, today=today)
    if region_exists is None:
        from caseapp.domain.regions import exists as region_exists
    warnings: list[str] = []
    if not region_exists(info.district):
        warnings.append(_("Kode wilayah pada NIK tidak ada dalam daftar wilayah saat ini "
                          "(mungkin wilayah telah dimekarkan). Periksa kembali NIK."))
    # Compare day, month and two-digit year only: the century in a NIK is a guess.
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
            info.birth_date.day, info.birth_date.month, info.birth_date.year % 100):
        warnings.append(_("Tanggal lahir pada NIK berbeda dengan tanggal lahir yang dicatat."))
    if sex is not None and sex != info.sex:
        warnings.append(_("Jenis kelamin pada NIK berbeda dengan jenis kelamin yang dicatat."))
    return warnings


def make_nik(district: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (tests and fixtures); ``district`` like "74.06.01"."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
