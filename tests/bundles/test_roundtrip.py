"""Write then open: records, attachments, manifest, receipts, archive copy, atomic write, cancel, progress."""

from __future__ import annotations

import threading
import zipfile

import pytest

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.errors import BundleCancelled, BundleWrongRecipient
from caseapp.bundles.reader import inspect_bundle, open_bundle
from caseapp.bundles.writer import BundleWriter
from caseapp.domain.errors import NotFound, ValidationError
from tests.bundles.helpers import ATTACHMENT, RECORDS, make_writer


def test_round_trip(sample_bundle, district, province):
    path, written = sample_bundle
    opened = open_bundle(path, province, [district.card()])
    assert list(opened.iter_records()) == RECORDS
    sha = opened.attachment_hashes[0]
    assert opened.attachment(sha) == ATTACHMENT
    assert opened.bundle_hash == written.bundle_hash and opened.sequence == 1
    m = opened.manifest
    assert m["format"] == "caseapp-bundle" and m["version"] == 1 and m["kind"] == "data"
    assert m["sender"] == {"code": "74.06", "key_id": district.key_id, "name": district.name, "level": "kabupaten"}
    assert m["recipient"]["key_id"] == province.key_id
    assert m["record_count"] == 2 and m["audit_head"] == "ab" * 32 and m["scope"] == "full"
    assert m["transfer"] is False and m["previous_hash"] == fmt.GENESIS_HASH
    assert set(m["files"]) == {"records.jsonl", f"attachments/{sha}"}
    with pytest.raises(NotFound):
        opened.attachment("0" * 64)


def test_inspect_without_decrypting(sample_bundle, district):
    path, written = sample_bundle
    info = inspect_bundle(path, [district.card()])
    assert info.header == written.header and info.bundle_hash == written.bundle_hash
    assert info.sender_card == district.card() and info.kind == "data" and info.sequence == 1
    assert info.size == path.stat().st_size


def test_outer_zip_is_ordinary(sample_bundle):
    path, _ = sample_bundle
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == list(fmt.MEMBERS)
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        assert zf.testzip() is None
        header = zf.read("header.json")
        assert b"S. R." not in header and b"RSUD" not in zf.read("README.txt")
        assert b"PAKET KASUS" in zf.read("README.txt")


def test_no_clear_case_data_in_file(sample_bundle):
    data = sample_bundle[0].read_bytes()
    # Only strings of 5+ bytes: a 2-byte string like "A." turns up in random ciphertext by chance (a few percent for a bundle of some kilobytes).
    texts = [v for record in RECORDS for v in record.values() if isinstance(v, str) and len(v.encode()) >= 5]
    assert texts
    for text in texts:
        assert text.encode() not in data
    assert b"fictional scan" not in data


def test_chain_and_options(tmp_path, district, province):
    first = make_writer(district, province).write_atomic(tmp_path / "1.casebundle")
    w = make_writer(district, province, sequence=2, previous_hash=first.bundle_hash, scope="deidentified",
                    transfer=True, schema_version=7, audit_head=None)
    second = w.write_atomic(tmp_path / "2.casebundle")
    opened = open_bundle(second.path, [province], [district.card()])
    assert opened.header.previous_hash == first.bundle_hash and opened.sequence == 2
    assert opened.manifest["scope"] == "deidentified" and opened.manifest["transfer"] is True
    assert opened.manifest["schema_version"] == 7 and opened.manifest["audit_head"] is None
    assert second.bundle_hash != first.bundle_hash


def test_empty_bundle_and_duplicate_attachment(tmp_path, district, province):
    w = BundleWriter(district, province.card(), 5, None)
    assert w.add_attachment(b"x") == w.add_attachment(b"x")
    written = w.write_atomic(tmp_path / "e.casebundle")
    opened = open_bundle(written.path, province, [district.card()])
    assert list(opened.iter_records()) == [] and len(opened.attachment_hashes) == 1


