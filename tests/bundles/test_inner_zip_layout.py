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
