"""Subprocess for the seal crash test: unlocks as the app does and commits audited actions until killed.

Each line printed is a commit whose seal may or may not have reached the key file yet.
"""

import sys
from pathlib import Path

from caseapp.datadir import DataDir
from tests.helpers import unlock


def main() -> None:
    session = unlock(DataDir(Path(sys.argv[1])))
    print("open", flush=True)
    n = 0
    while True:
        session.audit("case_viewed", "case", f"crash-{n}")
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main()
