"""Migration "case_rows_by_rowid": the per-case side rows and report rows keyed by the case's rowid.

A store of the schema before it (the schema fixture, and a store of varied demo cases written as that schema's code
wrote them) holds after the migration, case by case, the same people, violence codes, report rows and summaries as
before, and the same rows a store written by today's code holds; a deleted case takes all its rows with it; every
report reads the report rows through index ranges, never a whole table.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
import sqlcipher3

from caseapp.crypto.keyslots import KeySlotFile
from caseapp.store import reports_repo, retention_repo
from caseapp.store.cases_repo import insert_cases_bulk
from caseapp.store.database import Database, _split_sql, migrations
from tests.store.make_schema_fixtures import FIXTURE_SECRET, FIXTURES
from tests.store.test_cases_bulk_insert import _items

NAME = "case_rows_by_rowid"
NUMBER = next(n for n, name, _sql in migrations() if name[5:-4] == NAME)  # never hard-coded: may be renumbered
SUM_TABLES = ("report_case_sums", "report_people_sums", "report_code_sums")
REPORT_TABLES = ("report_cases", "report_people", "report_codes")


def _keyed(path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _old_store(path, key: bytes, items) -> None:
    """A store at the schema before the migration, holding ``items`` as that schema's code wrote them (the case uuid
    in every side and report row, person uuids in the report rows; the summaries kept by the triggers)."""
    conn = _keyed(path, key)
    for number, _name, sql in migrations()[:NUMBER - 1]:
        conn.execute("BEGIN")
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    conn.execute("BEGIN")
    for rec, user_id, now, version, read_only in items:
        conn.execute(
            "INSERT INTO cases (uuid, case_number, owner_office, status, risk_level, intake_date, victim_initials, "
            "victim_count, child_victim, violence_types, due_at, created_by, created_at, updated_at, updated_by, "
            "version, read_only, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rec.uuid, rec.case_number, rec.owner_office, rec.status, rec.risk_level, rec.intake_date,
             rec.victim_initials, rec.victim_count, int(rec.child_victim), " ".join(rec.violence_types), rec.due_at,
             user_id, now, now, user_id, version, int(read_only), rec.document))
        conn.executemany("INSERT INTO case_people (case_uuid, person_uuid, role, name_key, nik, birth_date) "
                         "VALUES (?,?,?,?,?,?)", [(rec.uuid, *p) for p in rec.people])
        conn.executemany("INSERT INTO case_violence (case_uuid, code) VALUES (?, ?)",
                         [(rec.uuid, v) for v in rec.violence_types])
        r = rec.report
        conn.execute(f"INSERT INTO report_cases VALUES ({','.join('?' * len(r.case))})", r.case)
        conn.executemany(f"INSERT INTO report_people VALUES ({','.join('?' * 12)})", r.people)
        conn.executemany(f"INSERT OR IGNORE INTO report_codes VALUES ({','.join('?' * 9)})", r.codes)
    conn.execute("COMMIT")
    conn.close()


def _numbers(conn, case_uuid: str) -> dict[str, int]:
    """The migration's rule: a case's persons numbered 1, 2, … by uuid in text order; the case itself 0."""
    persons = sorted({r[0] for r in conn.execute(
        "SELECT person_uuid FROM report_people WHERE case_uuid = ? UNION "
        "SELECT person_uuid FROM report_codes WHERE case_uuid = ? AND person_uuid != ''", (case_uuid, case_uuid))})
    return {"": 0} | {u: n for n, u in enumerate(persons, 1)}


def _old_rows(conn) -> dict:
    """Per case uuid: people, violence codes and report rows (persons by number), as the old schema holds them."""
    out = {}
    for (uuid,) in conn.execute("SELECT uuid FROM cases ORDER BY uuid").fetchall():
        num = _numbers(conn, uuid)
        out[uuid] = (
            sorted(conn.execute("SELECT person_uuid, role, name_key, nik, birth_date FROM case_people "
                                "WHERE case_uuid = ?", (uuid,)).fetchall()),
            sorted(r[0] for r in conn.execute("SELECT code FROM case_violence WHERE case_uuid = ?", (uuid,))),
            conn.execute("SELECT intake_date, owner_office, kecamatan, status, incident_date, intake_at, closed_on, "
                         "police_due, police_reported_at FROM report_cases WHERE case_uuid = ?", (uuid,)).fetchall(),
            sorted((r[0], r[1], r[2], num[r[3]], *r[4:]) for r in conn.execute(
                "SELECT intake_date, owner_office, kecamatan, person_uuid, role, sex, age, education, occupation, "
                "marital_status, disability FROM report_people WHERE case_uuid = ?", (uuid,))),
            sorted((r[0], r[1], r[2], r[3], num[r[4]], *r[5:]) for r in conn.execute(
                "SELECT intake_date, owner_office, kecamatan, kind, person_uuid, code, victims, perpetrators "
                "FROM report_codes WHERE case_uuid = ?", (uuid,))),
        )
    return out


def _new_rows(conn) -> dict:
    """The same, read from the new layout (by the case's rowid)."""
    out = {}
    for uuid, rowid in conn.execute("SELECT uuid, rowid FROM cases ORDER BY uuid").fetchall():
        out[uuid] = (
            sorted(conn.execute("SELECT person_uuid, role, name_key, nik, birth_date FROM case_people "
                                "WHERE case_rowid = ?", (rowid,)).fetchall()),
            sorted(r[0] for r in conn.execute("SELECT code FROM case_violence WHERE case_rowid = ?", (rowid,))),
            conn.execute("SELECT intake_date, owner_office, kecamatan, status, incident_date, intake_at, closed_on, "
                         "police_due, police_reported_at FROM report_cases WHERE case_rowid = ?", (rowid,)).fetchall(),
            sorted(conn.execute(
                "SELECT intake_date, owner_office, kecamatan, person, role, sex, age, education, occupation, "
                "marital_status, disability FROM report_people WHERE case_rowid = ?", (rowid,)).fetchall()),
            sorted(conn.execute(
                "SELECT intake_date, owner_office, kecamatan, kind, person, code, victims, perpetrators "
                "FROM report_codes WHERE case_rowid = ?", (rowid,)).fetchall()),
        )
    return out


def _sums(conn) -> dict:
    return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in SUM_TABLES}


