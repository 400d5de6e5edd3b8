"""What the store records about who holds a case: owner, hand-over, and what was exchanged with which office.

Read by the exchange authority rules (``services/exchange_authority.py``). Nothing new is stored for them: the
``cases`` columns ``owner_office``, ``read_only`` and ``handed_over_to`` say who owns a case and to whom this office
handed it; a ``sync_base`` row (peer, case) exists once this office and the peer both hold the case (set by a receipt
for what this office sent, and by an import for what it received); a ``sync_pending`` row (peer, seq, case) names a
case sent in a full bundle not yet acknowledged. ``bundles_in`` lists every bundle really imported.
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


def custody(conn: sqlcipher3.Connection, peer: str, uuids: list[str]) -> dict[str, CustodyRow]:
    """For each of ``uuids`` held here: its owner and hand-over columns, and whether it was exchanged with ``peer``."""
    out: dict[str, CustodyRow] = {}
    wanted = list(dict.fromkeys(uuids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = conn.execute(
            "SELECT c.uuid, c.case_number, c.owner_office, c.read_only, c.handed_over_to, "
            "EXISTS (SELECT 1 FROM sync_base b WHERE b.peer = ? AND b.case_uuid = c.uuid) "
            "OR EXISTS (SELECT 1 FROM sync_pending p WHERE p.peer = ? AND p.case_uuid = c.uuid) "
            f"FROM cases c WHERE c.uuid IN ({','.join('?' * len(chunk))})", [peer, peer, *chunk])
        for r in rows:
            out[r[0]] = CustodyRow(r[0], r[1], r[2], bool(r[3]), r[4], bool(r[5]))
    return out


def imported_bundle(conn: sqlcipher3.Connection, bundle_hash: str) -> tuple[str, int, str] | None:
    """(sender, sequence, kind) of a bundle this office imported, or None."""
    row = conn.execute("SELECT peer, seq, kind FROM bundles_in WHERE bundle_hash = ?", (bundle_hash,)).fetchone()
    return (row[0], row[1], row[2]) if row else None
