"""Case rows: the JSON document, list columns, side tables for filters and duplicates, and FTS5."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple, Sequence

import orjson
import sqlcipher3

from caseapp.domain.case_list import SORT_KEYS, CaseFilter, CaseSummary, fts_query
from caseapp.domain.report_facts import ReportRows
from caseapp.store import reports_repo


@dataclass(frozen=True)
class CaseRecord:
    """What the service writes for one case (the document plus everything derived from it)."""

    uuid: str
    case_number: str
    owner_office: str
    status: str
    risk_level: str | None
    intake_date: str
    victim_initials: str
    victim_count: int
    child_victim: bool
    violence_types: tuple[str, ...]
    due_at: str | None
    document: str
    people: tuple[tuple[str, str, str, str | None, str | None], ...]  # person_uuid, role, name_key, nik, birth
    assignments: tuple[str, ...]
    search_names: str
    search_niks: str
    search_body: str
    report: ReportRows | None = None  # rows statistics aggregate (store/reports_repo.py)


@dataclass(frozen=True)
class StoredCase:
    uuid: str
    case_number: str
    document: str
    version: int
    created_by: str
    owner_office: str
    read_only: bool
    handed_over_to: str | None
    assignments: tuple[str, ...]


def next_sequence(conn: sqlcipher3.Connection, office: str, year: int) -> int:
    """Take the next case number in the caller's transaction; a rollback gives it back."""
    conn.execute(
        "INSERT INTO case_sequences (office, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT(office, year) DO UPDATE SET last = last + 1", (office, year),
    )
    return conn.execute("SELECT last FROM case_sequences WHERE office = ? AND year = ?", (office, year)).fetchone()[0]


def number_taken(conn: sqlcipher3.Connection, case_number: str) -> bool:
    return conn.execute("SELECT 1 FROM cases WHERE case_number = ?", (case_number,)).fetchone() is not None


def _write_side_tables(conn: sqlcipher3.Connection, rec: CaseRecord, rowid: int, *, fresh: bool = False) -> None:
    if not fresh:
        conn.execute("DELETE FROM case_people WHERE case_rowid = ?", (rowid,))
        conn.execute("DELETE FROM case_violence WHERE case_rowid = ?", (rowid,))
        conn.execute("DELETE FROM case_assignments WHERE case_uuid = ?", (rec.uuid,))
        conn.execute("DELETE FROM case_search WHERE rowid = ?", (rowid,))
    conn.executemany(
        "INSERT INTO case_people (case_rowid, person_uuid, role, name_key, nik, birth_date) VALUES (?,?,?,?,?,?)",
        [(rowid, *p) for p in rec.people],
    )
    conn.executemany("INSERT INTO case_violence (case_rowid, code) VALUES (?, ?)", [(rowid, v) for v in rec.violence_types])
    if rec.assignments:
        conn.executemany("INSERT INTO case_assignments (case_uuid, username, case_rowid) VALUES (?, ?, ?)",
                         [(rec.uuid, u, rowid) for u in rec.assignments])
    conn.execute(
        "INSERT INTO case_search (rowid, case_number, names, niks, body) VALUES (?,?,?,?,?)",
        (rowid, rec.case_number, rec.search_names, rec.search_niks, rec.search_body),
    )
    if rec.report is not None:
        reports_repo.write_rows(conn, [rec.report], replace=not fresh)


def insert_case(conn: sqlcipher3.Connection, rec: CaseRecord, *, user_id: str, now: str, version: int = 1,
                read_only: bool = False) -> None:
    cur = conn.execute(
        "INSERT INTO cases (uuid, case_number, owner_office, status, risk_level, intake_date, victim_initials, "
        "victim_count, child_victim, violence_types, due_at, created_by, created_at, updated_at, updated_by, version, "
        "read_only, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (rec.uuid, rec.case_number, rec.owner_office, rec.status, rec.risk_level, rec.intake_date, rec.victim_initials,
         rec.victim_count, int(rec.child_victim), " ".join(rec.violence_types), rec.due_at, user_id, now, now, user_id,
         version, int(read_only), rec.document),
    )
    _write_side_tables(conn, rec, cur.lastrowid, fresh=True)


class NewCase(NamedTuple):
    """One item for ``insert_cases_bulk``: ``insert_case``'s arguments. A plain 5-tuple in this order works too."""

    rec: CaseRecord
    user_id: str
    now: str
    version: int = 1
    read_only: bool = False


