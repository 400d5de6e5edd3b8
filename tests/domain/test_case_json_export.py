"""The export and the stored record did not change when they were made faster: for a few hundred demo cases, both as
built in memory and as read back by the parser (whose objects are built differently), ``case_to_json`` gives the same
dict (key order included), the stored document text is byte for byte the same, and so is every CaseRecord column —
compared with the frozen copies in ``case_json_export_reference``. Also: the quick NIK check of the parser only ever
accepts what ``parse_nik`` accepts, and the parser treats NIKs exactly as the reference parser does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

import orjson
import pytest

from caseapp.domain import case_json
from caseapp.domain.case import ANAK_SAKSI, Case
from caseapp.domain.case_json import case_from_json, case_to_json, dumps_case
from caseapp.domain.errors import ValidationError
from caseapp.domain.nik import parse_nik
from caseapp.services import cases
from caseapp.services.demo_data import DemoGenerator
from tests.domain import case_json_export_reference as reference
from tests.domain.test_case_json import EXAMPLE, full_case
from tests.domain.test_case_json_equivalence import check_same

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def built() -> list[Case]:
    return list(DemoGenerator("74.06", seed=5, today=TODAY, officers=("petugas1", "petugas2")).cases(300))


@pytest.fixture(scope="module")
def parsed(built) -> list[Case]:
    """The same cases as the import and the store read them."""
    out = [case_from_json(case_to_json(c), today=dt.date.max, region_exists=lambda _code: True) for c in built]
    assert out == built
    return out


@pytest.fixture(scope="module")
def demo(built, parsed) -> list[Case]:
    return built + parsed + [full_case()]


def _keys_in_order(value):
    """The dict with every nested dict turned into its (key, value) pairs, so that == also compares key order."""
    if isinstance(value, dict):
        return [(k, _keys_in_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_keys_in_order(v) for v in value]
    return value


NEW_KEYS = ("child_witnesses", "legal_process")  # written only when a case has them (came after the reference)


def _without_new_fields(case: Case) -> Case:
    return dataclasses.replace(case, legal_process=None,
                               persons=tuple(p for p in case.persons if p.role != ANAK_SAKSI))


def test_demo_cases_have_the_new_fields_and_write_them_only_when_present(demo):
    with_new = [c for c in demo if c.legal_process is not None or c.child_witnesses]
    assert len(with_new) >= 20 and any(c.child_witnesses for c in with_new)
    for case in demo:
        doc = case_to_json(case)
        written = [k for k in doc if k in NEW_KEYS]
        assert written == [k for k, present in zip(NEW_KEYS, (case.child_witnesses, case.legal_process)) if present]
        assert list(doc)[len(doc) - len(written):] == written  # after every key the reference writes
        assert {k: v for k, v in doc.items() if k not in NEW_KEYS} == case_to_json(_without_new_fields(case))


def test_export_and_stored_text_are_unchanged(demo):
    for case in map(_without_new_fields, demo):
        expected, actual = reference.case_to_json(case), case_to_json(case)
        assert _keys_in_order(actual) == _keys_in_order(expected)
        assert orjson.dumps(actual) == orjson.dumps(expected)
        assert cases._document_text(actual) == cases._document_text(expected)
        assert dumps_case(case) == json.dumps(expected, ensure_ascii=False, indent=2)


def test_case_records_are_unchanged(demo):
    for i, case in enumerate(map(_without_new_fields, demo)):
        owner = ("74.06", "74")[i % 2]
        expected = reference._record(case, owner)
        for actual in (cases._record(case, owner), cases._record(case, owner, case_to_json(case))):
            # ``report`` (the rows behind the statistics) came after the reference was frozen; the reports tests
            # check those rows against independent counts.
            assert actual.report is not None
            expected = dataclasses.replace(expected, report=actual.report)
            assert actual == expected
            for field in dataclasses.fields(actual):  # == on the record, and each column of the same type
                assert type(getattr(actual, field.name)) is type(getattr(expected, field.name)), field.name


def test_dates_that_are_not_plain_dates_are_written_as_before():
    class Day(dt.date):
        def isoformat(self):
            return "day " + super().isoformat()

    base = full_case()
    odd = dataclasses.replace(base, intake_date=dt.datetime(2024, 1, 22, 9, 30), persons=tuple(
        dataclasses.replace(p, birth_date=Day(2012, 3, 4)) if p.birth_date else p for p in base.persons))
    for case in (base, odd):  # the plain dates first, so that the cache holds equal dates when odd is written
        assert _keys_in_order(case_to_json(case)) == _keys_in_order(reference.case_to_json(case))
    assert case_to_json(odd)["victims"][0]["birth_date"] == "day 2012-03-04"
    assert case_to_json(odd)["intake_date"] == "2024-01-22T09:30:00"
    # A wrong type fails the same way.
    bad = dataclasses.replace(base, intake_date="2024-01-22")
    with pytest.raises(AttributeError):
        reference.case_to_json(bad)
    with pytest.raises(AttributeError):
        case_to_json(bad)


def test_parsed_objects_are_equal_hash_alike_and_frozen(built, parsed):
    for original, case in zip(built, parsed):
        assert case == original and hash(case) == hash(original)
        for kind in ("persons", "incidents", "services", "notes", "consents"):
            for a, b in zip(getattr(case, kind), getattr(original, kind)):
                assert vars(a) == vars(b) and hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed[0].persons[0].name = "x"  # type: ignore[misc]
    assert dataclasses.replace(parsed[0], version=2) == dataclasses.replace(built[0], version=2)


# --- NIK ----------------------------------------------------------------------------------------------------------

TODAYS = (dt.date.max, dt.date(2024, 2, 1), dt.date(2000, 1, 1), dt.date(1999, 12, 31), dt.date(1950, 6, 15),
          dt.date(2025, 2, 28))


def _accepted(nik: str, today: dt.date) -> bool:
    try:
        parse_nik(nik, today=today)
    except ValidationError:
        return False
    return True


def test_quick_nik_check_accepts_only_what_parse_nik_accepts():
    checked = quick = 0
    for day, month, year, serial in itertools.product(range(100), range(16), (0, 4, 23, 24, 25, 99),
                                                      ("0000", "0001", "9999")):
        nik = f"740601{day:02d}{month:02d}{year:02d}{serial}"
        for today in TODAYS:
            checked += 1
            if case_json._plainly_valid_nik(nik, today):
                quick += 1
                assert _accepted(nik, today), (nik, today)
    assert quick > checked // 10  # the quick check does take the common case
    for today in TODAYS:
        assert case_json._plainly_valid_nik("7406011306150001", today) is (today.year >= 2000)
        for nik in ("7406011306150001 ", " 7406011306150001", "740601130615000", "74060113061500011",
                    "\uff17406011306150001", "740601130615000a", "7406011306150000", "7406012906150001",
                    "7406016906150001", "7406011300150001", "7406011313150001"):
            assert not case_json._plainly_valid_nik(nik, today), (nik, today)


@pytest.mark.parametrize("nik_day", ["00", "01", "28", "29", "30", "31", "32", "40", "41", "68", "69", "71", "72"])
def test_niks_are_treated_as_the_reference_parser_does(nik_day):
    for month, year, serial in itertools.product(("00", "01", "02", "04", "12", "13"), ("00", "12", "24", "99"),
                                                 ("0000", "0001")):
        for where in ("victim", "guardian"):
            doc = json.loads(EXAMPLE)
            nik = f"740601{nik_day}{month}{year}{serial}"
            if where == "victim":
                doc["victims"][0]["nik"] = nik
            else:
                doc["victims"][0]["guardian"] = {"name": "Ibu", "nik": nik}
            check_same(doc)
