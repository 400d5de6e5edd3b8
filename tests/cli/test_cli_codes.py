"""caseapp-cli codes: an admin adds and deactivates codes; cases can use a new code; old codes stay valid."""

import json

from tests.helpers import run_cli

PW = "sandi-admin-kode-1"


def test_admin_extends_a_code_list_and_a_case_uses_it(tmp_path):
    root = tmp_path / "data"
    assert run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana", "--admin", "admin"],
                   data_dir=root, password=PW).returncode == 0
    r = run_cli(["codes", "add", "channel", "radio_komunitas", "--id", "Radio komunitas", "--en", "Community radio"],
                data_dir=root, user="admin", password=PW)
    assert r.returncode == 0, r.stderr
    case = {"intake_date": "2024-01-22", "channel": "radio_komunitas",
            "victims": [{"name": "Rina Wulandari", "sex": "P", "birth_date": "2010-05-01"}],
            "violence_types": ["psikis"]}
    (tmp_path / "c.json").write_text(json.dumps(case), encoding="utf-8")
    r = run_cli(["case", "add", "--from", str(tmp_path / "c.json")], data_dir=root, user="admin", password=PW)
    assert r.returncode == 0, r.stderr
    r = run_cli(["codes", "deactivate", "channel", "datang_langsung"], data_dir=root, user="admin", password=PW)
    assert r.returncode == 0, r.stderr
    r = run_cli(["codes", "list", "channel", "--json"], data_dir=root, user="admin", password=PW)
    entries = {e["code"]: e for e in json.loads(r.stdout)}
    assert entries["radio_komunitas"]["en"] == "Community radio" and entries["radio_komunitas"]["active"]
    assert entries["datang_langsung"]["active"] is False  # kept, no longer offered
    r = run_cli(["codes", "add", "channel", "datang_langsung", "--id", "Nama baru", "--en", "x"],
                data_dir=root, user="admin", password=PW)
    assert r.returncode == 3 and "Traceback" not in r.stderr
