"""The inner ZIP keeps its bytes although records.jsonl is now compressed as records are added (issue 16)."""

import io
import zipfile

import pyrage

from caseapp.bundles import format_v1 as fmt
from tests.bundles.helpers import make_writer


def _as_writestr_built_it(inner: bytes) -> bytes:
    """The inner ZIP rebuilt the way the writer built it before issue 16: ``writestr`` of each member, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inner)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            if member.filename == fmt.RECORDS:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, src.read(member), compresslevel=1)
            else:
                dst.writestr(info, src.read(member))
    return out.getvalue()


def test_inner_zip_is_byte_identical_to_the_writestr_layout(tmp_path, district, province):
    writer = make_writer(district, province)
    for i in range(3000):  # several deflate blocks
        writer.add_record({"uuid": f"0b6f2a1e-0000-4000-8000-{i:012d}", "version": i % 7, "catatan": "x" * (i % 300)})
    writer.add_attachment(b"second attachment " * 1000)
    written = writer.write_atomic(tmp_path / "b.casebundle")
    with zipfile.ZipFile(written.path) as zf:
        inner = pyrage.decrypt(zf.read(fmt.PAYLOAD), [province.age_identity()])
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        names = zf.namelist()
        assert zf.read(fmt.RECORDS).count(b"\n") == 3002
        assert zf.testzip() is None
    assert names[-3:] == [fmt.RECORDS, fmt.MANIFEST, fmt.MANIFEST_SIG] and len(names) == 5
    assert inner == _as_writestr_built_it(inner)


def test_records_deflated_in_a_second_thread_keep_every_byte_and_hash(tmp_path, district, province):
    """Records beyond several 1 MiB chunks (deflated and hashed in the writer's second thread) come out in order,
    with the manifest's SHA-256, and deflated to the very bytes one serial level-1 deflate gives."""
    import hashlib
    import json
    import random

    rng = random.Random(16)
    writer = make_writer(district, province)
    lines = []
    for i in range(9000):  # about 5 MiB of records: several chunks in flight
        record = {"uuid": f"0b6f2a1e-0000-4000-8000-{i:012d}", "version": i,
                  "catatan": " ".join(rng.choice(("korban", "pelaku", "saksi", "desa", "rumah")) for _ in range(80))}
        writer.add_record(record)
        lines.append(fmt.canonical_record(record) + b"\n")
    written = writer.write_atomic(tmp_path / "b.casebundle")
    with zipfile.ZipFile(written.path) as zf:
        inner = pyrage.decrypt(zf.read(fmt.PAYLOAD), [province.age_identity()])
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        records = zf.read(fmt.RECORDS)
        manifest = json.loads(zf.read(fmt.MANIFEST))
    header_lines = records.count(b"\n") - len(lines)
    assert records.endswith(b"".join(lines)) and header_lines >= 0
    assert len(records) > 4 * (1 << 20)
    assert manifest["files"][fmt.RECORDS] == hashlib.sha256(records).hexdigest()
    assert inner == _as_writestr_built_it(inner)