# orjson must write nothing that SQLite's binding would store differently: anything it does not encode natively
# (and dates, dataclasses and subclasses of str/int/dict/list, which it would) raises, and the batch then goes
# through insert_case instead, which stores or refuses it exactly as before.
_JSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _json_text(rows: list) -> str:
    # Text, never bytes: SQLite reads a BLOB argument to json_each as JSONB.
    return orjson.dumps(rows, option=_JSON_OPTIONS).decode()


_INSERT_CASES_HEAD = (
    "INSERT INTO cases (uuid, case_number, owner_office, status, risk_level, intake_date, victim_initials, "
    "victim_count, child_victim, violence_types, due_at, created_by, created_at, updated_at, updated_by, version, "
    "read_only, document) VALUES ")
_CASE_ROW_PLACEHOLDERS = "(" + ",".join("?" * 18) + ")"
_CASE_ROWS_PER_STATEMENT = 500  # 9,000 bound values, well below SQLite's limit of 32,766


def insert_cases_bulk(conn: sqlcipher3.Connection, items: Sequence[NewCase | tuple]) -> None:
    """Insert new cases exactly as ``insert_case`` for each item in order would, in a few long statements.

    ``items`` are ``NewCase`` (or ``(rec, user_id, now, version, read_only)`` tuples). The rows, their column
    values and types, the rowids of ``cases`` and of every side table, and the ``case_search`` rows are the same as
    item-by-item ``insert_case`` calls write. The case rows go in as multi-row VALUES (one statement per 500 cases);
    each side table gets its rows as one JSON text parameter, inserted in item order through ``json_each``; SQLite
    picks the ``cases`` rowids as it would, one after another, and the ``case_search`` rows take their rowid from
    the ``cases`` row with the same uuid. Empty ``items``: nothing.

    An existing uuid or case number (in the store or twice in ``items``) raises ``sqlcipher3.IntegrityError`` as
    ``insert_case`` would. After any error the caller's transaction must be rolled back (``db.transaction()`` does):
    a failed call may have written a different part of the batch than a failed ``insert_case`` loop would have.
    Values must have ``CaseRecord``'s declared types (str, int, bool, None), as ``services.cases._record`` makes
    them. A batch holding a value orjson cannot encode exactly (e.g. a lone surrogate, an integer beyond 64 bits, a
    str subclass) goes through ``insert_case`` item by item, which stores it or raises exactly as before.
    Call it inside a transaction: the statements must see no other writer between them.
    """
    if not isinstance(items, (list, tuple)):
        items = list(items)  # read twice if it must go through insert_case
    cases, assignments, search = [], [], []
    for rec, user_id, now, version, read_only in items:
        uuid = rec.uuid
        cases.append((uuid, rec.case_number, rec.owner_office, rec.status, rec.risk_level, rec.intake_date,
                      rec.victim_initials, rec.victim_count, int(rec.child_victim), " ".join(rec.violence_types),
                      rec.due_at, user_id, now, now, user_id, version, int(read_only), rec.document))
        assignments += [(uuid, u) for u in rec.assignments]
        search.append((uuid, rec.case_number, rec.search_names, rec.search_niks, rec.search_body))
    if not cases:
        return
    try:
        texts = [_json_text(rows) if rows else None for rows in (assignments, search)]
        # the side rows' values, checked before anything is written (they are encoded again with the rowids)
        _json_text([(rec.people, rec.violence_types) for rec, *_rest in items])
    except orjson.JSONEncodeError:
        for rec, user_id, now, version, read_only in items:
            insert_case(conn, rec, user_id=user_id, now=now, version=version, read_only=read_only)
        return
    assignments_json, search_json = texts
    # The case rows (with their documents, several KB each) as bound parameters of multi-row VALUES statements:
    # reading the documents back out of JSON cost SQLite about twice the time. Rows go in in item order, so the
    # rowids are those the item-by-item path gives; so do the side tables' (ORDER BY key).
    rowids: list[int] = []
    for i in range(0, len(cases), _CASE_ROWS_PER_STATEMENT):
        chunk = cases[i:i + _CASE_ROWS_PER_STATEMENT]
        conn.execute(_INSERT_CASES_HEAD + ",".join([_CASE_ROW_PLACEHOLDERS] * len(chunk)),
                     [value for row in chunk for value in row])
        rowids += _chunk_rowids(conn, chunk)
    # The side rows carry the case's rowid (migration "case_rows_by_rowid"): new cases append to their trees.
    people = [(rowid, *p) for rowid, item in zip(rowids, items) for p in item[0].people]
    violence = [(rowid, v) for rowid, item in zip(rowids, items) for v in item[0].violence_types]
    if people:
        conn.execute(
            "INSERT INTO case_people (case_rowid, person_uuid, role, name_key, nik, birth_date) "
            "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?) ORDER BY key",
            (_json_text(people),),
        )
    if violence:
        conn.execute("INSERT INTO case_violence (case_rowid, code) SELECT value->>0, value->>1 FROM json_each(?) "
                     "ORDER BY key", (_json_text(violence),))
    if assignments_json is not None:
        conn.execute("INSERT INTO case_assignments (case_uuid, username, case_rowid) "
                     "SELECT j.value->>0, j.value->>1, c.rowid FROM json_each(?) j JOIN cases c ON c.uuid = j.value->>0 "
                     "ORDER BY j.key", (assignments_json,))
    conn.execute(
        "INSERT INTO case_search (rowid, case_number, names, niks, body) "
        "SELECT c.rowid, j.value->>1, j.value->>2, j.value->>3, j.value->>4 "
        "FROM json_each(?) j JOIN cases c ON c.uuid = j.value->>0 ORDER BY j.key", (search_json,),
    )
    reported = [(item[0].report, rowid) for item, rowid in zip(items, rowids) if item[0].report is not None]
    reports_repo.write_rows_bulk(conn, [r for r, _i in reported], [i for _r, i in reported])


