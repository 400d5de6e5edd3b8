"""The case list's second connection (``Database.reader``): it reads, never writes, sees each commit, and closes
with the store and on a re-key (then the list's reader opens a new one with the new key)."""

from __future__ import annotations

import threading

import pytest

from caseapp.domain.case_list import CaseFilter
from caseapp.services import accounts, cases
from caseapp.services.case_list_pages import CaseListReader
from caseapp.store.database import DatabaseError
from tests.helpers import add_officer, make_office
from tests.ui.cases.conftest import sample_case


def test_a_read_connection_reads_commits_refuses_writes_and_closes_with_the_store(tmp_path):
    _data_dir, result = make_office(tmp_path / "o")
    s = result.session
    reader = s.db.reader(bytes(s.data_key))
    with reader.use() as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    cases.create_case(s, sample_case("Siti Aminah"))
    with reader.use() as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
        with pytest.raises(DatabaseError):
            conn.execute("DELETE FROM cases")
    assert cases.list_cases(s, CaseFilter())[0].victim_initials == "S.A."
    s.close()
    assert reader.closed
    with pytest.raises(DatabaseError):
        with reader.use():
            pass


def test_a_wrong_key_opens_no_read_connection(tmp_path):
    _data_dir, result = make_office(tmp_path / "o")
    with pytest.raises(DatabaseError):
        result.session.db.reader(bytes(32))
    result.session.close()


def test_after_a_rekey_the_list_reader_reads_with_the_new_key(tmp_path):
    _data_dir, result = make_office(tmp_path / "o")
    s = result.session
    add_officer(s)
    cases.create_case(s, sample_case("Siti Aminah"))
    reader = CaseListReader(s)
    assert len(reader.page(CaseFilter())) == 1
    accounts.remove_user(s, "petugas1")  # re-key: the old connection's key no longer opens a page
    cases.create_case(s, sample_case("Wa Ode Nurma"))
    assert [r.victim_initials for r in reader.page(CaseFilter())] == \
        [r.victim_initials for r in cases.list_cases(s, CaseFilter())]
    assert len(reader.page(CaseFilter())) == 2
    reader.close()
    s.close()


def _held_reads(monkeypatch):
    """Make the list reader's reads wait for ``go`` once they hold the connection (``started`` is set then)."""
    started, go = threading.Event(), threading.Event()
    real = cases.list_cases_on

    def held(*args, **kwargs):
        started.set()
        assert go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "list_cases_on", held)
    return started, go


def _in_thread(fn):
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test, which re-raises it
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def test_a_page_in_flight_when_a_user_is_removed_arrives_and_the_next_reads_with_the_new_key(tmp_path, monkeypatch):
    _data_dir, result = make_office(tmp_path / "o")
    s = result.session
    add_officer(s)
    cases.create_case(s, sample_case("Siti Aminah"))
    reader = CaseListReader(s)
    started, go = _held_reads(monkeypatch)
    page, page_box = _in_thread(lambda: reader.page(CaseFilter()))
    assert started.wait(30)
    removal, removal_box = _in_thread(lambda: accounts.remove_user(s, "petugas1"))
    removal.join(0.3)
    assert removal.is_alive(), "the re-key must wait for the page being read"
    go.set()
    page.join(30)
    removal.join(30)
    assert "error" not in page_box and "error" not in removal_box, (page_box, removal_box)
    assert [r.victim_initials for r in page_box["value"]] == ["S.A."]
    assert [r.victim_initials for r in reader.page(CaseFilter())] == ["S.A."]  # a new connection, the new key
    reader.close()
    s.close()


def test_a_page_asked_for_during_a_rekey_waits_for_it_and_reads_with_the_new_key(tmp_path, monkeypatch):
    _data_dir, result = make_office(tmp_path / "o")
    s = result.session
    add_officer(s)
    cases.create_case(s, sample_case("Siti Aminah"))
    reader = CaseListReader(s)
    assert len(reader.page(CaseFilter())) == 1
    # Pause the re-key after the store is re-encrypted and before the session holds the new key: a connection
    # opened then with the session's key would carry the old one.
    rekeyed, resume = threading.Event(), threading.Event()
    real_rekey = type(s.db).rekey

    def paused_rekey(db, new_key):
        real_rekey(db, new_key)
        rekeyed.set()
        assert resume.wait(30)

    monkeypatch.setattr(type(s.db), "rekey", paused_rekey)
    removal, removal_box = _in_thread(lambda: accounts.remove_user(s, "petugas1"))
    assert rekeyed.wait(30)
    page, page_box = _in_thread(lambda: reader.page(CaseFilter()))
    page.join(0.3)
    assert page.is_alive(), "the page must wait for the re-key to finish"
    resume.set()
    removal.join(30)
    page.join(30)
    assert "error" not in removal_box and "error" not in page_box, (removal_box, page_box)
    assert [r.victim_initials for r in page_box["value"]] == ["S.A."]
    reader.close()
    s.close()
