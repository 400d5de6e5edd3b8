"""Benchmark: parsing/validating and storing case documents — ``case_from_json``, ``cases._record`` and
``cases_repo.insert_case`` over N demo cases, each as a ratio to ``json.loads`` of the same documents.

Run: ``.venv/bin/python benchmarks/case_json.py [--cases 2000] [--rounds 7] [--baseline REV]``.

The documents come from ``services.demo_data.make_demo_cases`` in a throw-away office (cheap key derivation,
benchmark only), read back from the store as the exchange import sees them. Each round runs in a fresh process
and makes three passes; a pass measures, per case and back to back:

- ``json.loads`` of the stored document text (the yardstick: compare the ratios between runs, since this
  machine is shared and absolute times drift);
- ``case_from_json`` of the parsed dict, with the import's arguments (``today=date.max``, every region accepted);
- ``_record`` (the stored document text, side-table rows and search text) of the parsed case;
- ``insert_case`` of those records into a fresh office store, in one transaction that is then rolled back.

Times are CPU time of the measuring process. With ``--baseline REV`` the same measurements also run on the source
tree of git revision REV (``git archive`` of src/ and resources/ into a temp folder), in child processes
alternating round by round with the working tree, and the output shows before (REV) and after (working tree)
side by side, with the speed-up as the ratio of the two median ratios."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("json.loads", "case_from_json", "_record", "insert_case")


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


def make_documents(tmp: Path, n: int, seed: int) -> list[str]:
    """The stored document texts of ``n`` seeded demo cases."""
    from caseapp.services import demo_data

    office = make_office(tmp / "source", "74.06", "UPTD PPA Kabupaten Bombana")
    try:
        demo_data.make_demo_cases(office, n, seed=seed)
        return [r[0] for r in office.db.conn.execute("SELECT document FROM cases ORDER BY rowid")]
    finally:
        office.close()


def measure(docs: list[str], tmp: Path, passes: int = 3) -> dict[str, list[float]]:
    """CPU seconds per case of each step, for each of ``passes`` passes over all documents.

    Within a pass the four steps run back to back, so each step's ratio to json.loads is taken under the same
    machine load. The inserts are rolled back after each pass.
    """
    import datetime as dt

    from caseapp.domain.case_json import case_from_json
    from caseapp.services.cases import _record
    from caseapp.store import cases_repo

    n = len(docs)

    def accept(_code: str) -> bool:
        return True

    def timed(fn):
        t0 = time.process_time()
        value = fn()
        return (time.process_time() - t0) / n, value

    office = make_office(Path(tempfile.mkdtemp(dir=tmp)), "74", "UPTD PPA Provinsi Sulawesi Tenggara")
    conn, user_id = office.db.conn, office.user.id

    def insert_all(records) -> int:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for rec in records:
                cases_repo.insert_case(conn, rec, user_id=user_id, now="2024-01-01T00:00:00Z")
            return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        finally:
            conn.execute("ROLLBACK")

    out: dict[str, list[float]] = {step: [] for step in STEPS}
    try:
        for _ in range(passes):
            t, dicts = timed(lambda: [json.loads(d) for d in docs])
            out["json.loads"].append(t)
            t, parsed = timed(lambda: [case_from_json(d, today=dt.date.max, region_exists=accept) for d in dicts])
            out["case_from_json"].append(t)
            t, records = timed(lambda: [_record(c, "74") for c in parsed])
            out["_record"].append(t)
            t, stored = timed(lambda: insert_all(records))
            out["insert_case"].append(t)
            assert stored == n, (stored, n)
            del dicts, parsed, records
    finally:
        office.close()
    return out


def child_main(docs_file: Path) -> None:
    """One round in this process (its sys.path decides which source tree is measured); prints JSON."""
    docs = json.loads(docs_file.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-json-") as tmp:
        measure(docs[: min(200, len(docs))], Path(tmp), passes=1)  # warm up imports, regexes, code lists, caches
        import caseapp

        print(json.dumps({"src": str(Path(caseapp.__file__).parents[1]), **measure(docs, Path(tmp))}))


def run_child(src: Path, docs_file: Path) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, __file__, "--child", str(docs_file)], env=env, check=True,
                         capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert Path(result.pop("src")).resolve() == src.resolve(), "the child measured another source tree"
    return result


def extract(rev: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "resources"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def summary(rounds: list[dict[str, list[float]]]) -> dict[str, tuple[float, float, float]]:
    """Per step: best and median ms per case, and the median of its per-pass ratios to json.loads."""
    out = {}
    for step in STEPS:
        values = [v for r in rounds for v in r[step]]
        ratios = [v / loads for r in rounds for v, loads in zip(r[step], r["json.loads"])]
        out[step] = (min(values) * 1000, statistics.median(values) * 1000, statistics.median(ratios))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", metavar="REV", help="also measure git revision REV (before) in the same run")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_main(args.child)
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-json-") as tmp:
        tmp = Path(tmp)
        print(f"generating {args.cases} demo cases …", flush=True)
        docs = make_documents(tmp, args.cases, args.seed)
        docs_file = tmp / "documents.json"
        docs_file.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        print(f"  {sum(len(d.encode()) for d in docs) / len(docs):.0f} bytes per stored document")
        trees = {"after": ROOT / "src"}
        if args.baseline:
            (tmp / "baseline").mkdir()
            trees = {"before": extract(args.baseline, tmp / "baseline"), **trees}
        rounds: dict[str, list[dict[str, list[float]]]] = {label: [] for label in trees}
        for i in range(args.rounds):
            for label, src in trees.items():  # alternate, so machine load falls on both alike
                rounds[label].append(run_child(src, docs_file))
            print(f"  round {i + 1}/{args.rounds} done", flush=True)

    results = {label: summary(r) for label, r in rounds.items()}
    print()
    print(f"{len(docs)} cases, {args.rounds} rounds of 3 passes; CPU ms per case (best / median) and median ratio to "
          f"json.loads in the same pass")
    if args.baseline:
        print(f"before = {args.baseline}, after = working tree")
        print(f"{'':16}{'before best':>12}{'median':>9}{'ratio':>8}   {'after best':>11}{'median':>9}{'ratio':>8}"
              f"   {'speed-up':>8}")
        for step in STEPS:
            b, a = results["before"][step], results["after"][step]
            print(f"{step:16}{b[0]:12.3f}{b[1]:9.3f}{b[2]:7.1f}x   {a[0]:11.3f}{a[1]:9.3f}{a[2]:7.1f}x"
                  f"   {b[2] / a[2]:7.2f}x")
    else:
        print(f"{'':16}{'best':>9}{'median':>9}{'ratio':>8}")
        for step in STEPS:
            r = results["after"][step]
            print(f"{step:16}{r[0]:9.3f}{r[1]:9.3f}{r[2]:7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
