"""Benchmark: exporting and importing an exchange bundle of 10,000 demo cases plus ~50 MB of attachments.

Run: ``python benchmarks/exchange.py [--cases 10000] [--attachments 100] [--attachment-mb 50] [--rounds 3]``.

Uses throw-away offices in a temp folder with cheap key-derivation parameters (benchmark only) and seeded demo
data (``services.demo_data``). After one untimed export (it gives the inner ZIP and records the floor works on),
runs ``--rounds`` rounds of export and its floor back to back (the order alternating) on a fresh copy of the
district store, then an import and its floor into fresh copies of the empty province store, and reports the
medians of the per-round figures and ratios (the machine is shared and noisy; a ratio compares measurements taken
back to back):

- export (``exchange.export_bundle``, district -> province, every case) vs. its **floor**, measured in the same
  round (issue 16, target <= 2x): what any exporter of this format pays, timed part by part (``floor()``) --
  reading the same rows and attachments out of the store with the exporter's own queries, the format's hashes,
  age-encrypting the same inner ZIP (pyrage) and writing it with fsync;
- import (``exchange.import_bundle`` with a receipt into an empty province store) vs. the export (target <= 3x),
  and vs. the import's **floor**, measured in the same round (back to back, the order alternating, into another
  fresh copy of the empty province store made with the first; ``import_floor()``): opening and verifying the bundle,
  one pass over its records, validating every case document (what an importer that does not trust its partner
  pays; the floor is also printed without it), and the import's own rows for the same cases -- prepared before
  the timer with the
  import's helpers -- written in one transaction and committed (every table then holds as many rows as after the
  import: checked each round);
- absolute times and sizes, and the old baseline (age-encrypting the inner ZIP in memory) for comparison.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
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
# CASEAPP_BENCH_SRC: another source tree (e.g. a checkout of an older revision) to measure a baseline with.
sys.path.insert(0, os.environ.get("CASEAPP_BENCH_SRC") or str(ROOT / "src"))

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


def floor(session, inner: bytes, records: bytes, recipient, out: Path) -> dict[str, float]:
    """The floor of one export, timed part by part: what any exporter of this format must do.

    - ``read``: the exporter's own store queries (``exchange_repo.export_candidates``, ``export_rows`` in batches
      of ``EXPORT_BATCH``, ``cases_repo.attachments_with_data`` per case with attachments), rows fetched, nothing
      decoded (SQLCipher decrypts and authenticates every page read);
    - ``hashes``: the format's own hashes: SHA-256 and ZIP CRC-32 of records.jsonl (the manifest names its hash)
      and of each attachment (its name in the bundle), BLAKE2b-512 (what minisign signs) and SHA-256 (the bundle
      hash) of payload.age;
    - ``age_write``: age-encrypting the same inner ZIP (pyrage), writing it to a file and fsync.
    """
    import pyrage

    from caseapp.services.exchange import EXPORT_BATCH
    from caseapp.store import cases_repo, exchange_repo

    conn = session.db.conn
    owned = session.office.code

    def read():
        blobs = []
        uuids = [u for u, _ro, _h in exchange_repo.export_candidates(conn, "74", owned_by=owned)]
        with_attachments = cases_repo.cases_with_attachments(conn)
        for i in range(0, len(uuids), EXPORT_BATCH):
            for row in exchange_repo.export_rows(conn, "74", uuids=uuids[i:i + EXPORT_BATCH]):
                if row[0] in with_attachments:
                    blobs += [a[6] for a in cases_repo.attachments_with_data(conn, row[0])]
        return blobs

    read_s, blobs = timed(read)

    def age_write():
        encrypted = pyrage.encrypt(inner, [recipient])
        with open(out, "wb") as fh:
            fh.write(encrypted)
            fh.flush()
            os.fsync(fh.fileno())
        return encrypted

    age_write_s, encrypted = timed(age_write)

    def hashes():
        hashlib.sha256(records).digest()
        zlib.crc32(records)
        for blob in blobs:
            hashlib.sha256(blob).digest()
            zlib.crc32(blob)
        hashlib.blake2b(encrypted, digest_size=64).digest()
        hashlib.sha256(encrypted).digest()

    hashes_s, _ = timed(hashes)
    return {"read": read_s, "hashes": hashes_s, "age_write": age_write_s}


def import_floor(session, bundle: Path) -> dict[str, float]:
    """The floor of one import, timed part by part: what any importer of this format into this store must do.

    Prepared before any timer (not timed): the bundle decoded and every record checked and turned into the rows
    the import writes, with the import's own helpers (``exchange._check_record``: the ``cases_repo.NewCase`` row
    of each new case; ``_Batch.base``: its merge base; the attachment rows with their data read out of the
    bundle; one ``case_imported`` audit entry per case). Then, timed:

    - ``open``: ``open_bundle`` -- verifying the outer signature, copying and hashing the payload, age-decrypting
      it, verifying the manifest signature and the SHA-256 of every file in it;
    - ``records``: one pass over the records (``iter_records``: decompressed, parsed, re-hashed);
    - ``validate``: every record's case document checked and turned into the domain's ``Case``
      (``exchange._validate_remote``, the import's own validation), over documents parsed beforehand -- what any
      importer pays that does not trust its partner's bytes (a trusted office may still send a forged or
      malformed case: every value is checked against the code lists, limits and rules before it is stored);
    - ``writes``: in ONE transaction, exactly the import's writes, in its order and statement shapes:
      ``cases_repo.insert_cases_bulk`` per ``_NEW_CASES_PER_INSERT`` cases (cases, full-text index, people,
      violence codes, report rows and summaries) followed by those cases' attachments
      (``cases_repo.insert_attachment``), then the merge bases, the audit entries, the handovers, the bundle's
      ``exchange_in`` row and its audit entry -- and the commit (with the audit seal that follows every commit).

    Not in the floor: the import's store reads (cases held, case numbers in use, authority and visibility checks),
    planning and merging, and the receipt written after the commit.
    """
    from caseapp.domain.entry_limits import sanitized_file_name
    from caseapp.services import clock
    from caseapp.services.exchange import (
        _Batch, _NEW_CASES_PER_INSERT, _check_record, _checked_case_record, _validate_remote,
    )
    from caseapp.services.offices import all_identities, trusted_cards
    from caseapp.bundles.reader import open_bundle
    from caseapp.store import case_custody_repo, cases_repo, exchange_repo

    import uuid as uuidlib

    identities, cards = all_identities(session), trusted_cards(session)
    me = session.office.code

    # Prepared, not timed: the rows the import writes for these records.
    opened = open_bundle(bundle, identities, cards)
    try:
        header, manifest = opened.header, opened.manifest
        sender, scope = header.sender_code, manifest.get("scope", "full")
        assert scope == "full"
        batch = _Batch()
        chunks: list[tuple[list, list]] = []  # (NewCase rows, attachment rows) per bulk insert of the import
        new_cases: list = []
        attachment_rows: list[dict] = []
        documents: list[tuple[str, dict]] = []  # (uuid, the sender's case document) of every record
        for record in opened.iter_records():
            documents.append(_checked_case_record(record))
            checked = _check_record(record, set(), me, sender)
            new_cases.append(cases_repo.NewCase(checked.new_record, session.user.id, batch.started, 1, False))
            for att in record.get("attachments") or []:
                attachment_rows.append(dict(
                    id=str(uuidlib.uuid4()), case_uuid=record["uuid"], file_name=sanitized_file_name(att["file_name"]),
                    mime_type=att["mime_type"], data=opened.attachment(att["sha256"]), sha256=att["sha256"],
                    description=att.get("description") or "", now=batch.started, user_id=session.user.id))
            batch.audit.append(("case_imported", "case", record["uuid"]))
            batch.base(record["uuid"], 1, record["document"], checked.new_document, checked.same_as_sent)
            if len(new_cases) >= _NEW_CASES_PER_INSERT:
                chunks.append((new_cases, attachment_rows))
                new_cases, attachment_rows = [], []
        chunks.append((new_cases, attachment_rows))
        count = sum(len(n) for n, _a in chunks)
        bundle_hash, sequence, audit_head, previous = (opened.bundle_hash, header.sequence,
                                                       manifest.get("audit_head"), header.previous_hash)
    finally:
        opened.close()

    def open_():
        return open_bundle(bundle, identities, cards)

    open_s, opened = timed(open_)
    try:
        records_s, n = timed(lambda: sum(1 for _r in opened.iter_records()))
    finally:
        opened.close()
    assert n == count

    def validate():
        for u, remote in documents:
            _validate_remote(remote, u[:8])

    validate_s, _ = timed(validate)

    def writes():
        with session.db.transaction() as c:
            for rows, attachment_rows in chunks:
                cases_repo.insert_cases_bulk(c, rows)
                for row in attachment_rows:
                    cases_repo.insert_attachment(c, **row)
            exchange_repo.set_sync_base_many(c, sender, batch.sync_bases)
            session.audit_many(batch.audit, conn=c)
            case_custody_repo.record_handovers_in(c, sender, bundle_hash, batch.started, [])
            exchange_repo.record_in(c, peer=sender, seq=sequence, kind="data", bundle_hash=bundle_hash,
                                    case_count=count, audit_head=audit_head, now=clock.timestamp(),
                                    user_id=session.user.id, previous_hash=previous)
            session.audit("bundle_imported", "bundle", bundle_hash, conn=c)

    writes_s, _ = timed(writes)
    return {"open": open_s, "records": records_s, "validate": validate_s, "writes": writes_s}


def table_counts(session) -> dict[str, int]:
    conn = session.db.conn
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def check_same_rows(imported, floor_store) -> None:
    """The floor wrote what the import wrote: the same number of rows in every table (not timed). The import's
    audit log has one more entry (``receipt_written``: the receipt is written after the commit)."""
    a, b = table_counts(imported), table_counts(floor_store)
    b["audit_log"] += 1
    diff = {t: (a.get(t), b.get(t)) for t in a.keys() | b.keys() if a.get(t) != b.get(t)}
    assert not diff, f"the import floor wrote other rows than the import (import, floor): {diff}"


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
        # Each round imports into one copy and measures the import's floor into another, made at the same time.
        copies, floor_copies = [], []
        for r in range(args.rounds):
            for name, into in ((f"province-{r}", copies), (f"province-floor-{r}", floor_copies)):
                shutil.copytree(tmp / "province", tmp / name)
                into.append(unlock(DataDir(tmp / name), "admin", "sandi-benchmark-saja",
                                   kdf_policy=KdfPolicy.insecure_for_tests()))
        province = copies[0]
        identity = offices.ensure_identity(province)
        recipient = pyrage.x25519.Recipient.from_str(offices.own_card(province).age_recipient)

        # Every export starts from the same district store: a fresh copy of the closed one per round (an export
        # records what it sent, so exporting again from the same store would find more each round).
        district.close()

        def district_copy(name: str):
            shutil.copytree(tmp / "district", tmp / name)
            return unlock(DataDir(tmp / name), "admin", "sandi-benchmark-saja",
                          kdf_policy=KdfPolicy.insecure_for_tests())

        # A first export (not timed) gives the inner ZIP the floor encrypts and the records its hashes read.
        warm = tmp / "warm-up.casebundle"
        district = district_copy("district-warm")
        exchange.export_bundle(district, "74", warm)
        district.close()
        shutil.rmtree(tmp / "district-warm")
        with zipfile.ZipFile(warm) as zf:
            inner = pyrage.decrypt(zf.read(fmt.PAYLOAD), [identity.age_identity()])
        with zipfile.ZipFile(io.BytesIO(inner)) as zf:
            records = zf.read(fmt.RECORDS)
        warm.unlink()

        # Rounds: export (every case: nothing is acknowledged) and its floor, back to back (the order alternating),
        # then the import into an empty province store. Each round's ratios compare measurements taken together.
        rounds = []
        for r in range(args.rounds):
            bundle = tmp / f"bombana-ke-provinsi-{r}.casebundle"
            parts: dict[str, float] = {}
            district = district_copy(f"district-{r}")
            for step in (("export", "floor") if r % 2 == 0 else ("floor", "export")):
                if step == "export":
                    export_s, result = timed(lambda: exchange.export_bundle(district, "74", bundle))
                else:
                    # The cyclic GC paused as the exporter pauses it (the floor is the work, not the collector's).
                    gc.disable()
                    try:
                        parts = floor(district, inner, records, recipient, tmp / "floor.age")
                    finally:
                        gc.enable()
            district.close()
            shutil.rmtree(tmp / f"district-{r}")
            age_s = min(timed(lambda: pyrage.encrypt(inner, [recipient]))[0] for _ in range(3))
            ifloor: dict[str, float] = {}
            # The import and its floor, back to back (the order alternating), each into a fresh copy of the empty
            # province store made at the same time.
            for step in (("import", "import_floor") if r % 2 == 0 else ("import_floor", "import")):
                gc.collect()
                if step == "import":
                    import_s, imported = timed(
                        lambda: exchange.import_bundle(copies[r], bundle, receipt_out=tmp / f"r{r}"))
                    assert imported.plan.count("new") == result.case_count == args.cases, imported.plan.summary()
                    del imported  # the plan holds every imported case: not into the floor's timings
                else:
                    # The cyclic GC paused as the importer pauses it (exchange._cyclic_gc_paused).
                    gc.disable()
                    try:
                        ifloor = import_floor(floor_copies[r], bundle)
                    finally:
                        gc.enable()
            del result
            gc.collect()
            check_same_rows(copies[r], floor_copies[r])
            rounds.append({"export": export_s, "age": age_s, "import": import_s, **parts,
                           "floor": sum(parts.values()), "size": bundle.stat().st_size, "inner": len(inner),
                           **{f"if_{k}": v for k, v in ifloor.items()}, "import_floor": sum(ifloor.values())})
            print(f"  round {r + 1}: export {export_s:.2f} s, floor {sum(parts.values()):.2f} s "
                  f"(read {parts['read']:.2f}, hashes {parts['hashes']:.2f}, age+write+fsync {parts['age_write']:.2f}), "
                  f"import {import_s:.2f} s, import floor {sum(ifloor.values()):.2f} s (open+verify "
                  f"{ifloor['open']:.2f}, records {ifloor['records']:.2f}, validate {ifloor['validate']:.2f}, "
                  f"writes+commit {ifloor['writes']:.2f})",
                  flush=True)
        for c in copies + floor_copies:
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
    print(f"floor:                     {med('floor'):7.2f} s   (what any exporter pays, the sum of:)")
    print(f"  read rows + attachments: {med('read'):7.2f} s   (the exporter's own store queries, nothing decoded)")
    print(f"  format hashes:           {med('hashes'):7.2f} s   (SHA-256 + CRC-32 of records.jsonl and of each "
          f"attachment; BLAKE2b-512 + SHA-256 of payload.age)")
    print(f"  age + write + fsync:     {med('age_write'):7.2f} s   (pyrage, the same inner ZIP, to a file, fsync)")
    print(f"age-encrypt payload (mem): {med('age'):7.2f} s   (pyrage.encrypt of the inner ZIP alone, best of 3)")
    print(f"import (+receipt):         {med('import'):7.2f} s   (into an empty province store)")
    print(f"import floor:              {med('import_floor'):7.2f} s   (what any import into this store pays, "
          f"the sum of:)")
    print(f"  open + verify bundle:    {med('if_open'):7.2f} s   (open_bundle: signatures, copy, age-decrypt, "
          f"SHA-256 of every file)")
    print(f"  one pass over records:   {med('if_records'):7.2f} s   (iter_records: inflate, parse, re-hash)")
    print(f"  validate every case:     {med('if_validate'):7.2f} s   (the import's own check of each document "
          f"into a Case: codes, limits, rules)")
    print(f"  store writes + commit:   {med('if_writes'):7.2f} s   (the import's rows, prepared beforehand, "
          f"in one transaction)")
    export_ratio = med_ratio("export", "floor")
    import_ratio = med_ratio("import", "export")
    print()
    print(f"export / floor:            {export_ratio:7.2f}x   (target <= {EXPORT_TARGET}x) "
          f"{'OK' if export_ratio <= EXPORT_TARGET else 'OVER TARGET'}   "
          f"(per round: {', '.join(format(r['export'] / r['floor'], '.2f') for r in rounds)})")
    print(f"export / age-encrypt:      {med_ratio('export', 'age'):7.1f}x   (the old baseline, for comparison)")
    print(f"import / export:           {import_ratio:7.2f}x   (target <= {IMPORT_TARGET}x) "
          f"{'OK' if import_ratio <= IMPORT_TARGET else 'OVER TARGET'}   "
          f"(per round: {', '.join(format(r['import'] / r['export'], '.2f') for r in rounds)})")
    for r in rounds:
        r["import_floor_unchecked"] = r["import_floor"] - r["if_validate"]
    for a, b, what in (("import_floor", "export", "import floor / export:   "),
                       ("import_floor_unchecked", "export", "  … without validation:  "),
                       ("import", "import_floor", "import / import floor:   ")):
        print(f"{what}  {med_ratio(a, b):7.2f}x   "
              f"(per round: {', '.join(format(r[a] / r[b], '.2f') for r in rounds)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
