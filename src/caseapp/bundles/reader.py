"""Reads a ``.casebundle``: check the signature before decrypting, then the inner manifest and every file hash."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

import orjson
import pyrage

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles import minisign
from caseapp.bundles.container import ContainerReader, dos_datetime
from caseapp.bundles.errors import (
    BundleAttachmentTooLarge, BundleContentTooLarge, BundleDamaged, BundleDecryptFailed, BundleError,
    BundleFieldTooLong, BundleManifestMismatch, BundleNestingTooDeep, BundleRecordTooLarge, BundleSignatureInvalid,
    BundleTooManyRecords, BundleUnsupportedVersion, BundleUntrustedSender, BundleWrongRecipient,
)
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity, key_id_to_keynum
from caseapp.domain.errors import NotFound
from caseapp.i18n import _


@dataclass(frozen=True)
class BundleInfo:
    """What can be known, and trusted, without decrypting: the signed header and the sender's card."""

    path: Path
    header: fmt.BundleHeader
    bundle_hash: str  # SHA-256 (hex) of payload.age
    sender_card: OfficeCard
    size: int

    @property
    def sequence(self) -> int:
        return self.header.sequence

    @property
    def kind(self) -> str:
        return self.header.kind


@dataclass
class OpenedBundle:
    """A verified, decrypted bundle. Every file hash was checked and every record parsed on opening."""

    info: BundleInfo
    manifest: dict
    _records: list[dict] = field(repr=False)
    _inner: zipfile.ZipFile = field(repr=False)

    @property
    def header(self) -> fmt.BundleHeader:
        return self.info.header

    @property
    def bundle_hash(self) -> str:
        return self.info.bundle_hash

    @property
    def sequence(self) -> int:
        return self.info.header.sequence

    @property
    def attachment_hashes(self) -> list[str]:
        return [n[len(fmt.ATTACHMENTS):] for n in self.manifest["files"] if n.startswith(fmt.ATTACHMENTS)]

    def iter_records(self) -> Iterator[dict]:
        yield from self._records

    def attachment(self, sha256: str) -> bytes:
        name = fmt.ATTACHMENTS + str(sha256)
        if name not in self.manifest["files"]:
            raise NotFound(_("Lampiran tidak ada di dalam paket."))
        return self._inner.read(name)


def _open(path: str | os.PathLike) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise NotFound(_("Berkas paket tidak ditemukan.")) from None
    except (OSError, ValueError) as exc:
        raise BundleDamaged() from exc


def _card_for(cards: Iterable[OfficeCard], code: str, key_id: str) -> OfficeCard:
    for card in cards:
        if card.code == code and card.key_id == key_id:
            return card
    raise BundleUntrustedSender()


def _detect_other_version(fh: BinaryIO) -> None:
    """When the strict v1 layout does not parse: raise BundleUnsupportedVersion if it is a newer bundle."""
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:
            info = zf.getinfo(fmt.HEADER)
            if info.file_size > fmt.MAX_HEADER:
                return
            version = fmt.header_version(zf.read(info))
    except Exception:  # anything unreadable is simply not a newer bundle
        return
    if version is not None and version != fmt.VERSION:
        raise BundleUnsupportedVersion()


