"""Missing bundle numbers are held and shown as ranges, and attachment names as local entry keeps them."""

from __future__ import annotations

from caseapp.domain.entry_limits import plain_file_name, sanitized_file_name
from caseapp.domain.sequence_gaps import SequenceGaps


def test_missing_numbers_become_ranges_without_enumerating_them():
    gaps = SequenceGaps.missing_before([1, 4, 5, 9], 10**15)
    assert gaps.ranges == ((2, 3), (6, 8), (10, 10**15 - 1))
    assert gaps.labels()[:2] == ["2\u20133", "6\u20138"]
    assert gaps.count == 2 + 3 + (10**15 - 10)
    assert 7 in gaps and 9 not in gaps and 10**12 in gaps
    assert gaps.first_numbers(6) == [2, 3, 6, 7, 8, 10]


def test_no_gaps_and_single_numbers():
    assert SequenceGaps.missing_before([], 1) == [] and not SequenceGaps.missing_before([1, 2, 3], 4)
    gaps = SequenceGaps.missing_before([2, 3], 5)
    assert gaps == [1, 4] and gaps.labels() == ["1", "4"] and gaps != [1, 4, 4]
    assert SequenceGaps.missing_before([1, 3], 3) == [2]  # numbers at or above the bound do not count


def test_lists_of_numbers_compare_and_convert():
    assert SequenceGaps.of_numbers([7, 5, 6, 9]).ranges == ((5, 7), (9, 9))
    assert SequenceGaps.of_numbers([5, 6]) == [5, 6] and SequenceGaps.of_numbers([5, 6]) != [5]


def test_file_names_are_kept_as_local_entry_keeps_them():
    assert sanitized_file_name("../../evil.html") == "evil.html"
    assert sanitized_file_name("C:\\Users\\x\\scan.pdf") == "scan.pdf"
    assert sanitized_file_name("  surat\x00 .pdf ") == "surat .pdf"
    assert sanitized_file_name("..") == sanitized_file_name("") == "lampiran"
    assert len(sanitized_file_name("a" * 500)) == 200
    assert plain_file_name("Surat: persetujuan (1).pdf") and plain_file_name("KTP Siti.png")
    for bad in ("../../evil.html", "a/b.pdf", "a\\b.pdf", "x\ny.pdf", " spasi.pdf", "..", "", "a" * 201, None, 5):
        assert not plain_file_name(bad), repr(bad)
