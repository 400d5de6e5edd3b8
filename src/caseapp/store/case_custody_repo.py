"""What the store records about who holds a case: owner, hand-over, and what was exchanged with which office.

Read by the exchange authority rules (``services/exchange_authority.py``). Nothing new is stored for them: the
``cases`` columns ``owner_office``, ``read_only`` and ``handed_over_to`` say who owns a case and to whom this office
handed it; a ``sync_base`` row (peer, case) exists once this office and the peer both hold the case (set by a receipt
for what this office sent, and by an import for what it received); a ``sync_pending`` row (peer, seq, case) names a
case sent in a full bundle not yet acknowledged. ``bundles_in`` lists every bundle really imported.
``case_handovers_in`` (migration ``0008_case_handovers_in.sql``) names the offices that handed a case to this office.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class CustodyRow:
    uuid: str
    case_number: str
    owner_office: str
    read_only: bool
    handed_over_to: str | None
    exchanged_with_peer: bool
    handed_over_by_peer: bool


def custody(conn: sqlcipher3.Connection, peer: str, uuids: list[str]) -> dict[str, CustodyRow]:
    """For each of ``uuids`` held here: its owner and hand-over columns, and whether it was exchanged with ``peer``."""
    out: dict[str, CustodyRow] = {}
    wanted = list(dict.fromkeys(uuids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = conn.execute(
            "SELECT c.uuid, c.case_number, c.owner_office, c.read_only, c.handed_over_to, "
            "EXISTS (SELECT 1 FROM sync_base b WHERE b.peer = ? AND b.case_uuid = c.uuid) "
            "OR EXISTS (SELECT 1 FROM sync_pending p WHERE p.peer = ? AND p.case_uuid = c.uuid), "
            "EXISTS (SELECT 1 FROM case_handovers_in h WHERE h.case_uuid = c.uuid AND h.from_office = ?) "
            f"FROM cases c WHERE c.uuid IN ({','.join('?' * len(chunk))})", [peer, peer, peer, *chunk])
        for r in rows:
            out[r[0]] = CustodyRow(r[0], r[1], r[2], bool(r[3]), r[4], bool(r[5]), bool(r[6]))
    return out


def imported_bundle(conn: sqlcipher3.Connection, bundle_hash: str) -> tuple[str, int, str] | None:
    """(sender, sequence, kind) of a bundle this office imported, or None."""
    row = conn.execute("SELECT peer, seq, kind FROM bundles_in WHERE bundle_hash = ?", (bundle_hash,)).fetchone()
    return (row[0], row[1], row[2]) if row else None


def record_handovers_in(conn: sqlcipher3.Connection, from_office: str, bundle_hash: str, now: str,
                        uuids: list[str]) -> None:
    """Remember that ``from_office`` handed these cases to this office (in the caller's transaction)."""
    conn.executemany(
        "INSERT INTO case_handovers_in (case_uuid, from_office, bundle_hash, received_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_uuid, from_office) DO UPDATE SET bundle_hash = excluded.bundle_hash, "
        "received_at = excluded.received_at", [(u, from_office, bundle_hash, now) for u in uuids])