def test_receipt(tmp_path, district, province, sample_bundle):
    _, data = sample_bundle
    receipt = BundleWriter.receipt(province, district.card(), data.header.sequence, data.bundle_hash)
    receipt.add_record({"imported": 2, "conflicts": 0})
    written = receipt.write_atomic(tmp_path / "r.casebundle")
    opened = open_bundle(written.path, district, [province.card()])
    h = opened.header
    assert h.kind == "receipt" and h.ack_sequence == 1 and h.ack_hash == data.bundle_hash
    assert h.sender_code == "74" and h.recipient_code == "74.06"
    assert opened.manifest["acknowledges"] == {"sequence": 1, "bundle_hash": data.bundle_hash}
    assert "ack=1:" in inspect_bundle(written.path, [province.card()]).header.trusted_comment()


def test_encrypt_to_self(tmp_path, district, province):
    written = make_writer(district, province, encrypt_to_self=True).write_atomic(tmp_path / "a.casebundle")
    with pytest.raises(BundleWrongRecipient):
        open_bundle(written.path, district, [district.card()])
    opened = open_bundle(written.path, district, [district.card()], allow_own=True)
    assert list(opened.iter_records()) == RECORDS
    assert list(open_bundle(written.path, province, [district.card()]).iter_records()) == RECORDS


def test_rotated_recipient_still_opens_old_bundles(tmp_path, district, province):
    written = make_writer(district, province).write_atomic(tmp_path / "old.casebundle")
    new_province, _ = province.rotate()
    with pytest.raises(BundleWrongRecipient):
        open_bundle(written.path, new_province, [district.card()])
    assert open_bundle(written.path, [new_province, province], [district.card()]).sequence == 1


@pytest.mark.parametrize("kwargs", [
    {"kind": "invoice"}, {"scope": "semua"}, {"sequence": -1}, {"previous_hash": "abc"},
    {"audit_head": "x\ny"}, {"kind": "receipt"}, {"acknowledges": (1, "0" * 64)},
])
def test_writer_rejects_bad_arguments(district, province, kwargs):
    with pytest.raises(ValidationError):
        BundleWriter(district, province.card(), kwargs.pop("sequence", 1), kwargs.pop("previous_hash", None),
                     **kwargs)


def test_writer_rejects_unserialisable_record(district, province):
    w = BundleWriter(district, province.card(), 1, None)
    with pytest.raises(ValidationError):
        w.add_record({"x": object()})
    with pytest.raises(ValidationError):
        w.add_record({"x": float("nan")})
    with pytest.raises(ValidationError):
        w.add_record(["not", "a", "dict"])  # type: ignore[arg-type]


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path, district, province):
    target = tmp_path / "x.casebundle"
    target.write_bytes(b"old")
    make_writer(district, province).write_atomic(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.casebundle"]
    assert open_bundle(target, province, [district.card()]).sequence == 1


@pytest.mark.parametrize("style", ["callable", "event", "attribute"])
def test_cancel_leaves_nothing(tmp_path, district, province, style):
    w = make_writer(district, province)
    for i in range(200):  # enough plaintext for several read calls
        w.add_attachment(bytes([i]) * 50_000)
    calls = []
    event = threading.Event()

    class Token:
        cancelled = False

    token = Token()

    def progress(done, total):
        calls.append((done, total))
        if done > total // 3:
            event.set()
            token.cancelled = True

    cancel = {"callable": event.is_set, "event": event, "attribute": token}[style]
    target = tmp_path / "c.casebundle"
    with pytest.raises(BundleCancelled):
        w.write_atomic(target, progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []
    assert calls and calls[-1][0] < calls[-1][1]


def test_progress_reaches_total(tmp_path, district, province):
    w = make_writer(district, province)
    for i in range(50):
        w.add_attachment(bytes([i]) * 100_000)
    calls = []
    w.write_atomic(tmp_path / "p.casebundle", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1][0] == calls[-1][1] > 0
    assert 2 < len(calls) <= 110  # throttled to about 100 steps
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_write_once(tmp_path, district, province):
    w = make_writer(district, province)
    w.write_atomic(tmp_path / "a.casebundle")
    with pytest.raises(RuntimeError):
        w.write_atomic(tmp_path / "b.casebundle")
