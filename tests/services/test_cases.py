"""Case services: create, read, save with optimistic locking, list and search, status, duplicates, access, attachments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain.case_json import case_from_json
from caseapp.domain.case_list import CaseFilter
from caseapp.domain.errors import NotFound, PermissionDenied, ValidationError
from caseapp.domain.nik import make_nik
from caseapp.services import attachments, cases
from caseapp.store import audit_log
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock

EXAMPLE = {
    "intake_date": "2024-01-22", "channel": "datang_langsung",
    "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04", "region_code": "74.06.01"}],
    "perpetrators": [{"name": "Fulan", "sex": "L", "relationship": "tetangga"}],
    "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
    "chronology": "Korban melapor bersama ibunya.",
}


def example(**changes) -> dict:
    data = {**EXAMPLE, **changes}
    data["victims"] = [dict(v) for v in data["victims"]]
    return data


def actions(session) -> list[tuple[str, str]]:
    return [(e.action, e.record_id) for e in audit_log.entries(session.db.conn, limit=1000)]


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    yield data_dir, result.session
    if not result.session.closed:
        result.session.close()


@pytest.fixture
def officers(office):
    """Two officers; returns a function that unlocks one of them (the admin session is closed first)."""
    data_dir, admin = office
    add_officer(admin, "petugas1", "Petugas Satu")
    add_officer(admin, "petugas2", "Petugas Dua")
    admin.close()
    opened = []

    def as_user(name):
        s = unlock(data_dir, name, OFFICER_PASSWORD)
        opened.append(s)
        return s

    yield as_user
    for s in opened:
        if not s.closed:
            s.close()


def test_create_numbers_per_year_and_round_trips(office):
    _, s = office
    first = cases.create_case_from_json(s, example())
    second = cases.create_case_from_json(s, example())
    other_year = cases.create_case_from_json(s, example(intake_date="2025-02-01"))
    assert (first.case_number, second.case_number, other_year.case_number) == (
        "74.06/2024/0001", "74.06/2024/0002", "74.06/2025/0001")
    assert first.version == 1 and first.competent_office == "74.06"
    loaded = cases.get_case(s, first.case_number)
    assert loaded == first
    assert cases.get_case(s, first.uuid) == first
    assert ("case_created", first.uuid) in actions(s) and ("case_viewed", first.uuid) in actions(s)


def test_unknown_case_is_not_found(office):
    _, s = office
    with pytest.raises(NotFound) as e:
        cases.get_case(s, "74.06/2024/9999")
    assert e.value.exit_code == 5


def test_save_increments_version_and_stale_save_is_refused(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    opened_a = cases.get_case(s, case.uuid)
    opened_b = cases.get_case(s, case.uuid)
    inc = opened_a.incidents[0]
    saved = cases.save_case(s, replace(opened_a, incidents=(replace(inc, chronology="Kronologi versi A."),)))
    assert saved.version == 2
    with pytest.raises(cases.CaseChangedElsewhere) as e:
        cases.save_case(s, replace(opened_b, incidents=(replace(inc, chronology="Kronologi versi B."),)))
    assert e.value.exit_code == 17 and "Buka ulang" in e.value.message
    again = cases.get_case(s, case.uuid)
    assert again.version == 2 and again.incidents[0].chronology == "Kronologi versi A."
    assert ("case_updated", case.uuid) in actions(s)


def test_save_keeps_the_case_number(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    saved = cases.save_case(s, replace(cases.get_case(s, case.uuid), case_number="LAIN/1"))
    assert saved.case_number == case.case_number == cases.get_case(s, case.uuid).case_number


def test_save_validates(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        cases.save_case(s, replace(cases.get_case(s, case.uuid), intake_date=tomorrow))
    assert e.value.field == "intake_date"
    assert cases.get_case(s, case.uuid).version == 1


def test_list_shows_initials_and_searches(office):
    _, s = office
    nik = make_nik("74.06.01", dt.date(2012, 3, 4), "P", 17)
    a = cases.create_case_from_json(s, example(victims=[{**EXAMPLE["victims"][0], "nik": nik}]))
    b = cases.create_case_from_json(s, example(
        victims=[{"name": "Wa Ode Nurhayati", "sex": "P", "birth_date": "1990-05-05"}],
        violence_types=["fisik"], chronology="Korban dipukul di kebun cengkeh."))
    rows = cases.list_cases(s, CaseFilter())
    assert {r.uuid for r in rows} == {a.uuid, b.uuid}
    row = next(r for r in rows if r.uuid == a.uuid)
    assert row.victim_initials == "S.A." and row.child_victim and row.violence_types == ("seksual",)
    assert "Siti" not in repr(rows)

    def found(text):
        return {r.uuid for r in cases.list_cases(s, CaseFilter(text=text))}

    assert found("siti") == {a.uuid}
    assert found("Nurha") == {b.uuid}              # name prefix
    assert found("wa ode") == {b.uuid}              # two words, both required
    assert found(nik[:8]) == {a.uuid}               # NIK prefix
    assert found(b.case_number) == {b.uuid}
    assert found("cengkeh") == {b.uuid}             # chronology word
    assert found("Aminah Nurhayati") == set()
    assert found('"; DROP TABLE cases; --') == set()
    assert cases.count_cases(s, CaseFilter(text="korban")) == 2


def test_status_filter_and_transitions(office):
    _, s = office
    a = cases.create_case_from_json(s, example())
    b = cases.create_case_from_json(s, example())
    moved = cases.change_status(s, a.uuid, "asesmen")
    assert moved.status == "asesmen" and moved.version == 2
    assert [r.uuid for r in cases.list_cases(s, CaseFilter(statuses=("asesmen",)))] == [a.uuid]
    assert [r.uuid for r in cases.list_cases(s, CaseFilter(statuses=("pengaduan",)))] == [b.uuid]
    with pytest.raises(ValidationError) as e:
        cases.change_status(s, b.uuid, "layanan")      # skipping steps
    assert e.value.field == "status"
    with pytest.raises(ValidationError) as e:
        cases.change_status(s, a.uuid, "selesai")      # closing needs a reason
    assert e.value.field == "closure_reason"
    reported = cases.save_case(s, replace(cases.get_case(s, a.uuid), police_reported_at=dt.datetime(2024, 1, 23, 9)))
    closed = cases.change_status(s, a.uuid, "selesai", closure_reason="tujuan_tercapai",
                                 reason="Dipantau oleh puskesmas setempat.")
    assert closed.status == "selesai" and closed.closure_reason == "tujuan_tercapai"
    reopened = cases.change_status(s, a.uuid, "asesmen")
    assert reopened.closure_reason is None and reopened.version == reported.version + 2
    assert ("case_status_changed", a.uuid) in actions(s)


def test_sexual_violence_case_not_closed_without_police_report_time_or_reason(office):
    _, s = office
    a = cases.create_case_from_json(s, example(violence_types=["pelecehan_seksual_fisik"]))
    with pytest.raises(ValidationError) as e:
        cases.change_status(s, a.uuid, "selesai", closure_reason="tujuan_tercapai")
    assert e.value.field == "police_reported_at"
    unchanged = cases.get_case(s, a.uuid)
    assert (unchanged.status, unchanged.version, unchanged.notes) == ("pengaduan", 1, ())
    closed = cases.change_status(s, a.uuid, "selesai", closure_reason="laporan_dicabut",
                                 reason="Korban dewasa memilih tidak melapor setelah diberi informasi haknya.")
    assert closed.status == "selesai"
    assert "memilih tidak melapor" in cases.get_case(s, a.uuid).notes[-1].text
    assert ("case_stage_reason_recorded", closed.notes[-1].uuid) in actions(s)


def test_back_step_is_audited_with_its_reason(office):
    _, s = office
    a = cases.create_case_from_json(s, example())
    for stage in ("asesmen", "rencana_intervensi", "layanan"):
        cases.change_status(s, a.uuid, stage)
    with pytest.raises(ValidationError) as e:
        cases.change_status(s, a.uuid, "asesmen")
    assert e.value.field == "reason"
    assert cases.get_case(s, a.uuid).status == "layanan"
    back = cases.change_status(s, a.uuid, "asesmen", reason="Pelaku kembali ke rumah; risiko perlu dinilai ulang.")
    assert back.status == "asesmen"
    note = cases.get_case(s, a.uuid).notes[-1]
    assert "Pelaku kembali ke rumah" in note.text and note.author == s.user.username
    logged = actions(s)
    assert ("case_stage_back_step", a.uuid) in logged and ("case_stage_reason_recorded", note.uuid) in logged
    # the log links to the note; the reason's words stay in the encrypted case document only
    assert not any("Pelaku" in (e.action + e.record_id) for e in audit_log.entries(s.db.conn, limit=1000))


def test_duplicates_by_nik_and_by_name_and_birth_date(office):
    _, s = office
    nik = make_nik("74.06.01", dt.date(2012, 3, 4), "P", 17)
    first = cases.create_case_from_json(s, example(victims=[{**EXAMPLE["victims"][0], "nik": nik}]))
    same_nik = case_from_json(example(victims=[{"name": "Nama Lain", "nik": nik}]))
    hits = cases.find_duplicates(s, same_nik)
    assert [(h.other_case_number, h.reason) for h in hits] == [(first.case_number, "nik")]
    similar = case_from_json(example(victims=[{"name": "siti  AMINAH", "birth_date": "2012-03-04"}]))
    hits = cases.find_duplicates(s, similar)
    assert [(h.other_case_number, h.reason) for h in hits] == [(first.case_number, "name_birth")]
    assert cases.find_duplicates(s, case_from_json(example(victims=[{"name": "Siti Aminah"}]))) == []
    assert cases.find_duplicates(s, first) == []       # a case is not its own duplicate


def test_nik_disagreement_is_a_warning_not_a_refusal(office):
    _, s = office
    nik = make_nik("74.06.01", dt.date(2011, 3, 4), "L", 17)
    case = cases.create_case_from_json(s, example(victims=[{**EXAMPLE["victims"][0], "nik": nik}]))
    fields = [f for f, _m in cases.warnings(case)]
    assert fields == ["victims[0].nik", "victims[0].nik"]  # birth date and sex disagree


def test_officer_cannot_open_another_officers_unassigned_case(officers):
    one = officers("petugas1")
    case = cases.create_case_from_json(one, example())
    assert cases.get_case(one, case.uuid).uuid == case.uuid
    one.close()
    two = officers("petugas2")
    for call in (lambda: cases.get_case(two, case.case_number), lambda: cases.export_case_json(two, case.uuid),
                 lambda: attachments.list_attachments(two, case.uuid)):
        with pytest.raises(PermissionDenied) as e:
            call()
        assert e.value.exit_code == 4 and "tidak ditugaskan" in e.value.message
    assert cases.list_cases(two, CaseFilter()) == [] and cases.count_cases(two, CaseFilter()) == 0
    denied = [a for a in actions(two) if a[0] == "case_access_denied"]
    assert denied == [("case_access_denied", case.uuid)] * 3
    assert ("case_viewed", case.uuid) not in [a for a in actions(two)][:3]


def test_assignment_opens_the_case_to_that_officer(officers):
    one = officers("petugas1")
    case = cases.create_case_from_json(one, example())
    cases.save_case(one, replace(cases.get_case(one, case.uuid), assigned_officers=("petugas2",)))
    one.close()
    two = officers("petugas2")
    assert cases.get_case(two, case.uuid).assigned_officers == ("petugas2",)
    assert [r.uuid for r in cases.list_cases(two, CaseFilter())] == [case.uuid]
    assert [r.uuid for r in cases.list_cases(two, CaseFilter(mine=True))] == [case.uuid]


def test_supervisor_sees_every_case(office):
    from caseapp.domain.accounts import Role

    data_dir, admin = office
    add_officer(admin, "kepala", "Kepala UPTD", Role.SUPERVISOR)
    case = cases.create_case_from_json(admin, example())
    admin.close()
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as head:
        assert cases.get_case(head, case.uuid).uuid == case.uuid


def test_export_is_the_full_json_and_audited(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    data = cases.export_case_json(s, case.case_number)
    assert data["format"] == "caseapp.case" and data["victims"][0]["name"] == "Siti Aminah"
    assert case_from_json(data) == case
    assert ("case_exported", case.uuid) in actions(s)


def test_attachment_bytes_round_trip_and_audit(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    payload = bytes(range(256)) * 100
    info = attachments.add_attachment(s, case.case_number, file_name="persetujuan.pdf", mime_type="application/pdf",
                                      data=payload, description="Formulir persetujuan")
    assert info.size == len(payload)
    assert [a.id for a in attachments.list_attachments(s, case.uuid)] == [info.id]
    assert attachments.open_attachment(s, info.id) == ("application/pdf", payload)
    assert ("attachment_added", info.id) in actions(s) and ("attachment_viewed", info.id) in actions(s)
    attachments.delete_attachment(s, info.id)
    assert attachments.list_attachments(s, case.uuid) == []
    with pytest.raises(NotFound):
        attachments.open_attachment(s, info.id)


def test_attachment_limits_have_clear_messages(office):
    _, s = office
    case = cases.create_case_from_json(s, example())
    too_big = b"\0" * (attachments.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(ValidationError) as e:
        attachments.add_attachment(s, case.uuid, file_name="scan.pdf", mime_type="application/pdf", data=too_big)
    assert "terlalu besar" in e.value.message and "20 MB" in e.value.message and e.value.field == "attachment"
    with pytest.raises(ValidationError) as e:
        attachments.add_attachment(s, case.uuid, file_name="x.exe", mime_type="application/x-msdownload", data=b"MZ")
    assert "PDF" in e.value.message
    with pytest.raises(ValidationError):
        attachments.add_attachment(s, case.uuid, file_name="kosong.txt", mime_type="text/plain", data=b"")
    assert attachments.list_attachments(s, case.uuid) == []


def test_handed_over_case_is_read_only(office):
    from caseapp.store import cases_repo

    _, s = office
    case = cases.create_case_from_json(s, example())
    with s.db.transaction() as c:
        cases_repo.set_owner(c, case.uuid, "74.06", read_only=True, handed_over_to="74")
    with pytest.raises(PermissionDenied):
        cases.save_case(s, cases.get_case(s, case.uuid))
    with pytest.raises(PermissionDenied):
        attachments.add_attachment(s, case.uuid, file_name="a.txt", mime_type="text/plain", data=b"x")


def test_duplicate_hits_are_labelled_by_what_matched_and_listed_once(tmp_path):
    from caseapp.domain.case_json import case_from_json
    from caseapp.services import cases as svc
    from tests.helpers import make_office

    _dd, result = make_office(tmp_path / "dup")
    s = result.session
    base = {"intake_date": "2024-01-22", "channel": "datang_langsung", "violence_types": ["fisik"]}
    nik = "7406014403120001"
    first = svc.create_case(s, case_from_json({**base, "victims": [{"name": "Siti Aminah", "sex": "P", "nik": nik, "birth_date": "2012-03-04"}]}))
    second = svc.create_case(s, case_from_json({**base, "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04"}]}))
    probe = case_from_json({**base, "victims": [{"name": "Siti Aminah", "sex": "P", "nik": nik, "birth_date": "2012-03-04"}]})
    hits = {h.other_case_number: h.reason for h in svc.find_duplicates(s, probe)}
    assert hits == {first.case_number: "nik", second.case_number: "name_birth"}
    assert svc.can_view_case(s, first.uuid)
    s.close()


def test_session_repr_never_shows_the_data_key(tmp_path):
    from tests.helpers import make_office

    _dd, result = make_office(tmp_path / "repr")
    s = result.session
    assert bytes(s.data_key).hex() not in repr(s) and "data_key" not in repr(s)
    s.close()
