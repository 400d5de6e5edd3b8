"""Ages: exact completed years, estimated birth dates, the child threshold and report age groups."""

from __future__ import annotations

import datetime as dt

from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

CHILD_AGE_LIMIT = 18  # a child is under 18 (UU 35/2014)
MAX_AGE = 130
DEFAULT_SCHEME = "age_group_detailed"
AGE_GROUP_SCHEMES = ("age_group_detailed", "age_group_broad")


def age_on(birth_date: dt.date, on_date: dt.date) -> int:
    """Completed years on ``on_date``; someone born on 29 February turns a year older on 1 March in other years."""
    if on_date < birth_date:
        raise ValidationError(_("Tanggal lahir tidak boleh setelah tanggal acuan."), field="birth_date")
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


def estimated_birth_date(age: int, on_date: dt.date) -> dt.date:
    """A birth date for someone said to be ``age`` on ``on_date``: mid-way through that year of age."""
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= MAX_AGE:
        raise ValidationError(_("Perkiraan umur harus antara 0 dan 130 tahun."), field="age")
    return _years_before(on_date, age) - dt.timedelta(days=182)


def is_child(age: int) -> bool:
    return age < CHILD_AGE_LIMIT


def age_group(age: int, scheme: str = DEFAULT_SCHEME, registry: CodeRegistry | None = None) -> str:
    """The code of the band containing ``age`` in a code list with ``min_age``/``max_age`` attributes."""
    if age < 0:
        raise ValidationError(_("Umur tidak boleh negatif."), field="age")
    for entry in (registry or default_registry())[scheme].entries:
        low, high = entry.extra.get("min_age"), entry.extra.get("max_age")
        if low is not None and age >= low and (high is None or age <= high):
            return entry.code
    raise ValidationError(_("Umur tidak masuk kelompok umur mana pun."), field="age")
