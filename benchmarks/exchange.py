"""Benchmark: exporting and importing an exchange bundle of 10,000 demo cases plus ~50 MB of attachments.

Run: ``python benchmarks/exchange.py [--cases 10000] [--attachments 100] [--attachment-mb 50]``.

Uses throw-away offices in a temp folder with cheap key-derivation parameters (benchmark only) and seeded demo
data (``services.demo_data``). Reports, measured in this one run:

- export (``exchange.export_bundle``, district → province) vs. the baseline of age-encrypting (pyrage) the same
  serialized payload — the inner ZIP the writer builds — to the same recipient (target ≤ 2×);
- import (``exchange.import_bundle`` with a receipt into an empty province store) vs. the export (target ≤ 3×);
- absolute times, sizes, and where the export's time goes (reading + preparing records vs. writing the file).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import zipfile
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
    args = ap.parse_args()

    import pyrage

    from caseapp.bundles import format_v1 as fmt
    from caseapp.bundles import writer as writer_module
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

        # Where the writer's time goes: time building the inner ZIP separately (a wrapper, no behaviour change).
        build_time = {"s": 0.0}
        real_build = writer_module.BundleWriter._build_inner

        def build_inner(self):
            t, inner = timed(lambda: real_build(self))
            build_time["s"] += t
            return inner

        writer_module.BundleWriter._build_inner = build_inner
        bundle = tmp / "bombana-ke-provinsi.casebundle"
        export_s, result = timed(lambda: exchange.export_bundle(district, "74", bundle))
        writer_module.BundleWriter._build_inner = real_build
        size = bundle.stat().st_size

        # Baseline: age-encrypt the same serialized payload (the inner ZIP) to the same recipient, in memory.
        identity = offices.ensure_identity(province)
        with zipfile.ZipFile(bundle) as zf:
            payload = zf.read(fmt.PAYLOAD)
        inner = pyrage.decrypt(payload, [identity.age_identity()])
        recipient = pyrage.x25519.Recipient.from_str(offices.own_card(province).age_recipient)
        age_runs = []
        for _ in range(3):
            t, _c = timed(lambda: pyrage.encrypt(inner, [recipient]))
            age_runs.append(t)
        age_s = min(age_runs)
        # A second, looser baseline: age-encrypting and writing the file the same way (stream to disk + fsync).
        def age_to_disk():
            with open(tmp / "age-only.age", "wb") as fh:
                fh.write(pyrage.encrypt(inner, [recipient]))
                fh.flush()
                import os
                os.fsync(fh.fileno())
        age_disk_s, _ = timed(age_to_disk)

        # The format's own per-byte work on payload.age, which any exporter must do besides encrypting: the
        # BLAKE2b-512 prehash minisign signs, the SHA-256 that names the bundle, the ZIP CRC-32 (inner and outer).
        import hashlib
        import zlib
        encrypted = pyrage.encrypt(inner, [recipient])
        hashes_s = min(timed(lambda: (hashlib.blake2b(encrypted).digest(), hashlib.sha256(encrypted).digest(),
                                      zlib.crc32(encrypted), zlib.crc32(inner)))[0] for _ in range(3))
        del encrypted
        # Reading what is sent out of the encrypted store (SQLCipher decrypts and checks every page), nothing else.
        conn = district.db.conn
        read_s = min(timed(lambda: (conn.execute("SELECT uuid, document FROM cases").fetchall(),
                                    conn.execute("SELECT data FROM attachments").fetchall()))[0] for _ in range(2))

        import_s, imported = timed(lambda: exchange.import_bundle(province, bundle, receipt_out=tmp / "receipt"))
        assert imported.plan.count("new") == result.case_count == args.cases, imported.plan.summary()

        district.close()
        province.close()

    mb = 1024 * 1024
    print()
    print(f"cases: {result.case_count}, attachments: {result.attachment_count} "
          f"({args.attachment_mb:.0f} MB), bundle {size / mb:.1f} MB, inner ZIP {len(inner) / mb:.1f} MB")
    print(f"export:                    {export_s:7.2f} s   (of which building the inner ZIP: {build_time['s']:.2f} s)")
    print(f"age-encrypt payload (mem): {age_s:7.2f} s   (pyrage.encrypt of the same inner ZIP, best of 3)")
    print(f"age-encrypt + write+fsync: {age_disk_s:7.2f} s")
    print(f"format hashes (b2b+sha+crc):{hashes_s:6.2f} s   (work the bundle format needs on top of age)")
    print(f"read cases+attachments:    {read_s:7.2f} s   (SELECT of documents and attachment data, nothing else)")
    print(f"import (+receipt):         {import_s:7.2f} s")
    export_ratio = export_s / age_s
    import_ratio = import_s / export_s
    print()
    print(f"export / age-encrypt:      {export_ratio:7.1f}x   (target <= {EXPORT_TARGET}x) "
          f"{'OK' if export_ratio <= EXPORT_TARGET else 'OVER TARGET'}")
    print(f"export / age+write+fsync:  {export_s / age_disk_s:7.1f}x")
    print(f"floor / age-encrypt:       {(age_disk_s + hashes_s + read_s) / age_s:7.1f}x   "
          f"(age + write + fsync + format hashes + reading the store: no serialising at all)")
    print(f"import / export:           {import_ratio:7.1f}x   (target <= {IMPORT_TARGET}x) "
          f"{'OK' if import_ratio <= IMPORT_TARGET else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
