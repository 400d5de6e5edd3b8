"""Every bad bundle is refused with its own error, and nothing raises a raw exception: tamper, truncate, fuzz."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.container import ContainerWriter, dos_datetime
from caseapp.bundles.errors import (
    ALL_ERRORS, BundleDamaged, BundleDecryptFailed, BundleError, BundleManifestMismatch, BundleSignatureInvalid,
    BundleUnsupportedVersion, BundleUntrustedSender, BundleWrongRecipient,
)
from caseapp.bundles.reader import inspect_bundle, open_bundle
from caseapp.bundles.writer import BundleWriter
from caseapp.crypto.office_identity import OfficeCard
from caseapp.domain.errors import CaseappError, NotFound
from tests.bundles.helpers import make_writer, repack_with_flip


def _open(path, district, province):
    return open_bundle(path, province, [district.card()])


def test_error_classes_distinct():
    codes = [e.exit_code for e in ALL_ERRORS]
    assert len(set(codes)) == len(codes)
    assert all(issubclass(e, CaseappError) for e in ALL_ERRORS)
    assert all(e().message and e().message != BundleError().message for e in ALL_ERRORS)


def test_untrusted_sender(sample_bundle, district, province, stranger):
    path, _ = sample_bundle
    for cards in ([], [stranger.card()], [province.card()]):
        with pytest.raises(BundleUntrustedSender):
            inspect_bundle(path, cards)
        with pytest.raises(BundleUntrustedSender):
            open_bundle(path, province, cards)
    with pytest.raises(BundleUntrustedSender) as exc:
        inspect_bundle(path, [])
    assert exc.value.header.sender_code == "74.06" and exc.value.header.sender_key_id == district.key_id
    rotated_ident, rotated_card = district.rotate()
    with pytest.raises(BundleUntrustedSender):  # same office, another key: only the card's own key counts
        inspect_bundle(path, [rotated_card])


def test_impostor_card_with_same_key_id(sample_bundle, district, stranger):
    """A card naming the district and its key id but carrying another key must not validate the signature."""
    path, _ = sample_bundle
    fake = OfficeCard(**{**stranger.card().__dict__, "code": district.code, "key_id": district.key_id})
    with pytest.raises(BundleSignatureInvalid):
        inspect_bundle(path, [fake])


def test_wrong_recipient(sample_bundle, district, stranger):
    with pytest.raises(BundleWrongRecipient) as exc:
        open_bundle(sample_bundle[0], stranger, [district.card()])
    assert exc.value.header.recipient_code == "74"
    with pytest.raises(BundleWrongRecipient):
        open_bundle(sample_bundle[0], [], [district.card()])


def test_decrypt_failure(tmp_path, district, province, stranger):
    """Addressed (by code and key id) to the province but encrypted to another key."""
    lying_card = OfficeCard(**{**province.card().__dict__, "age_recipient": stranger.age_recipient})
    w = BundleWriter(district, lying_card, 1, None)
    w.add_record({"a": 1})
    written = w.write_atomic(tmp_path / "d.casebundle")
    with pytest.raises(BundleDecryptFailed):
        _open(written.path, district, province)


def _with_manifest_change(monkeypatch, tmp_path, district, province, change):
    original = BundleWriter.manifest

    def patched(self):
        m = original(self)
        change(m)
        return m

    monkeypatch.setattr(BundleWriter, "manifest", patched)
    written = make_writer(district, province).write_atomic(tmp_path / "m.casebundle")
    monkeypatch.setattr(BundleWriter, "manifest", original)
    return written.path


@pytest.mark.parametrize("change", [
    lambda m: m.update(sequence=2),
    lambda m: m.update(previous_hash="1" * 64),
    lambda m: m.update(kind="receipt"),
    lambda m: m["recipient"].update(code="74.05"),
    lambda m: m["sender"].update(key_id="0000000000000000"),
    lambda m: m.update(record_count=3),
    lambda m: m.update(record_count="2"),
    lambda m: m.update(sequence=True),
    lambda m: m["files"].update({"records.jsonl": "0" * 64}),
    lambda m: m["files"].update({"attachments/" + "1" * 64: "1" * 64}),
    lambda m: m["files"].pop(next(k for k in m["files"] if k.startswith("attachments/"))),
    lambda m: m.update(files=[]),
    lambda m: m.update(scope="semua"),
    lambda m: m.update(transfer="ya"),
    lambda m: m.update(created_at="2024-01-22T03:04:07Z"),
])
def test_manifest_mismatch(monkeypatch, tmp_path, district, province, change):
    path = _with_manifest_change(monkeypatch, tmp_path, district, province, change)
    inspect_bundle(path, [district.card()])  # the outer signature is fine
    with pytest.raises(BundleManifestMismatch):
        _open(path, district, province)


def test_manifest_signed_by_other_key(monkeypatch, tmp_path, district, province, stranger):
    from caseapp.bundles import writer as writer_mod
    original = writer_mod.minisign.sign_bytes

    def other_signer(data, sign, keynum, *args):
        return original(data, stranger.sign, keynum, *args)

    monkeypatch.setattr(writer_mod.minisign, "sign_bytes", other_signer)
    written = make_writer(district, province).write_atomic(tmp_path / "s.casebundle")
    monkeypatch.undo()
    with pytest.raises(BundleSignatureInvalid):
        _open(written.path, district, province)


def _container(header_json: bytes, sig: bytes = b"", payload: bytes = b"", readme: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    c = ContainerWriter(buf, dos_datetime("2024-01-22T03:04:06Z"))
    for name, data in zip(fmt.MEMBERS, (readme, header_json, payload, sig)):
        c.add(name, data)
    c.finish()
    return buf.getvalue()


def test_unknown_version_in_header(tmp_path, district, province):
    header = json.dumps({"format": "caseapp-bundle", "version": 2}).encode()
    (tmp_path / "v2.casebundle").write_bytes(_container(header))
    with pytest.raises(BundleUnsupportedVersion):
        _open(tmp_path / "v2.casebundle", district, province)
    # a future version may also change the layout: any ZIP with such a header.json is recognised
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("header.json", header)
        zf.writestr("payload.v2", b"...")
    (tmp_path / "v2b.casebundle").write_bytes(buf.getvalue())
    with pytest.raises(BundleUnsupportedVersion):
        inspect_bundle(tmp_path / "v2b.casebundle", [district.card()])


def test_unknown_version_in_signed_comment(sample_bundle, tmp_path, district, province):
    with zipfile.ZipFile(sample_bundle[0]) as zf:
        parts = {n: zf.read(n) for n in fmt.MEMBERS}
    sig = parts[fmt.SIGNATURE].replace(b"caseapp-bundle v1 ", b"caseapp-bundle v2 ")
    (tmp_path / "c.casebundle").write_bytes(_container(parts[fmt.HEADER], sig, parts[fmt.PAYLOAD],
                                                       parts[fmt.README]))
    with pytest.raises(BundleUnsupportedVersion):
        _open(tmp_path / "c.casebundle", district, province)


def test_not_a_bundle(tmp_path, district, province):
    cases = {"empty": b"", "text": b"halo", "zip": b"PK\x05\x06" + bytes(18)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("foto.jpg", b"\xff\xd8")
    cases["otherzip"] = buf.getvalue()
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(BundleDamaged):
            _open(tmp_path / name, district, province)
    with pytest.raises(NotFound):
        _open(tmp_path / "missing.casebundle", district, province)
    with pytest.raises(BundleDamaged):
        _open(tmp_path, district, province)  # a folder


def test_rezipped_bundle_refused(sample_bundle, tmp_path, district, province):
    """Re-packing the same members with another ZIP tool changes the container; it is refused, not misread."""
    with zipfile.ZipFile(sample_bundle[0]) as zf:
        parts = {n: zf.read(n) for n in fmt.MEMBERS}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    (tmp_path / "re.casebundle").write_bytes(buf.getvalue())
    with pytest.raises(BundleDamaged):
        _open(tmp_path / "re.casebundle", district, province)


def _positions(size: int, count: int) -> list[int]:
    rng = random.Random(1234)
    spread = {int(i * size / count) for i in range(count)}
    return sorted(spread | {rng.randrange(size) for _ in range(count // 5)} | set(range(0, min(size, 200)))
                  | set(range(max(0, size - 300), size)))


def test_tamper_sweep(sample_bundle, tmp_path, district, province):
    data = sample_bundle[0].read_bytes()
    positions = _positions(len(data), 600)
    assert len(positions) >= 500
    target = tmp_path / "t.casebundle"
    refused: dict[str, int] = {}
    for n, pos in enumerate(positions):
        flipped = bytearray(data)
        flipped[pos] ^= (0x01, 0xFF, 0x20, 0x80)[n % 4]
        target.write_bytes(bytes(flipped))
        with pytest.raises(BundleError) as exc:
            _open(target, district, province)
        refused[type(exc.value).__name__] = refused.get(type(exc.value).__name__, 0) + 1
    assert set(refused) <= {"BundleDamaged", "BundleSignatureInvalid", "BundleUnsupportedVersion",
                            "BundleUntrustedSender", "BundleWrongRecipient"}, refused


def test_tamper_sweep_with_crc_fixed(sample_bundle, tmp_path, district, province):
    """An attacker who also fixes the ZIP checksums: every flip inside a member is caught by the signatures."""
    with zipfile.ZipFile(sample_bundle[0]) as zf:
        parts = {n: zf.read(n) for n in fmt.MEMBERS}
    when = dos_datetime(json.loads(parts[fmt.HEADER])["created_at"])
    offsets = [(name, i) for name in fmt.MEMBERS for i in range(len(parts[name]))]
    chosen = [offsets[int(k * len(offsets) / 520)] for k in range(520)]
    chosen += [(fmt.SIGNATURE, i) for i in range(len(parts[fmt.SIGNATURE]))]
    target = tmp_path / "c.casebundle"
    kinds: dict[str, set[str]] = {}
    for n, (name, i) in enumerate(chosen):
        target.write_bytes(repack_with_flip(parts, name, i, n, when))
        with pytest.raises(BundleError) as exc:
            _open(target, district, province)
        kinds.setdefault(name, set()).add(type(exc.value).__name__)
    assert kinds[fmt.PAYLOAD] == {"BundleSignatureInvalid"}
    assert kinds[fmt.README] == {"BundleSignatureInvalid"}
    assert kinds[fmt.HEADER] <= {"BundleSignatureInvalid", "BundleDamaged", "BundleUnsupportedVersion"}
    assert kinds[fmt.SIGNATURE] <= {"BundleSignatureInvalid", "BundleDamaged", "BundleUnsupportedVersion",
                                    "BundleUntrustedSender"}


def test_every_byte_of_small_members_is_covered(sample_bundle, tmp_path, district, province):
    """Flip every byte outside payload.age (headers, README, header.json, signature, directory)."""
    data = sample_bundle[0].read_bytes()
    with zipfile.ZipFile(sample_bundle[0]) as zf:
        info = zf.getinfo(fmt.PAYLOAD)
    start = info.header_offset + 30 + len(fmt.PAYLOAD)
    skip = range(start + 64, start + info.file_size - 64)
    target = tmp_path / "s.casebundle"
    for pos in range(len(data)):
        if pos in skip:
            continue
        flipped = bytearray(data)
        flipped[pos] ^= 0x04
        target.write_bytes(bytes(flipped))
        with pytest.raises(BundleError):
            inspect_bundle(target, [district.card()])


def test_truncation(sample_bundle, tmp_path, district, province):
    data = sample_bundle[0].read_bytes()
    lengths = sorted({int(i * len(data) / 250) for i in range(250)} | set(range(len(data) - 40, len(data))))
    target = tmp_path / "cut.casebundle"
    for length in lengths:
        target.write_bytes(data[:length])
        with pytest.raises(BundleDamaged):
            _open(target, district, province)
    target.write_bytes(data + b"\0")
    with pytest.raises(BundleDamaged):
        _open(target, district, province)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4000))
def test_fuzz_random_files(tmp_path, district, province, blob):
    target = tmp_path / "f.casebundle"
    target.write_bytes(blob)
    with pytest.raises(BundleError):
        _open(target, district, province)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzz_mutations(sample_bundle, tmp_path, district, province, data):
    original = sample_bundle[0].read_bytes()
    blob = bytearray(original)
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["set", "insert", "delete", "cut"]))
        pos = data.draw(st.integers(0, max(len(blob) - 1, 0)))
        if op == "set" and blob:
            blob[pos] = data.draw(st.integers(0, 255))
        elif op == "insert":
            blob[pos:pos] = data.draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del blob[pos:pos + data.draw(st.integers(1, 8))]
        else:
            del blob[pos:]
    target = tmp_path / "m.casebundle"
    target.write_bytes(bytes(blob))
    if bytes(blob) == original:
        return
    with pytest.raises(BundleError):
        _open(target, district, province)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inner=st.one_of(
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from(["manifest.json", "manifest.sig", "records.jsonl", "attachments/x", "../x"]),
                    st.binary(max_size=200), max_size=5)))
def test_fuzz_signed_garbage_payload(monkeypatch, tmp_path, district, province, inner):
    """A trusted but broken sender: validly signed and encrypted, garbage inside. Refused, never a crash."""
    if isinstance(inner, dict):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, content in inner.items():
                zf.writestr(name, content)
        inner = buf.getvalue()
    monkeypatch.setattr(BundleWriter, "_build_inner", lambda self: inner)
    written = BundleWriter(district, province.card(), 1, None).write_atomic(tmp_path / "g.casebundle")
    monkeypatch.undo()
    with pytest.raises(BundleError) as exc:
        _open(written.path, district, province)
    assert isinstance(exc.value, (BundleDamaged, BundleManifestMismatch, BundleSignatureInvalid))
