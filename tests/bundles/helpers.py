"""Helpers for the bundle tests: sample records and a writer factory."""

from __future__ import annotations

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
