"""Forging bundles as a hostile but trusted partner office could: with that office's own exported keys, following
docs/bundle-format.md, but with whatever numbers, records, attachments and inner files it likes.

The keys are read back from the files ``office export-keys`` writes (minisign secret key, age identity, office
card), as someone holding a stolen recovery kit would.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.writer import BundleWriter, WrittenBundle
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity


def stolen_identity(folder: Path) -> OfficeIdentity:
    """The sending office's identity, rebuilt from the files of its exported recovery kit."""
    card = OfficeCard.from_bytes((folder / "office.card.json").read_bytes())
    raw = base64.b64decode((folder / "office.minisign.key").read_text().splitlines()[1])
    seed = raw[2 + 2 + 2 + 32 + 8 + 8 + 8:][:32]  # "Ed", kdf, checksum alg., salt, ops, mem, key number, then sk
    age_secret = next(line for line in (folder / "office.age.key").read_text().splitlines()
                      if line.startswith("AGE-SECRET-KEY-"))
    identity = OfficeIdentity(code=card.code, name=card.name, level=card.level, signing_seed=seed,
                              age_secret=age_secret, key_id=card.key_id, created_at=card.issued_at)
    assert identity.public_key == card.signing_key and identity.age_recipient == card.age_recipient
    return identity


def case_record(document: dict, *, attachments: list | None = None, **extra) -> dict:
    """A case record as the application writes it (``fmt.case_record_line``), with optional extra fields."""
    record = {"type": "case", "uuid": document["uuid"], "document": document, "origin_office": "74.06",
              "owner_office": "74.06", "transfer": False, "attachments": attachments or []}
    record.update(extra)
    return record


def attachment_entry(data: bytes, *, file_name: str = "persetujuan.pdf", mime_type: str = "application/pdf",
                     **extra) -> dict:
    entry = {"sha256": hashlib.sha256(data).hexdigest(), "file_name": file_name, "mime_type": mime_type,
             "description": "", "created_at": "2024-01-22T09:30:00"}
    entry.update(extra)
    return entry


class ForgedWriter(BundleWriter):
    """A BundleWriter whose records.jsonl may be streamed from chunks (deflated as it goes, never held whole)."""

    def __init__(self, *args, record_chunks: Callable[[], Iterator[bytes]] | None = None,
                 record_count: int | None = None, compress_type: int = zipfile.ZIP_DEFLATED, **kwargs):
        super().__init__(*args, **kwargs)
        self._record_chunks = record_chunks
        self._compress_type = compress_type
        self._forced_count = record_count

    def _build_inner(self) -> bytes:
        if self._record_chunks is None:
            return super()._build_inner()
        info = zipfile.ZipInfo(fmt.RECORDS, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = self._compress_type
        sha = hashlib.sha256()
        with self._inner.open(info, "w") as member:
            for chunk in self._record_chunks():
                sha.update(chunk)
                member.write(chunk)
        self._records_sha = sha
        self._record_count = self._forced_count or 1
        return self._seal_inner()


def forge(path: Path, sender: OfficeIdentity, recipient: OfficeCard, *, sequence: int = 1,
          previous_hash: str | None = None, records: Iterable[dict] = (), record_lines: Iterable[bytes] = (),
          attachments: Iterable[bytes] = (), record_chunks: Callable[[], Iterator[bytes]] | None = None,
          record_count: int | None = None, compress_type: int = zipfile.ZIP_DEFLATED) -> WrittenBundle:
    """Write a signed, encrypted bundle from ``sender`` to ``recipient`` with exactly the given content."""
    writer = ForgedWriter(sender, recipient, 1, previous_hash, audit_head="ab" * 32, record_chunks=record_chunks,
                          record_count=record_count, compress_type=compress_type)
    # The header is signed as given, even where the writer would refuse the number (0, or more than 18 digits).
    object.__setattr__(writer.header, "sequence", sequence)
    for data in attachments:
        writer.add_attachment(data)
    for record in records:
        writer.add_record(record)
    for line in record_lines:
        writer.add_record_line(line)
    return writer.write_atomic(path)
