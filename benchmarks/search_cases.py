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


def time_search(session, plain, queries, rounds: int) -> dict:
    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases
    from caseapp.store import cases_repo

    now_iso = "2100-01-01T00:00"
    enc, pln, by_kind, hits = [], [], {}, []
    for _kind, q in queries:  # warm both page caches once, as an officer's first searches would
        cases.list_cases(session, CaseFilter(text=q), limit=100)
        cases_repo.list_cases(plain, CaseFilter(text=q), visible_to=None, now_iso=now_iso, limit=100)
    for _r in range(rounds):
        for kind, q in queries:
            t0 = time.perf_counter()
            got = cases.list_cases(session, CaseFilter(text=q), limit=100)
            t1 = time.perf_counter()
            ref = cases_repo.list_cases(plain, CaseFilter(text=q), visible_to=None, now_iso=now_iso, limit=100)
            t2 = time.perf_counter()
            assert [r.uuid for r in got] == [r.uuid for r in ref], q
            enc.append(t1 - t0)
            pln.append(t2 - t1)
            by_kind.setdefault(kind, []).append(t1 - t0)
            hits.append(len(got))
    return {"enc": enc, "plain": pln, "by_kind": by_kind, "hits": hits}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    data_dir = demo_store.build(args.cases, args.seed)
    first = time_first_page(data_dir, 5)
    session = demo_store.unlock(data_dir)
    try:
        plain = open_plain(plain_copy(session, data_dir.root / "plain-copy.db"))
        queries = make_queries(session.db.conn, args.seed)
        res = time_search(session, plain, queries, args.rounds)
    finally:
        session.close()

    enc_med, enc_p95 = statistics.median(res["enc"]), percentile(res["enc"], 95)
    pl_med, pl_p95 = statistics.median(res["plain"]), percentile(res["plain"], 95)
    print(f"search_cases: {args.cases} cases (seed {args.seed}), {len(queries)} queries × {args.rounds} rounds, "
          f"limit 100; median hits {statistics.median(res['hits']):.0f}")
    print(f"  encrypted (services.cases.list_cases): median {ms(enc_med)}, p95 {ms(enc_p95)}, max {ms(max(res['enc']))}"
          f"   [p95 target ≤ 50 ms: {'ok' if enc_p95 <= 0.05 else 'MISSED'}]")
    print(f"  unencrypted copy (same SQL):            median {ms(pl_med)}, p95 {ms(pl_p95)}, max {ms(max(res['plain']))}")
    print(f"  ratio encrypted/unencrypted: median {enc_med / pl_med:.2f}, p95 {enc_p95 / pl_p95:.2f}"
          f"   [target ≤ 1.5: {'ok' if enc_med / pl_med <= 1.5 else 'MISSED'}]")
    for kind, _n in QUERY_MIX:
        vals = res["by_kind"][kind]
        print(f"    {kind:<16} median {ms(statistics.median(vals))}, p95 {ms(percentile(vals, 95))}")
    fp = statistics.median(first["first_page"])
    print(f"  unlock (Argon2id {demo_store.POLICY.memory_kib // 1024} MiB/{demo_store.POLICY.iterations} passes + open): "
          f"median {ms(statistics.median(first['unlock']))}")
    print(f"  first page after unlock (list_cases limit 100, admin): median {ms(fp)}, max {ms(max(first['first_page']))}"
          f"   [target ≤ 0.5 s: {'ok' if max(first['first_page']) <= 0.5 else 'MISSED'}]")
    print(f"  first page after unlock (officer, own and assigned cases): median "
          f"{ms(statistics.median(first['officer_first_page']))}")
    print(f"  count_cases (all): median {ms(statistics.median(first['count']))}")


if __name__ == "__main__":
    main()
