"""Rows for office identities, trusted offices, bundle bookkeeping, sync bases and merge conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass

import orjson
import sqlcipher3


# --- this office's identity ---------------------------------------------------------------------------------

def identities(conn: sqlcipher3.Connection) -> list[tuple[dict, bytes, bool]]:
    """(private dict, card bytes, is current), current first."""
    rows = conn.execute("SELECT private, card, current FROM office_identities ORDER BY current DESC, created_at DESC")
    return [(json.loads(r[0]), bytes(r[1]), bool(r[2])) for r in rows]


def add_identity(conn: sqlcipher3.Connection, key_id: str, private: dict, card: bytes, now: str) -> None:
    conn.execute("UPDATE office_identities SET current = 0")
    conn.execute("INSERT INTO office_identities (key_id, private, card, current, created_at) VALUES (?,?,?,1,?)",
                 (key_id, json.dumps(private), card, now))


# --- trusted offices ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrustedOfficeRow:
    code: str
    name: str
    level: str
    card: bytes
    key_id: str
    fingerprint: str
    default_scope: str
    trusted_at: str


def trusted_offices(conn: sqlcipher3.Connection) -> list[TrustedOfficeRow]:
    rows = conn.execute("SELECT code, name, level, card, key_id, fingerprint, default_scope, trusted_at "
                        "FROM trusted_offices ORDER BY code")
    return [TrustedOfficeRow(r[0], r[1], r[2], bytes(r[3]), r[4], r[5], r[6], r[7]) for r in rows]


def trusted_office(conn: sqlcipher3.Connection, code: str) -> TrustedOfficeRow | None:
    return next((t for t in trusted_offices(conn) if t.code == code), None)


def old_cards(conn: sqlcipher3.Connection) -> list[bytes]:
    return [bytes(r[0]) for r in conn.execute("SELECT card FROM trusted_office_keys")]


def upsert_trusted(conn: sqlcipher3.Connection, row: TrustedOfficeRow, trusted_by: str) -> None:
    old = trusted_office(conn, row.code)
    if old is not None and old.key_id != row.key_id:
        conn.execute("INSERT OR IGNORE INTO trusted_office_keys (code, key_id, card) VALUES (?,?,?)",
                     (old.code, old.key_id, old.card))
    conn.execute(
        "INSERT INTO trusted_offices (code, name, level, card, key_id, fingerprint, default_scope, trusted_at, trusted_by) "
        "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, "
        "card = excluded.card, key_id = excluded.key_id, fingerprint = excluded.fingerprint, "
        "default_scope = excluded.default_scope, trusted_at = excluded.trusted_at, trusted_by = excluded.trusted_by",
        (row.code, row.name, row.level, row.card, row.key_id, row.fingerprint, row.default_scope, row.trusted_at, trusted_by),
    )


# --- bundles ------------------------------------------------------------------------------------------------

def last_out(conn: sqlcipher3.Connection, peer: str) -> tuple[int, str | None]:
    row = conn.execute("SELECT seq, bundle_hash FROM bundles_out WHERE peer = ? ORDER BY seq DESC LIMIT 1", (peer,)).fetchone()
    return (row[0], row[1]) if row else (0, None)


def record_out(conn: sqlcipher3.Connection, *, peer: str, seq: int, bundle_hash: str, file_name: str, case_count: int,
               scope: str, transfer: bool, now: str, user_id: str) -> None:
    conn.execute(
        "INSERT INTO bundles_out (peer, seq, bundle_hash, file_name, case_count, scope, transfer, created_at, created_by) "
        "VALUES (?,?,?,?,?,?,?,?,?)", (peer, seq, bundle_hash, file_name, case_count, scope, int(transfer), now, user_id),
    )


def out_bundle(conn: sqlcipher3.Connection, peer: str, seq: int) -> tuple[str, str | None, bool] | None:
    row = conn.execute("SELECT bundle_hash, acknowledged_at, transfer FROM bundles_out WHERE peer = ? AND seq = ?",
                       (peer, seq)).fetchone()
    return (row[0], row[1], bool(row[2])) if row else None


def acknowledge_out(conn: sqlcipher3.Connection, peer: str, seq: int, now: str) -> None:
    conn.execute("UPDATE bundles_out SET acknowledged_at = ? WHERE peer = ? AND seq = ?", (now, peer, seq))


def list_out(conn: sqlcipher3.Connection) -> list[tuple]:
    return conn.execute("SELECT peer, seq, bundle_hash, file_name, case_count, scope, transfer, created_at, acknowledged_at "
                        "FROM bundles_out ORDER BY created_at DESC").fetchall()


def in_hash_known(conn: sqlcipher3.Connection, bundle_hash: str) -> bool:
    return conn.execute("SELECT 1 FROM bundles_in WHERE bundle_hash = ?", (bundle_hash,)).fetchone() is not None


def in_seqs(conn: sqlcipher3.Connection, peer: str, kind: str) -> set[int]:
    """Every sequence number received from ``peer``: one per bundle, so gaps are found from these (as ranges)."""
    return {r[0] for r in conn.execute("SELECT seq FROM bundles_in WHERE peer = ? AND kind = ?", (peer, kind))}


def record_in(conn: sqlcipher3.Connection, *, peer: str, seq: int, kind: str, bundle_hash: str, case_count: int,
              audit_head: str | None, now: str, user_id: str, previous_hash: str | None = None) -> None:
    conn.execute(
        "INSERT INTO bundles_in (peer, seq, kind, bundle_hash, case_count, audit_head, received_at, imported_by, "
        "previous_hash) VALUES (?,?,?,?,?,?,?,?,?)",
        (peer, seq, kind, bundle_hash, case_count, audit_head, now, user_id, previous_hash),
    )


def in_max_seq(conn: sqlcipher3.Connection, peer: str, kind: str) -> int:
    """The highest sequence number received from ``peer`` (0 when none)."""
    row = conn.execute("SELECT max(seq) FROM bundles_in WHERE peer = ? AND kind = ?", (peer, kind)).fetchone()
    return row[0] or 0


def in_chain_at(conn: sqlcipher3.Connection, peer: str, kind: str, seq: int) -> tuple[str, str | None] | None:
    """(bundle hash, the previous-bundle hash it named, or None if not recorded) of bundle ``seq``, if received."""
    row = conn.execute("SELECT bundle_hash, previous_hash FROM bundles_in WHERE peer = ? AND kind = ? AND seq = ?",
                       (peer, kind, seq)).fetchone()
    return (row[0], row[1]) if row else None


def last_in(conn: sqlcipher3.Connection, peer: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT max(seq), max(received_at) FROM bundles_in WHERE peer = ? AND kind = 'data'", (peer,)).fetchone()
    return (row[0], row[1]) if row and row[0] is not None else None


# --- sync bases ---------------------------------------------------------------------------------------------
#
# A base (or pending base) whose document is NULL refers to the case's own stored document at the row's version;
# migration 0006's triggers copy the old document into such rows before a case changes. Readers get the document
# text either way and apply merge.comparable() to it.

def _json_text(document: dict | str | None) -> str | None:
    """A document as stored: JSON text as given (already encoded by the caller), a dict encoded here, or None."""
    return document if document is None or isinstance(document, str) else json.dumps(document, ensure_ascii=False)


_BASE_TEXT = ("coalesce(b.document, (SELECT c.document FROM cases c WHERE c.uuid = b.case_uuid "
              "AND c.version = b.version))")


def sync_base(conn: sqlcipher3.Connection, peer: str, case_uuid: str) -> dict | None:
    """The document this office and ``peer`` last agreed on for a case (as stored: apply comparable()), or None."""
    row = conn.execute(f"SELECT {_BASE_TEXT} FROM sync_base b WHERE b.peer = ? AND b.case_uuid = ?",
                       (peer, case_uuid)).fetchone()
    return orjson.loads(row[0]) if row and row[0] is not None else None


def set_sync_base(conn: sqlcipher3.Connection, peer: str, case_uuid: str, version: int,
                  document: dict | str | None) -> None:
    set_sync_base_many(conn, peer, [(case_uuid, version, document)])


def set_sync_base_many(conn: sqlcipher3.Connection, peer: str, rows: list[tuple[str, int, dict | str | None]]) -> None:
    """Set the base for many cases at once: (case uuid, version, document, or None for the case as stored now)."""
    conn.executemany(
        "INSERT INTO sync_base (peer, case_uuid, version, document) VALUES (?,?,?,?) "
        "ON CONFLICT(peer, case_uuid) DO UPDATE SET version = excluded.version, document = excluded.document",
        [(peer, u, version, _json_text(doc)) for u, version, doc in rows],
    )


def add_pending_many(conn: sqlcipher3.Connection, peer: str, seq: int,
                     sent: list[tuple[str, int, dict | str | None]]) -> None:
    """What bundle ``seq`` sent (case uuid, version, shared document): the merge base once it is acknowledged.

    A None document means "the case as stored at that version"; it is kept by reference only if the case still
    has that version (the export read it before this transaction), else the caller's rows must carry the text.
    """
    conn.executemany(
        "INSERT OR REPLACE INTO sync_pending (peer, seq, case_uuid, version, document) VALUES (?,?,?,?,?)",
        [(peer, seq, u, version, _json_text(doc)) for u, version, doc in sent],
    )


def case_change_stamp(conn: sqlcipher3.Connection) -> tuple[int, int]:
    """(largest change stamp, number of cases), from indexes. The same value later means no case row was updated or
    deleted in between: every statement that changes a case's document or version (``update_case``, and
    ``set_owner``) raises the stamp, and a purge lowers the count."""
    row = conn.execute("SELECT (SELECT coalesce(max(change_seq), 0) FROM cases), (SELECT count(*) FROM cases)").fetchone()
    return row[0], row[1]


def case_versions(conn: sqlcipher3.Connection, uuids: list[str]) -> dict[str, int]:
    """The current version of each of ``uuids`` that this store holds."""
    found: dict[str, int] = {}
    for i in range(0, len(uuids), 500):
        chunk = uuids[i:i + 500]
        found.update(conn.execute(f"SELECT uuid, version FROM cases WHERE uuid IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall())
    return found


def known_case_uuids(conn: sqlcipher3.Connection, uuids: list[str]) -> set[str]:
    """Which of ``uuids`` this store holds as cases."""
    known: set[str] = set()
    for i in range(0, len(uuids), 500):
        chunk = uuids[i:i + 500]
        known.update(r[0] for r in conn.execute(f"SELECT uuid FROM cases WHERE uuid IN ({','.join('?' * len(chunk))})",
                                                chunk))
    return known


def taken_case_numbers(conn: sqlcipher3.Connection, numbers: list[str]) -> set[str]:
    """Which of ``numbers`` are case numbers in this store."""
    taken: set[str] = set()
    for i in range(0, len(numbers), 500):
        chunk = numbers[i:i + 500]
        taken.update(r[0] for r in conn.execute(
            f"SELECT case_number FROM cases WHERE case_number IN ({','.join('?' * len(chunk))})", chunk))
    return taken


def export_rows(conn: sqlcipher3.Connection, peer: str, *, uuids: list[str] | None = None,
                owned_by: str | None = None) -> list[tuple]:
    """(uuid, document, version, owner, read_only, handed_over_to, base document or None, base is this version).

    The last column is true when the base is a reference to the case exactly as stored: the peer holds this
    version, so an incremental export can skip the case without reading its document.
    """
    cols = ("SELECT c.uuid, c.document, c.version, c.owner_office, c.read_only, c.handed_over_to, b.document, "
            "b.document IS NULL AND b.version = c.version "
            "FROM cases c LEFT JOIN sync_base b ON b.peer = ? AND b.case_uuid = c.uuid ")
    if uuids is not None:
        out = []
        for i in range(0, len(uuids), 500):
            chunk = uuids[i:i + 500]
            found = {r[0]: r for r in conn.execute(cols + f"WHERE c.uuid IN ({','.join('?' * len(chunk))})", [peer, *chunk])}
            out += [found[u] for u in chunk if u in found]
        return out
    return conn.execute(cols + "WHERE (c.owner_office = ? AND c.read_only = 0) OR b.case_uuid IS NOT NULL ORDER BY c.rowid",
                        (peer, owned_by or "")).fetchall()


def export_candidates(conn: sqlcipher3.Connection, peer: str, *, owned_by: str | None) -> list[tuple[str, bool, str | None]]:
    """(uuid, read_only, handed_over_to) of the cases a default export must read, in store order.

    The same cases ``export_rows(conn, peer, owned_by=...)`` returns, less those whose base is a reference to the
    case exactly as stored (the peer holds this version: nothing to send). Read from indexes (``cases_exchange``,
    ``sync_base``'s key) without the documents.
    """
    return [(r[0], bool(r[1]), r[2]) for r in conn.execute(
        "SELECT c.uuid, c.read_only, c.handed_over_to FROM cases c INDEXED BY cases_exchange "
        "LEFT JOIN sync_base b ON b.peer = ? AND b.case_uuid = c.uuid "
        "WHERE ((c.owner_office = ? AND c.read_only = 0) OR b.case_uuid IS NOT NULL) "
        "AND NOT coalesce(b.document IS NULL AND b.version = c.version, 0) ORDER BY c.rowid",
        (peer, owned_by or ""))]


def quiet_state(conn: sqlcipher3.Connection, peer: str, owned_by: str | None) -> str | None:
    """What a default export to ``peer`` depends on, as stamps and counts from indexes; None if that is not enough.

    The export sends the cases (owned by ``owned_by`` and writable, or with a base for ``peer``) whose base is not
    the case as stored. That set can only change when a case row changes (``change_seq``, set by every update of a
    case), a case is added (count and max rowid: no case row is ever deleted), a base for ``peer`` is added
    (count; bases are never deleted) or a base holds its own copy of a document. Only a store whose bases for
    ``peer`` are all references has a state (a copied base could be replaced by another copy unseen).
    """
    row = conn.execute(
        "SELECT (SELECT count(*) FROM cases), (SELECT max(rowid) FROM cases), (SELECT max(change_seq) FROM cases), "
        "(SELECT count(*) FROM sync_base WHERE peer = ?), "
        "EXISTS (SELECT 1 FROM sync_base INDEXED BY sync_base_copies WHERE peer = ? AND document IS NOT NULL)",
        (peer, peer)).fetchone()
    if row[4]:
        return None
    return json.dumps([owned_by, *row[:4]])


def quiet_mark(conn: sqlcipher3.Connection, peer: str) -> str | None:
    """The ``quiet_state`` recorded when a default export to ``peer`` last found nothing to send."""
    row = conn.execute("SELECT state FROM exchange_quiet WHERE peer = ?", (peer,)).fetchone()
    return row[0] if row else None


def set_quiet_mark(conn: sqlcipher3.Connection, peer: str, state: str) -> None:
    conn.execute("INSERT INTO exchange_quiet (peer, state) VALUES (?, ?) ON CONFLICT(peer) DO UPDATE SET state = excluded.state",
                 (peer, state))


def take_pending(conn: sqlcipher3.Connection, peer: str, seq: int) -> list[tuple[str, int, str | None]]:
    """Remove and return what bundle ``seq`` sent: (case uuid, version, JSON text, or None: the case as stored)."""
    rows = conn.execute("SELECT case_uuid, version, document FROM sync_pending WHERE peer = ? AND seq = ?", (peer, seq)).fetchall()
    conn.execute("DELETE FROM sync_pending WHERE peer = ? AND seq = ?", (peer, seq))
    return [(r[0], r[1], r[2]) for r in rows]


# --- conflicts ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictRow:
    id: str
    case_uuid: str
    peer: str
    path: tuple[str, ...]
    local_value: str
    remote_value: str
    created_at: str


def add_conflict(conn: sqlcipher3.Connection, *, id: str, case_uuid: str, peer: str, path: tuple[str, ...],
                 local_value: str, remote_value: str, now: str) -> None:
    path_text = json.dumps(list(path))
    conn.execute("UPDATE merge_conflicts SET resolved_at = ?, resolved_by = 'superseded', resolution = 'superseded' "
                 "WHERE case_uuid = ? AND peer = ? AND path = ? AND resolved_at IS NULL", (now, case_uuid, peer, path_text))
    conn.execute("INSERT INTO merge_conflicts (id, case_uuid, peer, path, local_value, remote_value, created_at) "
                 "VALUES (?,?,?,?,?,?,?)", (id, case_uuid, peer, path_text, local_value, remote_value, now))


def open_conflicts(conn: sqlcipher3.Connection, case_uuid: str | None = None) -> list[ConflictRow]:
    sql = "SELECT id, case_uuid, peer, path, local_value, remote_value, created_at FROM merge_conflicts WHERE resolved_at IS NULL"
    params: tuple = ()
    if case_uuid:
        sql += " AND case_uuid = ?"
        params = (case_uuid,)
    return [ConflictRow(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6])
            for r in conn.execute(sql + " ORDER BY created_at", params)]


def resolve_conflict(conn: sqlcipher3.Connection, conflict_id: str, *, resolution: str, user_id: str, now: str) -> None:
    conn.execute("UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                 (now, user_id, resolution, conflict_id))


# --- canonical dump for tests and tamper checks -------------------------------------------------------------

def canonical_dump(conn: sqlcipher3.Connection) -> list[tuple[str, list]]:
    """Every user table's rows in a stable order (attachments as hashes): equal dumps, equal content."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'case_search%' ORDER BY name")]
    out = []
    for t in tables:
        rows = conn.execute(f"SELECT * FROM {t}").fetchall()
        out.append((t, sorted(repr(tuple(bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in r)) for r in rows)))
    return out
