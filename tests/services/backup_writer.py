"""Subprocess for the backup crash test: makes backups in a loop and prints each finished file's name.

Reads the data folder and the output folder from stdin; the admin password is the tests' fixed one.
"""

import sys
from pathlib import Path

from caseapp.datadir import DataDir
from caseapp.services.backup import create_backup
from tests.helpers import unlock


def main() -> None:
    root, out = sys.stdin.read().split()
    session = unlock(DataDir(Path(root)))
    while True:
        result = create_backup(session, Path(out))
        print(result.path.name, flush=True)


if __name__ == "__main__":
    main()
