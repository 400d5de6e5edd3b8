"""Fixtures for the case screens: an office with an open admin session and a helper to make cases."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from tests.helpers import make_office  # noqa: E402


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    yield data_dir, result.session
    result.session.close()


@pytest.fixture
def session(office):
    return office[1]


def sample_case(name: str = "Siti Aminah", *, nik: str | None = None, types=("fisik",), intake: dt.date | None = None,
                officers=(), birth: dt.date | None = dt.date(2012, 3, 4)):
    from caseapp.domain.case import Case, Incident, Person

    intake = intake or dt.date.today() - dt.timedelta(days=3)
    victim = Person(role="korban", name=name, nik=nik, sex="P", birth_date=birth)
    return Case(intake_date=intake, channel="datang_langsung", intake_time=dt.time(9, 30), persons=(victim,),
                incidents=(Incident(date=intake - dt.timedelta(days=1), violence_types=tuple(types)),),
                assigned_officers=tuple(officers))
