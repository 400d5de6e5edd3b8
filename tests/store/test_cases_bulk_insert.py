"""cases_repo.insert_cases_bulk writes exactly what insert_case writes item by item (rows, values, types, rowids and
the full-text index), in a constant number of statements, and a failed call is undone by the caller's rollback."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys

import pytest
import sqlcipher3

from caseapp.services import cases
from caseapp.services.demo_data import DemoGenerator
from caseapp.store import cases_repo
from caseapp.store.cases_repo import NewCase, insert_cases_bulk
from caseapp.store.database import Database
from tests.helpers import REPO

TODAY = dt.date(2026, 6, 30)
TABLES = ("cases", "case_people", "case_assignments")  # rowid tables: compared with their rowids
# The violence codes, report rows and their per-month summaries (WITHOUT ROWID tables: compared row by row in key
# order), and the flag that turns the summaries' insert triggers off during a bulk insert (never left behind).
REPORT_TABLES = ("case_violence", "report_cases", "report_people", "report_codes", "report_case_sums",
                 "report_people_sums", "report_code_sums", "report_sums_bulk")


def _items(n: int, *, seed: int, first_number: int = 1) -> list[NewCase]:
    """Varied new cases: demo cases (1-3 victims, 0-2 perpetrators, NIK or not, a reporter or not) with or without
    assignments, read-only or not, versions 1-4, two users, and a few records with awkward text."""
    out = []
    generator = DemoGenerator("74.06", seed=seed, today=TODAY, officers=("petugas1", "petugas2"))
    for i, case in enumerate(generator.cases(n)):
        case = dataclasses.replace(case, case_number=f"BMB/{case.intake_date.year}/{first_number + i:05d}",
                                   assigned_officers=() if i % 4 == 0 else case.assigned_officers)
        rec = cases._record(case, "74.06" if i % 5 else "74.05")
        if i % 37 == 5:  # text JSON must carry through unchanged: quotes, backslashes, NUL, line separators, emoji
            rec = dataclasses.replace(
                rec, victim_initials='"A\\B"',
                search_names=rec.search_names + ' Wa Ode "Nurlela" \\ \x00\x1f\u2028 😀',
                search_body=rec.search_body + "\r\n\t\u2029 Ñúñez\x7f", due_at=None, risk_level=None)
        if i % 41 == 7:  # a number-like case number stays text
            rec = dataclasses.replace(rec, case_number=str(900000 + first_number + i))
        out.append(NewCase(rec, f"user-{i % 2}", f"2026-06-30T10:{i % 60:02d}:00+08:00", 1 + i % 4, i % 3 == 0))
    return out


def _new_store(tmp_path, name: str) -> Database:
    return Database.create(tmp_path / f"{name}.db", os.urandom(32))


def _one_by_one(conn, items) -> None:
    for rec, user_id, now, version, read_only in items:
        cases_repo.insert_case(conn, rec, user_id=user_id, now=now, version=version, read_only=read_only)


def _dump(conn) -> dict:
    """Every row of the case tables with its rowid, each value with its SQLite type, and the whole FTS index."""
    out = {}
    for table in TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        cols = ", ".join(f"{c}, typeof({c})" for c in ("rowid", *columns))
        out[table] = conn.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall()
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_search_terms "
                 "USING fts5vocab(main, 'case_search', 'instance')")
    out["case_search"] = conn.execute(
        "SELECT term, doc, col, offset FROM temp.case_search_terms ORDER BY doc, col, offset, term").fetchall()
    out["case_search_rowids"] = conn.execute("SELECT rowid FROM case_search ORDER BY rowid").fetchall()
    for table in REPORT_TABLES:
        out[table] = _rows(conn, table)
    return out


def _rows(conn, table: str) -> list[tuple]:
    """Every row of ``table``, each value with its SQLite type, in the order of all columns."""
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    cols = ", ".join(f"{c}, typeof({c})" for c in columns)
    return conn.execute(f"SELECT {cols} FROM {table} ORDER BY {', '.join(columns)}").fetchall()


def _queries(items) -> list[str]:
    """Names, NIK prefixes, chronology words, case numbers and column filters that match some of ``items``."""
    recs = [it.rec for it in items]
    nik = next(r.search_niks for r in recs if r.search_niks)

    def word(text: str, index: int) -> str:
        return "".join(ch for ch in text.split()[index] if ch.isalnum())

    return [
        word(recs[3].search_names, -1), word(recs[50].search_names, 0) + "*", f"niks : {nik[:6]}*",
        nik[:4] + "*", nik, word(recs[10].search_body, 2), word(recs[11].search_body, -1), "rumah",
        "korban OR pelaku", '"Nurlela"',
        "nunez", f'case_number : "{recs[20].case_number}"', "names : Wa", "tidak_ada_kata_ini",
    ]


def _matches(conn, queries) -> list[list[int]]:
    return [[r[0] for r in conn.execute("SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid", (q,))]
            for q in queries]


@pytest.fixture(scope="module")
def items():
    return _items(200, seed=7, first_number=100)


@pytest.fixture
def stores(tmp_path):
    a, b = _new_store(tmp_path, "a"), _new_store(tmp_path, "b")
    yield a, b
    a.close()
    b.close()


def test_the_sample_is_varied(items):
    recs = [it.rec for it in items]
    victims = [r.victim_count for r in recs]
    perpetrators = [sum(p[1] == "pelaku" for p in r.people) for r in recs]
    with_nik = [any(p[3] for p in r.people) for r in recs]
    assert min(victims) == 1 and max(victims) >= 2 and min(perpetrators) == 0 and max(perpetrators) >= 2
    assert any(with_nik) and not all(with_nik)
    assert any(r.assignments for r in recs) and not all(r.assignments for r in recs)
    assert any(len(r.violence_types) > 1 for r in recs) and any(r.risk_level is None for r in recs)
    assert any(r.due_at for r in recs) and any(r.due_at is None for r in recs)
    assert {it.read_only for it in items} == {True, False} and {it.version for it in items} == {1, 2, 3, 4}
    assert any(r.child_victim for r in recs) and not all(r.child_victim for r in recs)


def test_bulk_writes_what_insert_case_writes(stores, items):
    a, b = stores
    earlier = _items(15, seed=3, first_number=1)  # both stores already hold cases: rowids continue after them
    for db in (a, b):
        with db.transaction() as c:
            _one_by_one(c, earlier)
    with a.transaction() as c:
        _one_by_one(c, items)
    with b.transaction() as c:
        insert_cases_bulk(c, items[:80])
        insert_cases_bulk(c, [tuple(it) for it in items[80:81]])  # a plain tuple works as well as a NewCase
        insert_cases_bulk(c, iter(items[81:]))
    dump_a, dump_b = _dump(a.conn), _dump(b.conn)
    assert len(dump_a["cases"]) == 215 and len(dump_a["case_search_rowids"]) == 215
    assert len(dump_a["case_people"]) > 215 and len(dump_a["case_assignments"]) > 100
    for table in dump_a:
        assert dump_b[table] == dump_a[table], table
    # The types are the ones insert_case stores (not merely equal in both): flags and counts are integers.
    types = {row[0]: row for row in b.conn.execute(
        "SELECT DISTINCT typeof(rowid), typeof(victim_count), typeof(child_victim), typeof(version), "
        "typeof(read_only), typeof(case_number) FROM cases")}
    assert list(types.values()) == [("integer", "integer", "integer", "integer", "integer", "text")]
    queries = _queries(items)
    found_a = _matches(a.conn, queries)
    assert all(found_a[:-1]) and found_a[-1] == []  # every query but the last finds something
    assert _matches(b.conn, queries) == found_a
    # What the case list shows for a text search, through the repository, is the same too.
    from caseapp.domain.case_list import CaseFilter

    for text in (queries[0], items[7].rec.case_number, "rumah"):
        lists = [[s.uuid for s in cases_repo.list_cases(db.conn, CaseFilter(text=text), visible_to=None,
                                                        now_iso="2026-06-30T12:00", limit=1000)] for db in (a, b)]
        assert lists[0] == lists[1] and lists[0]


def test_rowids_follow_what_sqlite_picks_after_a_deleted_last_case(stores, items):
    # After the highest rowid is deleted SQLite reuses it (no AUTOINCREMENT), and the bulk path must do the same.
    a, b = stores
    for db in (a, b):
        with db.transaction() as c:
            _one_by_one(c, items[:10])
            last = c.execute("SELECT rowid, uuid FROM cases ORDER BY rowid DESC LIMIT 1").fetchone()
            c.execute("DELETE FROM case_search WHERE rowid = ?", (last[0],))
            c.execute("DELETE FROM cases WHERE uuid = ?", (last[1],))
    with a.transaction() as c:
        _one_by_one(c, items[10:40])
    with b.transaction() as c:
        insert_cases_bulk(c, items[10:40])
    assert _dump(b.conn) == _dump(a.conn)
    assert b.conn.execute("SELECT min(rowid) FROM cases WHERE uuid = ?", (items[10].rec.uuid,)).fetchone() == (10,)


class _Undo(Exception):
    pass


MUTATIONS = {  # what a faulty bulk path could write, and the table whose dump must show it
    "flag as text": ("cases", ["UPDATE cases SET read_only = 'True' WHERE rowid = 1"]),
    "JSON null as text": ("cases", ["UPDATE cases SET due_at = 'null' WHERE rowid = (SELECT min(rowid) FROM cases "
                                    "WHERE due_at IS NULL)"]),
    "NULL NIK as empty text": ("case_people", ["UPDATE case_people SET nik = '' WHERE rowid = (SELECT min(rowid) "
                                              "FROM case_people WHERE nik IS NULL)"]),
    "case under another rowid": ("cases", ["UPDATE cases SET rowid = 1000 WHERE rowid = 3"]),
    "side rows in another order": ("case_people", ["UPDATE case_people SET rowid = -rowid WHERE rowid <= 2"]),
    "side row of another case": ("case_violence", ["UPDATE case_violence SET case_rowid = case_rowid + 1000 "
                                                   "WHERE case_rowid = 2"]),
    "FTS row under another rowid": ("case_search", ["DELETE FROM case_search WHERE rowid = 3",
                                                    "INSERT INTO case_search (rowid, case_number, names, niks, body) "
                                                    "SELECT 1000, case_number, 'Siti', '', '' FROM cases "
                                                    "WHERE rowid = 3"]),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_the_comparison_notices_what_a_faulty_bulk_path_would_write(stores, items, mutation):
    a, b = stores
    for db in (a, b):
        with db.transaction() as c:
            insert_cases_bulk(c, items[:20])
    assert _dump(a.conn) == _dump(b.conn)
    table, statements = MUTATIONS[mutation]
    with pytest.raises(_Undo):
        with b.transaction() as c:
            for sql in statements:
                assert c.execute(sql).rowcount >= 1
            assert _dump(c)[table] != _dump(a.conn)[table]
            raise _Undo
    assert _dump(a.conn) == _dump(b.conn)


def test_statements_per_call_do_not_grow_with_the_batch(tmp_path, items):
    db = _new_store(tmp_path, "s")
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        counts = []
        for batch in (items[:1], items[1:3], items[3:200]):
            statements.clear()
            with db.transaction() as c:
                insert_cases_bulk(c, batch)
            # The trace shows a statement again each time it fires a trigger (the report summaries' triggers fire
            # per row): count the distinct statements the call issued.
            inserts = list(dict.fromkeys(s for s in statements if s.lstrip().upper().startswith(("INSERT", "WITH"))))
            counts.append(len(inserts))
            # The JSON is bound as text (a BLOB would be read as JSONB): the expanded SQL shows a text literal.
            side = [s for s in inserts if "json_each" in s]
            assert side and all("json_each('[" in s and "json_each(x'" not in s.lower() for s in side)
            # The case rows: one multi-row VALUES statement (up to 500 cases), documents bound as values.
            assert len([s for s in inserts if s.startswith("INSERT INTO cases ")]) == 1
        statements.clear()
        with db.transaction() as c:
            insert_cases_bulk(c, [])
        assert statements == ["BEGIN IMMEDIATE", "COMMIT"]  # an empty batch runs nothing
    finally:
        db.conn.set_trace_callback(None)
        db.close()
    # cases, 4 side tables, 3 report-row tables, the summaries' flag and the 3 summary tables (one each)
    assert max(counts) <= 12 and counts[-1] == 12


@pytest.mark.parametrize("where", ["in the store", "twice in the batch", "number in the store", "person twice"])
def test_a_failed_bulk_call_is_undone_by_the_callers_rollback(tmp_path, items, where):
    db = _new_store(tmp_path, "r")
    try:
        with db.transaction() as c:
            _one_by_one(c, items[:20])
        before = _dump(db.conn)
        batch = list(items[20:60])
        if where == "in the store":
            batch.insert(30, items[5])
        elif where == "twice in the batch":
            batch.append(batch[10])
        elif where == "number in the store":
            rec = dataclasses.replace(batch[-1].rec, case_number=items[0].rec.case_number)
            batch[-1] = batch[-1]._replace(rec=rec)
        else:  # the cases rows go in, then the side table refuses a person listed twice
            rec = batch[-1].rec
            batch[-1] = batch[-1]._replace(rec=dataclasses.replace(rec, people=rec.people + rec.people[:1]))
        with pytest.raises(sqlcipher3.IntegrityError) as bulk_error:
            with db.transaction() as c:
                insert_cases_bulk(c, batch)
        assert _dump(db.conn) == before
        with pytest.raises(sqlcipher3.IntegrityError) as single_error:  # the same refusal as item by item
            with db.transaction() as c:
                _one_by_one(c, batch)
        assert str(bulk_error.value) == str(single_error.value)
        assert _dump(db.conn) == before
        with db.transaction() as c:  # and the store still takes the batch without the culprit
            insert_cases_bulk(c, items[20:60])
        assert db.conn.execute("SELECT count(*) FROM cases").fetchone() == (60,)
    finally:
        db.close()


def test_what_orjson_refuses_goes_through_insert_case(tmp_path, items):
    # A lone surrogate can reach a name (JSON can carry one); SQLite's binding refuses it, and so does the bulk path.
    db = _new_store(tmp_path, "u")
    try:
        bad = items[1]._replace(rec=dataclasses.replace(items[1].rec, search_names="Siti \ud800 Aminah"))
        with pytest.raises(UnicodeEncodeError):
            with db.transaction() as c:
                insert_cases_bulk(c, [items[0], bad])
        assert db.conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)
    finally:
        db.close()


SUM_TABLES = ("report_case_sums", "report_people_sums", "report_code_sums")
SUM_KEYS = {"report_case_sums": 7, "report_people_sums": 7, "report_code_sums": 5}  # leading key columns


def _key(table: str, row: tuple) -> tuple:
    return row[:2 * SUM_KEYS[table]]  # (value, type) per column


def test_bulk_summaries_equal_those_of_inserting_case_by_case(stores, items):
    # The bulk path adds each summary table's sums in one statement, its insert triggers off; the result must be
    # the summary rows the triggers give when the same cases go in one by one, row by row, onto existing sums.
    a, b = stores
    earlier = _items(60, seed=3, first_number=1)
    for db in (a, b):
        with db.transaction() as c:
            _one_by_one(c, earlier)
    before = {t: {_key(t, r): r for r in _rows(a.conn, t)} for t in SUM_TABLES}
    with a.transaction() as c:
        _one_by_one(c, items)
    with b.transaction() as c:
        insert_cases_bulk(c, items[:120])
    with b.transaction() as c:
        insert_cases_bulk(c, items[120:])
    for table in SUM_TABLES + ("report_cases", "report_people", "report_codes"):
        assert _rows(b.conn, table) == _rows(a.conn, table), table
    assert b.conn.execute("SELECT count(*) FROM report_sums_bulk").fetchone() == (0,)
    # The sample spans months, kecamatan, offices, statuses and code sets, and adds to summary rows that existed.
    sums = b.conn.execute("SELECT count(DISTINCT month), count(DISTINCT kecamatan), count(DISTINCT owner_office), "
                          "count(DISTINCT status), count(DISTINCT police) FROM report_case_sums").fetchone()
    assert sums[0] >= 6 and sums[1] >= 3 and sums[2] == 2 and sums[3] >= 2 and sums[4] >= 2, sums
    assert b.conn.execute("SELECT count(*) FROM report_code_sums WHERE codes LIKE '%,%'").fetchone()[0] > 0
    assert b.conn.execute("SELECT count(*) FROM report_people_sums WHERE attr = 'sex' AND age >= 0").fetchone()[0]
    for table in SUM_TABLES:
        grown = [r for r in _rows(b.conn, table) if before[table].get(_key(table, r), r) != r]
        assert grown, table
    # Later saves, one by one, still go through the triggers.
    more = _items(5, seed=11, first_number=900)
    for db in (a, b):
        with db.transaction() as c:
            _one_by_one(c, more)
    for table in SUM_TABLES:
        assert _rows(b.conn, table) == _rows(a.conn, table), table


def test_a_failing_bulk_call_leaves_the_summary_triggers_on(tmp_path, items):
    # A report row refused inside the report-row step (after the triggers were turned off): the flag is gone at
    # once, before the caller's rollback, and the store keeps summing what is saved later.
    db = _new_store(tmp_path, "f")
    try:
        bad = items[1].rec
        bad = dataclasses.replace(bad, report=dataclasses.replace(bad.report, people=bad.report.people * 2))
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(sqlcipher3.IntegrityError, match="report_people"):
                insert_cases_bulk(db.conn, [items[0], items[1]._replace(rec=bad)])
            assert db.conn.execute("SELECT count(*) FROM report_sums_bulk").fetchone() == (0,)
        finally:
            db.conn.execute("ROLLBACK")
        with db.transaction() as c:
            _one_by_one(c, items[:3])
        assert db.conn.execute("SELECT sum(n) FROM report_case_sums").fetchone() == (3,)
    finally:
        db.close()


_KILLED_MID_BULK = """
import os, signal, sys
from pathlib import Path
from caseapp.store.cases_repo import insert_cases_bulk
from caseapp.store.database import Database
from tests.store.test_cases_bulk_insert import _items

