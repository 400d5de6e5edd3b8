"""Acceptance through the CLI: `stats --json` and `simfoni recap --json` equal counts computed from `case export-json`."""

from __future__ import annotations

import datetime as dt
import json

from caseapp.services import demo_data
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli
from tests.services.test_reports import FROM, TO, _column, _expected

KEYS = ("violence_cases", "violence_victims", "violence_perpetrators", "place", "service", "relationship",
        "education", "status", "police")


def _cli(dd, *args):
    r = run_cli(list(args), data_dir=dd.root, password=ADMIN_PASSWORD, user="admin")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_stats_and_recap_json_equal_counts_from_exported_cases(tmp_path):
    dd, result = make_office(tmp_path / "o")
    demo_data.make_demo_cases(result.session, 14, seed=17, today=dt.date(2026, 6, 30))
    result.session.close()
    refs = [row["uuid"] for row in _cli(dd, "case", "list", "--json", "--limit", "1000")]
    docs = [_cli(dd, "case", "export-json", ref) for ref in refs]
    want = _expected(docs)
    for command in (("stats",), ("simfoni", "recap")):
        data = _cli(dd, *command, "--from", FROM.isoformat(), "--to", TO.isoformat(), "--json")
        assert (data["total_cases"], data["total_victims"], data["total_perpetrators"]) == \
            (want["cases"], want["victims"], want["perpetrators"])
        tables = {t["key"]: t for t in data["tables"]}
        for key in KEYS:
            if key in tables:
                got = {k: v for k, v in _column(tables[key]).items() if v}
                assert got == {k: v for k, v in want[key].items() if v}, (command, key)
        sex_age = {(r["code"], c): n for r in tables["sex_age"]["rows"] for c, n in r["values"].items() if n}
        assert sex_age == {k: v for k, v in want["sex_age"].items() if v}