def _totals(conn) -> dict:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("case_people", "case_violence", *REPORT_TABLES)}


@pytest.fixture(scope="module")
def items():
    return _items(60, seed=7)


def test_a_store_of_the_previous_schema_keeps_every_row_per_case(tmp_path, items):
    key = os.urandom(32)
    path = tmp_path / "old.db"
    _old_store(path, key, items)
    conn = _keyed(path, key)
    before, sums_before, totals = _old_rows(conn), _sums(conn), _totals(conn)
    rowids_before = conn.execute("SELECT uuid, rowid FROM cases ORDER BY rowid").fetchall()
    conn.close()
    assert len(before) == 60 and totals["report_codes"] > 300 and totals["case_people"] > 100
    assert any(p for rows in before.values() for p in rows[3] if p[3] >= 2)  # cases with several persons

    db = Database.open(path, key)
    try:
        c = db.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
        assert db.integrity_problems() == []
        assert c.execute("SELECT uuid, rowid FROM cases ORDER BY rowid").fetchall() == rowids_before
        assert _new_rows(c) == before
        assert _totals(c) == totals
        assert _sums(c) == sums_before
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not [r for r in c.execute("SELECT name FROM sqlite_master") if r[0].endswith("_v16")]
        migrated = _new_rows(c)
    finally:
        db.close()

    # A store written by today's code holds the same rows and summaries, case by case.
    fresh = Database.create(tmp_path / "fresh.db", os.urandom(32))
    try:
        with fresh.transaction() as c:
            insert_cases_bulk(c, items)
        assert _new_rows(fresh.conn) == migrated
        assert _sums(fresh.conn) == sums_before
    finally:
        fresh.close()


def _fixture_key(folder) -> bytes:
    keys = KeySlotFile.load(folder / "caseapp.keys")
    private = KeySlotFile.recovery_private(FIXTURE_SECRET)
    return max(keys.open_envelopes(keys.recovery_slot(), private))[1]


def test_the_schema_fixture_before_the_migration_keeps_its_rows(tmp_path):
    folder = FIXTURES / f"schema-{NUMBER - 1:04d}"
    shutil.copytree(folder, tmp_path / "data")
    path = tmp_path / "data" / "caseapp.db"
    key = _fixture_key(tmp_path / "data")
    conn = _keyed(path, key)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == NUMBER - 1
    before, sums_before, totals = _old_rows(conn), _sums(conn), _totals(conn)
    conn.close()
    assert len(before) == 2 and all(rows[0] and rows[2] for rows in before.values())
    db = Database.open(path, key)
    try:
        assert db.integrity_problems() == []
        assert _new_rows(db.conn) == before
        assert _totals(db.conn) == totals
        assert _sums(db.conn) == sums_before
    finally:
        db.close()


def test_an_interrupted_migration_leaves_the_old_store(tmp_path, items, monkeypatch):
    key = os.urandom(32)
    path = tmp_path / "old.db"
    _old_store(path, key, items[:10])
    conn = _keyed(path, key)
    before = _old_rows(conn)
    conn.close()
    import caseapp.store.database as database

    real = database.migrations()
    broken = [(n, name, sql.replace("DROP TABLE report_person_numbers_v16;", "SELECT no_such_function();"))
              for n, name, sql in real]
    monkeypatch.setattr(database, "migrations", lambda: broken)
    with pytest.raises(Exception):
        Database.open(path, key)
    conn = _keyed(path, key)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == NUMBER - 1
    assert _old_rows(conn) == before
    conn.close()


