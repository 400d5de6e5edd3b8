"""NIK parsing (property tests) and consistency warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caseapp.domain.errors import ValidationError
from caseapp.domain.nik import make_nik, nik_warnings, parse_nik

TODAY = dt.date(2025, 6, 15)
# Within the last 100 years the two-digit year is unambiguous.
birth_dates = st.dates(min_value=dt.date(1925, 6, 16), max_value=TODAY)
pairs = st.integers(1, 99).map(lambda n: f"{n:02d}")
districts = st.tuples(pairs, pairs, pairs).map(".".join)
sexes = st.sampled_from(["L", "P"])
serials = st.integers(1, 9999)


@given(districts, birth_dates, sexes, serials)
def test_valid_nik_parses_back_to_its_parts(district, birth, sex, serial):
    info = parse_nik(make_nik(district, birth, sex, serial), today=TODAY)
    assert info.district == district
    assert info.regency == district[:5] and info.province == district[:2]
    assert info.birth_date == birth
    assert info.sex == sex
    assert info.serial == f"{serial:04d}"


@given(st.text(alphabet="0123456789 -aX٣", max_size=20))
def test_anything_but_16_ascii_digits_refused(s):
    assume(not (len(s.strip()) == 16 and s.strip().isascii() and s.strip().isdigit()))
    with pytest.raises(ValidationError) as exc:
        parse_nik(s, today=TODAY)
    assert exc.value.field == "nik"


def _with(nik: str, pos: int, part: str) -> str:
    return nik[:pos] + part + nik[pos + len(part):]


@given(districts, birth_dates, sexes, serials, st.sampled_from([0, *range(13, 100)]))
def test_bad_month_refused(district, birth, sex, serial, month):
    nik = _with(make_nik(district, birth, sex, serial), 8, f"{month:02d}")
    with pytest.raises(ValidationError, match="Bulan"):
        parse_nik(nik, today=TODAY)


@given(districts, birth_dates, serials, st.sampled_from([0, *range(32, 41), *range(72, 100)]))
def test_bad_day_refused(district, birth, serial, day):
    nik = _with(make_nik(district, birth, "L", serial), 6, f"{day:02d}")
    with pytest.raises(ValidationError, match="01–31"):
        parse_nik(nik, today=TODAY)


@given(districts, birth_dates, sexes)
def test_serial_0000_refused(district, birth, sex):
    nik = make_nik(district, birth, sex, 1)[:12] + "0000"
    with pytest.raises(ValidationError, match="0000"):
        parse_nik(nik, today=TODAY)


@pytest.mark.parametrize("ddmmyy", ["310224", "300223", "290223", "710490", "310690"])
def test_impossible_calendar_dates_refused(ddmmyy):
    with pytest.raises(ValidationError, match="bukan tanggal"):
        parse_nik(f"740601{ddmmyy}0001", today=TODAY)


def test_feb_29_of_a_leap_year_accepted():
    assert parse_nik("7406016902240001", today=TODAY).birth_date == dt.date(2024, 2, 29)


def test_century_is_latest_date_not_in_future():
    nik = "7406010101250001"
    assert parse_nik(nik, today=dt.date(2025, 6, 1)).birth_date == dt.date(2025, 1, 1)
    assert parse_nik(nik, today=dt.date(2024, 12, 31)).birth_date == dt.date(1925, 1, 1)
    assert parse_nik("7406010101990001", today=TODAY).birth_date == dt.date(1999, 1, 1)


def test_spaces_around_are_tolerated():
    assert parse_nik(" 7406014403120001 ", today=TODAY).sex == "P"


def test_warnings():
    nik = make_nik("74.06.01", dt.date(2012, 3, 4), "P", 1)
    known = lambda code: code == "74.06.01"  # noqa: E731
    assert nik_warnings(nik, birth_date=dt.date(2012, 3, 4), sex="P", region_exists=known, today=TODAY) == []
    w = nik_warnings(nik, birth_date=dt.date(2012, 3, 5), sex="L", region_exists=lambda c: False, today=TODAY)
    assert len(w) == 3
    assert any("wilayah" in x for x in w) and any("Tanggal lahir" in x for x in w) and any("kelamin" in x for x in w)


def test_warning_compares_two_digit_year_only():
    nik = make_nik("74.06.01", dt.date(1920, 5, 6), "L", 3)  # parses as 2020 today, record says 1920
    assert nik_warnings(nik, birth_date=dt.date(1920, 5, 6), region_exists=lambda c: True, today=TODAY) == []


def test_warnings_default_region_list():
    assert nik_warnings(make_nik("74.06.01", dt.date(2012, 3, 4), "P", 1), today=TODAY) == []
    assert len(nik_warnings(make_nik("74.99.01", dt.date(2012, 3, 4), "P", 1), today=TODAY)) == 1


def test_warnings_raise_for_malformed_nik():
    with pytest.raises(ValidationError):
        nik_warnings("123", region_exists=lambda c: True)
