"""Writes a v1 ``.casebundle``: records and attachments in, one signed, encrypted file out, atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pyrage

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles import minisign
from caseapp.bundles.container import MAX_MEMBER, ContainerWriter, dos_datetime
from caseapp.bundles.errors import BundleCancelled, BundleError, BundleTooLarge
from caseapp.cancel import is_cancelled
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity, utc_now
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
_RECORD_CHUNK = 1 << 18   # records.jsonl is deflated and hashed in chunks of about this many bytes …
_CHUNKS_IN_FLIGHT = 1     # … at most this many waiting for the second thread (bounded memory)


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    header: fmt.BundleHeader
    bundle_hash: str  # SHA-256 (hex) of payload.age: what receipts and the next bundle's previous_hash name
    size: int

    @property
    def sequence(self) -> int:
        return self.header.sequence


def _invalid(what: str) -> ValidationError:
    return ValidationError(_("Nilai tidak sah: {what}").format(what=what), field=what)


class BundleWriter:
    """Collect records and attachments (kept in memory, never in a clear temp file), then ``write_atomic``.

    Records are compressed as they are added (the clear lines are not kept), attachments are stored in the inner
    ZIP as they are added; memory holds the compressed records and the attachments, not every record's text.
    """

    def __init__(self, sender: OfficeIdentity, recipient: OfficeCard, sequence: int, previous_hash: str | None,
                 kind: str = "data", *, schema_version: int = 1, scope: str = "full", transfer: bool = False,
                 audit_head: str | None = None, acknowledges: tuple[int, str] | None = None,
                 encrypt_to_self: bool = False, created_at: str | None = None):
        ack_seq, ack_hash = acknowledges if acknowledges is not None else (None, None)
        try:
            self.header = fmt.BundleHeader(
                kind=kind, sender_code=sender.code, sender_key_id=sender.key_id, recipient_code=recipient.code,
                recipient_key_id=recipient.key_id, sequence=sequence,
                previous_hash=fmt.GENESIS_HASH if previous_hash is None else previous_hash,
                created_at=created_at or utc_now(), ack_sequence=ack_seq, ack_hash=ack_hash).validate()
        except ValueError:
            raise _invalid("header") from None
        if scope not in fmt.SCOPES:
            raise _invalid("scope")
        if type(schema_version) is not int or not isinstance(transfer, bool):
            raise _invalid("schema_version")
        if audit_head is not None and not (isinstance(audit_head, str) and audit_head.isprintable()
                                           and 0 < len(audit_head) <= 256):
            raise _invalid("audit_head")
        self._sender = sender
        self._recipient = recipient
        self._recipients = [recipient.age_recipient] + ([sender.age_recipient] if encrypt_to_self else [])
        self._extra = {"schema_version": schema_version, "scope": scope, "transfer": transfer,
                       "audit_head": audit_head}
        # records.jsonl, deflated as zipfile does for ZIP_DEFLATED at level 1 (raw deflate): same bytes as writestr.
        self._records = _ChunkedBuffer()
        self._records_zip = zlib.compressobj(1, zlib.DEFLATED, -15)
        self._records_crc = 0
        self._records_size = 0
        self._records_sha = hashlib.sha256()
        self._record_count = 0
        # Lines not deflated yet; full chunks are deflated and hashed in a second thread (_deflate_chunk).
        self._pending_lines: list[bytes] = []
        self._pending_size = 0
        self._deflater: ThreadPoolExecutor | None = None
        self._deflating: list[Future] = []
        self._inner_buf = _ChunkedBuffer()
        self._inner = zipfile.ZipFile(self._inner_buf, "w", zipfile.ZIP_STORED)
        self._files: dict[str, str] = {}

    @classmethod
    def receipt(cls, receiver: OfficeIdentity, sender_card: OfficeCard, acknowledged_sequence: int,
                acknowledged_hash: str, *, sequence: int | None = None, previous_hash: str | None = None,
                **kwargs: Any) -> BundleWriter:
        """A receipt for an imported bundle. By default it takes that bundle's sequence and chains to its hash."""
        return cls(receiver, sender_card,
                   acknowledged_sequence if sequence is None else sequence,
                   acknowledged_hash if previous_hash is None else previous_hash, "receipt",
                   acknowledges=(acknowledged_sequence, acknowledged_hash), **kwargs)

    def add_record(self, record: dict) -> None:
        if not isinstance(record, dict):
            raise _invalid("record")
        try:
            line = fmt.canonical_record(record)
        except (TypeError, ValueError):
            raise _invalid("record") from None
        self.add_record_line(line)

    def add_record_line(self, line: bytes) -> None:
        """Add a record already encoded as ``fmt.canonical_record`` would (e.g. by ``fmt.case_record_line``)."""
        if not (line[:1] == b"{" and line[-1:] == b"}" and b"\n" not in line):
            raise _invalid("record")
        self._pending_lines.append(line)
        self._pending_lines.append(b"\n")
        self._pending_size += len(line) + 1
        self._record_count += 1
        if self._pending_size >= _RECORD_CHUNK:
            self._hand_over_pending()

    def _hand_over_pending(self) -> None:
        """Deflate and hash the pending lines in the second thread, keeping at most a few chunks in flight.

        One worker takes the chunks in order, so records.jsonl's bytes, CRC-32 and SHA-256 are those of deflating
        and hashing line by line; zlib and hashlib release the GIL, so this overlaps with reading the next cases
        out of the store (SQLite releases it too) and with encoding them.
        """
        chunk = b"".join(self._pending_lines)
        self._pending_lines, self._pending_size = [], 0
        if self._deflater is None:
            self._deflater = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseapp-bundle-deflate")
        self._deflating.append(self._deflater.submit(self._deflate_chunk, chunk))
        while len(self._deflating) > _CHUNKS_IN_FLIGHT:
            self._records.write(self._deflating.pop(0).result())  # re-raises an error of the worker here

    def _deflate_chunk(self, chunk: bytes) -> bytes:
        """Deflate and hash one chunk; the deflated bytes are stored by the writer's own thread (its blocks are
        allocated there, not in the worker's malloc arena)."""
        self._records_crc = zlib.crc32(chunk, self._records_crc)
        self._records_size += len(chunk)
        self._records_sha.update(chunk)
        return self._records_zip.compress(chunk)

    def _finish_records(self) -> None:
        """Deflate and hash what is pending and wait for the second thread (idempotent)."""
        if self._pending_lines:
            chunk = b"".join(self._pending_lines)
            self._pending_lines, self._pending_size = [], 0
            if self._deflater is None:
                self._records.write(self._deflate_chunk(chunk))  # a small bundle never starts the thread
            else:
                self._deflating.append(self._deflater.submit(self._deflate_chunk, chunk))
        try:
            while self._deflating:
                self._records.write(self._deflating.pop(0).result())  # re-raises an error of the worker here
        finally:
            if self._deflater is not None:
                for future in self._deflating:
                    future.cancel()
                self._deflating.clear()
                self._deflater.shutdown(wait=True)
                self._deflater = None

    def add_attachment(self, data: bytes) -> str:
        """Store ``data`` once; returns its SHA-256 (hex), its name inside the bundle."""
        sha = hashlib.sha256(data).hexdigest()
        name = fmt.ATTACHMENTS + sha
        if name not in self._files:
            if len(data) > fmt.MAX_INNER_MEMBER:
                raise BundleTooLarge()
            self._inner.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
            self._files[name] = sha
        return sha

    @property
    def record_count(self) -> int:
        return self._record_count

    def manifest(self) -> dict:
        self._finish_records()
        files = {fmt.RECORDS: self._records_sha.hexdigest(), **self._files}
        return {**fmt.manifest_core(self.header), **self._extra,
                "sender": {"code": self._sender.code, "key_id": self._sender.key_id, "name": self._sender.name,
                           "level": self._sender.level},
                "recipient": {"code": self._recipient.code, "key_id": self._recipient.key_id,
                              "name": self._recipient.name, "level": self._recipient.level},
                "record_count": self._record_count, "files": dict(sorted(files.items()))}

    def _build_inner(self) -> _ChunkedBuffer:
        # Level 1: JSON lines still shrink to about a quarter, at several times the speed of the default level 6.
        self._finish_records()
        self._records.write(self._records_zip.flush())
        _add_deflated(self._inner, fmt.RECORDS, self._records, self._records_crc, self._records_size)
        return self._seal_inner()

    def _seal_inner(self) -> bytes:
        """Add the signed manifest of what the inner ZIP holds, close it and return its bytes."""
        manifest = (json.dumps(self.manifest(), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        sig = minisign.sign_bytes(manifest, self._sender.sign, self._sender.keynum,
                                  self.header.trusted_comment(fmt.MANIFEST_TAG), fmt.untrusted_comment(self.header))
        for name, data in ((fmt.MANIFEST, manifest), (fmt.MANIFEST_SIG, sig.to_bytes())):
            self._inner.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
        self._inner.close()
        return self._inner_buf

    def record_lines(self) -> Iterator[bytes]:
        """The lines of records.jsonl, read back (decompressed as they are read) from a bundle already written."""
        with zipfile.ZipFile(io.BytesIO(self._inner_buf.getvalue())) as zf, zf.open(fmt.RECORDS) as fh:
            yield from fh

    def write_atomic(self, path: str | os.PathLike, progress: Progress | None = None,
                     cancel: Any = None) -> WrittenBundle:
        """Write the bundle under a temp name in the same folder, fsync, rename. Cancel leaves no file."""
        path = Path(path)
        if self._inner.fp is None:
            raise RuntimeError("write_atomic can be called only once per BundleWriter")
        inner = self._build_inner()
        if len(inner) + len(inner) // 65536 * 16 + 64 * 1024 > MAX_MEMBER:
            raise BundleTooLarge()
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            with open(tmp, "xb") as fh:
                bundle_hash = self._write(fh, inner, progress, cancel)
                fh.flush()
                os.fsync(fh.fileno())
                size = fh.tell()
            if is_cancelled(cancel):
                raise BundleCancelled()
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
        return WrittenBundle(path, self.header, bundle_hash, size)

    def _write(self, fh: io.BufferedWriter, inner: _ChunkedBuffer | bytes, progress: Progress | None, cancel: Any) -> str:
        container = ContainerWriter(fh, dos_datetime(self.header.created_at))
        container.add(fmt.README, fmt.render_readme(self.header))
        container.add(fmt.HEADER, self.header.header_json())
        blake, sha = hashlib.blake2b(digest_size=64), hashlib.sha256()
        source = _ProgressReader(inner, progress, cancel)

        failures: list[BaseException] = []

        def fill(write: Callable[[bytes], None]) -> None:
            class Sink:
                def write(self, chunk: bytes) -> int:
                    try:
                        blake.update(chunk)
                        sha.update(chunk)
                        write(bytes(chunk))
                    except BaseException as exc:  # re-raised below: pyrage wraps it in EncryptError
                        failures.append(exc)
                        raise
                    return len(chunk)

                def flush(self) -> None:
                    pass

            recipients = [pyrage.x25519.Recipient.from_str(r) for r in self._recipients]
            try:
                pyrage.encrypt_io(source, Sink(), recipients)
            except pyrage.EncryptError as exc:
                failures.extend(source.failures)
                if failures:
                    raise failures[0] from None
                raise BundleError() from exc

        container.add_stream(fmt.PAYLOAD, fill)
        sig = minisign.sign_digest(blake.digest(), self._sender.sign, self._sender.keynum,
                                   self.header.trusted_comment(), fmt.untrusted_comment(self.header))
        container.add(fmt.SIGNATURE, sig.to_bytes())
        container.finish()
        return sha.hexdigest()


class _ProgressReader:
    """Feeds the plaintext to age, reporting progress (about 100 steps) and honouring cancel."""

    def __init__(self, data: _ChunkedBuffer | bytes, progress: Progress | None, cancel: Any):
        if isinstance(data, _ChunkedBuffer):
            self._slice = data.slice  # read in slices: no second copy of the payload
        else:
            view = memoryview(data)
            self._slice = lambda start, end: bytes(view[start:end])
        self._pos = 0
        self._total = len(data)
        self._progress = progress
        self._cancel = cancel
        self._next_report = 0
        self.failures: list[BaseException] = []

    def read(self, n: int = -1) -> bytes:
        try:
            if is_cancelled(self._cancel):
                raise BundleCancelled()
            end = self._total if n is None or n < 0 else min(self._pos + n, self._total)
            chunk = self._slice(self._pos, end)
            self._pos = done = end
            if self._progress is not None and (done >= self._next_report or not chunk):
                self._progress(done, self._total)
                self._next_report = done + max(self._total // 100, 1)
        except BaseException as exc:  # re-raised by the writer: pyrage wraps it in EncryptError
            self.failures.append(exc)
            raise
        return chunk


class _ChunkedBuffer:
    """A seekable in-memory file in fixed-size blocks: growing it never reallocates (and copies) what it holds."""

    BLOCK = 1 << 20

    def __init__(self) -> None:
        self._blocks: list[bytearray] = []
        self._size = 0
        self._pos = 0

    def __len__(self) -> int:
        return self._size

    def __bool__(self) -> bool:  # zipfile tests ``if not self.fp``: an empty buffer is still an open file
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos if whence == 0 else (self._pos + pos if whence == 1 else self._size + pos)
        return self._pos

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        n = len(view)
        if self._pos > self._size:
            raise ValueError("write beyond the end")
        done = 0
        while done < n:
            block, offset = divmod(self._pos, self.BLOCK)
            while block >= len(self._blocks):
                self._blocks.append(bytearray(self.BLOCK))
            take = min(self.BLOCK - offset, n - done)
            self._blocks[block][offset:offset + take] = view[done:done + take]
            done += take
            self._pos += take
        self._size = max(self._size, self._pos)
        return n

    def flush(self) -> None:
        pass

    def slice(self, start: int, end: int) -> bytes:
        out = []
        while start < end:
            block, offset = divmod(start, self.BLOCK)
            take = min(self.BLOCK - offset, end - start)
            out.append(bytes(self._blocks[block][offset:offset + take]))
            start += take
        return b"".join(out)

    def getvalue(self) -> bytes:
        return self.slice(0, self._size)

    def drain_into(self, fh) -> None:
        """Write everything to ``fh``, freeing each block once written; the buffer is empty afterwards."""
        left = self._size
        blocks, self._blocks, self._size, self._pos = self._blocks, [], 0, 0
        blocks.reverse()
        while blocks:
            block = blocks.pop()
            fh.write(memoryview(block)[:min(left, self.BLOCK)])
            left -= min(left, self.BLOCK)
            del block


def _add_deflated(zf: zipfile.ZipFile, name: str, data: _ChunkedBuffer, crc: int, size: int) -> None:
    """Append an entry whose raw-deflated bytes are ready, exactly as ``zf.writestr(ZipInfo(name), ...)`` with
    ZIP_DEFLATED would write it to a seekable file (same local header, data and central-directory entry).

    ``data`` is emptied block by block as it is copied, so the deflated records are not held twice."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.flag_bits = 0
    info.external_attr = 0o600 << 16
    info.CRC, info.file_size, info.compress_size = crc, size, len(data)
    if size * 1.05 > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT:
        raise BundleTooLarge()
    zf.fp.seek(zf.start_dir)
    info.header_offset = zf.fp.tell()
    zf.fp.write(info.FileHeader(False))
    data.drain_into(zf.fp)
    zf.start_dir = zf.fp.tell()
    zf.filelist.append(info)
    zf.NameToInfo[name] = info
    zf._didModify = True


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
