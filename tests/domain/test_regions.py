"""Region index: counts, lookups, lazy village loading, and case/diacritic-insensitive search."""

from __future__ import annotations

import pytest

from caseapp.domain import regions
from caseapp.domain.regions import DISTRICT, PROVINCE, REGENCY, VILLAGE, RegionIndex, normalize


@pytest.fixture(scope="module")
def idx() -> RegionIndex:
    return RegionIndex()


def test_counts(idx):
    assert len(idx.children(None)) == 38
    assert sum(len(idx.children(p.code)) for p in idx.children(None)) == 514
    assert idx.name("74") == "Sulawesi Tenggara"
    assert idx.name("74.06") == "Kabupaten Bombana"


def test_level_and_exists(idx):
    assert [regions.level(c) for c in ("74", "74.06", "74.06.01", "74.06.01.1010")] == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        regions.level("7406")
    assert idx.exists("74.06.01.1010")
    assert not idx.exists("74.99")
    assert not idx.exists("garbage")
    assert idx.name("74.99.01") is None


def test_children_and_parents(idx):
    kec = idx.children("74.06")
    assert all(r.level == DISTRICT and r.code.startswith("74.06.") for r in kec)
    assert "Poleang" in [r.name for r in kec]
    assert [r.code for r in idx.parents("74.06.01.1010")] == ["74", "74.06", "74.06.01"]
    assert idx.children("74.06.01.1010") == []


def test_full_path_label(idx):
    assert idx.full_path_label("74.06.01") == "Kec. Poleang, Kabupaten Bombana, Sulawesi Tenggara"
    assert idx.full_path_label("74.06.01.1010") == \
        "Kel. Boepinang, Kec. Poleang, Kabupaten Bombana, Sulawesi Tenggara"
    assert idx.full_path_label("74.06") == "Kabupaten Bombana, Sulawesi Tenggara"
    assert idx.full_path_label("99.99") == ""


def test_villages_load_only_when_needed():
    fresh = RegionIndex()
    assert fresh.full_path_label("74.06.01").startswith("Kec. ")
    fresh.search("bombana", level=REGENCY)
    fresh.children("74.06")
    assert not fresh.villages_loaded()
    fresh.children("74.06.01")
    assert fresh.villages_loaded()


def test_search_finds_bombana_first(idx):
    hits = idx.search("bombana")
    assert hits[0].code == "74.06" and hits[0].level == REGENCY
    assert idx.search("BOMBANA", level=REGENCY) == [hits[0]]


def test_search_village_by_name_case_insensitive(idx):
    hits = idx.search("boepinang", level=VILLAGE)
    assert "74.06.01.1010" in [h.code for h in hits]
    assert idx.search("BoEpInAnG", level=VILLAGE) == hits


def test_search_diacritic_insensitive(idx):
    assert idx.search("Bómbâna", level=REGENCY)[0].code == "74.06"
    assert idx.search("regapu'u") == idx.search("Regapu\u2019u")  # typographic apostrophe in the data
    assert idx.search("regapu'u")[0].code == "53.07.01.2021"


def test_search_within_limit_and_levels(idx):
    hits = idx.search("a", within="74.06", limit=500)
    assert hits and all(h.code.startswith("74.06.") for h in hits)
    assert {h.level for h in hits} == {DISTRICT, VILLAGE}
    assert len(idx.search("a", limit=7)) == 7
    assert all(h.level == PROVINCE for h in idx.search("sulawesi", level=PROVINCE))
    assert idx.search("sulawesi", level=PROVINCE, within="74") == []
    assert idx.search("") == [] and idx.search("zzqx") == []
    # whole names are matched only once each, even if the text appears twice in the name
    assert len({h.code for h in idx.search("bomba")}) == len(idx.search("bomba"))


def test_search_hits_are_correct_and_complete_for_a_district(idx):
    everything = idx.children("74.06.01")
    expected = [r for r in everything if "a" in normalize(r.name)]
    assert idx.search("a", level=VILLAGE, within="74.06.01", limit=10_000) == expected


def test_diacritics_in_data(tmp_path):
    (tmp_path / "provinces.csv").write_text("code,name\n99,Provinsi Uji\n", encoding="utf-8")
    (tmp_path / "regencies.csv").write_text("code,province_code,name\n99.01,99,Kabupaten Coba\n", encoding="utf-8")
    (tmp_path / "districts.csv").write_text("code,regency_code,name\n99.01.01,99.01,Kéc Satu\n", encoding="utf-8")
    (tmp_path / "villages.csv").write_text(
        'code,district_code,name\n99.01.01.2001,99.01.01,"Kampung Bàru, Ñusa"\n', encoding="utf-8")
    small = RegionIndex(tmp_path)
    assert small.search("baru")[0].name == "Kampung Bàru, Ñusa"
    assert small.search("NUSA")[0].code == "99.01.01.2001"
    assert small.search("kec satu")[0].code == "99.01.01"
    assert small.full_path_label("99.01.01.2001") == "Desa Kampung Bàru, Ñusa, Kec. Kéc Satu, Kabupaten Coba, Provinsi Uji"


def test_module_level_functions():
    assert regions.exists("74.06") and regions.name("74.06") == "Kabupaten Bombana"
    assert regions.search("bombana", level=REGENCY)[0].code == "74.06"
    assert regions.parents("74.06.01")[-1].code == "74.06"
    assert regions.children("74")[0].level == REGENCY
