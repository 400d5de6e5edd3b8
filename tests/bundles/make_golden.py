"""Generate the golden v1 fixtures once: ``python tests/bundles/make_golden.py`` (refuses to overwrite).

The golden files must open with every future version of caseapp; never regenerate them to make a test pass.
The keys beside them (``fixtures/golden-keys.json``) are test keys, published on purpose.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from caseapp.bundles.writer import BundleWriter  # noqa: E402
from caseapp.crypto.office_identity import OfficeIdentity  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEYS = FIXTURES / "golden-keys.json"
CREATED = "2024-01-22T09:30:00Z"
RECORDS = [
    {"uuid": "5f0c1e9a-7b7e-4c51-9a51-000000000001", "version": 2, "jenis_kekerasan": ["fisik", "psikis"],
     "tempat": "rumah_tangga", "inisial": "S. R.", "kelompok_umur": "25-44",
     "kronologi": "Contoh fiktif untuk uji format — bukan kasus nyata."},
    {"uuid": "5f0c1e9a-7b7e-4c51-9a51-000000000002", "version": 1, "jenis_kekerasan": ["seksual"],
     "tempat": "sekolah", "inisial": "A.", "kelompok_umur": "13-17", "anak": True},
]
ATTACHMENT = b"Lampiran fiktif: pindaian surat rujukan (uji format).\n"


def load_or_make_keys() -> tuple[OfficeIdentity, OfficeIdentity]:
    if KEYS.exists():
        data = json.loads(KEYS.read_text())
        return (OfficeIdentity.from_private_dict(data["district"]),
                OfficeIdentity.from_private_dict(data["province"]))
    district = OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten", now=CREATED)
    province = OfficeIdentity.generate("74", "UPTD PPA Provinsi Sulawesi Tenggara", "provinsi", now=CREATED)
    KEYS.write_text(json.dumps({"_note": "TEST KEYS ONLY, published on purpose for the golden fixtures",
                                "district": district.to_private_dict(), "province": province.to_private_dict()},
                               indent=2) + "\n")
    return district, province


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    bundle, receipt = FIXTURES / "golden-v1.casebundle", FIXTURES / "golden-v1-receipt.casebundle"
    if bundle.exists() or receipt.exists():
        sys.exit("golden fixtures exist already; they must never be regenerated")
    district, province = load_or_make_keys()
    for name, ident in (("district", district), ("province", province)):
        (FIXTURES / f"{name}.card.json").write_bytes(ident.card().to_bytes())
        (FIXTURES / f"{name}.minisign.pub").write_text(ident.export_minisign_public_key())
        (FIXTURES / f"{name}.age-identity.txt").write_text(ident.export_age_identity())
    writer = BundleWriter(district, province.card(), 1, None, created_at=CREATED, schema_version=1,
                          audit_head="3f" * 32)
    for record in RECORDS:
        writer.add_record(record)
    sha = writer.add_attachment(ATTACHMENT)
    data = writer.write_atomic(bundle)
    ack = BundleWriter.receipt(province, district.card(), 1, data.bundle_hash, created_at="2024-01-23T08:00:00Z")
    ack.add_record({"imported_records": 2, "conflicts": 0})
    rec = ack.write_atomic(receipt)
    expected = {"bundle_hash": data.bundle_hash, "receipt_hash": rec.bundle_hash, "attachment_sha256": sha,
                "records": RECORDS, "manifest": writer.manifest()}
    (FIXTURES / "golden-v1.expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    print(bundle, data.bundle_hash)


if __name__ == "__main__":
    main()
