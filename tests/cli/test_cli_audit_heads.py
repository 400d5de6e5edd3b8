"""Issue 9: the province keeps the audit heads a district's bundles carried; `audit heads` exports them and the
district's `audit verify --against-heads` finds out an administrator who rewrote its history."""

import json

from caseapp.services import cases, exchange, offices
from caseapp.services.cases import case_from_json
from caseapp.store import audit_log
from caseapp.store.database import Database
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli


def _case():
    return case_from_json({"intake_date": "2024-01-22", "channel": "datang_langsung",
                           "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04",
                                        "region_code": "74.06.01.1007", "street": "Jl. Melati No. 3"}],
                           "perpetrators": [{"name": "Pelaku", "sex": "L", "relationship": "tetangga"}],
                           "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
                           "chronology": "Ia melapor bersama ibunya."})


def test_partner_heads_expose_a_rewritten_history(tmp_path):
    dist_dir, dist = make_office(tmp_path / "74.06", code="74.06", name="UPTD PPA Kabupaten Bombana")
    prov_dir, prov = make_office(tmp_path / "74", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    d, p = dist.session, prov.session
    for a, b in ((d, p), (p, d)):
        card = offices.own_card(b)
        offices.trust_card(a, card, card.fingerprint())
    cases.create_case(d, _case())
    bundle = tmp_path / "bmb-1.casebundle"
    _seq, sent_head = audit_log.head(d.db.conn, d.office.db_id)
    exchange.export_bundle(d, "74", bundle)
    exchange.import_bundle(p, bundle)
    key = bytes(d.data_key)
    d.close()
    p.close()

    heads = tmp_path / "heads-74.06.json"
    r = run_cli(["audit", "heads", "--office", "74.06", "--out", str(heads)], data_dir=prov_dir.root, user="admin",
                password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    data = json.loads(heads.read_text())
    assert data["office"] == "74.06" and data["holder"] == "74"
    assert [h["audit_head"] for h in data["heads"]] == [sent_head]
    assert "Siti" not in heads.read_text()

    verify = ["audit", "verify", "--against-heads", str(heads)]
    r = run_cli(verify, data_dir=dist_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0 and "Cocok dengan 1 titik periksa yang diterima kantor 74" in r.stdout, r.stdout + r.stderr
    # The province's own log is not the district's: refused with a clear message.
    r = run_cli(verify, data_dir=prov_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 3 and "bukan kantor ini (74)" in r.stderr

    # The district's administrator rewrites an early entry and re-chains (and so re-seals) everything after it.
    db = Database.open(dist_dir.database, key)
    db_id = db.conn.execute("SELECT db_id FROM office").fetchone()[0]
    rows = db.conn.execute("SELECT seq, ts, actor, action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()
    db.conn.execute("DROP TRIGGER audit_log_no_delete")
    db.conn.execute("DELETE FROM audit_log")
    prev = audit_log.genesis_hash(db_id)
    for seq, ts, actor, action, rtype, rid in rows:
        if seq == 2:
            actor = "orang-lain"
        h = audit_log.entry_hash(prev, seq, ts, actor, action, rtype, rid)
        db.conn.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?)", (seq, ts, actor, action, rtype, rid, prev, h))
        prev = h
    db.close()
    run_cli(["unlock-check"], data_dir=dist_dir.root, user="admin", password=ADMIN_PASSWORD)  # seal renewed
    r = run_cli(["audit", "verify"], data_dir=dist_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert "Rantai hash log audit tersambung" in r.stdout  # the chain alone links up again
    r = run_cli(verify, data_dir=dist_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 20, r.stdout + r.stderr
    assert "1 dari 1 titik periksa yang diterima kantor 74 tidak ada lagi" in r.stdout
    assert "Traceback" not in r.stderr


def test_a_damaged_heads_file_is_a_clear_error(tmp_path):
    dist_dir, dist = make_office(tmp_path / "74.06", code="74.06")
    dist.session.close()
    bad = tmp_path / "heads.json"
    bad.write_text('{"format": "caseapp-audit-heads", "version": 1, "office": "74.06", "holder": "74", "heads": [1]}')
    r = run_cli(["audit", "verify", "--against-heads", str(bad)], data_dir=dist_dir.root, user="admin",
                password=ADMIN_PASSWORD)
    assert r.returncode == 3 and "tidak valid atau rusak" in r.stderr and "Traceback" not in r.stderr
