"""Reads a ``.casebundle``: check the signature before decrypting, then the inner manifest and every file hash.

Memory stays a constant plus the largest attachment, whatever the number of cases: ``open_bundle`` copies the
encrypted payload once into a private temporary file while hashing it, verifies the signature over that copy,
and decrypts from the copy chunk by chunk (``age_stream.AgePlaintext``), so the bytes checked are the bytes
decrypted. The inner ZIP is read through that view; records are verified at opening and streamed again by each
``iter_records()`` call, never kept in a list.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import weakref
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import orjson

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles import minisign
from caseapp.bundles.age_stream import AgePlaintext
from caseapp.bundles.container import ContainerReader, dos_datetime
from caseapp.bundles.errors import (
    BundleAttachmentTooLarge, BundleContentTooLarge, BundleCopyFailed, BundleDamaged, BundleDecryptFailed,
    BundleError,
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


class _PrivateCopy:
    """A 0600 temporary file holding the encrypted payload exactly as hashed and signature-checked."""

    def __init__(self, folder: Path):
        self.folder = folder
        _remove_stale_copies(folder)
        try:
            fd, name = tempfile.mkstemp(prefix=COPY_PREFIX, suffix=COPY_SUFFIX, dir=folder)
        except OSError as exc:
            raise _copy_error(exc, folder, 0) from None
        self.path = Path(name)
        self.file: BinaryIO = os.fdopen(fd, "w+b")

    def remove(self) -> None:
        _remove_copy(self.file, self.path)


COPY_PREFIX, COPY_SUFFIX = "caseapp-payload-", ".age.tmp"
STALE_COPY_SECONDS = 24 * 3600


def _remove_stale_copies(folder: Path) -> None:
    """Delete private copies a crashed or killed import left behind (ciphertext only, but they take disk space):
    this user's, older than a day, so a copy another import is reading right now is never touched."""
    cutoff = time.time() - STALE_COPY_SECONDS
    me = os.getuid() if hasattr(os, "getuid") else None
    try:
        for old in folder.glob(COPY_PREFIX + "*" + COPY_SUFFIX):
            try:
                st = old.stat()
                if st.st_mtime < cutoff and (me is None or st.st_uid == me):
                    old.unlink()
            except OSError:
                continue
    except OSError:
        return


