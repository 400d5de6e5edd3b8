"""The exporter (streamed since issue 16) writes the same records, byte for byte, as the exporter before it."""

import io
import random
import zipfile

import pyrage
import pytest

from caseapp.bundles import format_v1 as fmt
from caseapp.services import attachments, cases, demo_data, exchange, offices
from tests.helpers import make_office
from tests.services.exporter_reference import reference_payload


@pytest.fixture
def demo_pair(tmp_path):
    """A district with 300 demo cases and a few attachments, and its province; both trust each other."""
    d = make_office(tmp_path / "district", code="74.06", name="UPTD PPA Kabupaten Bombana")[1].session
    p = make_office(tmp_path / "province", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")[1].session
    for a, b in ((d, p), (p, d)):
        card = offices.own_card(b)
        offices.trust_card(a, card, card.fingerprint())
    demo_data.make_demo_cases(d, 300, seed=7)
    rng = random.Random(7)
    uuids = [c.uuid for c in cases.list_cases(d, cases.CaseFilter(), limit=5)]
    for i in range(8):
        attachments.add_attachment(d, uuids[i % len(uuids)], file_name=f"scan-{i}.pdf", mime_type="application/pdf",
                                   data=b"%PDF-1.4\n" + rng.randbytes(20_000 + i))
    yield d, p
    d.close()
    p.close()


def _decrypted(bundle, province) -> tuple[bytes, dict[str, bytes]]:
    identity = offices.ensure_identity(province)
    with zipfile.ZipFile(bundle) as zf:
        inner = pyrage.decrypt(zf.read(fmt.PAYLOAD), [identity.age_identity()])
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        files = {n[len(fmt.ATTACHMENTS):]: zf.read(n) for n in zf.namelist() if n.startswith(fmt.ATTACHMENTS)}
        return zf.read(fmt.RECORDS), files


@pytest.mark.parametrize("scope", ["full", "deidentified"])
def test_export_decrypts_to_the_frozen_exporters_records(demo_pair, tmp_path, scope):
    district, province = demo_pair
    want_records, want_files = reference_payload(district, "74", scope=scope)
    assert want_records.count(b"\n") == 300
    result = exchange.export_bundle(district, "74", tmp_path / "b.casebundle", deidentified=(scope == "deidentified"))
    assert result.case_count == 300
    records, files = _decrypted(tmp_path / "b.casebundle", province)
    assert records == want_records
    assert files == want_files
    assert len(files) == (8 if scope == "full" else 0)


def test_chosen_cases_and_transfer_decrypt_to_the_frozen_exporters_records(demo_pair, tmp_path):
    district, province = demo_pair
    chosen = [c.uuid for c in cases.list_cases(district, cases.CaseFilter(), limit=3)]
    want_records, want_files = reference_payload(district, "74", uuids=chosen, transfer=True)
    exchange.export_bundle(district, "74", tmp_path / "t.casebundle", case_refs=chosen, transfer=True)
    assert _decrypted(tmp_path / "t.casebundle", province) == (want_records, want_files)
