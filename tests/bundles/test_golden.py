"""The golden v1 fixtures (made once by make_golden.py) must open, unchanged, forever."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from caseapp.bundles.reader import inspect_bundle, open_bundle
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "golden-v1.expected.json").read_text(encoding="utf-8"))
MINISIGN = shutil.which("minisign") or "/usr/bin/minisign"
AGE = shutil.which("age") or "/usr/bin/age"


@pytest.fixture(scope="module")
def keys() -> tuple[OfficeIdentity, OfficeIdentity]:
    data = json.loads((FIXTURES / "golden-keys.json").read_text())
    return OfficeIdentity.from_private_dict(data["district"]), OfficeIdentity.from_private_dict(data["province"])


@pytest.fixture(scope="module")
def cards() -> tuple[OfficeCard, OfficeCard]:
    return (OfficeCard.from_bytes((FIXTURES / "district.card.json").read_bytes()),
            OfficeCard.from_bytes((FIXTURES / "province.card.json").read_bytes()))


def test_golden_cards(keys, cards):
    assert keys[0].card() == cards[0] and keys[1].card() == cards[1]
    assert cards[0].key_id == "C2B7868EE91339E1" and cards[1].key_id == "08F82FADA21907AD"
    assert cards[0].fingerprint() == "d872555bb308231f4921f3abb3352ed6d832b48553e58ad697da9f63e9baaffe"
    assert cards[0].fingerprint_words() == ["perak", "langit", "terong", "tebu", "sarung", "harimau", "beruang",
                                            "zebra"]
    assert cards[1].fingerprint_words() == ["padang", "lebah", "kabut", "kancil", "cincin", "perisai", "lemari",
                                            "sawo"]


def test_golden_bundle_opens(keys, cards):
    district, province = keys
    path = FIXTURES / "golden-v1.casebundle"
    info = inspect_bundle(path, [cards[0]])
    assert info.bundle_hash == EXPECTED["bundle_hash"]
    assert info.header.trusted_comment() == (
        "caseapp-bundle v1 kind=data from=74.06:C2B7868EE91339E1 to=74:08F82FADA21907AD seq=1 "
        "prev=0000000000000000000000000000000000000000000000000000000000000000 created=2024-01-22T09:30:00Z")
    opened = open_bundle(path, province, [cards[0]])
    assert list(opened.iter_records()) == EXPECTED["records"]
    assert opened.manifest == EXPECTED["manifest"]
    assert opened.attachment(EXPECTED["attachment_sha256"]).startswith(b"Lampiran fiktif")


def test_golden_receipt_opens(keys, cards):
    district, _ = keys
    opened = open_bundle(FIXTURES / "golden-v1-receipt.casebundle", district, [cards[1]])
    assert opened.header.kind == "receipt" and opened.bundle_hash == EXPECTED["receipt_hash"]
    assert opened.header.ack_sequence == 1 and opened.header.ack_hash == EXPECTED["bundle_hash"]
    assert list(opened.iter_records()) == [{"imported_records": 2, "conflicts": 0}]


@pytest.mark.skipif(not (shutil.which(MINISIGN) and shutil.which(AGE)), reason="minisign or age not installed")
def test_golden_opens_by_hand(tmp_path):
    """The exact commands of docs/bundle-format.md."""
    with zipfile.ZipFile(FIXTURES / "golden-v1.casebundle") as zf:
        zf.extractall(tmp_path / "paket")
    run = dict(cwd=tmp_path, capture_output=True, text=True, timeout=30, check=True)
    out = subprocess.run([MINISIGN, "-Vm", "paket/payload.age", "-p", str(FIXTURES / "district.minisign.pub")],
                         **run)
    assert "seq=1" in out.stdout
    subprocess.run([AGE, "-d", "-i", str(FIXTURES / "province.age-identity.txt"), "-o", "isi.zip",
                    "paket/payload.age"], **run)
    with zipfile.ZipFile(tmp_path / "isi.zip") as zf:
        zf.extractall(tmp_path / "isi")
    subprocess.run([MINISIGN, "-Vm", "isi/manifest.json", "-x", "isi/manifest.sig", "-p",
                    str(FIXTURES / "district.minisign.pub")], **run)
    lines = (tmp_path / "isi" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == EXPECTED["records"]
