"""Case records are encoded on a fast path (orjson, document encoded once); the bytes must be the canonical ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseapp.bundles import format_v1 as fmt
from caseapp.domain.case import Case, Incident, Person
from caseapp.domain.case_json import case_to_json
from caseapp.domain.merge import comparable

json_leaf = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text()
json_doc = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=10), json_doc, max_size=6))
def test_fast_document_encoding_is_the_canonical_one(document):
    try:
        expected = fmt.canonical_record(document)
    except UnicodeEncodeError:  # lone surrogates: neither encoder may write them
        with pytest.raises(TypeError):
            fmt.canonical_document(document)
        return
    assert fmt.canonical_document(document) == expected


def test_case_record_line_is_canonical_record_of_the_same_record():
    case = Case(intake_date=dt.date(2024, 1, 22), channel="datang_langsung",
                persons=(Person("korban", "Wa Ode Nurlela \"Ani\" – ñ", sex="P", birth_date=dt.date(2012, 3, 4),
                                region_code="74.06.01.1007"),),
                incidents=(Incident(dt.date(2024, 1, 20), ("fisik", "seksual"), chronology="Baris 1\nbaris 2\t€"),))
    document = comparable(case_to_json(case))
    attachments = [{"sha256": "ab" * 32, "file_name": "KTP ñ.png", "mime_type": "image/png", "description": "",
                    "created_at": "2024-01-22T10:00:00Z"}]
    record = {"type": "case", "uuid": case.uuid, "origin_office": "74.06", "owner_office": "74.06",
              "transfer": False, "document": document, "attachments": attachments}
    line = fmt.case_record_line(uuid=case.uuid, document=fmt.canonical_document(document), origin_office="74.06",
                                owner_office="74.06", transfer=False, attachments=attachments)
    assert line == fmt.canonical_record(record)
    assert b"\n" not in line
