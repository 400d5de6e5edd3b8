"""Benchmark: exporting and importing an exchange bundle of 10,000 demo cases plus ~50 MB of attachments.

Run: ``python benchmarks/exchange.py [--cases 10000] [--attachments 100] [--attachment-mb 50] [--rounds 3]``.

Uses throw-away offices in a temp folder with cheap key-derivation parameters (benchmark only) and seeded demo
data (``services.demo_data``). Runs ``--rounds`` rounds of export → age baseline → import (each into a fresh copy
of the empty province store) and reports the medians of the per-round figures and ratios (the machine is shared
and noisy; a ratio compares measurements taken back to back):

- export (``exchange.export_bundle``, district → province) vs. the baseline of age-encrypting (pyrage) the same
  serialized payload — the inner ZIP the writer builds — to the same recipient (target ≤ 2×);
- import (``exchange.import_bundle`` with a receipt into an empty province store) vs. the export (target ≤ 3×);
- absolute times, sizes, and the floor any exporter has on top of age (format hashes, reading the store, fsync).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

EXPORT_TARGET = 2.0
IMPORT_TARGET = 3.0


def make_office(root: Path, code: str, name: str):
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile, initialize_office

    level = OfficeLevel.PROVINSI if "." not in code else OfficeLevel.KABUPATEN
    result = initialize_office(DataDir(root), OfficeProfile(code, name, level, "Jl. Contoh No. 1", "0401-000000",
                                                             "uptdppa@example.go.id"),
                               NewUser("admin", "Admin Benchmark", Role.ADMIN), "sandi-benchmark-saja",
                               kdf_policy=KdfPolicy.insecure_for_tests())
    return result.session


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--attachments", type=int, default=100)
    ap.add_argument("--attachment-mb", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="export + import rounds (medians are reported)")
    args = ap.parse_args()

    import pyrage

    from caseapp.bundles import format_v1 as fmt
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.services.session import unlock
    from caseapp.services import attachments, cases, demo_data, exchange, offices

    with tempfile.TemporaryDirectory(prefix="caseapp-bench-exchange-") as tmp:
        tmp = Path(tmp)
        district = make_office(tmp / "district", "74.06", "UPTD PPA Kabupaten Bombana")
        province = make_office(tmp / "province", "74", "UPTD PPA Provinsi Sulawesi Tenggara")
        for a, b in ((district, province), (province, district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())

        print(f"generating {args.cases} demo cases …", flush=True)
        gen_s, _n = timed(lambda: demo_data.make_demo_cases(district, args.cases, seed=args.seed))
        rng = random.Random(args.seed)
        per = int(args.attachment_mb * 1024 * 1024 / max(args.attachments, 1))
        uuids = [c.uuid for c in cases.list_cases(district, cases.CaseFilter(), limit=args.attachments)]
        for i in range(args.attachments):
            attachments.add_attachment(district, uuids[i % len(uuids)], file_name=f"scan-{i:03d}.pdf",
                                       mime_type="application/pdf", data=b"%PDF-1.4\n" + rng.randbytes(per - 9))
        print(f"  {gen_s:.1f} s (setup, not measured)")

        # Fresh, empty province stores for the import rounds: copies of the closed one (same keys, same trust).
        province.close()
        copies = []
        for r in range(args.rounds):
            shutil.copytree(tmp / "province", tmp / f"province-{r}")
            copies.append(unlock(DataDir(tmp / f"province-{r}"), "admin", "sandi-benchmark-saja",
                                 kdf_policy=KdfPolicy.insecure_for_tests()))
        province = copies[0]
        identity = offices.ensure_identity(province)
        recipient = pyrage.x25519.Recipient.from_str(offices.own_card(province).age_recipient)

        # Rounds: export (every case: nothing is acknowledged), age-encrypt the same serialized payload, import into
        # an empty province store. Each round's ratios compare measurements taken back to back.
        rounds = []
        for r in range(args.rounds):
            bundle = tmp / f"bombana-ke-provinsi-{r}.casebundle"
            export_s, result = timed(lambda: exchange.export_bundle(district, "74", bundle))
            with zipfile.ZipFile(bundle) as zf:
                inner = pyrage.decrypt(zf.read(fmt.PAYLOAD), [identity.age_identity()])
            age_s = min(timed(lambda: pyrage.encrypt(inner, [recipient]))[0] for _ in range(3))

            def age_to_disk():
                with open(tmp / "age-only.age", "wb") as fh:
                    fh.write(pyrage.encrypt(inner, [recipient]))
                    fh.flush()
                    os.fsync(fh.fileno())
            age_disk_s, _ = timed(age_to_disk)
            import_s, imported = timed(lambda: exchange.import_bundle(copies[r], bundle, receipt_out=tmp / f"r{r}"))
            assert imported.plan.count("new") == result.case_count == args.cases, imported.plan.summary()
            rounds.append({"export": export_s, "age": age_s, "age_disk": age_disk_s, "import": import_s,
                           "size": bundle.stat().st_size, "inner": len(inner)})
            print(f"  round {r + 1}: export {export_s:.2f} s, age {age_s:.2f} s, import {import_s:.2f} s", flush=True)

        # The format's own per-byte work on payload.age, which any exporter must do besides encrypting: the
        # BLAKE2b-512 prehash minisign signs, the SHA-256 that names the bundle, the ZIP CRC-32 (inner and outer).
        encrypted = pyrage.encrypt(inner, [recipient])
        hashes_s = min(timed(lambda: (hashlib.blake2b(encrypted).digest(), hashlib.sha256(encrypted).digest(),
                                      zlib.crc32(encrypted), zlib.crc32(inner)))[0] for _ in range(3))
        del encrypted
        # Reading what is sent out of the encrypted store (SQLCipher decrypts and checks every page), nothing else.
        conn = district.db.conn
        read_s = min(timed(lambda: (conn.execute("SELECT uuid, document FROM cases").fetchall(),
                                    conn.execute("SELECT data FROM attachments").fetchall()))[0] for _ in range(2))
        district.close()
        for c in copies:
            c.close()

    mb = 1024 * 1024

    def med(key):
        return statistics.median(r[key] for r in rounds)

    def med_ratio(a, b):
        return statistics.median(r[a] / r[b] for r in rounds)

    print()
    print(f"cases: {args.cases}, attachments: {args.attachments} ({args.attachment_mb:.0f} MB), "
          f"bundle {rounds[0]['size'] / mb:.1f} MB, inner ZIP {rounds[0]['inner'] / mb:.1f} MB; "
          f"medians of {len(rounds)} rounds")
    print(f"export:                    {med('export'):7.2f} s")
    print(f"age-encrypt payload (mem): {med('age'):7.2f} s   (pyrage.encrypt of the same inner ZIP, best of 3)")
    print(f"age-encrypt + write+fsync: {med('age_disk'):7.2f} s")
    print(f"format hashes (b2b+sha+crc):{hashes_s:6.2f} s   (work the bundle format needs on top of age)")
    print(f"read cases+attachments:    {read_s:7.2f} s   (SELECT of documents and attachment data, nothing else)")
    print(f"import (+receipt):         {med('import'):7.2f} s   (into an empty province store)")
    export_ratio = med_ratio("export", "age")
    import_ratio = med_ratio("import", "export")
    per_round = ", ".join(f"{r['import'] / r['export']:.2f}" for r in rounds)
    print()
    print(f"export / age-encrypt:      {export_ratio:7.1f}x   (target <= {EXPORT_TARGET}x) "
          f"{'OK' if export_ratio <= EXPORT_TARGET else 'OVER TARGET'}")
    print(f"export / age+write+fsync:  {med_ratio('export', 'age_disk'):7.1f}x")
    print(f"floor / age-encrypt:       {(med('age_disk') + hashes_s + read_s) / med('age'):7.1f}x   "
          f"(age + write + fsync + format hashes + reading the store: no serialising at all)")
    print(f"import / export:           {import_ratio:7.1f}x   (target <= {IMPORT_TARGET}x) "
          f"{'OK' if import_ratio <= IMPORT_TARGET else 'OVER TARGET'}   "
          f"(per round: {per_round})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
