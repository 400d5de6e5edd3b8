"""The minisign signature format: ours verifies with /usr/bin/minisign, theirs verifies with ours."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseapp.bundles import minisign
from caseapp.bundles.errors import BundleSignatureInvalid

MINISIGN = shutil.which("minisign") or "/usr/bin/minisign"
needs_minisign = pytest.mark.skipif(not shutil.which(MINISIGN), reason="minisign binary not installed")


def _sign(ident, data: bytes, comment: str = "uji tanda tangan") -> minisign.MinisignSignature:
    return minisign.sign_bytes(data, ident.sign, ident.keynum, comment)


def test_round_trip(district):
    sig = _sign(district, b"isi berkas")
    parsed = minisign.parse(sig.to_bytes())
    assert parsed == sig
    minisign.verify_bytes(parsed, b"isi berkas", district.public_key, district.keynum)


def test_wrong_data_key_or_comment(district, province):
    sig = _sign(district, b"isi berkas")
    with pytest.raises(BundleSignatureInvalid):
        minisign.verify_bytes(sig, b"isi berkaS", district.public_key, district.keynum)
    with pytest.raises(BundleSignatureInvalid):
        minisign.verify_bytes(sig, b"isi berkas", province.public_key, province.keynum)
    with pytest.raises(BundleSignatureInvalid):
        minisign.verify_bytes(sig, b"isi berkas", province.public_key, district.keynum)
    forged = minisign.MinisignSignature(sig.untrusted_comment, sig.keynum, sig.signature, "seq=999",
                                        sig.global_signature)
    with pytest.raises(BundleSignatureInvalid):
        minisign.verify_bytes(forged, b"isi berkas", district.public_key, district.keynum)


def test_comment_must_be_one_line(district):
    with pytest.raises(ValueError):
        _sign(district, b"x", "dua\nbaris")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_parse_fuzz(data):
    try:
        minisign.parse(data)
    except BundleSignatureInvalid:
        pass


@needs_minisign
def test_minisign_verifies_ours(district, tmp_path):
    data = b"payload bytes\x00\xff" * 1000
    (tmp_path / "f.bin").write_bytes(data)
    (tmp_path / "f.bin.minisig").write_bytes(_sign(district, data, "caseapp uji seq=1").to_bytes())
    out = subprocess.run([MINISIGN, "-Vm", "f.bin", "-P", district.card().minisign_public_key_b64()],
                         cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "caseapp uji seq=1" in out.stdout
    (tmp_path / "f.bin").write_bytes(data + b"!")
    bad = subprocess.run([MINISIGN, "-Vm", "f.bin", "-P", district.card().minisign_public_key_b64()],
                         cwd=tmp_path, capture_output=True, timeout=30)
    assert bad.returncode != 0


@needs_minisign
def test_ours_verifies_minisigns(district, tmp_path):
    (tmp_path / "k.key").write_text(district.export_minisign_secret_key())
    (tmp_path / "f.txt").write_bytes(b"ditandatangani oleh minisign\n")
    subprocess.run([MINISIGN, "-S", "-W", "-s", "k.key", "-m", "f.txt", "-t", "dari minisign"], cwd=tmp_path,
                   check=True, capture_output=True, timeout=30)
    sig = minisign.parse((tmp_path / "f.txt.minisig").read_bytes())
    assert sig.trusted_comment == "dari minisign"
    minisign.verify_bytes(sig, b"ditandatangani oleh minisign\n", district.public_key, district.keynum)
