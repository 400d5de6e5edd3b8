"""Office identities and cards: round trips, rotation, fingerprints, key exports checked with minisign and age."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseapp.crypto.office_identity import OfficeCard, OfficeCardInvalid, OfficeIdentity, key_id_for, rotate
from caseapp.crypto.wordlist import WORDS
from caseapp.domain.errors import ValidationError

MINISIGN = shutil.which("minisign") or "/usr/bin/minisign"
AGE = shutil.which("age") or "/usr/bin/age"


@pytest.fixture(scope="module")
def ident() -> OfficeIdentity:
    return OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten", now="2024-01-22T03:04:05Z")


def test_generate_and_card(ident):
    card = ident.card()
    assert card.code == "74.06" and card.level == "kabupaten" and card.issued_at == "2024-01-22T03:04:05Z"
    assert card.age_recipient.startswith("age1") and len(card.signing_key) == 32
    assert len(card.key_id) == 16 and card.key_id == card.key_id.upper()
    assert card == ident.card()  # deterministic (Ed25519 signatures are)
    assert "SECRET" not in repr(ident) and ident.age_secret not in repr(ident)


@pytest.mark.parametrize("kwargs", [
    {"code": "74 06"}, {"code": ""}, {"name": ""}, {"name": "a\nb"}, {"level": "kecamatan"},
])
def test_generate_rejects_bad_values(kwargs):
    args = {"code": "74.06", "name": "UPTD", "level": "kabupaten", **kwargs}
    with pytest.raises(ValidationError):
        OfficeIdentity.generate(**args)


def test_private_dict_round_trip(ident):
    data = json.loads(json.dumps(ident.to_private_dict()))
    again = OfficeIdentity.from_private_dict(data)
    assert again == ident and again.card() == ident.card()


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(signing_seed="AAAA"), lambda d: d.update(key_id="0000000000000000"),
    lambda d: d.update(age_secret="AGE-SECRET-KEY-1XYZ"), lambda d: d.pop("code"), lambda d: d.update(version=9),
])
def test_private_dict_damaged(ident, mutate):
    data = ident.to_private_dict()
    mutate(data)
    with pytest.raises(OfficeCardInvalid):
        OfficeIdentity.from_private_dict(data)


def test_card_file_round_trip(ident):
    card = ident.card()
    data = card.to_bytes()
    assert OfficeCard.from_bytes(data) == card
    assert b"SECRET" not in data and ident.age_secret.encode() not in data


def test_card_self_signature_checked(ident, tmp_path):
    doc = json.loads(ident.card().to_bytes())
    doc["card"]["name"] = "UPTD PPA Palsu"
    with pytest.raises(OfficeCardInvalid):
        OfficeCard.from_bytes(json.dumps(doc).encode())


def test_card_with_someone_elses_encryption_key_refused(ident):
    other = OfficeIdentity.generate("74", "Provinsi", "provinsi")
    doc = json.loads(ident.card().to_bytes())
    doc["card"]["age_recipient"] = other.age_recipient
    with pytest.raises(OfficeCardInvalid):
        OfficeCard.from_bytes(json.dumps(doc).encode())


def test_card_unknown_version(ident):
    doc = json.loads(ident.card().to_bytes())
    doc["version"] = 2
    with pytest.raises(OfficeCardInvalid, match="Versi"):
        OfficeCard.from_bytes(json.dumps(doc).encode())


def test_card_byte_flips_never_raise_raw(ident):
    data = ident.card().to_bytes()
    for pos in range(len(data)):
        for mask in (0x01, 0x20, 0x80):
            flipped = bytearray(data)
            flipped[pos] ^= mask
            try:
                card = OfficeCard.from_bytes(bytes(flipped))
            except OfficeCardInvalid:
                continue
            assert card == ident.card()  # only a harmless change (e.g. JSON whitespace) may pass


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                              lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                              max_leaves=20).map(lambda o: json.dumps(o).encode())))
def test_card_fuzz(data):
    with pytest.raises(OfficeCardInvalid):
        OfficeCard.from_bytes(data)


def test_fingerprint(ident):
    card = ident.card()
    fp = card.fingerprint()
    assert len(fp) == 64 and int(fp, 16) >= 0
    words = card.fingerprint_words()
    assert len(words) == 8 and all(w in WORDS for w in words)
    assert card.fingerprint_groups().replace(" ", "") == fp.upper()
    renamed = OfficeIdentity(**{**ident.__dict__, "name": "Nama baru"}).card()
    assert renamed.fingerprint() == fp  # the name is not key material
    other = OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten")
    assert other.card().fingerprint() != fp


def test_fingerprint_words_fixed_vector():
    """A fixed key gives fixed words, forever (also guards the word list against edits)."""
    seed = bytes(range(32))
    ident = OfficeIdentity(code="74.06", name="X", level="kabupaten", signing_seed=seed,
                           age_secret="AGE-SECRET-KEY-1UUJP3Q59P5757W6E7MLXYVV4TMC8M2QHMSKJZGD6SYU7SX3VVE4SJ7C3C0",
                           key_id="", created_at="2024-01-01T00:00:00Z")
    ident = OfficeIdentity(**{**ident.__dict__, "key_id": key_id_for(ident.public_key)})
    card = ident.card()
    assert card.fingerprint() == FIXED_FINGERPRINT
    assert card.fingerprint_words() == FIXED_WORDS


FIXED_FINGERPRINT = "224618c5fe55e44349b16b7252cae2a661f537e094adb4d81820e5088410d2f2"
FIXED_WORDS = ['badak', 'sawo', 'semut', 'kendi', 'kota', 'terong', 'rendang', 'salak']


def test_wordlist_frozen():
    assert len(WORDS) == 256 and len(set(WORDS)) == 256
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 9 for w in WORDS)
    assert hashlib.sha256(" ".join(WORDS).encode()).hexdigest() == WORDLIST_SHA256


WORDLIST_SHA256 = "09ddac580ab2b1d11c1fd7fc0efea7f992d14efb934b93479bf2629e2779b65c"


def test_rotation(ident):
    old_card = ident.card()
    new_ident, new_card = rotate(ident, now="2025-01-01T00:00:00Z")
    assert new_card.code == old_card.code and new_card.key_id != old_card.key_id
    assert new_card.previous_key_id == old_card.key_id
    new_card.verify_rotation(old_card)
    parsed = OfficeCard.from_bytes(new_card.to_bytes())
    assert parsed == new_card
    parsed.verify_rotation(old_card)
    assert OfficeIdentity.from_private_dict(new_ident.to_private_dict()).card() == new_card
    # a second rotation chains from the first
    third_ident, third_card = new_ident.rotate()
    third_card.verify_rotation(new_card)
    with pytest.raises(OfficeCardInvalid):
        third_card.verify_rotation(old_card)


def test_rotation_refused_for_other_key_or_office(ident):
    _, new_card = ident.rotate()
    stranger = OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten")
    with pytest.raises(OfficeCardInvalid):
        new_card.verify_rotation(stranger.card())
    with pytest.raises(OfficeCardInvalid):
        ident.card().verify_rotation(ident.card())  # not a rotation at all
    # a forged "rotation" signed by the new key itself
    forged_ident = OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten")
    unsigned = OfficeCard(**{**forged_ident.card().__dict__, "previous_key_id": ident.key_id,
                             "previous_key_signature": bytes(64)})
    with pytest.raises(OfficeCardInvalid):
        unsigned.verify_rotation(ident.card())


def test_minisign_public_key_format(ident):
    text = ident.export_minisign_public_key()
    comment, b64, end = text.split("\n")
    assert comment.startswith("untrusted comment: ") and end == ""
    raw = base64.b64decode(b64)
    assert raw[:2] == b"Ed" and raw[10:] == ident.public_key and len(raw) == 42
    assert ident.key_id in comment


def test_age_identity_export(ident):
    text = ident.export_age_identity()
    assert text.splitlines()[-1] == ident.age_secret
    assert f"# public key: {ident.age_recipient}" in text


needs_minisign = pytest.mark.skipif(not shutil.which(MINISIGN), reason="minisign binary not installed")
needs_age = pytest.mark.skipif(not shutil.which(AGE), reason="age binary not installed")


@needs_minisign
def test_exported_secret_key_signs_with_minisign(ident, tmp_path):
    (tmp_path / "k.key").write_text(ident.export_minisign_secret_key())
    (tmp_path / "k.pub").write_text(ident.export_minisign_public_key())
    (tmp_path / "f.txt").write_bytes(b"surat rujukan\n")
    subprocess.run([MINISIGN, "-S", "-W", "-s", "k.key", "-m", "f.txt", "-t", "uji"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=30)
    out = subprocess.run([MINISIGN, "-Vm", "f.txt", "-p", "k.pub"], cwd=tmp_path, check=True,
                         capture_output=True, text=True, timeout=30)
    assert "uji" in out.stdout
    # minisign can recreate our public key from our secret key (-R): the key id and key match
    subprocess.run([MINISIGN, "-R", "-s", "k.key", "-p", "k2.pub"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=30)
    assert (tmp_path / "k2.pub").read_text().splitlines()[1] == ident.card().minisign_public_key_b64()


@needs_age
def test_exported_age_identity_decrypts_with_age(ident, tmp_path):
    import pyrage
    ct = pyrage.encrypt(b"rahasia", [pyrage.x25519.Recipient.from_str(ident.age_recipient)])
    (tmp_path / "m.age").write_bytes(ct)
    (tmp_path / "id.txt").write_text(ident.export_age_identity())
    out = subprocess.run([AGE, "-d", "-i", "id.txt", "m.age"], cwd=tmp_path, check=True, capture_output=True,
                         timeout=30)
    assert out.stdout == b"rahasia"
