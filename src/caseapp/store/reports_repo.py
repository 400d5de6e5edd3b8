"""SQL for statistics and the home page: every report figure is a GROUP BY over the report rows (migration "reports")
or, for whole months, over their trigger-kept summaries (migration "report_sums").

The selection (period, offices, kecamatan, who may see which cases) is computed once per report as a materialized
CTE; each table is one branch of a single UNION ALL statement, so a whole recap is one pass over the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, replace as _with
from typing import Iterable, Sequence

import sqlcipher3

from caseapp.domain.report_facts import ReportRows


# --- writing ------------------------------------------------------------------------------------------------------

# The stored rows (migration "case_rows_by_rowid"): ReportRows' case uuid becomes the case's rowid, a person's uuid
# its number within the case (``_person_numbers``), so that a new case's rows append to their tables.
_CASE_COLS = ("intake_date, case_rowid, owner_office, kecamatan, status, incident_date, intake_at, closed_on, "
              "police_due, police_reported_at")
_PEOPLE_COLS = ("intake_date, case_rowid, owner_office, kecamatan, person, role, sex, age, education, "
                "occupation, marital_status, disability")
_CODE_COLS = "intake_date, case_rowid, owner_office, kecamatan, kind, person, code, victims, perpetrators"


def _marks(cols: str) -> str:
    return ",".join("?" * (cols.count(",") + 1))


def _from_json(cols: str) -> str:
    return ", ".join(f"value->>{i}" for i in range(cols.count(",") + 1))


def _person_numbers(rows: ReportRows) -> dict[str, int]:
    """Each person of a case as a number: 1, 2, … by the person uuids in text order ('' — the case itself — 0).
    Migration "case_rows_by_rowid" numbers the stored rows by the same rule."""
    persons = sorted({p[4] for p in rows.people} | {c[5] for c in rows.codes if c[5]})
    numbers = {u: n for n, u in enumerate(persons, 1)}
    numbers[""] = 0
    return numbers


def _stored(rows: ReportRows, rowid: int) -> tuple[tuple, list[tuple], list[tuple]]:
    """(case row, people rows, code rows) as stored: the case's rowid and the persons' numbers in place of uuids."""
    numbers = _person_numbers(rows)
    c = rows.case
    return ((c[0], rowid, *c[2:]),
            [(p[0], rowid, p[2], p[3], numbers[p[4]], *p[5:]) for p in rows.people],
            [(k[0], rowid, k[2], k[3], k[4], numbers[k[5]], *k[6:]) for k in rows.codes])


def _rowids(conn: sqlcipher3.Connection, rows: Sequence[ReportRows]) -> list[int]:
    out = []
    for r in rows:
        found = conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (r.uuid,)).fetchone()
        if found is None:
            raise ValueError("report rows of a case that is not stored")
        out.append(found[0])
    return out


def write_rows(conn: sqlcipher3.Connection, rows: Sequence[ReportRows], *, replace: bool = False) -> None:
    """Store the report rows of cases (``replace``: drop what the same cases had before). The cases must be stored."""
    if not rows:
        return
    rowids = _rowids(conn, rows)
    if replace:
        for table in ("report_cases", "report_people", "report_codes"):
            conn.executemany(f"DELETE FROM {table} WHERE case_rowid = ?", [(i,) for i in rowids])
    stored = [_stored(r, i) for r, i in zip(rows, rowids)]
    conn.executemany(f"INSERT INTO report_cases ({_CASE_COLS}) VALUES ({_marks(_CASE_COLS)})", [s[0] for s in stored])
    conn.executemany(f"INSERT INTO report_people ({_PEOPLE_COLS}) VALUES ({_marks(_PEOPLE_COLS)})",
                     [p for s in stored for p in s[1]])
    conn.executemany(f"INSERT OR IGNORE INTO report_codes ({_CODE_COLS}) VALUES ({_marks(_CODE_COLS)})",
                     [c for s in stored for c in s[2]])


def write_rows_bulk(conn: sqlcipher3.Connection, rows: Sequence[ReportRows],
                    rowids: Sequence[int] | None = None) -> None:
    """``write_rows`` for new cases (``cases_repo.insert_cases_bulk``): each report table's rows in one statement
    (JSON text, json_each), then the summaries in one aggregated statement per summary table over just these cases.

    While the rows go in, the summaries' insert triggers are off (migration "report_sums_bulk": a row in
    ``report_sums_bulk``); the sums added afterwards are what the triggers would have added row by row. The flag
    row lives only inside the caller's transaction: it is deleted here, on success and on error, and a rollback or a
    crash takes it away too. The cases must be new (no report rows yet), as ``insert_cases_bulk`` guarantees.
    ``rowids``: the cases' rowids in ``rows``' order when the caller knows them (else looked up by uuid).
    """
    if not rows:
        return
    if rowids is None:
        rowids = _rowids(conn, rows)
    stored = [_stored(r, i) for r, i in zip(rows, rowids, strict=True)]
    conn.execute("INSERT INTO report_sums_bulk (one) VALUES (1)")
    try:
        for table, cols, items, verb in (("report_cases", _CASE_COLS, [s[0] for s in stored], "INSERT"),
                                         ("report_people", _PEOPLE_COLS, [p for s in stored for p in s[1]],
                                          "INSERT"),
                                         ("report_codes", _CODE_COLS, [c for s in stored for c in s[2]],
                                          "INSERT OR IGNORE")):
            if items:
                conn.execute(f"{verb} INTO {table} ({cols}) SELECT {_from_json(cols)} FROM json_each(?)",
                             (json.dumps(items),))
        new_cases = json.dumps(list(rowids))
        for sql in _ADD_SUMS:
            conn.execute(sql, (new_cases,))
    except BaseException:
        with contextlib.suppress(sqlcipher3.Error):  # the caller rolls back; the flag must not outlive the error
            conn.execute("DELETE FROM report_sums_bulk")
        raise
    conn.execute("DELETE FROM report_sums_bulk")


# The summaries of the report rows of the cases whose rowids are the JSON array parameter, added to the stored ones:
# the same expressions as the fill and the insert triggers of migration "report_sums" (keep them in step), grouped.
_NEW_CASES = "case_rowid IN (SELECT value FROM json_each(?))"
_ADD_SUMS = (
    "INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days) "
    "SELECT status, closure, police, police_due, month, kecamatan, owner_office, count(*), sum(days) FROM ("
    "SELECT r.status AS status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' "
    "WHEN d <= 180 THEN '91_180' ELSE '181_plus' END AS closure, CASE WHEN r.police_due IS NULL THEN '' "
    "WHEN r.police_reported_at IS NULL THEN 'open' WHEN r.police_reported_at <= r.police_due THEN 'tepat_waktu' "
    "ELSE 'terlambat' END AS police, CASE WHEN r.police_due IS NOT NULL AND r.police_reported_at IS NULL THEN "
    "substr(r.police_due, 1, 7) ELSE '' END AS police_due, substr(r.intake_date, 1, 7) AS month, "
    "coalesce(r.kecamatan, '') AS kecamatan, r.owner_office AS owner_office, coalesce(d, 0) AS days "
    "FROM (SELECT *, CASE WHEN x.status = 'selesai' AND x.closed_on IS NOT NULL THEN julianday(x.closed_on) - "
    f"julianday(x.intake_date) END AS d FROM report_cases x WHERE {_NEW_CASES}) r) "
    "WHERE true GROUP BY 1, 2, 3, 4, 5, 6, 7 "
    "ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days + excluded.days",

    "WITH p AS MATERIALIZED (SELECT role, sex, age, education, occupation, marital_status, disability, "
    "substr(intake_date, 1, 7) AS month, coalesce(kecamatan, '') AS kecamatan, owner_office FROM report_people "
    f"WHERE {_NEW_CASES}) "
    "INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n) "
    "SELECT role, attr, value, age, month, kecamatan, owner_office, count(*) FROM ("
    "SELECT role, 'n' AS attr, '' AS value, -1 AS age, month, kecamatan, owner_office FROM p "
    "UNION ALL SELECT role, 'sex', coalesce(sex, ''), coalesce(age, -1), month, kecamatan, owner_office FROM p "
    "WHERE role = 'korban' "
    "UNION ALL SELECT role, 'education', coalesce(education, ''), -1, month, kecamatan, owner_office FROM p "
    "WHERE role = 'korban' "
    "UNION ALL SELECT role, 'occupation', coalesce(occupation, ''), -1, month, kecamatan, owner_office FROM p "
    "WHERE role = 'korban' "
    "UNION ALL SELECT role, 'marital_status', coalesce(marital_status, ''), -1, month, kecamatan, owner_office "
    "FROM p WHERE role = 'korban' "
    "UNION ALL SELECT role, 'disability', coalesce(disability, ''), -1, month, kecamatan, owner_office FROM p "
    "WHERE role = 'korban') "
    "WHERE true GROUP BY 1, 2, 3, 4, 5, 6, 7 ON CONFLICT DO UPDATE SET n = n + excluded.n",

    "INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) "
    "SELECT kind, codes, month, kecamatan, owner_office, count(*), sum(v), sum(p) FROM ("
    "SELECT kind, group_concat(code, ',' ORDER BY code) AS codes, substr(min(intake_date), 1, 7) AS month, "
    "coalesce(min(kecamatan), '') AS kecamatan, min(owner_office) AS owner_office, "
    "coalesce(max(victims), 0) AS v, coalesce(max(perpetrators), 0) AS p "
    f"FROM report_codes WHERE {_NEW_CASES} GROUP BY case_rowid, kind, person) "
    "WHERE true GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET n = n + excluded.n, "
    "victims = victims + excluded.victims, perpetrators = perpetrators + excluded.perpetrators",
)


def set_owner(conn: sqlcipher3.Connection, case_uuid: str, owner_office: str) -> None:
    """A hand-over moved the case to another office: its report rows follow."""
    row = conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()
    if row is None:
        return
    for table in ("report_cases", "report_people", "report_codes"):
        conn.execute(f"UPDATE {table} SET owner_office = ? WHERE case_rowid = ?", (owner_office, row[0]))


def rows_missing(conn: sqlcipher3.Connection) -> bool:
    """Whether some case has no report rows (cheap: two counts over small indexes)."""
    return conn.execute("SELECT (SELECT count(*) FROM cases) != (SELECT count(*) FROM report_cases)").fetchone()[0] == 1


def cases_without_rows(conn: sqlcipher3.Connection, limit: int = 1000) -> list[tuple[str, str, str]]:
    """(uuid, owner office, document) of cases stored before the report rows existed."""
    return conn.execute("SELECT c.uuid, c.owner_office, c.document FROM cases c WHERE NOT EXISTS "
                        "(SELECT 1 FROM report_cases r WHERE r.case_rowid = c.rowid) LIMIT ?", (limit,)).fetchall()


# --- the selection ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    date_from: str                          # ISO dates, inclusive, on the intake date
    date_to: str
    group: str = ""                         # "" (one area), "office" or "kecamatan"
    offices: tuple[str, ...] = ()           # only cases owned by these offices (empty: all)
    kecamatan: str | None = None            # only cases in this kecamatan
    visible_to: tuple[str, str] | None = None  # (user id, user name) when the user may not see every case


_GROUP = {"": "''", "office": "owner_office", "kecamatan": "coalesce(kecamatan, '')"}


def stored_offices(conn: sqlcipher3.Connection) -> tuple[str, ...]:
    """The offices that own report rows, in order: one index probe each (report_cases is clustered by office)."""
    return tuple(r[0] for r in conn.execute(
        "WITH RECURSIVE o(x) AS (SELECT (SELECT min(owner_office) FROM report_cases) UNION ALL "
        "SELECT (SELECT min(owner_office) FROM report_cases WHERE owner_office > o.x) FROM o WHERE o.x IS NOT NULL) "
        "SELECT x FROM o WHERE x IS NOT NULL"))


def _rows_scope(conn: sqlcipher3.Connection, scope: Scope) -> Scope:
    """``scope`` naming its offices: the report rows are clustered by (office, intake date), so a period is one
    index range per office (all the stored ones when the scope names none)."""
    return scope if scope.offices else _with(scope, offices=stored_offices(conn))


def _where(scope: Scope) -> tuple[str, list]:
    """The WHERE clause every report table shares (its rows carry office, intake date and kecamatan).
    ``scope.offices`` must name the offices (``_rows_scope``): no office, no row."""
    where = [f"owner_office IN ({','.join('?' * len(scope.offices))})", "intake_date BETWEEN ? AND ?"]
    params = [*scope.offices, scope.date_from, scope.date_to]
    if scope.kecamatan:
        where.append("kecamatan = ?")
        params.append(scope.kecamatan)
    if scope.visible_to is not None:
        where.append("case_rowid IN vis")
    return " AND ".join(where), params


def _category_columns(mapping: dict[str, list[tuple[str, str]]]) -> tuple[list[str], list]:
    """SQL expressions giving a report_codes row's 1st, 2nd, … SIMFONI category (NULL when it has no more), as
    ``CASE kind WHEN … THEN CASE code WHEN … THEN … END END``, with their bound parameters in order."""
    per_code: dict[str, dict[str, list[str]]] = {}
    for kind, pairs in mapping.items():
        for code, cat in pairs:
            per_code.setdefault(kind, {}).setdefault(code, []).append(cat)
    width = max([len(cats) for codes in per_code.values() for cats in codes.values()] + [1])
    exprs, params = [], []
    for n in range(width):
        sql = ["CASE kind"]
        for kind, codes in per_code.items():
            whens = [(code, cats[n]) for code, cats in codes.items() if len(cats) > n]
            if whens:
                sql.append("WHEN ? THEN CASE code " + " ".join("WHEN ? THEN ?" for _w in whens) + " END")
                params += [kind] + [v for pair in whens for v in pair]
        exprs.append(" ".join(sql) + " END" if len(sql) > 1 else "NULL")
    return exprs, params


# Tables whose codes are mapped to SIMFONI categories in SQL (several codes of one case may share a category).
MAPPED_CASE_CODES = ("place", "service")        # counted per case
MAPPED_VICTIM_CODES = ("relationship", "disability_type")   # counted per victim


def aggregate(conn: sqlcipher3.Connection, scope: Scope, *, maps: dict[str, list[tuple[str, str]]],
              age_bands: Iterable[tuple[str, int, int | None]], now: str) -> list[tuple]:
    """(table, area, key, subkey, count, sum 1, sum 2) for every figure of a report (see ``_aggregate_rows``).

    Whole months come from the summaries (migration "report_sums", kept by triggers); the days before the first
    and after the last whole month, and every report of a user who may not see all cases, from the report rows.
    The parts cover disjoint sets of cases, so their figures add up.
    """
    age_bands = list(age_bands)
    rows_scope = _rows_scope(conn, scope)
    if scope.visible_to is not None:
        return _aggregate_rows(conn, rows_scope, maps=maps, age_bands=age_bands, now=now)
    first, last = _whole_months(scope.date_from, scope.date_to)
    if first is None:
        return _aggregate_rows(conn, rows_scope, maps=maps, age_bands=age_bands, now=now)
    out: list[tuple] = []
    start = dt.date.fromisoformat(first + "-01")
    end = _month_end(dt.date.fromisoformat(last + "-01"))
    if scope.date_from < start.isoformat():
        out += _aggregate_rows(conn, _with(rows_scope, date_to=(start - dt.timedelta(days=1)).isoformat()),
                               maps=maps, age_bands=age_bands, now=now)
    if scope.date_to > end.isoformat():
        out += _aggregate_rows(conn, _with(rows_scope, date_from=(end + dt.timedelta(days=1)).isoformat()),
                               maps=maps, age_bands=age_bands, now=now)
    return out + _aggregate_sums(conn, scope, first, last, maps=maps, age_bands=age_bands, now=now,
                                 rows_offices=rows_scope.offices)


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _whole_months(date_from: str, date_to: str) -> tuple[str | None, str | None]:
    """The first and last whole month ('YYYY-MM') from ``date_from`` to ``date_to``, or (None, None)."""
    a, b = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
    start = a if a.day == 1 else _month_end(a) + dt.timedelta(days=1)
    end = b if b == _month_end(b) else b.replace(day=1) - dt.timedelta(days=1)
    if start > end:
        return None, None
    return start.isoformat()[:7], end.isoformat()[:7]


def _aggregate_sums(conn: sqlcipher3.Connection, scope: Scope, first: str, last: str, *,
                    maps: dict[str, list[tuple[str, str]]], age_bands: list[tuple[str, int, int | None]],
                    now: str, rows_offices: tuple[str, ...]) -> list[tuple]:
    """``aggregate`` over the whole months ``first`` .. ``last`` from the summaries (no per-user visibility).
    ``rows_offices``: the offices to read report rows of (``_rows_scope``).

    Each summary table is read once, grouped on its key's leading columns (in key order: no sorting for one area
    or per kecamatan); the margins are added up here.
    """
    where, params = ["month BETWEEN ? AND ?"], [first, last]
    if scope.offices:
        where.append(f"owner_office IN ({','.join('?' * len(scope.offices))})")
        params += list(scope.offices)
    if scope.kecamatan:
        where.append("kecamatan = ?")
        params.append(scope.kecamatan)
    w = " AND ".join(where)
    g = {"": "''", "office": "owner_office", "kecamatan": "kecamatan"}[scope.group]
    by_g = f", {g}" if scope.group else ""       # a constant in GROUP BY would make SQLite sort
    acc: dict[tuple[str, str, str, str], list] = defaultdict(lambda: [0, 0.0, 0])

    def add(tab, area, key, sub, n, n2=0, n3=0):
        cell = acc[(tab, area, key, sub)]
        cell[0] += n
        cell[1] += n2
        cell[2] += n3

    # cases: status, closure and police clock; then the cases per month (each grouped in SQL, few rows to add up)
    this_month = now[:7]
    for status, closure, police, due_month, area, n, days in conn.execute(
            f"SELECT status, closure, police, police_due, {g}, sum(n), sum(days) FROM report_case_sums "
            f"WHERE {w} GROUP BY status, closure, police, police_due{by_g}", params):
        add("cases", area, "", "", n)
        add("status", area, status, "", n)
        if closure:
            add("closure_days", area, closure, "", n, days)
        if police == "open":
            if due_month == this_month:     # looked up case by case below
                continue
            police = "terlambat" if due_month < this_month else "berjalan"
        if police:
            add("police", area, police, "", n)
    for month, area, n in conn.execute(
            f"SELECT month, {g}, sum(n) FROM report_case_sums WHERE {w} GROUP BY month{by_g}", params):
        add("month_cases", area, month, "", n)
    # open police clocks ending this month: late or not depends on the minute (few rows, by a partial index)
    end = _month_end(dt.date.fromisoformat(last + "-01")).isoformat()
    rows_where, rows_params = _where(_with(scope, date_from=first + "-01", date_to=end, offices=rows_offices))
    for area, late, n in conn.execute(
            f"SELECT {_GROUP[scope.group]}, police_due < ?, count(*) FROM report_cases WHERE "
            f"police_reported_at IS NULL AND police_due >= ? AND police_due < ? AND {rows_where} GROUP BY 1, 2",
            [now, this_month, this_month + "~"] + rows_params):
        add("police", area, "terlambat" if late else "berjalan", "", n)
    # people
    bands = [(code, lo, 999 if hi is None else hi) for code, lo, hi in age_bands]
    for role, attr, value, age, area, n in conn.execute(
            f"SELECT role, attr, value, age, {g}, sum(n) FROM report_people_sums WHERE {w} "
            f"GROUP BY role, attr, value, age{by_g}", params):
        if attr == "n":
            add("victims" if role == "korban" else "perpetrators", area, "", "", n)
        elif attr == "sex":
            matched = [code for code, lo, hi in bands if age >= 0 and lo <= age <= hi] or [""]
            for code in matched:
                add("sex_age", area, value, code, n)
        else:
            add(attr, area, value, "", n)
    # coded: each case's (or victim's) set of codes of a kind counts once in every category one of them maps to
    cats: dict[tuple[str, str], list[str]] = {}
    for kind in ("violence", *MAPPED_CASE_CODES, *MAPPED_VICTIM_CODES):
        for code, cat in maps["violence_type" if kind == "violence" else kind]:
            cats.setdefault((kind, code), []).append(cat)
    set_cats: dict[tuple[str, str], tuple[str, ...]] = {}

    def categories(kind: str, codes: str) -> tuple[str, ...]:
        found = set_cats.get((kind, codes))
        if found is None:
            found = set_cats[(kind, codes)] = tuple(dict.fromkeys(
                c for code in codes.split(",") for c in cats.get((kind, code), ())))
        return found

    for kind, codes, area, n, v, p in conn.execute(
            f"SELECT kind, codes, {g}, sum(n), sum(victims), sum(perpetrators) FROM report_code_sums "
            f"WHERE {w} GROUP BY kind, codes{by_g}", params):
        for cat in categories(kind, codes):
            add("coded", area, f"{kind}|{cat}", "", n, v, p)
    # cases by violence type per month, over the whole selection
    for codes, month, n in conn.execute(
            f"SELECT codes, month, sum(n) FROM report_code_sums WHERE kind = 'violence' AND {w} "
            "GROUP BY codes, month", params):
        for cat in categories("violence", codes):
            add("month", "", month, cat, n)
    out = [(tab, area, key, sub, n, int(n2), n3) for (tab, area, key, sub), (n, n2, n3) in acc.items()]
    # referrals are few: the approved letters of the selected cases, from the letters table (letters first: CROSS
    # JOIN keeps SQLite from reading every report row of the period and its case row instead)
    out += [tuple(r) for r in conn.execute(
        f"SELECT 'referrals', {_GROUP[scope.group]}, destination_type, CASE WHEN tracking = '' THEN "
        f"'belum_dikirim' ELSE tracking END, count(*), 0, 0 FROM (SELECT l.destination_type, l.tracking, "
        f"r.case_rowid, r.intake_date, r.owner_office, r.kecamatan FROM referral_letters l CROSS JOIN cases c "
        f"ON c.uuid = l.case_uuid CROSS JOIN report_cases r ON r.case_rowid = c.rowid "
        f"WHERE l.status = 'disetujui') WHERE {rows_where} GROUP BY 2, 3, 4",
        rows_params)]
    return out


def _aggregate_rows(conn: sqlcipher3.Connection, scope: Scope, *, maps: dict[str, list[tuple[str, str]]],
                    age_bands: Iterable[tuple[str, int, int | None]], now: str) -> list[tuple]:
    """(table, area, key, subkey, count, sum 1, sum 2) for every figure of a report from the report rows, in one
    statement.

    ``people``: key "role|sex|age group", subkey "education|occupation|marital status|disability";
    ``coded``: key "kind|SIMFONI category", subkey the month, sums the victims and perpetrators (violence rows);
    ``closure_days``: sum 1 the days.

    ``maps``: caseapp code -> SIMFONI category pairs for violence_type and the MAPPED_* kinds; ``age_bands``:
    (group code, min age, max age or None). Person attributes come back as caseapp codes ('' when unknown).
    Each report table is read once over the period into a materialized CTE (no lookups into other tables); the
    branches of one UNION ALL group those rows in memory.
    """
    where, params = _where(scope)
    g = _GROUP[scope.group]
    bands = json.dumps([[c, lo, 999 if hi is None else hi] for c, lo, hi in age_bands])
    mapping = {kind: maps["violence_type" if kind == "violence" else kind]
               for kind in ("violence", *MAPPED_CASE_CODES, *MAPPED_VICTIM_CODES)}
    cat_exprs, cat_params = _category_columns(mapping)
    sources: dict[str, set[str]] = {}
    for kind, pairs in mapping.items():
        for code, cat in pairs:
            sources.setdefault(f"{kind}|{cat}", set()).add(code)
    shared = sorted(key for key, codes in sources.items() if len(codes) > 1) or ["-"]
    shared_marks = ",".join("?" * len(shared))
    ctes, cte_params = [], []
    if scope.visible_to is not None:
        ctes.append("vis AS MATERIALIZED (SELECT rowid FROM cases WHERE created_by = ? UNION "
                    "SELECT case_rowid FROM case_assignments WHERE username = ?)")
        cte_params += list(scope.visible_to)
    ctes += [
        "bands AS MATERIALIZED (SELECT value->>0 AS grp, value->>1 AS lo, value->>2 AS hi FROM json_each(?))",
        f"sel AS MATERIALIZED (SELECT {g} AS g, case_rowid AS u, status, intake_date, closed_on, police_due, "
        f"police_reported_at FROM report_cases WHERE {where})",
        f"ppl AS MATERIALIZED (SELECT {g} AS g, case_rowid AS u, role, sex, age, education, occupation, "
        f"marital_status, disability FROM report_people WHERE {where})",
        # each coded row with its SIMFONI categories (CASE over kind, then code: no join, no lookup) ...
        f"kc0 AS MATERIALIZED (SELECT {g} AS g, kind, case_rowid AS u, person, intake_date, victims, "
        f"perpetrators, {', '.join(f'{e} AS c{i}' for i, e in enumerate(cat_exprs))} FROM report_codes WHERE {where})",
        # ... then one row per (case or victim, category). Only a category that several codes map to can repeat
        # for one case or victim (e.g. two kinds of parent, both "Orang tua"); only those rows need DISTINCT.
        "kc AS MATERIALIZED (" + " UNION ALL ".join(
            f"SELECT g, kind, u, person, c{i} AS cat, intake_date, victims, perpetrators FROM kc0 "
            f"WHERE c{i} IS NOT NULL AND kind || '|' || c{i} NOT IN ({shared_marks})" for i in range(len(cat_exprs)))
        + " UNION ALL SELECT * FROM (" + " UNION ".join(  # UNION, and DISTINCT for a single part
            f"SELECT DISTINCT g, kind, u, person, c{i} AS cat, intake_date, victims, perpetrators FROM kc0 "
            f"WHERE kind || '|' || c{i} IN ({shared_marks})" for i in range(len(cat_exprs))) + "))",
    ]
    cte_params += [bands] + params + params + cat_params + params + shared * (2 * len(cat_exprs))
    # People and coded rows are each grouped once on all their columns (SQLite groups by sorting, so one pass
    # over many columns is far cheaper than one pass per table); services.reports adds up the margins.
    branches = [
        "SELECT 'cases', g, '', '', count(*), 0, 0 FROM sel GROUP BY g",
        "SELECT 'status', g, status, '', count(*), 0, 0 FROM sel GROUP BY g, status",
        "SELECT 'people', g, role || '|' || coalesce(sex, '') || '|' || coalesce(b.grp, ''), "
        "coalesce(education, '') || '|' || coalesce(occupation, '') || '|' || coalesce(marital_status, '') || '|' || "
        "coalesce(disability, ''), count(*), 0, 0 FROM ppl LEFT JOIN bands b ON ppl.age BETWEEN b.lo AND b.hi "
        "GROUP BY 2, 3, 4",
        "SELECT 'coded', g, kind || '|' || cat, substr(intake_date, 1, 7), count(*), sum(victims), "
        "sum(perpetrators) FROM kc GROUP BY 2, 3, 4",
        "SELECT 'referrals', g, l.destination_type, CASE WHEN l.tracking = '' THEN 'belum_dikirim' "
        "ELSE l.tracking END, count(*), 0, 0 FROM sel JOIN (SELECT c.rowid AS u, l.destination_type, l.tracking "
        "FROM referral_letters l JOIN cases c ON c.uuid = l.case_uuid WHERE l.status = 'disetujui') l "
        "ON l.u = sel.u GROUP BY g, 3, 4",
        "SELECT 'closure_days', g, CASE WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <= 180 "
        "THEN '91_180' ELSE '181_plus' END, '', count(*), CAST(sum(d) AS INTEGER), 0 FROM (SELECT g, "
        "julianday(closed_on) - julianday(intake_date) AS d FROM sel WHERE status = 'selesai' AND closed_on IS NOT "
        "NULL) GROUP BY g, 3",
        "SELECT 'police', g, CASE WHEN police_reported_at IS NOT NULL AND police_reported_at <= police_due "
        "THEN 'tepat_waktu' WHEN police_reported_at IS NOT NULL OR police_due < ? THEN 'terlambat' "
        "ELSE 'berjalan' END, '', count(*), 0, 0 FROM sel WHERE police_due IS NOT NULL GROUP BY g, 3",
        "SELECT 'month_cases', g, substr(intake_date, 1, 7), '', count(*), 0, 0 FROM sel GROUP BY g, 3",
    ]
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
    return [tuple(r) for r in conn.execute(sql, cte_params + [now])]


def group_count(conn: sqlcipher3.Connection, date_from: str, date_to: str, *,
                table: str = "cases") -> list[tuple[str, int]]:
    """The simplest figure, one GROUP BY count of a period's rows per office (the benchmark's yardstick), over
    ``cases``, ``report_cases`` (the first table the report rows path reads) or a summary table ("report_sums"; whole
    months of the period)."""
    if table == "cases":
        return conn.execute("SELECT owner_office, count(*) FROM cases WHERE intake_date BETWEEN ? AND ? "
                            "GROUP BY owner_office", (date_from, date_to)).fetchall()
    if table == "report_cases":
        offices = stored_offices(conn)
        return conn.execute(f"SELECT owner_office, count(*) FROM report_cases WHERE owner_office IN "
                            f"({','.join('?' * len(offices))}) AND intake_date BETWEEN ? AND ? GROUP BY owner_office",
                            (*offices, date_from, date_to)).fetchall()
    if table not in ("report_case_sums", "report_people_sums", "report_code_sums"):
        raise ValueError(table)
    return conn.execute(f"SELECT owner_office, count(*) FROM {table} WHERE month BETWEEN ? AND ? "
                        "GROUP BY owner_office", (date_from[:7], date_to[:7])).fetchall()


def areas(conn: sqlcipher3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT owner_office FROM cases ORDER BY 1")]


# --- SIMFONI-PPA entry flag ---------------------------------------------------------------------------------------

def mark_entered(conn: sqlcipher3.Connection, case_uuid: str, *, entered_on: str, user_id: str, now: str) -> None:
    conn.execute("INSERT INTO simfoni_entries (case_uuid, entered_on, recorded_by, recorded_at) VALUES (?,?,?,?) "
                 "ON CONFLICT(case_uuid) DO UPDATE SET entered_on = excluded.entered_on, "
                 "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                 (case_uuid, entered_on, user_id, now))


def unmark_entered(conn: sqlcipher3.Connection, case_uuid: str) -> None:
    conn.execute("DELETE FROM simfoni_entries WHERE case_uuid = ?", (case_uuid,))


def entered_on(conn: sqlcipher3.Connection, case_uuid: str) -> str | None:
    row = conn.execute("SELECT entered_on FROM simfoni_entries WHERE case_uuid = ?", (case_uuid,)).fetchone()
    return row[0] if row else None


def pending_entry(conn: sqlcipher3.Connection, *, owner: str, date_from: str, date_to: str,
                  visible_to: tuple[str, str] | None, limit: int = 1000) -> list[tuple[str, str, str, str]]:
    """(uuid, case number, intake date, violence types) of ``owner``'s cases not yet entered into SIMFONI-PPA."""
    sql = ("SELECT c.uuid, c.case_number, c.intake_date, c.violence_types FROM cases c WHERE c.intake_date "
           "BETWEEN ? AND ? AND c.owner_office = ? AND c.read_only = 0 AND NOT EXISTS (SELECT 1 FROM "
           "simfoni_entries s WHERE s.case_uuid = c.uuid)")
    params: list = [date_from, date_to, owner]
    if visible_to is not None:
        sql += (" AND (c.created_by = ? OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_uuid = c.uuid "
                "AND a.username = ?))")
        params += list(visible_to)
    return [tuple(r) for r in conn.execute(sql + " ORDER BY c.intake_date, c.rowid LIMIT ?", params + [limit])]


