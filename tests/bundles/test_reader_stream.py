"""The reader keeps no decrypted payload: a private 0600 copy of the ciphertext, records streamed on each pass."""

from __future__ import annotations

import errno
import gc
import io
import os
import stat
import time
import zipfile

import orjson
import pyrage
import pytest

from caseapp import i18n
from caseapp.bundles import format_v1 as fmt
from caseapp.bundles import reader
from caseapp.bundles.errors import BundleCopyFailed, BundleError, BundleManifestMismatch, BundleWrongRecipient
from caseapp.bundles.reader import open_bundle
from caseapp.bundles.writer import BundleWriter
from tests.bundles.helpers import ATTACHMENT, RECORDS


def _copies(folder):
    return sorted(p for p in folder.iterdir() if p.name.startswith("caseapp-payload-"))


def _reference_records(path, identity) -> list[dict]:
    """What the earlier reader returned: the whole payload decrypted by pyrage, records.jsonl parsed line by line."""
    with zipfile.ZipFile(path) as outer:
        payload = outer.read(fmt.PAYLOAD)
    with zipfile.ZipFile(io.BytesIO(pyrage.decrypt(payload, [identity.age_identity()]))) as inner:
        return [orjson.loads(line) for line in inner.read(fmt.RECORDS).splitlines()]


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory, district, province):
    """A bundle whose records.jsonl spans many 64 KiB chunks, with several attachments."""
    path = tmp_path_factory.mktemp("big") / "big.casebundle"
    writer = BundleWriter(district, province.card(), 1, None, created_at="2024-01-22T03:04:06Z",
                          audit_head="ab" * 32)
    for i in range(3000):
        writer.add_record({"uuid": f"0b6f2a1e-0000-4000-8000-{i:012d}", "n": i, "catatan": "kronologi " * (i % 40),
                           "daftar": [{"k": j} for j in range(i % 5)]})
    for i in range(3):
        writer.add_attachment(ATTACHMENT + bytes([i]) * (100_000 * i))
    writer.write_atomic(path)
    return path


def test_records_twice_are_those_of_the_whole_decrypted_payload(big_bundle, district, province, tmp_path):
    expected = _reference_records(big_bundle, province)
    assert len(expected) == 3000
    with open_bundle(big_bundle, province, [district.card()], work_dir=tmp_path) as opened:
        assert list(opened.iter_records()) == expected
        assert list(opened.iter_records()) == expected  # re-iterable: a check pass, then an apply pass
        first, second = opened.iter_records(), opened.iter_records()
        assert [next(first) for _ in range(5)] == [next(second) for _ in range(5)] == expected[:5]
        for sha in opened.attachment_hashes:
            data = opened.attachment(sha)
            assert data.startswith(ATTACHMENT) and len(data) in {len(ATTACHMENT) + 100_000 * i for i in range(3)}
        assert opened.manifest["record_count"] == 3000


def test_private_copy_is_0600_in_the_work_folder_and_removed_on_close(sample_bundle, district, province, tmp_path):
    path, written = sample_bundle
    opened = open_bundle(path, province, [district.card()], work_dir=tmp_path)
    [copy] = _copies(tmp_path)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with zipfile.ZipFile(path) as outer:
        assert copy.read_bytes() == outer.read(fmt.PAYLOAD)  # ciphertext only, as signed
    assert list(opened.iter_records()) == RECORDS
    opened.close()
    assert _copies(tmp_path) == [] and opened.closed
    opened.close()  # twice is harmless
    with pytest.raises(ValueError):
        list(opened.iter_records())
    with open_bundle(path, province, [district.card()], work_dir=tmp_path) as opened:
        assert len(_copies(tmp_path)) == 1
    assert _copies(tmp_path) == []


def test_private_copy_removed_when_the_bundle_is_dropped(sample_bundle, district, province, tmp_path):
    path, _written = sample_bundle
    opened = open_bundle(path, province, [district.card()], work_dir=tmp_path)
    assert len(_copies(tmp_path)) == 1
    del opened
    gc.collect()
    assert _copies(tmp_path) == []


def test_private_copy_removed_when_opening_fails(sample_bundle, district, province, stranger, tmp_path, monkeypatch):
    path, _written = sample_bundle
    # addressed elsewhere: refused before any copy is made
    with pytest.raises(BundleWrongRecipient):
        open_bundle(path, stranger, [district.card()], work_dir=tmp_path)
    assert _copies(tmp_path) == []

    def broken(info, inner, *_check):
        assert len(_copies(tmp_path)) == 1  # the copy existed while the manifest was checked
        raise BundleManifestMismatch()

    monkeypatch.setattr(reader, "_check_manifest", broken)
    with pytest.raises(BundleManifestMismatch):
        open_bundle(path, province, [district.card()], work_dir=tmp_path)
    assert _copies(tmp_path) == []
    monkeypatch.setattr(reader, "_check_manifest", lambda info, inner, *_check: 1 / 0)
    with pytest.raises(BundleManifestMismatch):  # an unexpected failure: still a bundle error, still no copy
        open_bundle(path, province, [district.card()], work_dir=tmp_path)
    assert _copies(tmp_path) == []