def _remove_copy(fh: BinaryIO | None, path: Path) -> None:
    try:
        if fh is not None:
            fh.close()
    finally:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _copy_error(exc: OSError, folder: Path, size: int) -> BundleCopyFailed:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return BundleCopyFailed(_(
            "Paket tidak dapat dibuka karena ruang disk tidak cukup: perlu sekitar {size} MB kosong di folder "
            "{folder} untuk salinan sementaranya. Kosongkan sebagian ruang disk lalu coba lagi. Paket tidak "
            "diimpor.").format(size=max(1, -(-size // 1_048_576)), folder=folder))
    return BundleCopyFailed(_("Paket tidak dapat dibuka karena folder sementara {folder} tidak dapat ditulis. "
                              "Periksa folder tersebut lalu coba lagi. Paket tidak diimpor.").format(folder=folder))


def _release(inner: zipfile.ZipFile | None, plain: AgePlaintext | None, fh: BinaryIO | None, path: Path) -> None:
    """Close the inner ZIP, the decrypted view and the private copy, and delete the copy (idempotent)."""
    try:
        for thing in (inner, plain):
            if thing is not None:
                thing.close()
    finally:
        _remove_copy(fh, path)


@dataclass(eq=False)
class OpenedBundle:
    """A verified bundle, decrypted on demand from a private copy of its payload. Every file hash, the record
    count and the shape of every record were checked on opening; records are streamed by ``iter_records()``.

    Close it (or use it as a context manager) to delete the private copy; a finalizer does so otherwise."""

    info: BundleInfo
    manifest: dict
    _inner: zipfile.ZipFile = field(repr=False)
    _plain: AgePlaintext = field(repr=False)
    _copy: _PrivateCopy = field(repr=False)

    def __post_init__(self) -> None:
        self._finalizer = weakref.finalize(self, _release, self._inner, self._plain, self._copy.file,
                                           self._copy.path)

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

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Release the decrypted view and delete the private copy of the payload."""
        self._finalizer()

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("the bundle is closed")

    def iter_records(self) -> Iterator[dict]:
        """The records, streamed from the payload again on each call. They are read from the private copy whose
        every record passed all limits at opening; each pass still bounds lines and count, parses strictly and
        re-hashes the lines (a difference from the manifest raises BundleManifestMismatch after the last record),
        but skips the nesting/text-length walk that opening did (about a third of a pass; orjson bounds nesting
        anyway, and the services check every text against its field)."""
        self._check_open()
        records = _records(self._inner, self.manifest["files"][fmt.RECORDS], check_shape=False)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (BundleError, NotFound):
                raise
            except Exception as exc:  # a damaged deflate stream or ZIP structure: not what was verified
                raise BundleManifestMismatch() from exc
            yield record

    def attachment(self, sha256: str) -> bytes:
        name = fmt.ATTACHMENTS + str(sha256)
        if name not in self.manifest["files"]:
            raise NotFound(_("Lampiran tidak ada di dalam paket."))
        self._check_open()
        # _check_sizes bounded every attachment's declared size, and zipfile never returns more than declared.
        data = _guard(lambda: self._inner.read(name), BundleManifestMismatch)
        if hashlib.sha256(data).hexdigest() != self.manifest["files"][name]:
            raise BundleManifestMismatch()
        return data


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


def _outer(fh: BinaryIO, trusted_cards: Iterable[OfficeCard]) \
        -> tuple[fmt.BundleHeader, minisign.MinisignSignature, OfficeCard, ContainerReader]:
    """Parse the container and check the signed header against a trusted card (the payload is not read yet)."""
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
    return header, sig, card, container


def _hash_payload(container: ContainerReader, write: Callable[[bytes], object] | None = None) -> tuple[bytes, str]:
    """BLAKE2b-512 (what minisign signs) and SHA-256 (the bundle hash) of payload.age, in one pass; each block
    is also given to ``write`` when there is one (the private copy)."""
    blake, sha = hashlib.blake2b(digest_size=64), hashlib.sha256()
    for chunk in container.iter_member(fmt.PAYLOAD):
        blake.update(chunk)
        sha.update(chunk)
        if write is not None:
            write(chunk)
    return blake.digest(), sha.hexdigest()


def _inspect(fh: BinaryIO, path: Path, trusted_cards: Iterable[OfficeCard]) -> BundleInfo:
    header, sig, card, container = _outer(fh, trusted_cards)
    blake, sha = _hash_payload(container)
    minisign.verify_digest(sig, blake, card.signing_key, key_id_to_keynum(card.key_id))
    return BundleInfo(path, header, sha, card, fh.seek(0, 2))


def inspect_bundle(path: str | os.PathLike, trusted_cards: Iterable[OfficeCard]) -> BundleInfo:
    """Verify the outer signature against a trusted card and return the signed header; nothing is decrypted."""
    with _open(path) as fh:
        return _guard(lambda: _inspect(fh, Path(path), list(trusted_cards)), BundleDamaged)


def _guard(fn, error: type[BundleError]):
    """Run ``fn``; any non-caseapp exception (malformed input) becomes ``error``."""
    try:
        return fn()
    except (BundleError, NotFound):
        raise
    except Exception as exc:
        raise error() from exc


def _choose_identity(h: fmt.BundleHeader, identities: Sequence[OfficeIdentity], allow_own: bool) -> OfficeIdentity:
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


def _records(inner: zipfile.ZipFile, expected_sha: str, *, check_shape: bool = True) -> Iterator[dict]:
    """Stream and check the records (line, count and JSON limits, and with ``check_shape`` nesting depth and text
    lengths); after the last one, the lines' SHA-256 must be the manifest's. Nothing is kept."""
    sha = hashlib.sha256()
    count = 0
    with inner.open(fmt.RECORDS) as member:
        for line in _lines(member, fmt.MAX_RECORD_LINE):
            sha.update(line)
            if count >= fmt.MAX_RECORDS:
                raise BundleTooManyRecords()
            if not line.endswith(b"\n"):
                raise BundleManifestMismatch()
            # orjson is stricter than json (no NaN, no lone surrogates) and much faster on large bundles; it refuses
            # nesting deeper than 1024 by itself.
            record = orjson.loads(line)
            if not isinstance(record, dict):
                raise BundleManifestMismatch()
            if check_shape:
                _check_record_shape(line, record)
            count += 1
            yield record
    if sha.hexdigest() != expected_sha:
        raise BundleManifestMismatch()


RecordsCheck = Callable[[BundleInfo, dict, Iterator[dict]], object]


class _Reading:
    """The opening pass's records, handed to a caller's check; remembers how many were read and whether reading
    them failed (the reader's own error, which no check may turn into another)."""

    def __init__(self, records: Iterator[dict]):
        self._records = records
        self.count = 0
        self.error: BaseException | None = None

    def __iter__(self) -> Iterator[dict]:
        while True:
            try:
                record = next(self._records)
            except StopIteration:
                return
            except BaseException as exc:
                self.error = exc
                raise
            self.count += 1
            yield record


def _count_records(info: BundleInfo, manifest: dict, inner: zipfile.ZipFile, expected_sha: str,
                   check_records: RecordsCheck | None) -> tuple[int, Exception | None]:
    """Read every record once (limits, shape, hash): their count, and what ``check_records`` raised, if anything.

    ``check_records`` sees the records as they are read; whatever it raises is held back (returned) and the pass goes
    on to its end, so a fault of the bundle itself (in any record, its hash, the manifest) is still the one raised.
    """
    records = _records(inner, expected_sha)
    if check_records is None:
        return sum(1 for _record in records), None
    reading = _Reading(records)
    held: Exception | None = None
    try:
        check_records(info, manifest, iter(reading))
    except Exception as exc:
        held = exc
    if reading.error is not None:
        raise reading.error  # the reader's own error, as without a check (also when the check caught it)
    for _record in reading:  # what the check did not read
        pass
    return reading.count, held


def _check_manifest(info: BundleInfo, inner: zipfile.ZipFile,
                    check_records: RecordsCheck | None = None) -> tuple[dict, Exception | None]:
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
    count, held = _count_records(info, manifest, inner, files[fmt.RECORDS], check_records)
    if manifest.get("record_count") != count or type(manifest.get("record_count")) is not int:
        raise BundleManifestMismatch()
    if manifest.get("scope") not in fmt.SCOPES or not isinstance(manifest.get("transfer"), bool) \
            or type(manifest.get("schema_version")) is not int:
        raise BundleManifestMismatch()
    head = manifest.get("audit_head")
    if head is not None and not (type(head) is str and head.isprintable() and 0 < len(head) <= 256):
        raise BundleManifestMismatch()  # as the writer requires; it is stored as given
    return manifest, held


def _copy_and_verify(container: ContainerReader, sig: minisign.MinisignSignature, card: OfficeCard,
                     copy: _PrivateCopy) -> str:
    """Copy payload.age into the private file while hashing it; verify the signature over what was copied.
    Returns the bundle hash."""
    size = container.members[fmt.PAYLOAD].size

    def write(chunk: bytes) -> None:
        try:
            copy.file.write(chunk)
        except OSError as exc:
            raise _copy_error(exc, copy.folder, size) from None

    blake, sha = _hash_payload(container, write)
    try:
        copy.file.flush()
    except OSError as exc:
        raise _copy_error(exc, copy.folder, size) from None
    minisign.verify_digest(sig, blake, card.signing_key, key_id_to_keynum(card.key_id))
    return sha


def open_bundle(path: str | os.PathLike, my_identity: OfficeIdentity | Sequence[OfficeIdentity],
                trusted_cards: Iterable[OfficeCard], *, allow_own: bool = False,
                work_dir: str | os.PathLike | None = None, check_verified: Callable[[BundleInfo], object] | None = None,
                check_records: RecordsCheck | None = None) -> OpenedBundle:
    """Verify (signature → addressed to me → decrypt → manifest signature → manifest vs header → hashes) and open.

    ``my_identity`` may be a list (current and earlier keys of this office). With ``allow_own`` the sender can
    open its own bundle when it was written with ``encrypt_to_self``. The encrypted payload is copied into a
    private temporary file in ``work_dir`` (default: the system's temporary folder), deleted by ``close()``.

    ``check_verified(info)``: the caller's own checks of the signed header, made once the outer signature is
    verified and before the recipient's key is chosen or anything decrypted, as after ``inspect_bundle`` (without
    reading and hashing the payload a second time; the private copy is then made before them, and deleted when
    they refuse). What it raises is raised.

    ``check_records(info, manifest, records)``: the caller's own checks of the records, made during the pass that
    verifies them (one pass fewer than checking them after opening). It must not keep the records, and the
    manifest it sees is not fully checked yet. What it raises is raised once the bundle is fully verified, the
    private copy deleted: a fault of the bundle itself (in any record, its hash, the manifest) comes first.
    """
    identities = [my_identity] if isinstance(my_identity, OfficeIdentity) else list(my_identity)
    folder = Path(work_dir) if work_dir is not None else Path(tempfile.gettempdir())
    copy = inner = plain = None
    try:
        with _open(path) as fh:
            header, sig, card, container = _guard(lambda: _outer(fh, list(trusted_cards)), BundleDamaged)
            if check_verified is None:
                identity = _choose_identity(header, identities, allow_own)
            copy = _PrivateCopy(folder)
            bundle_hash = _guard(lambda: _copy_and_verify(container, sig, card, copy), BundleDamaged)
            info = BundleInfo(Path(path), header, bundle_hash, card, fh.seek(0, 2))
            if check_verified is not None:
                check_verified(info)
                identity = _choose_identity(header, identities, allow_own)
        plain = _guard(lambda: AgePlaintext(copy.file, [identity.age_secret]), BundleDecryptFailed)
        inner = _guard(lambda: zipfile.ZipFile(plain), BundleDamaged)
        manifest, held = _guard(lambda: _check_manifest(info, inner, check_records), BundleManifestMismatch)
        if held is not None:
            raise held
        return OpenedBundle(info, manifest, inner, plain, copy)
    except BaseException:
        if copy is not None:
            _release(inner, plain, copy.file, copy.path)
        raise