# --- home page ----------------------------------------------------------------------------------------------------

_MINE = ("(c.created_by = ? OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_uuid = c.uuid "
         "AND a.username = ?))")


def due_cases(conn: sqlcipher3.Connection, *, me: tuple[str, str], before: str, limit: int = 50) -> list[tuple]:
    """(uuid, case number, initials, due at) of my open cases due before ``before``, most overdue first."""
    return [tuple(r) for r in conn.execute(
        "SELECT c.uuid, c.case_number, c.victim_initials, c.due_at FROM cases c INDEXED BY cases_sort_due "
        f"WHERE c.due_at IS NOT NULL AND c.due_at < ? AND c.status != 'selesai' AND {_MINE} "
        "ORDER BY c.due_at LIMIT ?", (before, *me, limit))]


def high_risk_without_service(conn: sqlcipher3.Connection, *, visible_to: tuple[str, str] | None,
                              limit: int = 50) -> list[tuple]:
    """(uuid, case number, initials, intake date) of open high-risk cases with no service beyond the intake."""
    sql = ("SELECT c.uuid, c.case_number, c.victim_initials, c.intake_date FROM cases c INDEXED BY cases_open_risk "
           "WHERE c.risk_level = 'tinggi' AND c.status != 'selesai' AND NOT EXISTS (SELECT 1 FROM report_codes k "
           "WHERE k.case_rowid = c.rowid AND k.kind = 'service' AND k.person = 0 AND k.code != 'pengaduan')")
    params: list = []
    if visible_to is not None:
        sql += " AND " + _MINE
        params += list(visible_to)
    return [tuple(r) for r in conn.execute(sql + " ORDER BY c.intake_date LIMIT ?", params + [limit])]