def _inspect(fh: BinaryIO, path: Path, trusted_cards: Iterable[OfficeCard]) -> tuple[BundleInfo, ContainerReader]:
    try:
        container = ContainerReader(fh, fmt.MEMBERS)
    except BundleDamaged:
        _detect_other_version(fh)
        raise
    header_bytes = container.read_member(fmt.HEADER, fmt.MAX_HEADER)
    version = fmt.header_version(header_bytes)
    if version is None:
        raise BundleDamaged()
    if version != fmt.VERSION:
        raise BundleUnsupportedVersion()
    sig = minisign.parse(container.read_member(fmt.SIGNATURE, fmt.MAX_SIGNATURE))
    header = fmt.BundleHeader.from_trusted_comment(sig.trusted_comment)
    readme = container.read_member(fmt.README, fmt.MAX_README)
    if (header_bytes != header.header_json() or sig.untrusted_comment != fmt.untrusted_comment(header)
            or readme not in {fmt.render_readme(header, t) for t in fmt.README_TEMPLATES}
            or container.when != dos_datetime(header.created_at)):
        raise BundleSignatureInvalid()
    try:
        card = _card_for(trusted_cards, header.sender_code, header.sender_key_id)
    except BundleUntrustedSender as exc:
        exc.header = header  # unverified: only to tell the user which office the file claims to come from
        raise
    blake, sha = hashlib.blake2b(digest_size=64), hashlib.sha256()
    for chunk in container.iter_member(fmt.PAYLOAD):
        blake.update(chunk)
        sha.update(chunk)
    minisign.verify_digest(sig, blake.digest(), card.signing_key, key_id_to_keynum(card.key_id))
    size = fh.seek(0, 2)
    return BundleInfo(path, header, sha.hexdigest(), card, size), container


def inspect_bundle(path: str | os.PathLike, trusted_cards: Iterable[OfficeCard]) -> BundleInfo:
    """Verify the outer signature against a trusted card and return the signed header; nothing is decrypted."""
    with _open(path) as fh:
        return _guard(lambda: _inspect(fh, Path(path), list(trusted_cards))[0], BundleDamaged)


def _guard(fn, error: type[BundleError]):
    """Run ``fn``; any non-caseapp exception (malformed input) becomes ``error``."""
    try:
        return fn()
    except (BundleError, NotFound):
        raise
    except Exception as exc:
        raise error() from exc


class _PayloadReader:
    """File-like view of payload.age for age, re-hashing it so a file changed since inspection is caught."""

    def __init__(self, container: ContainerReader):
        self._chunks = container.iter_member(fmt.PAYLOAD, 1 << 16)
        self._pending = b""
        self.sha = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._pending) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self.sha.update(chunk)
            self._pending += chunk
        if n < 0:
            n = len(self._pending)
        out, self._pending = self._pending[:n], self._pending[n:]
        return out


def _choose_identity(info: BundleInfo, identities: Sequence[OfficeIdentity], allow_own: bool) -> OfficeIdentity:
    h = info.header
    for ident in identities:
        if ident.code == h.recipient_code and ident.key_id == h.recipient_key_id:
            return ident
    if allow_own:
        for ident in identities:
            if ident.code == h.sender_code and ident.key_id == h.sender_key_id:
                return ident
    exc = BundleWrongRecipient()
    exc.header = h
    raise exc


class _BoundedSink(io.BytesIO):
    """Where age writes the plaintext: refused as soon as it grows past ``limit`` (age plaintext is never larger
    than its ciphertext, so this holds at most the size of payload.age)."""

    def __init__(self, limit: int):
        super().__init__()
        self._limit = limit
        self.over_limit = False

    def write(self, chunk) -> int:
        if self.tell() + len(chunk) > self._limit:
            self.over_limit = True  # pyrage reports any failure of the sink as a decryption error
            raise BundleContentTooLarge()
        return super().write(chunk)


def _decrypt(container: ContainerReader, info: BundleInfo, identity: OfficeIdentity) -> bytes:
    source, plain = _PayloadReader(container), _BoundedSink(container.members[fmt.PAYLOAD].size)
    try:
        pyrage.decrypt_io(source, plain, [identity.age_identity()])
    except BundleError:
        raise
    except Exception as exc:
        if plain.over_limit:
            raise BundleContentTooLarge() from None
        raise BundleDecryptFailed() from exc
    source.read()  # drain, so the CRC and the hash cover the whole member
    if source.sha.hexdigest() != info.bundle_hash:
        raise BundleSignatureInvalid()
    return plain.getvalue()


