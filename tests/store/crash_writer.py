"""Subprocess for the crash test: commits numbered writes in a loop and reports each commit.

Reads the data key (hex) and data-dir path from stdin so that nothing secret is in argv.
"""

import sys
from pathlib import Path

from caseapp.store import audit_log
from caseapp.store.database import Database


def main() -> None:
    root, key_hex, start = sys.stdin.read().split()
    db = Database.open(Path(root) / "caseapp.db", bytes.fromhex(key_hex))
    db_id = db.conn.execute("SELECT db_id FROM office").fetchone()[0]
    n = int(start)
    while True:
        with db.transaction() as c:
            c.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"crash-{n}", "x" * (n % 500)))
            audit_log.append(c, db_id, ts="2024-01-01T00:00:00+08:00", actor="crash", action="write",
                             record_type="setting", record_id=f"crash-{n}")
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main()
