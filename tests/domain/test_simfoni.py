"""SIMFONI-PPA mapping: every category of the ministry's lists has a caseapp code, every code has a category."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from caseapp.domain.codes import default_registry
from caseapp.domain.simfoni import default_mapping, simfoni_categories

ROOT = Path(__file__).resolve().parents[2]

# The SIMFONI-PPA lists as the domain brief (shared/DOMAIN.md, "Code lists") gives them, category by category.
SIMFONI_LISTS = {
    "violence_type": {"fisik", "psikis", "seksual", "eksploitasi", "trafficking", "trafficking_eksploitasi_seksual",
                      "trafficking_perbudakan", "trafficking_organ", "trafficking_narkoba", "penelantaran", "lainnya"},
    "place": {"rumah_tangga", "tempat_kerja", "sekolah", "fasilitas_umum", "lembaga_pendidikan", "daring",
              "darurat_bencana", "lainnya"},
    "relationship": {"orang_tua", "keluarga", "suami_istri", "pacar_teman", "tetangga", "guru", "majikan",
                     "rekan_kerja", "tidak_dikenal", "lainnya"},
    "service": {"pengaduan", "kesehatan", "bantuan_hukum", "penegakan_hukum", "rehabilitasi_sosial",
                "reintegrasi_sosial", "pemulangan", "pendampingan_tokoh_agama", "mediasi", "penampungan_sementara",
                "psikologis"},
    "age_group_detailed": {"0_5", "6_12", "13_17", "18_24", "25_44", "45_59", "60_plus"},
    "age_group_broad": {"0_17", "18_40", "41_60", "60_plus"},
    "sex": {"laki_laki", "perempuan"},
    "education": {"tidak_sekolah", "paud_tk", "tidak_tamat_sd", "sd", "smp", "sma", "d1_d4", "s1", "s2_s3"},
    "marital_status": {"belum_kawin", "kawin", "cerai_hidup", "cerai_mati", "kawin_siri"},
    "disability_type": {"fisik", "intelektual", "mental", "sensorik", "sensorik_netra", "sensorik_rungu",
                        "sensorik_wicara", "ganda"},
    "occupation": {"pelajar_mahasiswa", "belum_bekerja", "ibu_rumah_tangga", "petani", "nelayan", "pedagang",
                   "wiraswasta", "buruh_karyawan", "pekerja_rumah_tangga", "pekerja_migran", "asn", "honorer_pppk",
                   "tni_polri", "tidak_bekerja", "lainnya"},
    "channel": {"datang_langsung", "telepon_wa", "sapa129", "surat", "email", "rujukan", "penjangkauan", "media"},
}


def test_the_mapping_covers_every_simfoni_list():
    assert set(default_mapping().names()) == set(SIMFONI_LISTS)
    for name, expected in SIMFONI_LISTS.items():
        assert {c.code for c in default_mapping()[name].categories} == expected, name


@pytest.mark.parametrize("name", sorted(SIMFONI_LISTS))
def test_every_simfoni_category_has_an_active_caseapp_code(name):
    mapping, registry = default_mapping(), default_registry()
    reached: dict[str, set[str]] = {}
    for entry in registry[name].entries:
        for category in mapping.categories_for(name, entry.code, registry) or ():
            reached.setdefault(category, set()).add(entry.code)
    assert set(reached) == SIMFONI_LISTS[name]
    # new records can reach every category except the drug-trade sub-type SIMFONI still lists: UU 21/2007 has no
    # such TPPO purpose, so only old records carry it (new ones record economic exploitation)
    active = {c for c, codes in reached.items() if any(registry[name].get(code).active for code in codes)}
    assert SIMFONI_LISTS[name] - active <= {"trafficking_narkoba"}


@pytest.mark.parametrize("name", sorted(SIMFONI_LISTS))
def test_every_shipped_code_maps_to_simfoni_or_is_deliberately_left_out(name):
    mapping, registry = default_mapping(), default_registry()
    unmapped = [e.code for e in registry[name].entries if mapping.categories_for(name, e.code, registry) is None]
    assert unmapped == []
    left_out = {e.code for e in registry[name].entries if mapping.categories_for(name, e.code, registry) == ()}
    assert left_out <= {"pengelolaan_kasus"}


def test_sub_types_follow_their_parent_including_an_offices_own():
    assert simfoni_categories("violence_type", "pelecehan_seksual_fisik") == ("seksual",)
    assert simfoni_categories("relationship", "mantan_pacar") == ("pacar_teman",)
    assert simfoni_categories("violence_type", "trafikking_kerja_paksa") == ("trafficking",)
    assert simfoni_categories("disability_type", "melihat") == ("sensorik_netra",)
    reg = default_registry().extend("violence_type", [
        {"code": "sextortion", "id": "Pemerasan seksual daring", "en": "Sextortion", "parent": "seksual"},
        {"code": "perundungan", "id": "Perundungan", "en": "Bullying"}])
    assert default_mapping().categories_for("violence_type", "sextortion", reg) == ("seksual",)
    assert default_mapping().categories_for("violence_type", "perundungan", reg) is None


def test_committed_mapping_document_is_generated_from_the_data():
    spec = importlib.util.spec_from_file_location("simfoni_mapping_doc", ROOT / "packaging" / "dev" / "simfoni_mapping_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "docs" / "simfoni-mapping.md").read_text(encoding="utf-8")
    assert text == module.render(), "run packaging/dev/simfoni_mapping_doc.py and commit docs/simfoni-mapping.md"
    assert "`pelecehan_seksual_fisik` Pelecehan seksual fisik" in text and "NO MAPPING" not in text
