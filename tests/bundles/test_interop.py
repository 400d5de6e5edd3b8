"""Open our bundles by hand with the standard tools: unzip (or Python's zipfile), minisign and age."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from caseapp.bundles import format_v1 as fmt
from tests.bundles.helpers import RECORDS

MINISIGN = shutil.which("minisign") or "/usr/bin/minisign"
AGE = shutil.which("age") or "/usr/bin/age"
UNZIP = shutil.which("unzip")
needs_minisign = pytest.mark.skipif(not shutil.which(MINISIGN), reason="minisign binary not installed")
needs_age = pytest.mark.skipif(not shutil.which(AGE), reason="age binary not installed")


@pytest.fixture()
def unpacked(sample_bundle, tmp_path):
    with zipfile.ZipFile(sample_bundle[0]) as zf:
        zf.extractall(tmp_path)
    return tmp_path


@pytest.mark.skipif(UNZIP is None, reason="unzip binary not installed")
def test_unzip_accepts_container(sample_bundle, tmp_path):
    out = subprocess.run([UNZIP, "-t", str(sample_bundle[0])], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and "No errors detected" in out.stdout
    subprocess.run([UNZIP, "-q", str(sample_bundle[0]), "-d", str(tmp_path / "u")], check=True, timeout=30)
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == sorted(fmt.MEMBERS)


@needs_minisign
def test_minisign_verifies_payload(unpacked, district, sample_bundle):
    out = subprocess.run([MINISIGN, "-Vm", "payload.age", "-P", district.card().minisign_public_key_b64()],
                         cwd=unpacked, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert sample_bundle[1].header.trusted_comment() in out.stdout
    (unpacked / "pub").write_text(district.export_minisign_public_key())
    out = subprocess.run([MINISIGN, "-Vm", "payload.age", "-p", "pub"], cwd=unpacked, capture_output=True,
                         timeout=30)
    assert out.returncode == 0


@needs_minisign
def test_minisign_rejects_other_key(unpacked, province):
    out = subprocess.run([MINISIGN, "-Vm", "payload.age", "-P", province.card().minisign_public_key_b64()],
                         cwd=unpacked, capture_output=True, timeout=30)
    assert out.returncode != 0


@needs_age
@needs_minisign
def test_age_decrypts_payload_and_minisign_verifies_manifest(unpacked, province, district):
    (unpacked / "identity.txt").write_text(province.export_age_identity())
    subprocess.run([AGE, "-d", "-i", "identity.txt", "-o", "inner.zip", "payload.age"], cwd=unpacked, check=True,
                   capture_output=True, timeout=30)
    with zipfile.ZipFile(unpacked / "inner.zip") as zf:
        zf.extractall(unpacked / "inner")
        records = [line for line in zf.read("records.jsonl").decode().splitlines()]
    import json
    assert [json.loads(r) for r in records] == RECORDS
    out = subprocess.run([MINISIGN, "-Vm", "inner/manifest.json", "-x", "inner/manifest.sig", "-P",
                          district.card().minisign_public_key_b64()], cwd=unpacked, capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "caseapp-manifest v1" in out.stdout


@needs_age
def test_age_refuses_other_identity(unpacked, stranger):
    (unpacked / "identity.txt").write_text(stranger.export_age_identity())
    out = subprocess.run([AGE, "-d", "-i", "identity.txt", "payload.age"], cwd=unpacked, capture_output=True,
                         timeout=30)
    assert out.returncode != 0
