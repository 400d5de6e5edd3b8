"""The case JSON parser behaves exactly like the reference parser (``case_json_reference``, the code before it was
made faster): on thousands of mutated documents it accepts the same ones and builds equal cases, and refuses the
others with the same first error — same field path, same message — in every mode (import, stored, draft)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseapp.domain import case_json
from caseapp.domain.case_json import case_to_json
from caseapp.domain.errors import ValidationError
from caseapp.domain.nik import make_nik
from tests.domain import case_json_reference as reference
from tests.domain.test_case_json import EXAMPLE, full_case

TODAY = dt.date(2024, 2, 1)

MODES = {
    "import": dict(today=TODAY),                                                  # real region list
    "stored": dict(today=dt.date.max, region_exists=lambda _code: True),         # how stored cases are read
    "draft": dict(today=TODAY, partial=True),
}


def _seeds() -> list[dict]:
    full = case_to_json(full_case())
    two_victims = json.loads(EXAMPLE)
    two_victims["victims"].append({"name": "Adik", "birth_date": "2016-01-01", "guardian": {"name": "Ibu"}})
    del two_victims["perpetrators"][0]["relationship"]
    two_victims["perpetrators"][0]["relationships"] = [{"victim": 1, "relationship": "guru"},
                                                       {"victim": 0, "relationship": "tetangga"}]
    listed = case_to_json(full_case())
    listed["incidents"][1]["date"] = "2024-01-10"
    listed["status"], listed["closure_reason"] = "layanan", None
    return [json.loads(EXAMPLE), full, two_victims, listed]


SEEDS = _seeds()

VALUES = [
    None, True, False, 0, 1, 2, -1, 3.5, 10 ** 20, "", "  ", "x", "Siti", "P", "L", "seksual", "fisik", "psikis",
    "tetangga", "guru", "selesai", "layanan", "tujuan_tercapai", "persetujuan", "kewajiban_hukum", "pencatatan",
    "orang_tua", "kesehatan", "tinggi", "sapa129", "rumah_tangga", "sd", "mendengar", "rape", "74", "74.06.01",
    "74.06.01.1010", "99.99", "74.06.01.", "2024-01-20", "2024-01-22", "2024-02-30", "2030-01-01", "2012-03-04",
    "2024-01-25", "2024-01-31", "2024-02-02", "2024-1-2", "09:15", "09:15:30", "9 pagi", "25:00",
    "2024-01-22T09:15:00", "2024-01-22T09", "2024-13-22T09:15",
    "3429c86f-627b-4637-91fc-04169c81fe8f", "3429C86F-627B-4637-91FC-04169C81FE8F", "bukan-uuid", "caseapp.case",
    make_nik("74.06.01", dt.date(2012, 3, 4), "P", 1), "7406010113800000", "740601440312000",
    [], ["seksual"], ["seksual", "seksual"], ["fisik", "psikis"], [1], ["x"], [None], {}, {"x": 1},
    {"name": "Ibu"}, {"name": "Ibu", "nik": "123"}, {"name": " "}, {"victim": 0, "relationship": "guru"},
    {"victim": True, "relationship": "guru"}, [{"victim": 5, "relationship": "guru"}],
    [{"victim": 0, "relationship": "guru"}, {"victim": 0, "relationship": "teman"}],
    {"name": "Baru", "sex": "P"}, {"violence_types": ["fisik"]}, {"date": "2024-01-25"},
    {"basis": "persetujuan", "given_by": "Ibu"}, {"created_at": "2024-01-22T09:30", "text": "Catatan."},
]
KEYS = sorted({*case_json._CASE_KEYS, *case_json._PERSON_KEYS, "relationship", "relationships", "victim", "date",
               "text", "created_at", "basis", "service", "agama", "umur", "catatan_rahasia"})


def _locations(doc) -> list[tuple]:
    """(container, key) for every value in the document, plus (container, None) for every object and list."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            out.append((node, None))
            for key, value in node.items():
                out.append((node, key))
                walk(value)
        elif isinstance(node, list):
            out.append((node, None))
            for i, value in enumerate(node):
                out.append((node, i))
                walk(value)

    walk(doc)
    return out


