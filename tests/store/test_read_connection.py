"""The case list's second connection (``Database.reader``): it reads, never writes, sees each commit, and closes
with the store and on a re-key (then the list's reader opens a new one with the new key)."""

from __future__ import annotations

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