def _chunk_rowids(conn: sqlcipher3.Connection, chunk: list[tuple]) -> list[int]:
    """The rowids SQLite gave the case rows just inserted by one multi-row statement, in order.

    A table without INTEGER PRIMARY KEY takes max(rowid) + 1 for each new row, so one statement's rows are
    consecutive and the last is ``last_insert_rowid()``; checked at both ends (a store whose largest rowid reached
    2^63 - 1 would get random ones: then every row is looked up)."""
    last = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    first = last - len(chunk) + 1
    ends = conn.execute("SELECT (SELECT rowid FROM cases WHERE uuid = ?), (SELECT rowid FROM cases WHERE uuid = ?)",
                        (chunk[0][0], chunk[-1][0])).fetchone()
    if tuple(ends) == (first, last):
        return list(range(first, last + 1))
    return [conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (row[0],)).fetchone()[0] for row in chunk]


# Every change to an existing case row takes a stamp above all others (migration *_exchange_changes.sql):
# "nothing changed since" is then one index lookup. Inserts keep 0 (count and max(rowid) show them; no case row
# is ever deleted).
_NEXT_CHANGE = "(SELECT coalesce(max(change_seq), 0) + 1 FROM cases)"


def update_case(conn: sqlcipher3.Connection, rec: CaseRecord, *, expected_version: int, user_id: str, now: str,
                new_version: int | None = None) -> bool:
    """Replace a case if nobody saved it since ``expected_version``; False when they did."""
    cur = conn.execute(
        "UPDATE cases SET case_number = ?, owner_office = ?, status = ?, risk_level = ?, intake_date = ?, "
        "victim_initials = ?, victim_count = ?, child_victim = ?, violence_types = ?, due_at = ?, updated_at = ?, "
        f"updated_by = ?, version = ?, document = ?, change_seq = {_NEXT_CHANGE} WHERE uuid = ? AND version = ?",
        (rec.case_number, rec.owner_office, rec.status, rec.risk_level, rec.intake_date, rec.victim_initials,
         rec.victim_count, int(rec.child_victim), " ".join(rec.violence_types), rec.due_at, now, user_id,
         new_version if new_version is not None else expected_version + 1, rec.document, rec.uuid, expected_version),
    )
    if cur.rowcount != 1:
        return False
    rowid = conn.execute("SELECT rowid FROM cases WHERE uuid = ?", (rec.uuid,)).fetchone()[0]
    _write_side_tables(conn, rec, rowid)
    return True


def get_case(conn: sqlcipher3.Connection, uuid: str) -> StoredCase | None:
    row = conn.execute(
        "SELECT uuid, case_number, document, version, created_by, owner_office, read_only, handed_over_to "
        "FROM cases WHERE uuid = ?", (uuid,),
    ).fetchone()
    if row is None:
        return None
    assigned = tuple(r[0] for r in conn.execute("SELECT username FROM case_assignments WHERE case_uuid = ?", (uuid,)))
    return StoredCase(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], assigned)


