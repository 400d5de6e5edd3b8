"""Audit heads a partner office carried in its bundles: checkpoints of that office's audit log.

Every incoming bundle's manifest names the sender's audit head at the time it was written; the
import keeps it in ``bundles_in``. Exported, they let the sender's own log be checked against what
it showed to the outside world (``audit verify --against-heads``).
"""

from __future__ import annotations

import sqlcipher3


def received_heads(conn: sqlcipher3.Connection, peer: str) -> list[tuple[str, int, str, str]]:
    """(kind, bundle seq, received at, audit head) of every bundle from ``peer`` that carried a head."""
    return [tuple(r) for r in conn.execute(
        "SELECT kind, seq, received_at, audit_head FROM bundles_in "
        "WHERE peer = ? AND audit_head IS NOT NULL AND audit_head != '' ORDER BY received_at, kind, seq", (peer,),
    ).fetchall()]
