"""The append-only, hash-chained audit log: who did what to which record id, never case content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    action: str
    record_type: str
    record_id: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head: str
    broken_seq: int | None = None
    reason: str = ""


def genesis_hash(db_id: str) -> str:
    return hashlib.sha256(f"caseapp-audit-genesis:{db_id}".encode()).hexdigest()


def entry_hash(prev_hash: str, seq: int, ts: str, actor: str, action: str, record_type: str, record_id: str) -> str:
    body = json.dumps(
        {"seq": seq, "ts": ts, "actor": actor, "action": action, "record_type": record_type, "record_id": record_id},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(bytes.fromhex(prev_hash) + body.encode("utf-8")).hexdigest()


def append(conn: sqlcipher3.Connection, db_id: str, *, ts: str, actor: str, action: str,
           record_type: str = "", record_id: str = "") -> AuditEntry:
    """Append one entry; call inside the same transaction as the change it records."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, genesis_hash(db_id))
    h = entry_hash(prev, seq, ts, actor, action, record_type, record_id)
    conn.execute(
        "INSERT INTO audit_log (seq, ts, actor, action, record_type, record_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
        (seq, ts, actor, action, record_type, record_id, prev, h),
    )
    return AuditEntry(seq, ts, actor, action, record_type, record_id, prev, h)


def append_many(conn: sqlcipher3.Connection, db_id: str, *, ts: str, actor: str,
                entries: list[tuple[str, str, str]]) -> None:
    """Append (action, record type, record id) entries in order, chained as ``append`` one by one would."""
    if not entries:
        return
    seq, prev = head(conn, db_id)
    rows = []
    for action, record_type, record_id in entries:
        seq += 1
        h = entry_hash(prev, seq, ts, actor, action, record_type, record_id)
        rows.append((seq, ts, actor, action, record_type, record_id, prev, h))
        prev = h
    conn.executemany(
        "INSERT INTO audit_log (seq, ts, actor, action, record_type, record_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )


def head(conn: sqlcipher3.Connection, db_id: str) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, genesis_hash(db_id))


def entries(conn: sqlcipher3.Connection, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    rows = conn.execute(
        "SELECT seq, ts, actor, action, record_type, record_id, prev_hash, hash FROM audit_log "
        "ORDER BY seq DESC LIMIT ? OFFSET ?", (limit, offset),
    ).fetchall()
    return [AuditEntry(*r) for r in rows]


def verify(conn: sqlcipher3.Connection, db_id: str) -> ChainReport:
    """Walk the chain from the start; name the first entry that is missing, altered or out of place."""
    prev = genesis_hash(db_id)
    expected_seq = 1
    count = 0
    cur = conn.execute(
        "SELECT seq, ts, actor, action, record_type, record_id, prev_hash, hash FROM audit_log ORDER BY seq"
    )
    for seq, ts, actor, action, rtype, rid, prev_hash, h in cur:
        if seq != expected_seq:
            return ChainReport(False, count, prev, expected_seq, "missing")
        if prev_hash != prev:
            return ChainReport(False, count, prev, seq, "prev_hash")
        if entry_hash(prev, seq, ts, actor, action, rtype, rid) != h:
            return ChainReport(False, count, prev, seq, "content")
        prev = h
        expected_seq += 1
        count += 1
    return ChainReport(True, count, prev)


def hash_at(conn: sqlcipher3.Connection, seq: int) -> str | None:
    """The stored hash of entry ``seq``, or None if there is no such entry."""
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def entries_with_action(conn: sqlcipher3.Connection, action: str) -> list[AuditEntry]:
    rows = conn.execute(
        "SELECT seq, ts, actor, action, record_type, record_id, prev_hash, hash FROM audit_log "
        "WHERE action = ? ORDER BY seq", (action,),
    ).fetchall()
    return [AuditEntry(*r) for r in rows]


def locate_hashes(conn: sqlcipher3.Connection, db_id: str, hashes: set[str]) -> dict[str, int]:
    """For each of ``hashes`` that is a head the chain passed through, the seq of that entry (0: the genesis)."""
    found = {}
    if genesis_hash(db_id) in hashes:
        found[genesis_hash(db_id)] = 0
    for seq, h in conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq"):
        if h in hashes:
            found[h] = seq
    return found
