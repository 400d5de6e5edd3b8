"""Helpers for the bundle tests: sample records and a writer factory."""

from __future__ import annotations

import io

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.container import ContainerWriter
from caseapp.bundles.writer import BundleWriter


RECORDS = [
    {"uuid": "0b6f2a1e-0000-4000-8000-000000000001", "version": 3, "jenis_kekerasan": ["fisik", "psikis"],
     "inisial": "S. R.", "catatan": "Korban didampingi ke RSUD — visum."},
    {"uuid": "0b6f2a1e-0000-4000-8000-000000000002", "version": 1, "jenis_kekerasan": ["seksual"],
     "inisial": "A.", "umur": 14},
]
ATTACHMENT = b"%PDF-1.4 fictional scan\n" * 50


def make_writer(sender, recipient, **kwargs) -> BundleWriter:
    kwargs.setdefault("created_at", "2024-01-22T03:04:06Z")
    kwargs.setdefault("audit_head", "ab" * 32)
    writer = BundleWriter(sender, recipient.card(), kwargs.pop("sequence", 1), kwargs.pop("previous_hash", None),
                          **kwargs)
    for record in RECORDS:
        writer.add_record(record)
    writer.add_attachment(ATTACHMENT)
    return writer


def repack_with_flip(parts: dict[str, bytes], name: str, index: int, n: int, when) -> bytes:
    """The bundle's members with one byte of ``name`` flipped, repacked with valid ZIP checksums.

    A plain byte flip is caught by the ZIP CRCs; repacking makes the change reach the signatures.
    """
    changed = dict(parts)
    content = bytearray(changed[name])
    content[index] ^= (0x01, 0x40, 0xFF)[n % 3]
    changed[name] = bytes(content)
    buf = io.BytesIO()
    writer = ContainerWriter(buf, when)
    for member in fmt.MEMBERS:
        writer.add(member, changed[member])
    writer.finish()
    return buf.getvalue()
