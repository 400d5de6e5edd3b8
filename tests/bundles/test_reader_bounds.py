"""The reader's limits on decompressed content, at the bundle level (no store): declared sizes first, then
records read line by line. The services' side is in tests/services/test_exchange_bounds.py."""

from __future__ import annotations

import io
import zipfile

import orjson
import pytest

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.errors import (BundleContentTooLarge, BundleFieldTooLong, BundleManifestMismatch,
                                    BundleNestingTooDeep, BundleRecordTooLarge)
from caseapp.bundles.reader import _lines, open_bundle
from caseapp.crypto.office_identity import OfficeIdentity
from tests.bundles.forge import forge


@pytest.fixture(scope="module")
def offices():
    return (OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten"),
            OfficeIdentity.generate("74", "UPTD PPA Provinsi Sulawesi Tenggara", "provinsi"))


def _open(path, offices):
    district, province = offices
    return open_bundle(path, province, [district.card()])


def test_lines_are_split_across_blocks_and_a_long_one_is_refused_before_it_is_whole():
    lines = [(b"%d" % i) * (50_000 + i * 7919) + b"\n" for i in range(40)]  # about 4 MB, lines cross 1 MiB blocks
    assert list(_lines(io.BytesIO(b"".join(lines)), 1 << 20)) == lines
    assert list(_lines(io.BytesIO(b"a\nb"), 10)) == [b"a\n", b"b"]

    class Endless(io.RawIOBase):
        reads = 0

        def read(self, n=-1):
            Endless.reads += 1
            return b"x" * (1 << 20)

    with pytest.raises(BundleRecordTooLarge):
        list(_lines(Endless(), 4 << 20))
    assert Endless.reads <= 5


def test_bzip2_members_are_refused(tmp_path, offices):
    district, province = offices
    path = tmp_path / "bz.casebundle"
    forge(path, district, province.card(), record_chunks=lambda: iter([b'{"a":1}\n']),
          compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(BundleManifestMismatch):
        _open(path, offices)


def test_records_beyond_the_expansion_allowance_are_refused_before_decompressing(tmp_path, offices):
    district, province = offices
    path = tmp_path / "wide.casebundle"
    size = fmt.MIN_PAYLOAD_ALLOWANCE + 1  # many short lines: no single limit but the total is broken
    line = b'{"k":"' + b"v" * 1000 + b'"}\n'
    forge(path, district, province.card(), record_chunks=lambda: iter([line] * (size // len(line) + 1)))
    assert path.stat().st_size < fmt.MIN_PAYLOAD_ALLOWANCE // fmt.MAX_EXPANSION
    with pytest.raises(BundleContentTooLarge):
        _open(path, offices)


def test_depth_and_text_limits_hold_for_any_record_not_only_cases(tmp_path, offices):
    district, province = offices
    deep: object = "x"
    for _ in range(fmt.MAX_DEPTH):
        deep = [deep]
    deep = {"a": deep}  # one level more than allowed
    path = tmp_path / "deep.casebundle"
    forge(path, district, province.card(), records=[deep])
    with pytest.raises(BundleNestingTooDeep):
        _open(path, offices)
    shallow_many = {"items": [{"n": i} for i in range(500)]}  # 500 objects, 3 deep: passes
    path = tmp_path / "many.casebundle"
    forge(path, district, province.card(), records=[shallow_many])
    assert next(_open(path, offices).iter_records()) == shallow_many
    path = tmp_path / "key.casebundle"
    forge(path, district, province.card(), records=[{"k" * (fmt.MAX_FIELD_CHARS + 1): 1}])
    with pytest.raises(BundleFieldTooLong):
        _open(path, offices)


class _CheckRefused(Exception):
    pass


def _copies(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_check_made_while_opening_sees_every_record_once_and_a_fault_of_the_bundle_comes_first(tmp_path, offices):
    """``open_bundle(check_records=...)``: the caller's check reads the records of the verifying pass; what it
    raises is raised only once the whole bundle is verified, and any fault of the bundle itself wins."""
    district, province = offices
    good = [{"type": "case", "n": i} for i in range(5)]
    deep: object = "x"
    for _ in range(fmt.MAX_DEPTH):
        deep = [deep]
    work = tmp_path / "work"
    work.mkdir()

    def opened(path, check):
        return open_bundle(path, province, [district.card()], work_dir=work, check_records=check)

    def refuse_first(info, manifest, records):
        seen.append(next(records))
        raise _CheckRefused()

    def swallow(info, manifest, records):  # a check that catches the reader's error cannot hide it
        try:
            seen.extend(records)
        except Exception:
            pass

    ok = tmp_path / "ok.casebundle"
    forge(ok, district, province.card(), records=good)
    seen: list = []
    with opened(ok, lambda info, manifest, records: seen.extend(records)) as bundle:
        assert seen == good == list(bundle.iter_records())
        assert manifest_count(bundle) == len(good)
    seen = []
    with opened(ok, lambda info, manifest, records: None) as bundle:  # a check that reads nothing
        assert list(bundle.iter_records()) == good
    with pytest.raises(_CheckRefused):  # a sound bundle: the check's refusal, and no private copy left
        opened(ok, refuse_first)
    assert seen == good[:1] and _copies(work) == []

    # The bundle's own faults after the record the check refuses: those are raised, as without a check.
    faults = ((BundleNestingTooDeep, dict(records=[*good, {"a": deep}])),
              (BundleManifestMismatch, dict(record_chunks=lambda: iter([orjson.dumps(r) + b"\n" for r in good]),
                                            record_count=len(good) + 1)),
              (BundleManifestMismatch, dict(record_chunks=lambda: iter([orjson.dumps(r) + b"\n" for r in good]
                                                                      + [b"{not json\n"]), record_count=len(good) + 1)))
    for n, (fault, content) in enumerate(faults):
        path = tmp_path / f"fault-{n}.casebundle"
        forge(path, district, province.card(), **content)
        for check in (refuse_first, lambda info, manifest, records: seen.extend(records), swallow):
            seen = []
            with pytest.raises(fault):
                opened(path, check)
            assert _copies(work) == []


def manifest_count(bundle) -> int:
    return bundle.manifest["record_count"]
