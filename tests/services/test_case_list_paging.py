"""The case list at scale: keyset pages, index-backed sorts and cheap counts return exactly the rows a plain
Python computation over the stored cases gives, for an administrator and for an officer, in every sort order."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain.case_list import SORT_KEYS, CaseFilter
from caseapp.services import cases, clock
from caseapp.services.demo_data import make_demo_cases
from tests.helpers import add_officer, make_office, unlock
from tests.ui.cases.conftest import sample_case

OFFICER_PASSWORD = "sandi-petugas-rahasia"
PAGE = 7  # small pages, so every order is read across many page boundaries (and across the NULLs)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data_dir, result = make_office(tmp_path_factory.mktemp("paging") / "office")
    admin = result.session
    add_officer(admin, "petugas1", "Petugas Satu")
    add_officer(admin, "petugas2", "Petugas Dua")
    make_demo_cases(admin, 90, seed=5)
    # Deadlines and risk left empty on some cases, and equal values on many: ties and NULLs at page boundaries.
    for n in range(6):
        cases.create_case(admin, sample_case(f"Siti Rahmawati {n}", intake=dt.date(2026, 1, 1 + n)))
    admin.close()
    officer = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    for n in range(3):  # created by the officer, assigned to nobody: seen through created_by
        cases.create_case(officer, sample_case(f"Nur Aisyah {n}", intake=dt.date(2026, 2, 1 + n)))
    officer.close()
    return data_dir


class Sessions:
    """One open session at a time (the store allows one): switching role closes the other."""

    def __init__(self, data_dir):
        self.data_dir, self.role, self.session = data_dir, None, None

    def __getitem__(self, role: str):
        from caseapp.domain.accounts import Permission

        if role != self.role:
            self.close()
            self.session = unlock(self.data_dir) if role == "admin" else \
                unlock(self.data_dir, "petugas1", OFFICER_PASSWORD)
            self.role = role
            self.session.role_can_view_all = self.session.user.can(Permission.VIEW_ALL_CASES)
            self.session.user_ids = dict(self.session.db.conn.execute("SELECT username, id FROM users").fetchall())
        return self.session

    def close(self):
        if self.session is not None:
            self.session.close()
            self.session, self.role = None, None


@pytest.fixture(scope="module")
def roles(store):
    sessions = Sessions(store)
    yield sessions
    sessions.close()


def stored_rows(session) -> list[dict]:
    """Every case with what the list sorts and filters by, read plainly (no index, no paging)."""
    conn = session.db.conn
    assigned: dict[str, set[str]] = {}
    for uuid, username in conn.execute("SELECT case_uuid, username FROM case_assignments"):
        assigned.setdefault(uuid, set()).add(username)
    cols = ("rowid", "uuid", "created_by", "case_number", "intake_date", "status", "risk_level", "due_at",
            "updated_at")
    return [dict(zip(cols, r), assigned=assigned.get(r[1], set()))
            for r in conn.execute(f"SELECT {', '.join(cols)} FROM cases")]


def expected(session, flt: CaseFilter) -> list[str]:
    """The list computed in Python: who may see a case, the filter, then (sort value, rowid) with SQLite's NULLs
    (first ascending, last descending)."""
    user = session.user
    sees_all = session.role_can_view_all
    now = clock.now().replace(tzinfo=None).isoformat(timespec="minutes")
    text_rowids = None
    if flt.text:
        from caseapp.domain.case_list import fts_query
        text_rowids = {r[0] for r in session.db.conn.execute(
            "SELECT rowid FROM case_search WHERE case_search MATCH ?", (fts_query(flt.text),))}
    rows = []
    for r in stored_rows(session):
        seen = r["created_by"] == user.id or user.username in r["assigned"]
        if not sees_all and not seen:
            continue
        if flt.mine and not seen:
            continue
        if flt.statuses and r["status"] not in flt.statuses:
            continue
        if flt.risk_level and r["risk_level"] != flt.risk_level:
            continue
        if flt.officer and flt.officer not in r["assigned"] and r["created_by"] != session.user_ids[flt.officer]:
            continue
        if flt.overdue and not (r["due_at"] is not None and r["due_at"] < now and r["status"] != "selesai"):
            continue
        if text_rowids is not None and r["rowid"] not in text_rowids:
            continue
        rows.append(r)
    rows.sort(key=lambda r: (r[flt.sort] is not None, r[flt.sort] or "", r["rowid"]), reverse=flt.descending)
    return [r["uuid"] for r in rows]


def all_pages(session, flt: CaseFilter) -> list[str]:
    out, last = [], None
    while True:
        page = cases.list_cases(session, flt, after=last, limit=PAGE)
        out += [r.uuid for r in page]
        if len(page) < PAGE:
            return out
        last = page[-1]


FILTERS = {
    "everything": CaseFilter(),
    "mine": CaseFilter(mine=True),
    "text": CaseFilter(text="Siti"),
    "text, rare": CaseFilter(text="Rahmawati"),
    "status": CaseFilter(statuses=("pengaduan", "asesmen")),
    "risk": CaseFilter(risk_level="tinggi"),
    "overdue": CaseFilter(overdue=True),
    "officer": CaseFilter(officer="petugas2"),
    "text and status": CaseFilter(text="Siti", statuses=("pengaduan",)),
}


def test_the_store_has_ties_nulls_and_an_officer_who_sees_part(roles):
    rows = stored_rows(roles["admin"])
    assert any(r["risk_level"] is None for r in rows) and any(r["risk_level"] for r in rows)
    assert any(r["due_at"] is None for r in rows) and any(r["due_at"] for r in rows)
    assert len({r["status"] for r in rows}) >= 3
    officer = expected(roles["officer"], CaseFilter())
    assert 3 < len(officer) < len(rows)
    assert any(r["created_by"] == roles["officer"].user.id for r in stored_rows(roles["officer"]))


@pytest.mark.parametrize("role", ["admin", "officer"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_every_sort_pages_through_exactly_the_expected_rows(roles, role, name):
    session = roles[role]
    for sort in SORT_KEYS:
        for descending in (False, True):
            flt = replace(FILTERS[name], sort=sort, descending=descending)
            want = expected(session, flt)
            assert all_pages(session, flt) == want, (sort, descending)
            # The first page alone, and the old offset paging, agree with it.
            assert [r.uuid for r in cases.list_cases(session, flt, limit=PAGE)] == want[:PAGE]
            assert [r.uuid for r in cases.list_cases(session, flt, offset=PAGE, limit=PAGE)] == want[PAGE:2 * PAGE]


@pytest.mark.parametrize("role", ["admin", "officer"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_counts_are_exact_and_a_capped_count_says_only_more(roles, role, name):
    session = roles[role]
    want = len(expected(session, FILTERS[name]))
    assert cases.count_cases(session, FILTERS[name]) == want
    capped = cases.count_cases(session, FILTERS[name], cap=4)
    assert capped == want if want <= 4 else capped in (5, want)


def test_a_page_after_a_row_of_another_order_is_refused(roles):
    session = roles["admin"]
    first = cases.list_cases(session, CaseFilter(sort="risk_level"), limit=PAGE)
    with pytest.raises(ValueError):
        cases.list_cases(session, CaseFilter(sort="due_at"), after=first[-1])
