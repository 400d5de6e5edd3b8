"""Exchange between offices: districts → province → back, receipts, conflicts, hand-over, refusals."""

import dataclasses
import json

import pytest

from caseapp.bundles.errors import BundleError, BundleReplayed, BundleUntrustedSender, BundleWrongRecipient
from caseapp.services import cases, exchange, offices
from caseapp.services.cases import case_from_json
from caseapp.store import exchange_repo
from tests.helpers import make_office, unlock


def _case(name, *, nik=None, phone="", region="74.06.01.1007"):
    victim = {"name": name, "sex": "P", "birth_date": "2012-03-04", "region_code": region, "phone": phone,
              "street": "Jl. Melati No. 3"}
    if nik:
        victim["nik"] = nik
    return case_from_json({"intake_date": "2024-01-22", "channel": "datang_langsung", "victims": [victim],
                           "perpetrators": [{"name": "Pelaku " + name, "sex": "L", "relationship": "tetangga"}],
                           "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
                           "chronology": f"{name} melapor bersama ibunya."})


def _trust(a, b):
    card = offices.own_card(b)
    offices.trust_card(a, card, card.fingerprint())


@pytest.fixture
def region(tmp_path):
    """Two districts (Bombana 74.06, Kolaka 74.01) and their province (74), all trusting each other."""
    s = {}
    for code, name in (("74.06", "UPTD PPA Kabupaten Bombana"), ("74.01", "UPTD PPA Kabupaten Kolaka"),
                       ("74", "UPTD PPA Provinsi Sulawesi Tenggara")):
        _dd, result = make_office(tmp_path / code, code=code, name=name)
        s[code] = result.session
    for a in s:
        for b in s:
            if a != b:
                _trust(s[a], s[b])
    yield s, tmp_path
    for session in s.values():
        if not session.closed:
            session.close()


def _send(src, dst, path, **kw):
    res = exchange.export_bundle(src, dst.office.code, path, **kw)
    receipt = path.with_suffix(".receipt")
    exchange.import_bundle(dst, path, receipt_out=receipt)
    exchange.import_bundle(src, receipt)
    return res


def test_whole_exchange_two_districts_and_province_with_handover(region):
    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    c1 = cases.create_case(bmb, _case("Siti Aminah"))
    c2 = cases.create_case(klk, _case("Wa Ode Nurhayati", region="74.01.01.1001"))
    r1 = _send(bmb, prov, tmp / "bmb-1.casebundle")
    r2 = _send(klk, prov, tmp / "klk-1.casebundle")
    assert (r1.case_count, r2.case_count) == (1, 1)
    assert {c.case_number for c in cases.list_cases(prov, cases.CaseFilter())} == {c1.case_number, c2.case_number}
    out = exchange_repo.list_out(bmb.db.conn)
    assert out[0][8] is not None  # acknowledged by the receipt
    # Nothing changed: the next incremental bundle is empty.
    assert exchange.export_bundle(bmb, "74", tmp / "bmb-2.casebundle").case_count == 0
    # Hand-over from the province to Kolaka.
    _send(prov, klk, tmp / "prov-klk-1.casebundle", case_refs=[c1.uuid], transfer=True)
    state = cases.case_state(prov, c1.uuid)
    assert state.read_only and state.handed_over_to == "74.01"
    with pytest.raises(Exception):
        cases.save_case(prov, cases.get_case(prov, c1.uuid))
    taken = cases.case_state(klk, c1.uuid)
    assert taken.owner_office == "74.01" and not taken.read_only
    sources = {x.code: x for x in exchange.sources(prov)}
    assert sources["74.06"].last_sequence == 1 and sources["74.01"].last_sequence == 1