def resolve_case_ref(conn: sqlcipher3.Connection, ref: str) -> str | None:
    """A case uuid from its uuid or its case number."""
    row = conn.execute("SELECT uuid FROM cases WHERE uuid = ? OR case_number = ?", (ref, ref)).fetchone()
    return row[0] if row else None


# A person sees the cases they created and those assigned to them: two sets of rowids read from indexes
# (case_assignments_visible, cases_created_by) once per statement, so testing a row needs only its rowid.
_SEEN_BY = ("c.rowid IN (SELECT case_rowid FROM case_assignments WHERE username = ?) "
            "OR c.rowid IN (SELECT rowid FROM cases WHERE created_by = {creator})")


def _people(flt: CaseFilter, visible_to: tuple[str, str] | None) -> list[tuple[str, list, str]]:
    """(creator SQL, its parameters, username) of each person whose cases alone the list may hold."""
    people = []
    if visible_to is not None:
        people.append(("?", [visible_to[0]], visible_to[1]))
    if flt.mine and flt.extra.get("me"):
        people.append(("?", [flt.extra["me"][0]], flt.extra["me"][1]))
    if flt.officer:
        people.append(("(SELECT id FROM users WHERE username = ?)", [flt.officer], flt.officer))
    return [p for n, p in enumerate(people) if p not in people[:n]]


