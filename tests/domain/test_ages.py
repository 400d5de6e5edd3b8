"""Age computation (property tests), estimated birth dates, child threshold and age groups."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caseapp.domain.ages import age_group, age_on, estimated_birth_date, is_child
from caseapp.domain.errors import ValidationError

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _anniversary(birth: dt.date, years: int) -> dt.date:
    year = birth.year + years
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return birth.replace(year=year)


@given(dates, dates, dates)
def test_monotonic(birth, d1, d2):
    d1, d2 = sorted((d1, d2))
    assume(birth <= d1)
    assert age_on(birth, d1) <= age_on(birth, d2)


@given(dates, st.integers(1, 120))
def test_birthday_boundary(birth, n):
    anniversary = _anniversary(birth, n)
    assume(anniversary <= dt.date(2200, 1, 1))
    assert age_on(birth, anniversary) == n
    assert age_on(birth, anniversary - dt.timedelta(days=1)) == n - 1


@given(dates, dates)
def test_matches_counting_anniversaries(birth, on):
    assume(birth <= on)
    n = age_on(birth, on)
    assert _anniversary(birth, n) <= on < _anniversary(birth, n + 1)


def test_feb_29():
    b = dt.date(2000, 2, 29)
    assert age_on(b, dt.date(2001, 2, 28)) == 0
    assert age_on(b, dt.date(2001, 3, 1)) == 1
    assert age_on(b, dt.date(2004, 2, 28)) == 3
    assert age_on(b, dt.date(2004, 2, 29)) == 4


def test_birth_after_reference_refused():
    with pytest.raises(ValidationError):
        age_on(dt.date(2024, 1, 2), dt.date(2024, 1, 1))


@given(st.integers(0, 130), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_estimated_birth_date_gives_that_age(age, on):
    assert age_on(estimated_birth_date(age, on), on) == age


@pytest.mark.parametrize("bad", [-1, 131, True, 2.5])
def test_estimated_age_out_of_range(bad):
    with pytest.raises(ValidationError):
        estimated_birth_date(bad, dt.date(2024, 1, 1))


def test_is_child():
    assert is_child(0) and is_child(17)
    assert not is_child(18)


@pytest.mark.parametrize("age, scheme, code", [
    (0, "age_group_detailed", "0_5"), (5, "age_group_detailed", "0_5"), (6, "age_group_detailed", "6_12"),
    (17, "age_group_detailed", "13_17"), (18, "age_group_detailed", "18_24"), (59, "age_group_detailed", "45_59"),
    (60, "age_group_detailed", "60_plus"), (17, "age_group_broad", "0_17"), (40, "age_group_broad", "18_40"),
    (60, "age_group_broad", "41_60"), (61, "age_group_broad", "61_plus"),
])
def test_age_group(age, scheme, code):
    assert age_group(age, scheme) == code


@pytest.mark.parametrize("scheme", ["age_group_detailed", "age_group_broad"])
def test_every_age_in_exactly_one_band(scheme):
    from caseapp.domain.codes import default_registry
    entries = default_registry()[scheme].entries
    for age in range(0, 131):
        bands = [e for e in entries if e.extra["min_age"] <= age and (e.extra["max_age"] is None or age <= e.extra["max_age"])]
        assert len(bands) == 1
        assert age_group(age, scheme) == bands[0].code


def test_negative_age_refused():
    with pytest.raises(ValidationError):
        age_group(-1)