def test_same_field_edited_on_both_sides_is_a_conflict_with_both_values_kept(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    local = cases.get_case(bmb, c.uuid)
    cases.save_case(bmb, dataclasses.replace(local, risk_level="tinggi"))
    remote = cases.get_case(prov, c.uuid)
    cases.save_case(prov, dataclasses.replace(remote, risk_level="rendah"))
    _send(bmb, prov, tmp / "2.casebundle")
    conflicts = exchange.open_conflicts(prov)
    assert [(x.path, x.local, x.remote) for x in conflicts] == [(("risk_level",), "rendah", "tinggi")]
    assert cases.get_case(prov, c.uuid).risk_level == "rendah"  # nothing silently overwritten
    # The province's next bundle does not push its side of the open conflict to the district.
    _send(prov, bmb, tmp / "p1.casebundle")
    assert cases.get_case(bmb, c.uuid).risk_level == "tinggi"
    exchange.resolve_conflict(prov, conflicts[0].id, "remote")
    assert cases.get_case(prov, c.uuid).risk_level == "tinggi"
    assert exchange.open_conflicts(prov) == []


def test_edits_on_one_side_merge_without_conflict(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    p = cases.get_case(prov, c.uuid)
    cases.save_case(prov, dataclasses.replace(p, competent_office="74"))
    _send(bmb, prov, tmp / "2.casebundle")
    merged = cases.get_case(prov, c.uuid)
    assert (merged.risk_level, merged.competent_office) == ("tinggi", "74")
    assert exchange.open_conflicts(prov) == []


def test_same_bundle_twice_changes_nothing_and_replay_is_refused(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    cases.create_case(bmb, _case("Siti Aminah"))
    path = tmp / "1.casebundle"
    exchange.export_bundle(bmb, "74", path)
    exchange.import_bundle(prov, path)
    before = exchange_repo.canonical_dump(prov.db.conn)
    with pytest.raises(BundleReplayed):
        exchange.import_bundle(prov, path)
    assert exchange_repo.canonical_dump(prov.db.conn) == before


def test_gap_is_reported(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    cases.create_case(bmb, _case("Siti Aminah"))
    exchange.export_bundle(bmb, "74", tmp / "1.casebundle")
    exchange.export_bundle(bmb, "74", tmp / "2.casebundle")
    result = exchange.import_bundle(prov, tmp / "2.casebundle")
    assert result.plan.gaps == [1]
    assert exchange.sources(prov)[1].gaps == [1] or any(x.gaps == [1] for x in exchange.sources(prov))


def test_addressed_to_another_office_and_untrusted_sender(region, tmp_path):
    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    cases.create_case(bmb, _case("Siti Aminah"))
    path = tmp / "to-prov.casebundle"
    exchange.export_bundle(bmb, "74", path)
    with pytest.raises(BundleWrongRecipient):
        exchange.import_bundle(klk, path)
    _dd, stranger = make_office(tmp_path / "x", code="73.01", name="UPTD PPA Kabupaten Kepulauan Selayar")
    try:
        with pytest.raises(BundleUntrustedSender):
            exchange.import_bundle(stranger.session, path)
    finally:
        stranger.session.close()


def test_deidentified_bundle_has_no_name_nik_or_phone(region):
    from caseapp.bundles.reader import open_bundle

    s, tmp = region
    bmb, klk = s["74.06"], s["74.01"]
    nik = "7406014403120001"
    cases.create_case(bmb, _case("Siti Aminah Unik", nik=nik, phone="081234567890"))
    path = tmp / "deid.casebundle"
    exchange.export_bundle(bmb, "74.01", path, case_refs=[cases.list_cases(bmb, cases.CaseFilter())[0].uuid])
    opened = open_bundle(path, offices.all_identities(klk), offices.trusted_cards(klk))
    assert opened.manifest["scope"] == "deidentified"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in opened.iter_records())
    for secret in ("Siti", "Aminah", nik, "081234567890", "Melati", "74.06.01.1007"):
        assert secret not in text
    exchange.import_bundle(klk, path)
    assert cases.list_cases(klk, cases.CaseFilter())[0].read_only
