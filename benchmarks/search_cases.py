"""Benchmark: full-text case search over N demo cases, encrypted store vs an unencrypted copy, and unlock → first page.

Run: ``.venv/bin/python benchmarks/search_cases.py [--cases 100000] [--seed 1] [--rounds 3]``.
The store is built once per (N, seed) under benchmarks/.cache (see demo_store.py).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from pathlib import Path

import demo_store

NOW_ISO = "2100-01-01T00:00"
QUERY_MIX = (("name", 20), ("name prefix", 15), ("NIK prefix", 15), ("case number", 15), ("chronology word", 20),
             ("two words", 15))
CHRONOLOGY_WORDS = ("kebun", "dipukul", "WhatsApp", "puskesmas", "pelecehan", "nafkah", "sekolah", "diancam",
                    "merantau", "pelabuhan", "memar", "Kendari", "pondok", "kepala desa", "ibunya")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def make_queries(conn, seed: int) -> list[tuple[str, str]]:
    """100 (kind, text) queries drawn from the stored cases themselves, so every kind finds something."""
    rng = random.Random(seed)
    total = conn.execute("SELECT max(rowid) FROM cases").fetchone()[0]
    docs = []
    for rowid in rng.sample(range(1, total + 1), 400):
        row = conn.execute("SELECT document FROM cases WHERE rowid = ?", (rowid,)).fetchone()
        if row:
            docs.append(json.loads(row[0]))
    people = [p for d in docs for group in ("victims", "perpetrators") for p in d[group]]
    words = [w for p in people for w in p["name"].split() if len(w) > 3]
    niks = [p["nik"] for p in people if p["nik"]]
    villages = sorted({w for d in docs for i in d["incidents"] for w in re.findall(r"Desa (\w+)", i["chronology"])})
    make = {
        "name": lambda: rng.choice(words),
        "name prefix": lambda: rng.choice(words)[:rng.choice((3, 4, 5))],
        "NIK prefix": lambda: rng.choice(niks)[:rng.choice((6, 8, 10, 12))],
        "case number": lambda: rng.choice(docs)["case_number"],
        "chronology word": lambda: rng.choice(CHRONOLOGY_WORDS + tuple(villages)),
        "two words": lambda: " ".join(rng.choice(people)["name"].split()[:2]) if rng.random() < 0.7
        else f"korban {rng.choice(CHRONOLOGY_WORDS)}",
    }
    return [(kind, make[kind]()) for kind, count in QUERY_MIX for _i in range(count)]


def plain_copy(session, path: Path) -> Path:
    """An unencrypted copy of the same database (same tables, rows and FTS5 index) via sqlcipher_export."""
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = session.db.conn
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(partial),))
    try:
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute(f"PRAGMA plain.user_version = {conn.execute('PRAGMA user_version').fetchone()[0]}")
    finally:
        conn.execute("DETACH DATABASE plain")
    partial.rename(path)
    return path


def open_plain(path: Path):
    import sqlcipher3

    with open(path, "rb") as fh:
        assert fh.read(16) == b"SQLite format 3\0", "the copy is not a plaintext SQLite file"
    # SQLCipher without a key is plain SQLite: same engine version as the store, so only encryption differs.
    # (The stdlib sqlite3 here is older than FTS5's contentless_delete option and cannot read the index.)
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA query_only = ON")
    return conn


def plain_pass(plain, queries) -> list[float]:
    from caseapp.domain.case_list import CaseFilter
    from caseapp.store import cases_repo

    out = []
    for _kind, q in queries:
        t0 = time.perf_counter()
        cases_repo.list_cases(plain, CaseFilter(text=q), visible_to=None, now_iso=NOW_ISO, limit=100)
        out.append(time.perf_counter() - t0)
    return out


def plain_child(db: Path, queries_file: Path) -> None:
    """One timed pass over the plain copy in a fresh process (SQLCipher memory security never switched on)."""
    queries = json.loads(queries_file.read_text())
    plain = open_plain(db)
    security = plain.execute("PRAGMA cipher_memory_security").fetchone()
    plain_pass(plain, queries)  # warm the page cache
    print(json.dumps({"times": plain_pass(plain, queries), "memory_security": security[0] if security else None}))


def time_search(session, plain, queries, rounds: int, plain_db: Path) -> dict:
    """Per round: the service on the encrypted store, the same SQL on the plain copy in this process, and in a
    separate clean process. Rounds alternate so that machine load falls on all three alike."""
    import subprocess
    import sys
    import tempfile

    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases
    from caseapp.store import cases_repo

    res = {"enc": [], "plain": [], "plain_clean": [], "by_kind": {}, "hits": [], "memory_security": None}
    for _kind, q in queries:  # warm the page caches once, as an officer's first searches would
        got = cases.list_cases(session, CaseFilter(text=q), limit=100)
        ref = cases_repo.list_cases(plain, CaseFilter(text=q), visible_to=None, now_iso=NOW_ISO, limit=100)
        assert [r.uuid for r in got] == [r.uuid for r in ref], q
        res["hits"].append(len(got))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(queries, fh)
    try:
        for _r in range(rounds):
            for kind, q in queries:
                t0 = time.perf_counter()
                cases.list_cases(session, CaseFilter(text=q), limit=100)
                res["enc"].append(time.perf_counter() - t0)
                res["by_kind"].setdefault(kind, []).append(res["enc"][-1])
            res["plain"] += plain_pass(plain, queries)
            out = subprocess.run([sys.executable, __file__, "--plain-child", str(plain_db), fh.name],
                                 capture_output=True, text=True, check=True)
            child = json.loads(out.stdout)
            res["plain_clean"] += child["times"]
            res["memory_security"] = child["memory_security"]
    finally:
        Path(fh.name).unlink()
    return res


def time_first_page(data_dir, repeats: int) -> dict:
    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases

    out = {"unlock": [], "first_page": [], "officer_first_page": [], "count": []}
    for _i in range(repeats):
        t0 = time.perf_counter()
        session = demo_store.unlock(data_dir)
        t1 = time.perf_counter()
        page = cases.list_cases(session, CaseFilter(), limit=100)
        t2 = time.perf_counter()
        total = cases.count_cases(session, CaseFilter())
        t3 = time.perf_counter()
        session.close()
        assert len(page) == 100 and total > 0
        out["unlock"].append(t1 - t0)
        out["first_page"].append(t2 - t1)
        out["count"].append(t3 - t2)
    for _i in range(repeats):
        session = demo_store.unlock(data_dir, demo_store.OFFICERS[0])
        t1 = time.perf_counter()
        cases.list_cases(session, CaseFilter(), limit=100)
        out["officer_first_page"].append(time.perf_counter() - t1)
        session.close()
    return out


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def stats(values: list[float]) -> str:
    return f"median {ms(statistics.median(values))}, p95 {ms(percentile(values, 95))}, max {ms(max(values))}"


def main() -> None:
    import sys

    if len(sys.argv) == 4 and sys.argv[1] == "--plain-child":
        plain_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    data_dir = demo_store.build(args.cases, args.seed)
    first = time_first_page(data_dir, 5)
    session = demo_store.unlock(data_dir)
    try:
        plain_db = plain_copy(session, data_dir.root / "plain-copy.db")
        plain = open_plain(plain_db)
        queries = make_queries(session.db.conn, args.seed)
        res = time_search(session, plain, queries, args.rounds, plain_db)
    finally:
        session.close()

    enc, same, clean = res["enc"], res["plain"], res["plain_clean"]
    med, p95 = statistics.median(enc), percentile(enc, 95)
    print(f"search_cases: {args.cases} cases (seed {args.seed}), {len(queries)} queries × {args.rounds} rounds, "
          f"limit 100; median hits {statistics.median(res['hits']):.0f}")
    print(f"  encrypted store, services.cases.list_cases:   {stats(enc)}"
          f"   [p95 target ≤ 50 ms: {'ok' if p95 <= 0.05 else 'MISSED'}]")
    print(f"  unencrypted copy, clean process:               {stats(clean)}")
    print(f"  unencrypted copy, same process:                {stats(same)}")
    r_med, r_p95 = med / statistics.median(clean), p95 / percentile(clean, 95)
    print(f"  ratio encrypted / unencrypted (clean process): median {r_med:.2f}, p95 {r_p95:.2f}"
          f"   [target ≤ 1.5: {'ok' if max(r_med, r_p95) <= 1.5 else 'MISSED'}]")
    print(f"  ratio encrypted / unencrypted (same process, page encryption only): "
          f"median {med / statistics.median(same):.2f}, p95 {p95 / percentile(same, 95):.2f}"
          f"   (clean process: cipher_memory_security={res['memory_security']})")
    for kind, _n in QUERY_MIX:
        print(f"    {kind:<16} {stats(res['by_kind'][kind])}")
    fp = first["first_page"]
    print(f"  unlock (Argon2id {demo_store.POLICY.memory_kib // 1024} MiB/{demo_store.POLICY.iterations} passes + open): "
          f"median {ms(statistics.median(first['unlock']))}")
    print(f"  first page right after unlock (list_cases limit 100, admin): median {ms(statistics.median(fp))}, "
          f"max {ms(max(fp))}   [target ≤ 0.5 s: {'ok' if max(fp) <= 0.5 else 'MISSED'}]")
    print(f"  first page right after unlock (officer: own and assigned cases): "
          f"median {ms(statistics.median(first['officer_first_page']))}")
    print(f"  count_cases (all cases, the list's total): median {ms(statistics.median(first['count']))}")


if __name__ == "__main__":
    main()
