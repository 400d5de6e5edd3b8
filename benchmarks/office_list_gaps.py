"""Benchmark: `office list` after large accepted gaps in a partner's bundle numbers (issue 9: under 1 s).

Run: ``python benchmarks/office_list_gaps.py [--bundles 50]``. A province receives bundle 1 from a district and then
``--bundles`` more, each the largest jump the window allows (10,000), so ``bundles × 9,999`` numbers are missing.
Reports the time of ``exchange.sources`` and of a whole ``caseapp-cli office list`` (a fresh process: start-up,
unlock, query, print) and how many warning lines it printed (one per range, never one per number).
Throw-away offices in a temp folder with cheap key-derivation parameters (benchmark only); forged bundles are made
with the district's own keys, as in tests/services/test_exchange_bounds.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundles", type=int, default=50)
    args = ap.parse_args()

    from caseapp.bundles import format_v1 as fmt
    from caseapp.datadir import DataDir
    from caseapp.services import exchange, offices
    from tests.bundles.forge import forge
    from tests.helpers import ADMIN_PASSWORD, make_office, unlock

    with tempfile.TemporaryDirectory(prefix="caseapp-bench-gaps-") as tmp:
        tmp = Path(tmp)
        _dd, d = make_office(tmp / "74.06", code="74.06", name="UPTD PPA Kabupaten Bombana")
        _pd, p = make_office(tmp / "74", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
        district, province = d.session, p.session
        for a, b in ((district, province), (province, district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        sender, card = offices.ensure_identity(district), offices.own_card(province)
        district.close()
        seq = 1
        for i in range(args.bundles + 1):
            path = tmp / f"b{i}.casebundle"
            forge(path, sender, card, sequence=seq, previous_hash=None if seq == 1 else "ab" * 32)
            exchange.import_bundle(province, path)
            seq += fmt.SEQUENCE_WINDOW
        start = time.perf_counter()
        [source] = exchange.sources(province)
        service_s = time.perf_counter() - start
        province.close()
        print(f"{source.gaps.count:,} numbers missing in {len(source.gaps.ranges)} ranges")
        print(f"exchange.sources: {service_s * 1000:.1f} ms")

        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
        env.update(CASEAPP_PASSWORD=ADMIN_PASSWORD, PYTHONPATH=str(ROOT / "src"))
        start = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "caseapp.cli", "--data-dir", str(tmp / "74"), "--user", "admin",
                            "office", "list"], capture_output=True, text=True, env=env, check=True)
        cli_s = time.perf_counter() - start
        print(f"caseapp-cli office list: {cli_s:.2f} s (whole process), {len(r.stderr.splitlines())} warning lines")
        unlock(DataDir(tmp / "74")).close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