def _where(flt: CaseFilter, visible_to: tuple[str, str] | None, now_iso: str, *,
           for_count: bool = False) -> tuple[list[str], list]:
    clauses, params = [], []
    query = fts_query(flt.text)
    if query:  # first: a rowid test, answered without reading the case row
        clauses.append("c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)")
        params.append(query)
    for creator_sql, creator_params, username in _people(flt, visible_to):
        if for_count:
            clauses.append(f"({_SEEN_BY.format(creator=creator_sql)})")
            params += [username, *creator_params]
        else:  # a page tests a few hundred rows: probing each costs less than building the two sets
            clauses.append(f"(c.created_by = {creator_sql} OR EXISTS (SELECT 1 FROM case_assignments a "
                           "WHERE a.case_uuid = c.uuid AND a.username = ?))")
            params += [*creator_params, username]
    if flt.statuses:
        clauses.append(f"c.status IN ({','.join('?' * len(flt.statuses))})")
        params += list(flt.statuses)
    if flt.violence_type:
        clauses.append("EXISTS (SELECT 1 FROM case_violence v WHERE v.case_rowid = c.rowid AND v.code = ?)")
        params.append(flt.violence_type)
    if flt.risk_level:
        clauses.append("c.risk_level = ?")
        params.append(flt.risk_level)
    if flt.date_from:
        clauses.append("c.intake_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("c.intake_date <= ?")
        params.append(flt.date_to.isoformat())
    if flt.overdue:
        clauses.append("c.due_at IS NOT NULL AND c.due_at < ? AND c.status != 'selesai'")
        params.append(now_iso)
    return clauses, params


_SUMMARY_COLS = ("c.uuid, c.case_number, c.intake_date, c.status, c.risk_level, c.victim_initials, c.victim_count, "
                 "c.child_victim, c.violence_types, c.due_at, c.updated_at, c.read_only")

# Sort columns that may be NULL (SQLite puts NULL first ascending, last descending), and the index that walks each
# sort column in the list's order (x, rowid). case_number's is its UNIQUE constraint's index.
_NULLABLE_SORTS = frozenset({"risk_level", "due_at"})
_SORT_INDEX = {"intake_date": "cases_intake", "status": "cases_sort_status", "risk_level": "cases_sort_risk",
               "due_at": "cases_sort_due", "updated_at": "cases_sort_updated"}


def _summary(row, sort: str) -> CaseSummary:
    return CaseSummary(
        uuid=row[0], case_number=row[1], intake_date=dt.date.fromisoformat(row[2]), status=row[3], risk_level=row[4],
        victim_initials=row[5], victim_count=row[6], child_victim=bool(row[7]),
        violence_types=tuple(row[8].split()), due_at=dt.datetime.fromisoformat(row[9]) if row[9] else None,
        updated_at=row[10], read_only=bool(row[11]), position=(sort, row[13], row[12]),
    )


def list_cases(conn: sqlcipher3.Connection, flt: CaseFilter, *, visible_to: tuple[str, str] | None, now_iso: str,
               offset: int = 0, limit: int = 100, after: tuple | None = None) -> list[CaseSummary]:
    """One page of the list in ``flt``'s order (ties by rowid).

    ``after`` is the ``position`` of the last row already shown: the page starts right after it (keyset paging,
    an index range whatever the depth). ``offset`` is the old way (cost grows with the depth); not both.
    """
    clauses, params = _where(flt, visible_to, now_iso)
    sort = flt.sort if flt.sort in SORT_KEYS else "intake_date"
    desc = flt.descending
    direction = "DESC" if desc else "ASC"
    head = f"SELECT {_SUMMARY_COLS}, c.rowid, c.{sort} FROM cases c"
    if fts_query(flt.text) and sort in _SORT_INDEX:
        # Walk the sort column's index and stop at the first page of matches, instead of sorting every match of a
        # common word (measured: p95 from >1 s to ~30 ms on 100,000 cases; a word with no match ~10 ms).
        head += f" INDEXED BY {_SORT_INDEX[sort]}"
    order = f" ORDER BY c.{sort} {direction}, c.rowid {direction} LIMIT ?"
    if offset:
        if after is not None:
            raise ValueError("list_cases: offset and after together")
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return [_summary(r, sort) for r in conn.execute(head + where + order + " OFFSET ?", params + [limit, offset])]
    # Segments in list order, each an index range: for a nullable column the NULLs are one segment (first when
    # ascending, last when descending) and the values another, so no OR spoils the range.
    if sort in _NULLABLE_SORTS:
        segments = [f"c.{sort} IS NULL", f"c.{sort} IS NOT NULL"]
        if desc:
            segments.reverse()
    else:
        segments = [None]
    bound: tuple[str, list] | None = None
    if after is not None:
        key, value, rowid = after
        if key != sort:
            raise ValueError(f"list_cases: a position in the {key} order, the list is sorted by {sort}")
        if sort in _NULLABLE_SORTS:
            segments = segments[segments.index(f"c.{sort} IS NULL" if value is None else f"c.{sort} IS NOT NULL"):]
        cmp = "<" if desc else ">"
        bound = (f"c.rowid {cmp} ?", [rowid]) if value is None else (f"(c.{sort}, c.rowid) {cmp} (?, ?)", [value, rowid])
    out: list[CaseSummary] = []
    for n, segment in enumerate(segments):
        seg_clauses, seg_params = list(clauses), list(params)
        if segment is not None:
            seg_clauses.append(segment)
        if bound is not None and n == 0:
            seg_clauses.append(bound[0])
            seg_params += bound[1]
        where = " WHERE " + " AND ".join(seg_clauses) if seg_clauses else ""
        out += [_summary(r, sort) for r in conn.execute(head + where + order, seg_params + [limit - len(out)])]
        if len(out) >= limit:
            break
    return out


_LIST_ONLY_FIELDS = ("statuses", "violence_type", "date_from", "date_to", "risk_level", "overdue")


def _seen_by_count(conn: sqlcipher3.Connection, creator_sql: str, creator_params: list, username: str) -> int:
    """Cases created by the user (``creator_sql``) or assigned to ``username``, from indexes only."""
    return conn.execute(
        f"SELECT (SELECT count(*) FROM cases WHERE created_by = {creator_sql}) + "
        "(SELECT count(*) FROM case_assignments WHERE username = ? AND case_rowid NOT IN "
        f"(SELECT rowid FROM cases WHERE created_by = {creator_sql}))",
        creator_params + [username] + creator_params).fetchone()[0]


def count_cases(conn: sqlcipher3.Connection, flt: CaseFilter, *, visible_to: tuple[str, str] | None, now_iso: str,
                cap: int | None = None) -> int:
    """How many cases the list holds.

    Exact and cheap (indexes only) for the list's usual shapes: everything, one person's cases (an officer's
    visibility, "Kasus saya", the officer filter), and a text search with or without those.
    Any other filter counts the matching rows; with ``cap`` it stops after ``cap + 1`` of them, so a result above
    ``cap`` means "more than ``cap``".
    """
    other = any(getattr(flt, name) for name in _LIST_ONLY_FIELDS)
    text = fts_query(flt.text)
    people = _people(flt, visible_to)
    if not other:
        if not text and not people:
            return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        if not text and len(people) == 1:
            return _seen_by_count(conn, *people[0])
        if text:
            # Every case has exactly one row in the full-text index (written and replaced with the case), so the
            # matches are counted there, each person's cases as sets of rowids: no case row is read.
            sql, params = "SELECT count(*) FROM case_search c WHERE case_search MATCH ?", [text]
            for creator_sql, creator_params, username in people:
                sql += f" AND ({_SEEN_BY.format(creator=creator_sql)})"
                params += [username, *creator_params]
            return conn.execute(sql, params).fetchone()[0]
    clauses, params = _where(flt, visible_to, now_iso, for_count=True)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    if cap is None:
        return conn.execute("SELECT count(*) FROM cases c" + where, params).fetchone()[0]
    return conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM cases c{where} LIMIT ?)", params + [cap + 1]).fetchone()[0]


