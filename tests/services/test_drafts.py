"""Autosaved case drafts at the service level: owner only, never in the clear on disk, not a case edit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain.case import Case, Incident, Person
from caseapp.domain.errors import CaseappError, NotFound, PermissionDenied
from caseapp.services import accounts, cases, drafts
from caseapp.store import audit_log, drafts_repo
from tests.helpers import OFFICER_PASSWORD, add_officer, files_containing, make_office, unlock

MARKER = "Kronologi Penanda Draf Qwertyuiop"


@pytest.fixture
def office(tmp_path):
    """(data_dir, admin session, a saved case assigned to officer 'petugas1')."""
    data_dir, result = make_office(tmp_path / "office")
    session = result.session
    add_officer(session)
    intake = dt.date.today() - dt.timedelta(days=3)
    case = cases.create_case(session, Case(
        intake_date=intake, channel="datang_langsung",
        persons=(Person(role="korban", name="Siti Aminah", sex="P", birth_date=dt.date(2012, 3, 4)),),
        incidents=(Incident(date=intake, violence_types=("fisik",), chronology="Awal."),),
        assigned_officers=("petugas1",)))
    yield data_dir, session, case
    session.close()


def edited(case: Case, text: str = MARKER) -> Case:
    """The case as an editor would hold it half-way: a new chronology and a NIK not yet complete."""
    return replace(case, incidents=(replace(case.incidents[0], chronology=text),),
                   persons=(replace(case.persons[0], nik="740601"),))


def unfinished_new_case(text: str = MARKER) -> Case:
    """A new case just begun: no channel, a victim without a name, an incident without a violence type."""
    return Case(intake_date=dt.date.today(), channel=None, persons=(Person(role="korban", name=""),),
                incidents=(Incident(date=None, violence_types=(), chronology=text),))


def audit_count(session) -> int:
    return audit_log.head(session.db.conn, session.office.db_id)[0]


def test_a_draft_round_trips_even_when_it_would_not_validate(office):
    _data_dir, session, case = office
    draft = edited(case)
    draft_id = drafts.save_draft(session, draft)
    info, back = drafts.load_draft(session, draft_id)
    assert back == draft and back.persons[0].nik == "740601"
    assert (info.case_uuid, info.case_number, info.base_version, info.case_changed) == (
        case.uuid, case.case_number, case.version, False)

    new = unfinished_new_case()
    new_id = drafts.save_draft(session, new)
    info, back = drafts.load_draft(session, new_id)
    assert back == new and info.case_uuid is None and info.base_version is None and info.case_number is None


def test_saving_a_draft_is_not_a_case_edit(office):
    _data_dir, session, case = office
    before = audit_count(session)
    draft_id = drafts.save_draft(session, edited(case))
    assert drafts.save_draft(session, edited(case, MARKER + " lagi"), draft_id=draft_id) == draft_id
    assert drafts.save_draft(session, edited(case, MARKER + " 3")) == draft_id  # one draft per user and case
    assert audit_count(session) == before
    stored = cases.get_case(session, case.uuid)
    assert stored.version == case.version and stored.incidents[0].chronology == "Awal."
    assert len(drafts.list_drafts(session)) == 1

    new_id = drafts.save_draft(session, unfinished_new_case())
    assert drafts.save_draft(session, unfinished_new_case("lebih panjang"), draft_id=new_id) == new_id
    assert len(drafts.list_drafts(session)) == 2


def test_restoring_and_discarding_are_logged_by_id_only(office):
    _data_dir, session, case = office
    draft_id = drafts.save_draft(session, edited(case))
    new_id = drafts.save_draft(session, unfinished_new_case())
    drafts.load_draft(session, draft_id)
    drafts.discard_draft(session, new_id)
    drafts.forget_draft(session, draft_id)  # after a normal save: quiet
    entries = audit_log.entries(session.db.conn, limit=5)
    mine = [(e.action, e.record_type, e.record_id) for e in entries if e.action.startswith("draft_")]
    assert sorted(mine) == [("draft_discarded", "case_draft", new_id), ("draft_restored", "case", case.uuid)]
    assert not any(MARKER in repr(e) for e in entries)
    assert drafts.list_drafts(session) == []


def test_drafts_are_reachable_only_by_their_owner(office):
    data_dir, session, case = office
    draft_id = drafts.save_draft(session, edited(case))
    new_id = drafts.save_draft(session, unfinished_new_case())
    session.close()
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:  # assigned: she may open the case itself
        assert cases.can_view_case(officer, case.uuid)
        assert drafts.list_drafts(officer) == []
        assert drafts.draft_for_case(officer, case.uuid) is None
        for other in (draft_id, new_id):
            with pytest.raises(NotFound):
                drafts.load_draft(officer, other)
            with pytest.raises(NotFound):
                drafts.discard_draft(officer, other)
            drafts.forget_draft(officer, other)  # does nothing to someone else's draft
        with pytest.raises(PermissionDenied):
            drafts.save_draft(officer, unfinished_new_case("menimpa"), draft_id=new_id)
        own = drafts.save_draft(officer, edited(case, "milik petugas"))
        assert own != draft_id and [d.id for d in drafts.list_drafts(officer)] == [own]
    with unlock(data_dir) as admin:
        assert {d.id for d in drafts.list_drafts(admin)} == {draft_id, new_id}
        assert drafts.load_draft(admin, draft_id)[1].incidents[0].chronology == MARKER


def test_a_draft_of_a_case_no_longer_visible_is_not_offered(office):
    data_dir, session, case = office
    session.close()
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        draft_id = drafts.save_draft(officer, edited(case))
        assert len(drafts.list_drafts(officer)) == 1
    with unlock(data_dir) as admin:  # the case is taken away from her
        cases.save_case(admin, replace(cases.get_case(admin, case.uuid), assigned_officers=()))
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        assert drafts.list_drafts(officer) == []
        assert drafts.draft_for_case(officer, case.uuid) is None
        with pytest.raises(PermissionDenied):
            drafts.load_draft(officer, draft_id)
        with pytest.raises(PermissionDenied):
            drafts.save_draft(officer, edited(case))


def test_a_changed_case_is_reported(office):
    _data_dir, session, case = office
    drafts.save_draft(session, edited(case))
    cases.save_case(session, replace(cases.get_case(session, case.uuid), risk_level="tinggi"))
    [info] = drafts.list_drafts(session)
    assert info.case_changed and (info.base_version, info.current_version) == (case.version, case.version + 1)


def test_a_new_case_draft_is_labelled_by_victim_initials(office):
    _data_dir, session, _case = office
    drafts.save_draft(session, replace(unfinished_new_case(), persons=(Person(role="korban", name="Wa Ode Sari"),)))
    assert [d.victims for d in drafts.list_drafts(session)] == ["S."]  # the noble title Wa Ode is not shown


def test_an_unreadable_draft_gives_a_clear_message(office):
    _data_dir, session, _case = office
    draft_id = drafts.save_draft(session, replace(unfinished_new_case(), channel="kode_yang_tidak_ada"))
    with pytest.raises(CaseappError) as err:
        drafts.load_draft(session, draft_id)
    assert "tidak dapat dibaca lagi" in err.value.message
    drafts.discard_draft(session, draft_id)


def test_the_draft_is_never_in_the_clear_on_disk(office):
    data_dir, session, case = office
    drafts.save_draft(session, edited(case))
    drafts.save_draft(session, unfinished_new_case(MARKER + " baru"))
    assert files_containing(data_dir.root, MARKER) == []  # open: the WAL holds the pages, encrypted
    session.close()
    assert files_containing(data_dir.root, MARKER) == []
    assert files_containing(data_dir.root.parent, MARKER) == []  # nor a temporary file beside it


def test_a_removed_account_takes_its_drafts_with_it(office):
    data_dir, session, case = office
    session.close()
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        officer_id = officer.user.id
        drafts.save_draft(officer, edited(case))
        drafts.save_draft(officer, unfinished_new_case())
    with unlock(data_dir) as admin:
        assert len(drafts_repo.list_for_user(admin.db.conn, officer_id)) == 2
        accounts.remove_user(admin, "petugas1")
        assert drafts_repo.list_for_user(admin.db.conn, officer_id) == []