def test_a_deleted_case_takes_every_side_and_report_row_with_it(tmp_path, items):
    db = Database.create(tmp_path / "a.db", os.urandom(32))
    without = Database.create(tmp_path / "b.db", os.urandom(32))
    try:
        gone = items[4]
        with db.transaction() as c:
            insert_cases_bulk(c, items[:12])
        with without.transaction() as c:
            insert_cases_bulk(c, [it for it in items[:12] if it is not gone])
        rowid = db.conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (gone.rec.uuid,)).fetchone()[0]
        held = {t: db.conn.execute(f"SELECT count(*) FROM {t} WHERE case_rowid = ?", (rowid,)).fetchone()[0]
                for t in ("case_people", "case_violence", *REPORT_TABLES)}
        assert all(held.values()), held
        with db.transaction() as c:
            retention_repo.purge_case(c, gone.rec.uuid)
        for table in ("case_people", "case_violence", *REPORT_TABLES):
            assert db.conn.execute(f"SELECT count(*) FROM {table} WHERE case_rowid = ?", (rowid,)).fetchone() == (0,)
        # The summaries are those of a store that never held the case.
        assert _sums(db.conn) == _sums(without.conn)
        # A case stored afterwards may take the freed rowid: it starts with no rows but its own.
        with db.transaction() as c:
            insert_cases_bulk(c, [items[20]])
        new = db.conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (items[20].rec.uuid,)).fetchone()[0]
        assert {r[0] for r in db.conn.execute("SELECT DISTINCT intake_date FROM report_cases WHERE case_rowid = ?",
                                              (new,))} == {items[20].rec.intake_date}
    finally:
        db.close()
        without.close()


class _Recording:
    """A connection that keeps every statement it is given with its parameters."""

    def __init__(self, conn):
        self.conn, self.seen = conn, []

    def execute(self, sql, params=()):
        self.seen.append((sql, tuple(params)))
        return self.conn.execute(sql, params)


_FULL_SCAN = re.compile(r"\bSCAN (report_cases|report_people|report_codes|r|k|x)\b(?! USING (COVERING )?INDEX \S+ \()")


def _plans(conn, statements) -> list[str]:
    out = []
    for sql, params in statements:
        out += [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    return out


def test_report_queries_read_index_ranges_of_the_report_rows(tmp_path, items):
    from caseapp.domain.codes import default_registry
    from caseapp.services import reports as reports_service

    db = Database.create(tmp_path / "r.db", os.urandom(32))
    try:
        with db.transaction() as c:
            insert_cases_bulk(c, items)
        maps = {name: [(e.code, e.code) for e in default_registry()[name].entries]
                for name in ("violence_type", *reports_repo.MAPPED_CASE_CODES, *reports_repo.MAPPED_VICTIM_CODES)}
        bands = reports_service._age_bands()
        offices = reports_repo.stored_offices(db.conn)
        assert offices == ("74.05", "74.06")
        scopes = [
            reports_repo.Scope("2024-03-05", "2026-06-20"),                          # edges from rows, months summed
            reports_repo.Scope("2025-02-03", "2025-02-25", group="office"),          # rows only
            reports_repo.Scope("2025-02-03", "2025-02-25", group="kecamatan", offices=("74.06",)),
            reports_repo.Scope("2024-01-10", "2026-06-30", kecamatan="74.06.01"),
            reports_repo.Scope("2020-01-01", "2026-06-30", visible_to=("user-0", "petugas1")),
        ]
        statements: list = []
        for scope in scopes:
            rec = _Recording(db.conn)
            got = reports_repo.aggregate(rec, scope, maps=maps, age_bands=bands, now="2026-06-30T10:00")
            assert got  # the scopes select cases
            statements += rec.seen
        for call in (lambda conn: reports_repo.high_risk_without_service(conn, visible_to=None),
                     lambda conn: reports_repo.group_count(conn, "2024-01-01", "2026-06-30", table="report_cases"),
                     lambda conn: reports_repo.cases_without_rows(conn),
                     lambda conn: reports_repo.stored_offices(conn)):
            rec = _Recording(db.conn)
            call(rec)
            statements += rec.seen
        reading = [(sql, p) for sql, p in statements if re.search(r"\breport_(cases|people|codes)\b", sql)]
        assert len(reading) >= 8
        plans = _plans(db.conn, reading)
        assert any("USING PRIMARY KEY (owner_office=? AND intake_date>? AND intake_date<?)" in p for p in plans), plans
        scans = [p for p in plans if _FULL_SCAN.search(p)]
        assert scans == [], scans
    finally:
        db.close()