def _same_type(value, index: int):
    """A value from VALUES of the same JSON type as ``value`` (so that more mutations pass the shape checks)."""
    kind = type(value)
    candidates = [v for v in VALUES if type(v) is kind] or VALUES
    return copy.deepcopy(candidates[index % len(candidates)])


def mutate(doc: dict, steps) -> dict:
    """Apply (where, op, value, key) steps: on a value, delete it (op 0), replace it with any value (1, 2) or with one
    of the same type (3-5); on an object, add a key; on a list, append a value or a copy of one of its items."""
    doc = copy.deepcopy(doc)
    for where, op, value_index, key_index in steps:
        locations = _locations(doc)
        container, key = locations[where % len(locations)]
        value = copy.deepcopy(VALUES[value_index % len(VALUES)])
        if key is None:  # the container itself: add or append
            if isinstance(container, dict):
                container[KEYS[key_index % len(KEYS)]] = value
            elif op % 2 and container:
                container.append(copy.deepcopy(container[key_index % len(container)]))
            else:
                container.append(value)
        elif op == 0:
            del container[key]
        elif op <= 2:
            container[key] = value
        else:
            container[key] = _same_type(container[key], value_index)
    return doc


def outcome(module, doc, mode: str):
    """What parsing gives: ("ok", case) or ("refused", field, message), with predictable generated uuids."""
    counter = itertools.count()
    saved = module.new_uuid
    module.new_uuid = lambda: f"00000000-0000-4000-8000-{next(counter):012d}"
    original = copy.deepcopy(doc)
    try:
        result = ("ok", module.case_from_json(doc, **MODES[mode]))
    except ValidationError as exc:
        result = ("refused", exc.field, exc.message)
    except Exception as exc:  # noqa: BLE001 — anything else must match too
        result = ("error", type(exc), str(exc))
    finally:
        module.new_uuid = saved
    assert doc == original, "the parser changed its input"
    return result


def check_same(doc: dict) -> list[str]:
    kinds = []
    for mode in MODES:
        expected = outcome(reference, doc, mode)
        actual = outcome(case_json, doc, mode)
        assert actual == expected, (mode, json.dumps(doc, ensure_ascii=False, default=str))
        kinds.append(expected[0])
    return kinds


def test_seeds_are_accepted_in_every_mode():
    for doc in SEEDS:
        assert check_same(doc) == ["ok"] * len(MODES)


def test_many_mutations_give_the_same_outcome():
    rng = random.Random(20240201)
    kinds = []
    for _ in range(1500):
        steps = [(rng.randrange(10 ** 6), rng.randrange(6), rng.randrange(10 ** 6), rng.randrange(10 ** 6))
                 for _step in range(rng.choice((1, 1, 2, 3, 5)))]
        kinds += check_same(mutate(rng.choice(SEEDS), steps))
    # Both kinds of outcome are well represented, so the comparison covers acceptance as well as refusals.
    assert kinds.count("ok") > 500 and kinds.count("refused") > 1500


STEP = st.tuples(st.integers(0, 10 ** 6), st.integers(0, 5), st.integers(0, 10 ** 6), st.integers(0, 10 ** 6))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(range(len(SEEDS))), steps=st.lists(STEP, min_size=1, max_size=4))
def test_mutations_property(seed, steps):
    check_same(mutate(SEEDS[seed], steps))


@pytest.mark.parametrize("data", ["{nope", "[1, 2]", b'{"intake_date": 1}', "null", '"x"', EXAMPLE,
                                  EXAMPLE.encode(), b"\xff"])
def test_text_input_gives_the_same_outcome(data):
    for mode in MODES:
        assert outcome(case_json, data, mode) == outcome(reference, data, mode)
