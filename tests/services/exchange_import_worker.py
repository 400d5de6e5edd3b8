"""Subprocess for the SIGKILL test: unlocks a province store and imports one bundle.

Reads three lines from stdin (data dir, admin password, bundle path) so nothing secret is in argv.
Prints ``ready`` once unlocked (the test starts its kill timer then) and ``done N`` after the import.
"""

import sys
from pathlib import Path

from caseapp.datadir import DataDir
from caseapp.crypto.kdf import KdfPolicy
from caseapp.services import exchange
from caseapp.services.session import unlock


def main() -> None:
    root, password, bundle = sys.stdin.read().splitlines()[:3]
    session = unlock(DataDir(Path(root)), "admin", password, kdf_policy=KdfPolicy.insecure_for_tests())
    print("ready", flush=True)
    result = exchange.import_bundle(session, Path(bundle), receipt_out=Path(root) / "receipt.casebundle")
    print("done", len(result.plan.cases), flush=True)
    session.close()


if __name__ == "__main__":
    main()