def _check_sizes(info: BundleInfo, inner: zipfile.ZipFile) -> None:
    """Before anything is decompressed: the sizes the inner ZIP declares (zipfile never returns more than a
    member declares, and a member that inflates to something else fails its hash) must be within the limits."""
    infos = inner.infolist()
    if len(infos) > fmt.MAX_INNER_FILES:
        raise BundleContentTooLarge()
    allowed = min(fmt.MAX_PAYLOAD_TOTAL, max(fmt.MIN_PAYLOAD_ALLOWANCE, fmt.MAX_EXPANSION * info.size))
    total = 0
    for zi in infos:
        if zi.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or zi.flag_bits & 0x1:
            raise BundleManifestMismatch()  # not what a v1 writer makes (bzip2/lzma are not bounded per read)
        total += zi.file_size
        if zi.filename.startswith(fmt.ATTACHMENTS) and zi.file_size > fmt.MAX_ATTACHMENT:
            raise BundleAttachmentTooLarge()
        if zi.filename == fmt.RECORDS and zi.file_size > fmt.MAX_RECORDS_BYTES:
            raise BundleContentTooLarge()
    if total > allowed:
        raise BundleContentTooLarge()


def _lines(member: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of a member, read in blocks; a line longer than ``limit`` bytes is refused before it is whole."""
    pending = b""
    while True:
        block = member.read(1 << 20)
        if not block:
            break
        data = pending + block if pending else block
        start = 0
        find = data.find
        while (end := find(b"\n", start)) >= 0:
            if end + 1 - start > limit:
                raise BundleRecordTooLarge()
            yield data[start:end + 1]
            start = end + 1
        pending = data[start:]
        if len(pending) > limit:
            raise BundleRecordTooLarge()
    if pending:
        yield pending  # no final newline: refused by the caller


def _within_depth(value: dict | list, budget: int) -> bool:
    """True when ``value`` nests at most ``budget`` lists and objects deep."""
    if budget <= 0:
        return False
    for v in (value.values() if type(value) is dict else value):
        if (type(v) is dict or type(v) is list) and v and not _within_depth(v, budget - 1):
            return False
    return True


def _longest_text_within(value: object, limit: int) -> bool:
    """True when no string in ``value`` (keys included) is longer than ``limit`` characters."""
    stack = [value]
    while stack:
        v = stack.pop()
        if type(v) is str:
            if len(v) > limit:
                return False
        elif type(v) is dict:
            for k, item in v.items():
                if len(k) > limit:
                    return False
                stack.append(item)
        elif type(v) is list:
            stack.extend(v)
    return True


def _check_record_shape(line: bytes, record: object) -> None:
    """Nesting depth and text lengths of one parsed record. A line with no more ``{``/``[`` than the depth limit
    cannot nest deeper, and a line no longer than the text limit cannot hold a longer text: most records are
    passed on those counts alone."""
    if line.count(b"{") + line.count(b"[") > fmt.MAX_DEPTH and not _within_depth(record, fmt.MAX_DEPTH):
        raise BundleNestingTooDeep()
    if len(line) > fmt.MAX_FIELD_CHARS and not _longest_text_within(record, fmt.MAX_FIELD_CHARS):
        raise BundleFieldTooLong()


def _read_records(inner: zipfile.ZipFile, expected_sha: str) -> list[dict]:
    records = []
    sha = hashlib.sha256()
    with inner.open(fmt.RECORDS) as member:
        for line in _lines(member, fmt.MAX_RECORD_LINE):
            sha.update(line)
            if len(records) >= fmt.MAX_RECORDS:
                raise BundleTooManyRecords()
            if not line.endswith(b"\n"):
                raise BundleManifestMismatch()
            # orjson is stricter than json (no NaN, no lone surrogates) and much faster on large bundles; it refuses
            # nesting deeper than 1024 by itself.
            record = orjson.loads(line)
            if not isinstance(record, dict):
                raise BundleManifestMismatch()
            _check_record_shape(line, record)
            records.append(record)
    if sha.hexdigest() != expected_sha:
        raise BundleManifestMismatch()
    return records


def _check_manifest(info: BundleInfo, inner: zipfile.ZipFile) -> tuple[dict, list[dict]]:
    _check_sizes(info, inner)
    names = [i.filename for i in inner.infolist()]
    if len(names) != len(set(names)) or fmt.MANIFEST not in names or fmt.MANIFEST_SIG not in names:
        raise BundleManifestMismatch()
    if inner.getinfo(fmt.MANIFEST).file_size > fmt.MAX_MANIFEST or \
            inner.getinfo(fmt.MANIFEST_SIG).file_size > fmt.MAX_SIGNATURE:
        raise BundleManifestMismatch()
    manifest_bytes = inner.read(fmt.MANIFEST)
    sig = minisign.parse(inner.read(fmt.MANIFEST_SIG))
    card = info.sender_card
    minisign.verify_bytes(sig, manifest_bytes, card.signing_key, key_id_to_keynum(card.key_id))
    if sig.trusted_comment != info.header.trusted_comment(fmt.MANIFEST_TAG):
        raise BundleManifestMismatch()
    manifest = json.loads(manifest_bytes.decode("utf-8"))
    if not isinstance(manifest, dict):
        raise BundleManifestMismatch()
    expected = fmt.manifest_core(info.header)
    for key, value in expected.items():
        got = manifest.get(key)
        if key in ("sender", "recipient"):
            got = {k: got.get(k) for k in value} if isinstance(got, dict) else None
        if got != value or type(got) is not type(value):
            raise BundleManifestMismatch()
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(names) - {fmt.MANIFEST, fmt.MANIFEST_SIG} \
            or fmt.RECORDS not in files:
        raise BundleManifestMismatch()
    for name, digest in files.items():
        if name != fmt.RECORDS and not (name.startswith(fmt.ATTACHMENTS)
                                        and fmt.is_hash(name[len(fmt.ATTACHMENTS):])
                                        and name[len(fmt.ATTACHMENTS):] == digest):
            raise BundleManifestMismatch()
        if name == fmt.RECORDS:
            continue  # hashed while its lines are read, below
        h = hashlib.sha256()
        with inner.open(name) as member:
            for block in iter(lambda: member.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != digest:
            raise BundleManifestMismatch()
    records = _read_records(inner, files[fmt.RECORDS])
    count = len(records)
    if manifest.get("record_count") != count or type(manifest.get("record_count")) is not int:
        raise BundleManifestMismatch()
    if manifest.get("scope") not in fmt.SCOPES or not isinstance(manifest.get("transfer"), bool) \
            or type(manifest.get("schema_version")) is not int:
        raise BundleManifestMismatch()
    head = manifest.get("audit_head")
    if head is not None and not (type(head) is str and head.isprintable() and 0 < len(head) <= 256):
        raise BundleManifestMismatch()  # as the writer requires; it is stored as given
    return manifest, records


def open_bundle(path: str | os.PathLike, my_identity: OfficeIdentity | Sequence[OfficeIdentity],
                trusted_cards: Iterable[OfficeCard], *, allow_own: bool = False) -> OpenedBundle:
    """Verify (signature → addressed to me → decrypt → manifest signature → manifest vs header → hashes) and open.

    ``my_identity`` may be a list (current and earlier keys of this office). With ``allow_own`` the sender can
    open its own bundle when it was written with ``encrypt_to_self``.
    """
    identities = [my_identity] if isinstance(my_identity, OfficeIdentity) else list(my_identity)
    with _open(path) as fh:
        info, container = _guard(lambda: _inspect(fh, Path(path), list(trusted_cards)), BundleDamaged)
        identity = _choose_identity(info, identities, allow_own)
        plain = _guard(lambda: _decrypt(container, info, identity), BundleDecryptFailed)
    inner = _guard(lambda: zipfile.ZipFile(io.BytesIO(plain)), BundleDamaged)
    manifest, records = _guard(lambda: _check_manifest(info, inner), BundleManifestMismatch)
    return OpenedBundle(info, manifest, records, inner)
