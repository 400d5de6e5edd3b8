"""Case JSON import: the documented example, every refusal, and full export round trip."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from caseapp.domain.case import Assessment, Case, Consent, FollowUp, Guardian, Incident, InterventionItem, Note, \
    Person, Relation, ServiceRecord
from caseapp.domain.case_json import case_from_json, case_to_json, dumps_case
from caseapp.domain.errors import ValidationError
from caseapp.domain.nik import make_nik

TODAY = dt.date(2024, 2, 1)

EXAMPLE = """{"intake_date": "2024-01-22", "channel": "datang_langsung",
 "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04", "region_code": "74.06.01"}],
 "perpetrators": [{"name": "Fulan", "sex": "L", "relationship": "tetangga"}],
 "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
 "chronology": "Korban melapor bersama ibunya."}"""


def parse(doc, **kw):
    return case_from_json(doc, today=kw.pop("today", TODAY), **kw)


def example() -> dict:
    return json.loads(EXAMPLE)


def test_example_accepted_as_is():
    case = case_from_json(EXAMPLE)  # real today, default registry and region list
    assert case.intake_date == dt.date(2024, 1, 22) and case.channel == "datang_langsung"
    assert case.status == "pengaduan" and case.confidential
    (victim,) = case.victims
    (perp,) = case.perpetrators
    assert (victim.name, victim.sex, victim.birth_date, victim.region_code) == \
        ("Siti Aminah", "P", dt.date(2012, 3, 4), "74.06.01")
    assert case.relationship(perp.uuid, victim.uuid) == "tetangga"
    (inc,) = case.incidents
    assert inc.violence_types == ("seksual",) and inc.date == dt.date(2024, 1, 20) and inc.place == "rumah_tangga"
    assert inc.chronology == "Korban melapor bersama ibunya."


def _refused(doc, field, **kw):
    with pytest.raises(ValidationError) as exc:
        parse(doc, **kw)
    assert exc.value.field == field
    assert exc.value.message and exc.value.message[0].isupper()
    return exc.value


@pytest.mark.parametrize("path, value, field", [
    (("channel",), "merpati", "channel"),
    (("violence_types", 0), "kekerasan_aneh", "violence_types[0]"),
    (("place",), "bulan", "place"),
    (("victims", 0, "sex"), "X", "victims[0].sex"),
    (("perpetrators", 0, "relationship"), "musuh", "perpetrators[0].relationship"),
    (("victims", 0, "region_code"), "74.99.99", "victims[0].region_code"),
])
def test_unknown_code_refused(path, value, field):
    doc = example()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _refused(doc, field)


@pytest.mark.parametrize("nik", ["740601440312000", "74060144031200011", "74060144031200a1"])
def test_nik_wrong_length_refused(nik):
    doc = example()
    doc["victims"][0]["nik"] = nik
    err = _refused(doc, "victims[0].nik")
    assert "NIK" in err.message


def test_nik_bad_content_refused_and_good_accepted():
    doc = example()
    doc["perpetrators"][0]["nik"] = "7406010113800000"
    _refused(doc, "perpetrators[0].nik")
    doc["perpetrators"][0]["nik"] = make_nik("74.06.01", dt.date(1980, 5, 1), "L", 7)
    assert parse(doc).perpetrators[0].nik == doc["perpetrators"][0]["nik"]


def test_incident_date_in_future_refused():
    doc = example()
    doc["incident_date"] = "2024-02-02"
    _refused(doc, "incident_date")


def test_birth_date_after_incident_refused():
    doc = example()
    doc["victims"][0]["birth_date"] = "2024-01-21"
    _refused(doc, "victims[0].birth_date")
    doc = example()
    doc["perpetrators"][0]["birth_date"] = "2024-01-25"
    _refused(doc, "perpetrators[0].birth_date")


@pytest.mark.parametrize("victims", [None, []])
def test_at_least_one_victim(victims):
    doc = example()
    if victims is None:
        del doc["victims"]
    else:
        doc["victims"] = victims
    err = _refused(doc, "victims")
    assert "korban" in err.message


@pytest.mark.parametrize("where, field", [
    ((), "catatan_rahasia"), (("victims", 0), "victims[0].agama"), (("perpetrators", 0), "perpetrators[0].umur"),
])
def test_unknown_keys_refused(where, field):
    doc = example()
    target = doc
    for key in where:
        target = target[key]
    target[field.rsplit(".", 1)[-1]] = "x"
    _refused(doc, field)


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(intake_date="22-01-2024"), "intake_date"),
    (lambda d: d.update(intake_date="2024-02-30"), "intake_date"),
    (lambda d: d.update(intake_date="2024-02-05"), "intake_date"),  # future
    (lambda d: d.pop("intake_date"), "intake_date"),
    (lambda d: d.pop("channel"), "channel"),
    (lambda d: d["victims"][0].update(name="  "), "victims[0].name"),
    (lambda d: d["victims"][0].update(name=5), "victims[0].name"),
    (lambda d: d.update(violence_types=[]), "violence_types"),
    (lambda d: d.update(violence_types=["fisik", "fisik"]), "violence_types"),
    (lambda d: d.update(incidents=[]), "incidents"),
    (lambda d: d.update(status="selesai"), "closure_reason"),
    (lambda d: d.update(closure_reason="tujuan_tercapai"), "closure_reason"),
    (lambda d: d.update(version=0), "version"),
    (lambda d: d.update(confidential="ya"), "confidential"),
    (lambda d: d.update(intake_time="9 pagi"), "intake_time"),
    (lambda d: d.update(format_version=2), "format_version"),
    (lambda d: d["victims"][0].update(uuid="bukan-uuid"), "victims[0].uuid"),
    (lambda d: d["victims"][0].update(has_disability=False, disability_types=["melihat"]),
     "victims[0].disability_types"),
    (lambda d: d["perpetrators"][0].update(relationships=[{"victim": 3, "relationship": "guru"}]),
     "perpetrators[0].relationships"),
    (lambda d: d.update(consents=[{"basis": "persetujuan", "given_by": "Ibu"}]), "consents[0].given_at"),
    (lambda d: d["victims"][0].update(guardian={"name": "Ibu", "nik": "123"}), "victims[0].guardian.nik"),
])
def test_other_refusals(mutate, field):
    doc = example()
    mutate(doc)
    _refused(doc, field)


def test_relationships_per_victim_index():
    doc = example()
    doc["victims"].append({"name": "Adik"})
    del doc["perpetrators"][0]["relationship"]
    doc["perpetrators"][0]["relationships"] = [{"victim": 1, "relationship": "guru"}]
    case = parse(doc)
    perp = case.perpetrators[0]
    assert case.relationship(perp.uuid, case.victims[1].uuid) == "guru"
    assert case.relationship(perp.uuid, case.victims[0].uuid) is None
    doc["perpetrators"][0]["relationships"][0]["victim"] = 2
    _refused(doc, "perpetrators[0].relationships[0].victim")


def test_not_json_and_not_object():
    _refused("{nope", "$")
    _refused("[1, 2]", "$")


def full_case() -> Case:
    v1 = Person(role="korban", name="Siti Aminah", nik=make_nik("74.06.01", dt.date(2012, 3, 4), "P", 1), sex="P",
                birth_date=dt.date(2012, 3, 4), education="sd", marital_status="belum_kawin",
                has_disability=True, disability_types=("mendengar",), region_code="74.06.01.1010",
                street="Jl. Poros", phone="0812", guardian=Guardian("Ibu Korban", "ibu kandung", "0813"))
    v2 = Person(role="korban", name="Adik", birth_date=dt.date(2016, 1, 1), birth_date_estimated=True)
    perp = Person(role="pelaku", name="Fulan", alias="Pak F", sex="L", occupation="petani_nelayan")
    rep = Person(role="pelapor", name="Ibu Korban", sex="P")
    return Case(
        intake_date=dt.date(2024, 1, 22), channel="sapa129", case_number="BMB/2024/0001",
        intake_time=dt.time(9, 15), status="selesai", closure_reason="tujuan_tercapai", risk_level="tinggi",
        competent_office="74.06", confidential=True, assigned_officers=("manajer1", "konselor2"), version=7,
        police_reported_at=dt.datetime(2024, 1, 23, 10, 0),
        persons=(v1, v2, perp, rep),
        relations=(Relation(perp.uuid, v1.uuid, "tetangga"), Relation(perp.uuid, v2.uuid, "lainnya")),
        incidents=(Incident(dt.date(2024, 1, 20), ("seksual", "psikis"), gbvims=("rape",), place="rumah_tangga",
                            region_code="74.06.01.1010", chronology="Kronologi."),
                   Incident(None, ("fisik",), date_approximate=True)),
        assessments=(Assessment(dt.date(2024, 1, 23), assessor="psikolog1", psychological="Cemas",
                                risk_level="tinggi"),),
        interventions=(InterventionItem("kesehatan", goal="Visum", provider="RSUD Bombana",
                                        target_date=dt.date(2024, 3, 1), agreed_with_client=True,
                                        status="selesai"),),
        services=(ServiceRecord("kesehatan", dt.date(2024, 1, 24), provider="RSUD", by_referral=True),),
        follow_ups=(FollowUp(dt.date(2024, 1, 30), method="kunjungan rumah", next_date=dt.date(2024, 3, 1)),),
        notes=(Note(dt.datetime(2024, 1, 22, 9, 30), "Catatan.", author="petugas"),),
        consents=(Consent("persetujuan", given_by="Ibu Korban", giver_relation="orang_tua",
                          scope=("pencatatan", "rujukan"), given_at=dt.datetime(2024, 1, 22, 9, 20)),
                  Consent("kewajiban_hukum", note="Laporan ke polisi (UU TPKS)")),
    )


def test_full_export_round_trips():
    case = full_case()
    data = case_to_json(case)
    text = json.dumps(data)
    assert parse(text) == case
    assert parse(dumps_case(case)) == case
    assert json.loads(dumps_case(case)) == data


def test_example_round_trips_after_import():
    case = parse(EXAMPLE)
    again = parse(case_to_json(case))
    assert again == case


def test_export_is_not_mutated_by_import():
    data = case_to_json(full_case())
    snapshot = copy.deepcopy(data)
    parse(data)
    assert data == snapshot


def test_shorthand_and_incidents_list_conflict():
    doc = example()
    doc["incidents"] = [{"violence_types": ["fisik"]}]
    _refused(doc, "incidents")


def test_incident_after_the_complaint_is_refused_with_its_field():
    from caseapp.domain.case_json import case_from_json
    from caseapp.domain.errors import ValidationError

    data = {"intake_date": "2024-01-22", "channel": "datang_langsung",
            "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04"}],
            "violence_types": ["seksual"], "incident_date": "2024-02-01"}
    with pytest.raises(ValidationError) as err:
        case_from_json(data, today=__import__("datetime").date(2025, 1, 1))
    assert err.value.field == "incident_date"


def test_birth_after_the_complaint_without_incident_date_names_the_person():
    from caseapp.domain.case_json import case_from_json
    from caseapp.domain.errors import ValidationError

    data = {"intake_date": "2024-01-22", "channel": "datang_langsung",
            "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2024-03-04"}],
            "violence_types": ["seksual"]}
    with pytest.raises(ValidationError) as err:
        case_from_json(data, today=__import__("datetime").date(2025, 1, 1))
    assert err.value.field == "victims[0].birth_date"


# --- behaviour the faster parser must keep (caches, order of refusals, what it builds) --------------------------

def test_every_object_built_has_exactly_its_fields_in_order():
    import dataclasses

    case = parse(case_to_json(full_case()))
    objects = [case, *case.persons, *[p.guardian for p in case.persons if p.guardian], *case.relations,
               *case.incidents, *case.assessments, *case.interventions, *case.services, *case.follow_ups,
               *case.notes, *case.consents]
    assert {type(o) for o in objects} == {Case, Person, Guardian, Relation, Incident, Assessment, InterventionItem,
                                          ServiceRecord, FollowUp, Note, Consent}
    for obj in objects:
        assert list(vars(obj)) == [f.name for f in dataclasses.fields(obj)], type(obj)
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.uuid = "x"  # still frozen
        assert hash(obj) == hash(dataclasses.replace(obj))


def test_every_item_of_a_list_is_checked_as_an_object_before_any_field():
    doc = example()
    doc["victims"][0]["name"] = 5
    doc["victims"].append({"name": "Adik", "agama": "x"})
    _refused(doc, "victims[1].agama")
    doc["victims"][1] = "Adik"
    _refused(doc, "victims[1]")


def test_the_first_problem_in_document_order_is_reported():
    doc = example()
    doc["victims"][0].update(nik="123", name=" ", sex="X")
    _refused(doc, "victims[0].nik")
    doc["victims"][0]["nik"] = None
    _refused(doc, "victims[0].name")
    doc = example()
    doc.update(channel="merpati", intake_date="kemarin")
    _refused(doc, "intake_date")


def test_a_date_is_checked_against_today_every_time():
    # Date texts are remembered once parsed; whether a date lies in the future still depends on the call.
    doc = example()
    assert parse(doc, today=dt.date(2024, 1, 22)).intake_date == dt.date(2024, 1, 22)
    _refused(doc, "intake_date", today=dt.date(2024, 1, 21))
    doc["victims"][0]["birth_date"] = "2024-02-01"
    _refused(doc, "victims[0].birth_date", today=dt.date(2024, 1, 31))
    assert parse(doc, today=dt.date(2024, 2, 1), partial=True).victims[0].birth_date == dt.date(2024, 2, 1)


def test_a_region_code_is_checked_for_existence_every_time():
    doc = example()
    assert parse(doc).victims[0].region_code == "74.06.01"
    _refused(doc, "victims[0].region_code", region_exists=lambda code: code != "74.06.01")
    doc["victims"][0]["region_code"] = "74.06.1"
    _refused(doc, "victims[0].region_code", region_exists=lambda code: True)


def test_codes_follow_the_registry_passed_in():
    from caseapp.domain.codes import default_registry

    doc = example()
    doc["place"] = "kebun"
    _refused(doc, "place")
    extended = default_registry().extend("place", [{"code": "kebun", "id": "Kebun"}])
    assert parse(doc, registry=extended).incidents[0].place == "kebun"
    _refused(doc, "place")
    # Inactive codes stay valid, so old records still import.
    retired = default_registry().extend("place", [{"code": "rumah_tangga", "id": "Rumah tangga", "active": False}])
    assert parse(example(), registry=retired).incidents[0].place == "rumah_tangga"


def test_lists_of_codes_refuse_the_first_bad_item_and_repeats():
    doc = example()
    doc["violence_types"] = ["fisik", 3, "aneh"]
    _refused(doc, "violence_types[1]")
    doc["violence_types"] = ["fisik", "aneh", ["x"]]
    _refused(doc, "violence_types[1]")
    doc["violence_types"] = ["fisik", ["x"]]
    _refused(doc, "violence_types[1]")
    doc["violence_types"] = ["fisik", "psikis", "fisik"]
    _refused(doc, "violence_types")


def test_absent_null_and_empty_values():
    doc = example()
    doc["victims"][0].update(uuid="", alias=None, nik="", has_disability=None, disability_types=None, guardian=None,
                             region_code="")
    doc.update(risk_level=None, status=None, incident_region_code=None, chronology=None)
    case = parse(doc)
    victim = case.victims[0]
    assert len(victim.uuid) == 36 and victim.alias == "" and victim.nik is None and victim.region_code is None
    assert victim.has_disability is None and victim.disability_types == () and victim.guardian is None
    assert case.status == "pengaduan" and case.risk_level is None and case.incidents[0].chronology == ""