def find_people(conn: sqlcipher3.Connection, *, nik: str | None, name_key: str, birth_date: str | None,
                exclude_case: str | None) -> list[tuple[str, str, str]]:
    """(case uuid, case number, person uuid) of people with the same NIK, or similar name and same birth date."""
    clauses, params = [], []
    if nik:
        clauses.append("p.nik = ?")
        params.append(nik)
    if birth_date and name_key:
        clauses.append("(p.birth_date = ? AND (p.name_key = ? OR p.name_key LIKE ? OR ? LIKE p.name_key || '%'))")
        params += [birth_date, name_key, name_key + "%", name_key]
    if not clauses:
        return []
    sql = ("SELECT c.uuid, c.case_number, p.person_uuid FROM case_people p JOIN cases c ON c.rowid = p.case_rowid "
           f"WHERE ({' OR '.join(clauses)})")
    if exclude_case:
        sql += " AND c.uuid != ?"
        params.append(exclude_case)
    return [tuple(r) for r in conn.execute(sql + " LIMIT 20", params)]


def case_uuids(conn: sqlcipher3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT uuid FROM cases ORDER BY rowid")]


def list_column_sources(conn: sqlcipher3.Connection) -> list[tuple[str, str, str, str | None]]:
    """(uuid, document, victim_initials, due_at) of every case, for recomputing the derived list columns."""
    return [tuple(r) for r in conn.execute("SELECT uuid, document, victim_initials, due_at FROM cases ORDER BY rowid")]


def set_list_columns(conn: sqlcipher3.Connection, rows: Sequence[tuple[str, str | None, str]]) -> None:
    """Set (victim_initials, due_at) by uuid; the document, version and merge bases are not touched."""
    conn.executemany("UPDATE cases SET victim_initials = ?, due_at = ? WHERE uuid = ?", rows)


# --- attachments ------------------------------------------------------------------------------------------------

def insert_attachment(conn: sqlcipher3.Connection, *, id: str, case_uuid: str, file_name: str, mime_type: str,
                      data: bytes, sha256: str, description: str, now: str, user_id: str) -> None:
    conn.execute(
        "INSERT INTO attachments (id, case_uuid, file_name, mime_type, size, sha256, data, description, created_at, created_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        (id, case_uuid, file_name, mime_type, len(data), sha256, data, description, now, user_id),
    )


def list_attachments(conn: sqlcipher3.Connection, case_uuid: str) -> list[tuple]:
    return conn.execute(
        "SELECT id, file_name, mime_type, size, sha256, description, created_at FROM attachments WHERE case_uuid = ? "
        "ORDER BY created_at", (case_uuid,),
    ).fetchall()


def attachment_data(conn: sqlcipher3.Connection, attachment_id: str) -> tuple[str, str, bytes] | None:
    row = conn.execute("SELECT case_uuid, mime_type, data FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    return (row[0], row[1], bytes(row[2])) if row else None


def delete_attachment(conn: sqlcipher3.Connection, attachment_id: str) -> None:
    conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))


def attachments_with_data(conn: sqlcipher3.Connection, case_uuid: str) -> list[tuple]:
    """(id, file_name, mime_type, sha256, description, created_at, data) for the exchange writer."""
    return [(*r[:6], bytes(r[6])) for r in conn.execute(
        "SELECT id, file_name, mime_type, sha256, description, created_at, data FROM attachments WHERE case_uuid = ? "
        "ORDER BY created_at", (case_uuid,))]


def attachment_hashes(conn: sqlcipher3.Connection, case_uuid: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT sha256 FROM attachments WHERE case_uuid = ?", (case_uuid,))}


def set_owner(conn: sqlcipher3.Connection, uuid: str, owner_office: str, *, read_only: bool,
              handed_over_to: str | None) -> None:
    conn.execute(f"UPDATE cases SET owner_office = ?, read_only = ?, handed_over_to = ?, change_seq = {_NEXT_CHANGE} "
                 "WHERE uuid = ?", (owner_office, int(read_only), handed_over_to, uuid))
    reports_repo.set_owner(conn, uuid, owner_office)


def cases_with_attachments(conn: sqlcipher3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT case_uuid FROM attachments")}