path, key_hex = sys.stdin.read().split()
db = Database.open(Path(path), bytes.fromhex(key_hex))


class Dies:  # the process is killed when the first summary statement is due: report rows in, flag set
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO report_case_sums"):
            assert self.conn.execute("SELECT count(*) FROM report_sums_bulk").fetchone() == (1,)
            print("dying", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


with db.transaction() as c:
    insert_cases_bulk(Dies(c), _items(40, seed=7))
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_crash_during_a_bulk_insert_leaves_no_flag_behind(tmp_path):
    # Killed with the summaries' insert triggers off (the flag row written, uncommitted): on reopening, the store
    # holds nothing of the batch, no flag, and sums what is saved next.
    key = os.urandom(32)
    db = Database.create(tmp_path / "k.db", key)
    db.close()
    proc = subprocess.run([sys.executable, "-c", _KILLED_MID_BULK], input=f"{tmp_path / 'k.db'} {key.hex()}",
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == -signal.SIGKILL and proc.stdout == "dying\n", proc.stderr
    db = Database.open(tmp_path / "k.db", key)
    try:
        assert db.integrity_problems() == []
        for table in ("cases", "report_cases", "report_case_sums", "report_sums_bulk"):
            assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        with db.transaction() as c:
            _one_by_one(c, _items(3, seed=7))
        assert db.conn.execute("SELECT sum(n) FROM report_case_sums").fetchone() == (3,)
    finally:
        db.close()