def letters_waiting(conn: sqlcipher3.Connection, *, visible_to: tuple[str, str] | None,
                    limit: int = 50) -> list[tuple]:
    """(letter id, case uuid, case number, destination, status, tracking, date) of drafts and sent letters."""
    sql = ("SELECT l.id, l.case_uuid, c.case_number, l.destination_name, l.status, l.tracking, "
           "coalesce(l.sent_date, substr(l.created_at, 1, 10)) FROM referral_letters l JOIN cases c "
           "ON c.uuid = l.case_uuid WHERE (l.status = 'draf' OR l.tracking = 'dikirim')")
    params: list = []
    if visible_to is not None:
        sql += " AND " + _MINE
        params += list(visible_to)
    return [tuple(r) for r in conn.execute(sql + " ORDER BY 7 LIMIT ?", params + [limit])]


def open_conflicts(conn: sqlcipher3.Connection, *, visible_to: tuple[str, str] | None, limit: int = 50) -> list[tuple]:
    """(case uuid, case number, peer, number of open conflicts) per case."""
    sql = ("SELECT m.case_uuid, c.case_number, m.peer, count(*) FROM merge_conflicts m JOIN cases c "
           "ON c.uuid = m.case_uuid WHERE m.resolved_at IS NULL")
    params: list = []
    if visible_to is not None:
        sql += " AND " + _MINE
        params += list(visible_to)
    return [tuple(r) for r in conn.execute(sql + " GROUP BY m.case_uuid, m.peer ORDER BY min(m.created_at) LIMIT ?",
                                           params + [limit])]


def last_bundle_to(conn: sqlcipher3.Connection, peer: str) -> str | None:
    row = conn.execute("SELECT max(created_at) FROM bundles_out WHERE peer = ?", (peer,)).fetchone()
    return row[0] if row else None
