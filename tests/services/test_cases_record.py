"""What a case is stored as (services.cases._record): the document text, list columns, side-table rows and the
search text — pinned, so that making it faster cannot change what is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseapp.domain.case import Guardian, Incident, Note, Person
from caseapp.domain.case_json import case_to_json
from caseapp.domain.case_list import name_key
from caseapp.services import cases
from tests.domain.test_case_json import full_case


def _reference_name_key(name):
    """name_key as first written (NFKD, letters and white space only, lower case, single spaces)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(ch for ch in decomposed if ch.isalpha() or ch.isspace())
    return " ".join(letters.lower().split())


def _json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def test_record_of_a_full_case():
    case = dataclasses.replace(full_case(), status="layanan", closure_reason=None, case_number="BMB/2024/0001",
                               assigned_officers=("manajer1", "konselor2", "manajer1"))
    rec = cases._record(case, "74.06")
    assert rec.document == _json_text(case_to_json(case))
    assert json.loads(rec.document) == case_to_json(case)
    assert (rec.uuid, rec.case_number, rec.owner_office, rec.status, rec.risk_level, rec.intake_date) == (
        case.uuid, "BMB/2024/0001", "74.06", "layanan", "tinggi", "2024-01-22")
    assert (rec.victim_initials, rec.victim_count, rec.child_victim) == ("S.A., A.", 2, True)
    assert rec.violence_types == ("fisik", "psikis", "seksual")
    assert rec.due_at == "2024-03-01T23:59"
    v1, v2, perp, rep = case.persons
    assert rec.people == (
        (v1.uuid, "korban", "siti aminah", v1.nik, "2012-03-04"), (v2.uuid, "korban", "adik", None, "2016-01-01"),
        (perp.uuid, "pelaku", "fulan", None, None), (rep.uuid, "pelapor", "ibu korban", None, None))
    assert rec.assignments == ("manajer1", "konselor2")
    assert rec.search_names == "Siti Aminah Adik Fulan Ibu Korban Pak F Ibu Korban"
    assert rec.search_niks == v1.nik
    assert rec.search_body == "Kronologi.\n\nCatatan."


def test_document_text_keeps_every_character_as_json_would_write_it():
    # Every code point outside the surrogates, in a name, a chronology and a note (the stored text form must not
    # change: compact JSON, non-ASCII written as is, control characters escaped the way json escapes them).
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    case = dataclasses.replace(
        full_case(),
        persons=(Person("korban", "Wa Ode \"Nurlela\" \\ Ñ\t" + chars[:3000],
                        guardian=Guardian("Ibu\n\x00\x1f\x7f")),),
        relations=(), incidents=(Incident(None, ("fisik",), chronology=chars),),
        notes=(Note(dt.datetime(2024, 1, 22, 9, 30), "\u2028\u2029\ufeff😀"),))
    assert cases._record(case, "74.06").document == _json_text(case_to_json(case))


def test_document_text_of_what_the_fast_encoder_refuses_is_still_json_text():
    # A lone surrogate (JSON can carry one as an escape) and a version beyond 64 bits: written as json writes them.
    case = dataclasses.replace(full_case(), version=2 ** 70,
                               persons=(Person("korban", "Siti \ud800 Aminah"),), relations=())
    assert cases._record(case, "74.06").document == _json_text(case_to_json(case))


NAMES = ["Siti Aminah", "  Wa Ode   Nurlela ", "La Ode M. Yusuf", "Ni'mah", "Andi-Baso", "ÁNGEL Ñúñez",
         "Muhammad\tFadli\n", "", "Ｆｕｌａｎ", "ﬁtri", "İbrahim", "x²", "O'Neil 3rd",
         "\x1c\x1dSiti\x1e\x1fAmi"]


@pytest.mark.parametrize("name", NAMES)
def test_name_key_examples(name):
    assert name_key(name) == _reference_name_key(name)


def test_name_key_every_character():
    for c in range(0x110000):
        if not 0xD800 <= c <= 0xDFFF:
            text = f"a{chr(c)}B {chr(c)}"
            assert name_key(text) == _reference_name_key(text), hex(c)
    assert name_key(None) == ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF) | st.sampled_from(" \t\n.'-"), max_size=30))
def test_name_key_property(name):
    assert name_key(name) == _reference_name_key(name)


def test_name_key_of_something_else_than_text_fails_as_before():
    with pytest.raises(TypeError):
        name_key(5)
    with pytest.raises(TypeError):
        _reference_name_key(5)
