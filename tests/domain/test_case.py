"""Case model: workflow, deadlines, initials, case numbers and person ordering."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain.case import (CLOSED, STATUSES, Case, Consent, FollowUp, Incident, Person, allowed_transitions,
                                 can_transition, format_case_number, initials, police_report_deadline,
                                 response_deadline, temporary_protection_deadline, transition)
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
    assert case.notes == ()  # forward steps need no reason and leave no note
    assert case.status == "monitoring"
    case = replace(case, follow_ups=(FollowUp(date=dt.date(2024, 3, 1), result="Korban kembali bersekolah."),))
    closed = transition(case, CLOSED, closure_reason="tujuan_tercapai")
    assert closed.status == CLOSED and closed.closure_reason == "tujuan_tercapai"
    reopened = transition(closed, "asesmen")
    assert reopened.status == "asesmen" and reopened.closure_reason is None


@pytest.mark.parametrize("current, target", [
    ("pengaduan", "layanan"), ("asesmen", "pengaduan"), ("selesai", "layanan"), ("pengaduan", "pengaduan"),
    ("layanan", "rencana_intervensi"), ("asesmen", "penjangkauan"), ("penjangkauan", "layanan"),
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


def test_outreach_stage_is_optional_between_intake_and_assessment():
    case = transition(make_case(), "penjangkauan")
    assert transition(case, "asesmen").status == "asesmen"
    assert transition(make_case(), "asesmen").status == "asesmen"


@pytest.mark.parametrize("current", ["layanan", "monitoring", "rencana_intervensi"])
def test_back_step_to_reassessment_needs_a_reason_kept_as_a_note(current):
    case = make_case(status=current)
    with pytest.raises(ValidationError) as exc:
        transition(case, "asesmen", reason="   ")
    assert exc.value.field == "reason"
    at = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    moved = transition(case, "asesmen", reason="Korban pindah ke rumah nenek; risiko dinilai ulang.", at=at,
                       author="manajer1")
    assert moved.status == "asesmen"
    (note,) = moved.notes
    assert "Korban pindah ke rumah nenek" in note.text and "Asesmen" in note.text
    assert (note.created_at, note.author) == (at, "manajer1")


def _sexual_case(**kw) -> Case:
    return make_case(incidents=(Incident(date=dt.date(2024, 1, 20), violence_types=("pelecehan_seksual_fisik",)),),
                     **kw)


def test_closing_a_sexual_violence_case_needs_a_police_report_time_or_a_reason():
    case = _sexual_case(status="monitoring")
    with pytest.raises(ValidationError) as exc:
        transition(case, CLOSED, closure_reason="tujuan_tercapai")
    assert exc.value.field == "police_reported_at"
    reported = replace(case, police_reported_at=dt.datetime(2024, 1, 23, 10, 0))
    assert transition(reported, CLOSED, closure_reason="dirujuk").status == CLOSED
    closed = transition(case, CLOSED, closure_reason="laporan_dicabut",
                        reason="Keluarga korban menolak melapor; korban dewasa dan sudah diberi informasi hak.")
    assert closed.status == CLOSED and "menolak melapor" in closed.notes[-1].text
    # a case with no sexual violence closes as before
    assert transition(make_case(status="monitoring"), CLOSED, closure_reason="dirujuk").status == CLOSED


def test_closing_as_goals_met_needs_a_monitoring_record_or_a_reason():
    case = make_case()   # still at intake: nothing was monitored
    with pytest.raises(ValidationError) as exc:
        transition(case, CLOSED, closure_reason="tujuan_tercapai")
    assert exc.value.field == "reason"
    assert transition(case, CLOSED, closure_reason="bukan_kewenangan").status == CLOSED
    closed = transition(case, CLOSED, closure_reason="tujuan_tercapai",
                        reason="Korban dirujuk balik; dipantau puskesmas.")
    assert "dipantau puskesmas" in closed.notes[-1].text


def test_police_report_deadline_only_for_sexual_violence():
    assert police_report_deadline(make_case()) is None
    sexual = make_case(intake_time=dt.time(14, 30),
                       incidents=(Incident(date=dt.date(2024, 1, 20), violence_types=("psikis", "seksual")),))
    assert police_report_deadline(sexual) == dt.datetime(2024, 1, 25, 14, 30)
    trafficking = make_case(incidents=(Incident(date=None, violence_types=("trafikking_eksploitasi_seksual",)),))
    assert police_report_deadline(trafficking) == dt.datetime(2024, 1, 25, 0, 0)


@pytest.mark.parametrize("code", ["pelecehan_seksual_fisik", "pelecehan_seksual_nonfisik", "perkosaan",
                                  "kekerasan_seksual_berbasis_elektronik", "perkawinan_anak",
                                  "eksploitasi_seksual_anak", "trafikking_eksploitasi_seksual"])
def test_every_form_of_sexual_violence_starts_the_police_clock(code):
    case = make_case(intake_time=dt.time(8, 0),
                     incidents=(Incident(date=dt.date(2024, 1, 20), violence_types=(code,)),))
    assert police_report_deadline(case) == dt.datetime(2024, 1, 25, 8, 0)


@pytest.mark.parametrize("code", ["eksploitasi_ekonomi", "trafikking_kerja_paksa", "trafikking_narkoba", "fisik"])
def test_other_types_start_no_police_clock(code):
    assert police_report_deadline(make_case(incidents=(Incident(date=None, violence_types=(code,)),))) is None


def test_temporary_protection_clock_runs_24_hours_from_the_police_report():
    reported = dt.datetime(2024, 1, 23, 10, 0)
    sexual = make_case(incidents=(Incident(date=None, violence_types=("perkosaan",)),))
    assert temporary_protection_deadline(sexual) is None                     # not reported yet
    assert temporary_protection_deadline(replace(sexual, police_reported_at=reported)) == \
        dt.datetime(2024, 1, 24, 10, 0)
    household = make_case(police_reported_at=reported,
                          incidents=(Incident(date=None, violence_types=("fisik",), place="rumah_tangga"),))
    assert temporary_protection_deadline(household) == dt.datetime(2024, 1, 24, 10, 0)   # UU PKDRT Pasal 16
    street = make_case(police_reported_at=reported,
                       incidents=(Incident(date=None, violence_types=("fisik",), place="fasilitas_umum"),))
    assert temporary_protection_deadline(street) is None


def test_a_sub_type_an_office_adds_under_seksual_starts_the_clock():
    reg = default_registry().extend("violence_type", [
        {"code": "sextortion", "id": "Pemerasan seksual daring", "en": "Sextortion", "parent": "seksual"}])
    case = make_case(incidents=(Incident(date=None, violence_types=("sextortion",)),))
    assert police_report_deadline(case, reg) == dt.datetime(2024, 1, 25, 0, 0)


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
    ("Wa Ode Hasniah", "H."), ("La Ode Muhammad Rusdin", "M.R."), ("Andi Besse Tenri", "B.T."),
    ("Hj. Siti Aminah", "S.A."), ("H. Abdul Rahman", "A.R."), ("Haji Abdul Rahman", "A.R."),
    ("Nurhayati binti La Ode Kasim", "N.K."), ("Ahmad bin Yusuf", "A.Y."), ("Daeng Ngai", "N."),
    ("I Gusti Ayu Kade Sari", "A.K.S."), ("Ni Wayan Sekar", "S."), ("Wa Nia", "N."), ("La Ode", "O."),
    ("Siti Aminah, S.Pd.", "S.A."),
])
def test_initials_hide_titles_and_particles(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Siti Aminah", "S.A."), ("  wa ode   nurhayati ", "N."), ("Fulan", "F."), ("", ""),
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
