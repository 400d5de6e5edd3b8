"""Case model: workflow, deadlines, initials, case numbers and person ordering."""

from __future__ import annotations

import datetime as dt

import pytest

from caseapp.domain.case import (CLOSED, STATUSES, Case, Consent, Incident, Person, allowed_transitions,
                                 can_transition, format_case_number, initials, police_report_deadline,
                                 response_deadline, transition)
from caseapp.domain.codes import default_registry
from caseapp.domain.errors import ValidationError


def make_case(**kw) -> Case:
    base = dict(intake_date=dt.date(2024, 1, 22), channel="datang_langsung",
                incidents=(Incident(date=dt.date(2024, 1, 20), violence_types=("fisik",)),))
    base.update(kw)
    return Case(**base)


def test_forward_path_to_closure_and_reopen():
    case = make_case()
    for target in STATUSES[1:-1]:
        case = transition(case, target)
    assert case.status == "monitoring"
    closed = transition(case, CLOSED, closure_reason="tujuan_tercapai")
    assert closed.status == CLOSED and closed.closure_reason == "tujuan_tercapai"
    reopened = transition(closed, "asesmen")
    assert reopened.status == "asesmen" and reopened.closure_reason is None


@pytest.mark.parametrize("current, target", [
    ("pengaduan", "layanan"), ("asesmen", "pengaduan"), ("selesai", "layanan"), ("pengaduan", "pengaduan"),
    ("layanan", "rencana_intervensi"),
])
def test_disallowed_transitions(current, target):
    assert not can_transition(current, target)
    with pytest.raises(ValidationError) as exc:
        transition(make_case(status=current), target)
    assert exc.value.field == "status"


def test_closing_requires_known_reason():
    case = make_case(status="monitoring")
    with pytest.raises(ValidationError) as exc:
        transition(case, CLOSED)
    assert exc.value.field == "closure_reason"
    with pytest.raises(ValidationError):
        transition(case, CLOSED, closure_reason="bosan")


def test_every_status_has_a_way_forward_or_back():
    assert all(allowed_transitions(s) for s in STATUSES)
    assert allowed_transitions(CLOSED) == {"asesmen"}


def test_police_report_deadline_only_for_sexual_violence():
    assert police_report_deadline(make_case()) is None
    sexual = make_case(intake_time=dt.time(14, 30),
                       incidents=(Incident(date=dt.date(2024, 1, 20), violence_types=("psikis", "seksual")),))
    assert police_report_deadline(sexual) == dt.datetime(2024, 1, 25, 14, 30)
    trafficking = make_case(incidents=(Incident(date=None, violence_types=("trafikking_eksploitasi_seksual",)),))
    assert police_report_deadline(trafficking) == dt.datetime(2024, 1, 25, 0, 0)


def test_response_deadline():
    t = dt.datetime(2024, 1, 22, 9, 0)
    assert response_deadline("tinggi", t) == t
    assert response_deadline("sedang", t) == t + dt.timedelta(hours=6)
    assert response_deadline("rendah", t) == t + dt.timedelta(hours=24)
    assert response_deadline("sedang", t, hours={"sedang": 3}) == t + dt.timedelta(hours=3)
    reg = default_registry().extend("risk_level", [{"code": "sedang", "id": "Sedang", "response_hours": 2}])
    assert response_deadline("sedang", t, registry=reg) == t + dt.timedelta(hours=2)
    with pytest.raises(ValidationError):
        response_deadline("genting", t)


@pytest.mark.parametrize("name, expected", [
    ("Siti Aminah", "S.A."), ("  wa ode   nurhayati ", "W.O.N."), ("Fulan", "F."), ("", ""),
    ("Ma'ruf Amin", "M.A."), ("(Nur) Aini", "N.A."),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_case_number_patterns():
    assert format_case_number("{office}/{year}/{seq:04}", office="BMB", year=2024, seq=1) == "BMB/2024/0001"
    assert format_case_number("{seq:03}/UPTD-PPA/{month_roman}/{year}", office="X", year=2024, seq=15,
                              month=1) == "015/UPTD-PPA/I/2024"


@pytest.mark.parametrize("pattern", ["{office}/{year}", "{office}/{seq}/{kota}", "{seq:04", "{seq:zz}"])
def test_bad_case_number_patterns(pattern):
    with pytest.raises(ValidationError):
        format_case_number(pattern, office="BMB", year=2024, seq=1)


def test_persons_kept_in_role_order_and_views():
    rep = Person(role="pelapor", name="Ibu")
    perp = Person(role="pelaku", name="Fulan")
    vic = Person(role="korban", name="Siti Aminah")
    case = make_case(persons=(rep, perp, vic))
    assert case.persons == (vic, perp, rep)
    assert case.victims == (vic,) and case.perpetrators == (perp,) and case.reporters == (rep,)
    assert vic.initials == "S.A."


def test_case_is_immutable():
    with pytest.raises(Exception):
        make_case().status = "selesai"  # type: ignore[misc]


def test_consent_problems():
    assert Consent(basis="persetujuan", given_by="Ibu", scope=("pencatatan",),
                   given_at=dt.datetime(2024, 1, 22, 10)).problems() == []
    assert {f for f, _m in Consent(basis="persetujuan").problems()} == {"given_by", "given_at", "scope"}
    assert [f for f, _m in Consent(basis="kewajiban_hukum").problems()] == ["note"]
    assert Consent(basis="kewajiban_hukum", note="Orang tua adalah terlapor").problems() == []