def test_full_disk_while_copying_is_a_clear_refusal(sample_bundle, district, province, tmp_path, monkeypatch):
    path, _written = sample_bundle
    real_fdopen = reader.os.fdopen

    class FullDisk(io.RawIOBase):
        def __init__(self, fh):
            self._fh = fh

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self._fh.close()
            super().close()

    monkeypatch.setattr(reader.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(BundleCopyFailed) as exc:
        open_bundle(path, province, [district.card()], work_dir=tmp_path)
    assert _copies(tmp_path) == []
    assert "ruang disk tidak cukup" in exc.value.message and str(tmp_path) in exc.value.message
    assert "MB" in exc.value.message and exc.value.exit_code == 93
    try:
        i18n.set_language("en")
        assert BundleCopyFailed().message.startswith("The bundle cannot be opened because this computer's disk")
    finally:
        i18n.set_language("id")


def test_unwritable_work_folder_is_a_clear_refusal(sample_bundle, district, province, tmp_path):
    path, _written = sample_bundle
    missing = tmp_path / "tidak-ada"
    with pytest.raises(BundleCopyFailed) as exc:
        open_bundle(path, province, [district.card()], work_dir=missing)
    assert "tidak dapat ditulis" in exc.value.message and str(missing) in exc.value.message


def test_records_changed_after_opening_are_caught_at_the_end(sample_bundle, district, province, tmp_path, monkeypatch):
    """The lines are re-hashed on every pass (cannot differ with the private copy; the invariant stays explicit)."""
    path, _written = sample_bundle
    with open_bundle(path, province, [district.card()], work_dir=tmp_path) as opened:
        opened.manifest["files"][fmt.RECORDS] = "0" * 64
        records = opened.iter_records()
        assert next(records) == RECORDS[0] and next(records) == RECORDS[1]
        with pytest.raises(BundleManifestMismatch):
            next(records)


def test_copies_left_by_a_crashed_import_are_removed_after_a_day_and_fresh_ones_kept(sample_bundle, district,
                                                                                     province, tmp_path):
    path, _written = sample_bundle
    stale = tmp_path / "caseapp-payload-crashed.age.tmp"
    busy = tmp_path / "caseapp-payload-inuse.age.tmp"  # another import reading right now
    other = tmp_path / "catatan.age.tmp"
    for f in (stale, busy, other):
        f.write_bytes(b"ciphertext")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))
    with open_bundle(path, province, [district.card()], work_dir=tmp_path):
        pass
    assert not stale.exists()
    assert busy.exists() and other.exists()


class _Refused(Exception):
    pass


def test_a_check_of_the_signed_header_comes_after_the_signature_and_before_the_recipient_key(
        sample_bundle, district, province, stranger, tmp_path):
    """``open_bundle(check_verified=...)`` checks what ``inspect_bundle`` gives, in the same order for the caller
    (verified header first, then the key chosen and the payload decrypted), reading the payload once."""
    path, written = sample_bundle
    work = tmp_path / "work"
    work.mkdir()
    seen: list = []
    with open_bundle(path, province, [district.card()], work_dir=work, check_verified=seen.append) as opened:
        assert [(i.header, i.bundle_hash) for i in seen] == [(opened.header, written.bundle_hash)]
        assert seen[0] == reader.inspect_bundle(path, [district.card()])

    def refuse(info):
        seen.append(info)
        raise _Refused()

    # Addressed elsewhere: the check refuses first, as a caller checking after inspect_bundle did; no copy is left.
    with pytest.raises(_Refused):
        open_bundle(path, stranger, [district.card()], work_dir=work, check_verified=refuse)
    assert _copies(work) == []
    with pytest.raises(BundleWrongRecipient):  # a check that lets it through: still not ours to open
        open_bundle(path, stranger, [district.card()], work_dir=work, check_verified=lambda info: None)
    assert _copies(work) == []
    # A payload changed after it was signed: refused by the signature, the check never sees it.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as outer:
        member = outer.getinfo(fmt.PAYLOAD)
    data[member.header_offset + 30 + len(member.filename) + len(member.extra) + member.compress_size // 2] ^= 0x01
    (tmp_path / "t.casebundle").write_bytes(bytes(data))
    seen.clear()
    with pytest.raises(BundleError):
        open_bundle(tmp_path / "t.casebundle", province, [district.card()], work_dir=work, check_verified=refuse)
    assert seen == [] and _copies(work) == []
