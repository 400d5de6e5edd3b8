"""Code lists: shipped content, labels, validity of inactive codes, and safe admin extension."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseapp.domain.codes import CodeRegistry, default_registry, is_valid, label
from caseapp.domain.errors import ValidationError

REQUIRED = {
    "violence_type": {"fisik", "psikis", "seksual", "eksploitasi", "trafikking", "penelantaran", "lainnya"},
    "place": {"rumah_tangga", "tempat_kerja", "sekolah", "fasilitas_umum", "lembaga_pendidikan", "daring",
              "darurat_bencana", "lainnya"},
    "relationship": {"orang_tua", "ayah_kandung", "ibu_kandung", "ayah_tiri", "ibu_tiri", "keluarga", "suami_istri",
                     "pacar_teman", "tetangga", "guru", "majikan", "rekan_kerja", "tidak_dikenal", "lainnya"},
    "service": {"pengaduan", "kesehatan", "bantuan_hukum", "penegakan_hukum", "rehabilitasi_sosial",
                "reintegrasi_sosial", "pemulangan", "pendampingan_tokoh_agama", "mediasi",
                "penampungan_sementara", "psikologis"},
    "sex": {"L", "P"},
    "channel": {"datang_langsung", "telepon_wa", "sapa129", "surat", "email", "rujukan", "penjangkauan", "media",
                "pelimpahan"},
    "risk_level": {"tinggi", "sedang", "rendah"},
    "case_status": {"pengaduan", "asesmen", "rencana_intervensi", "layanan", "monitoring", "selesai"},
}
ALSO = {"education", "marital_status", "disability_type", "occupation", "gbvims", "closure_reason",
        "age_group_detailed", "age_group_broad"}


@pytest.fixture(scope="module")
def reg() -> CodeRegistry:
    return default_registry()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_codes_present(reg, name):
    assert REQUIRED[name] <= set(reg[name].codes())


def test_all_lists_present_and_entries_complete(reg):
    assert set(REQUIRED) | ALSO <= set(reg.names())
    for name in reg.names():
        for e in reg[name].entries:
            assert e.label_id and e.label_en, (name, e.code)


def test_trafficking_is_spelled_as_the_law_does_and_offers_the_tppo_purposes(reg):
    assert reg.label("violence_type", "trafikking", "id") == "Perdagangan orang (TPPO)"
    offered = {e.code for e in reg.offered("violence_type", parent="trafikking")}
    assert offered == {"trafikking_eksploitasi_seksual", "trafikking_perbudakan", "trafikking_organ",
                       "trafikking_kerja_paksa", "trafikking_pengantin_pesanan", "trafikking_adopsi_ilegal"}
    # a child drug courier is economic exploitation, not a TPPO purpose: the old code stays readable only
    assert reg.is_valid("violence_type", "trafikking_narkoba")
    assert not reg["violence_type"].get("trafikking_narkoba").active
    assert reg.current("violence_type", "trafikking_narkoba") == "eksploitasi_ekonomi"


def test_the_nine_tpks_forms_and_pasal_4_2_offences_are_sexual_violence(reg):
    forms = {"pelecehan_seksual_nonfisik", "pelecehan_seksual_fisik", "pemaksaan_kontrasepsi",
             "pemaksaan_sterilisasi", "pemaksaan_perkawinan", "penyiksaan_seksual", "eksploitasi_seksual",
             "perbudakan_seksual", "kekerasan_seksual_berbasis_elektronik"}
    offences = {"perkosaan", "perbuatan_cabul", "persetubuhan_anak", "pencabulan_anak", "pelanggaran_kesusilaan",
                "pornografi_anak", "pemaksaan_pelacuran", "kekerasan_seksual_rumah_tangga", "perkawinan_anak"}
    under = {e.code for e in reg.offered("violence_type", parent="seksual")}
    assert forms | offences <= under
    assert reg.label("violence_type", "pelecehan_seksual_fisik", "id") == "Pelecehan seksual fisik"
    assert all(reg.inherited("violence_type", c, "police_clock") is True for c in forms | offences)


def test_exploitation_split_economic_and_sexual(reg):
    assert {e.code for e in reg.offered("violence_type", parent="eksploitasi")} == \
        {"eksploitasi_ekonomi", "eksploitasi_seksual_anak"}
    assert reg.inherited("violence_type", "eksploitasi_seksual_anak", "police_clock") is True
    assert reg.inherited("violence_type", "eksploitasi_ekonomi", "police_clock") is None


def test_disability_follows_uu_8_2016_and_old_functional_codes_still_read(reg):
    top = {e.code for e in reg.offered("disability_type") if e.parent is None}
    assert top == {"fisik", "intelektual", "mental", "sensorik", "ganda"}
    assert {e.code for e in reg.offered("disability_type", parent="sensorik")} == \
        {"sensorik_netra", "sensorik_rungu", "sensorik_wicara"}
    for old in ("melihat", "mendengar", "berkomunikasi", "mengingat", "mengurus_diri", "berjalan"):
        assert reg.is_valid("disability_type", old) and not reg["disability_type"].get(old).active
    assert reg.current("disability_type", "melihat") == "sensorik_netra"


@pytest.mark.parametrize("list_name, codes", [
    ("relationship", {"suami", "istri", "mantan_suami_istri", "mantan_pacar", "kakek", "paman", "kakak", "pengasuh",
                      "tokoh_agama", "teman_sebaya", "kenalan_daring", "orang_tua_angkat", "wali"}),
    ("occupation", {"asn", "honorer_pppk", "tni_polri", "wiraswasta", "petani", "nelayan", "pekerja_rumah_tangga",
                    "pekerja_migran", "belum_bekerja", "pelajar_mahasiswa"}),
    ("education", {"paud_tk", "tidak_tamat_sd", "sd", "smp", "sma_smk", "d4"}),
    ("place", {"panti_lksa", "lpka_rutan", "tempat_ibadah", "transportasi_umum", "hotel_penginapan",
               "kebun_laut_tambang", "daring"}),
    ("channel", {"media_sosial"}),
    ("closure_reason", {"laporan_dicabut", "putusan_inkracht", "diversi_berhasil"}),
    ("service", {"penjangkauan", "pengelolaan_kasus", "restitusi_lpsk", "dokumen_kependudukan",
                 "pemberdayaan_ekonomi"}),
    ("case_status", {"penjangkauan"}),
])
def test_new_codes_are_offered(reg, list_name, codes):
    assert codes <= {e.code for e in reg.offered(list_name)}


def test_replaced_codes_stay_valid_but_are_no_longer_offered(reg):
    for list_name, code in (("occupation", "pns_tni_polri"), ("occupation", "petani_nelayan"), ("education", "tk")):
        assert reg.is_valid(list_name, code)
        assert code not in {e.code for e in reg.offered(list_name)}
    assert reg.label("service", "psikologis", "id") == "Pendampingan psikologis"
    assert reg.label("education", "sd", "id") == "SD/MI/sederajat"


def test_additions_stored_by_an_older_version_still_apply(reg):
    # An office deactivated a code under its old label, and added the TPKS form itself before this version.
    stored = [{"code": "trafikking", "id": "Trafikking/TPPO", "en": "Trafficking", "active": True}]
    assert reg.extend("violence_type", stored).label("violence_type", "trafikking", "id") == \
        "Perdagangan orang (TPPO)"
    own = [{"code": "pelecehan_fisik", "id": "Pelecehan seksual fisik", "en": "", "parent": "seksual"}]
    with pytest.raises(ValidationError):
        reg.extend("violence_type", own)               # a new addition may not reuse a label
    merged = reg.extend("violence_type", own, stored=True)  # an old one keeps working
    assert merged.is_valid("violence_type", "pelecehan_fisik")
    assert merged.inherited("violence_type", "pelecehan_fisik", "police_clock") is True


def test_gbvims_fixed_order(reg):
    assert reg["gbvims"].codes() == ["rape", "sexual_assault", "physical_assault", "forced_marriage",
                                     "denial_of_resources", "psychological_abuse"]


def test_risk_level_response_hours(reg):
    assert {e.code: e.extra["response_hours"] for e in reg["risk_level"].entries} == \
        {"tinggi": 0, "sedang": 6, "rendah": 24}


def test_labels_in_both_languages(reg):
    assert label("violence_type", "seksual", "id") == "Seksual"
    assert label("violence_type", "seksual", "en") == "Sexual"
    assert reg.label("sex", "P", "en") == "Female"
    assert reg.label("place", "tidak_ada", "id") == "tidak_ada"  # unknown code shows itself


def test_is_valid_and_unknown_list(reg):
    assert is_valid("channel", "sapa129")
    assert not is_valid("channel", "merpati_pos")
    with pytest.raises(ValidationError):
        reg.is_valid("no_such_list", "x")


def test_inactive_code_valid_but_not_offered(reg):
    reg2 = reg.extend("channel", [{"code": "media", "id": "Media", "en": "Media", "active": False}])
    assert reg2.is_valid("channel", "media")
    assert "media" not in [e.code for e in reg2.offered("channel")]
    assert "media" in [e.code for e in reg.offered("channel")]  # original untouched


def test_extend_adds_new_code_and_returns_new_registry(reg):
    reg2 = reg.extend("service", [{"code": "pendampingan_sidang", "id": "Pendampingan sidang",
                                   "en": "Court accompaniment"}])
    assert reg2.is_valid("service", "pendampingan_sidang")
    assert not reg.is_valid("service", "pendampingan_sidang")
    assert reg2["service"].codes()[:len(reg["service"].codes())] == reg["service"].codes()


def test_extend_can_change_response_hours(reg):
    reg2 = reg.extend("risk_level", [{"code": "sedang", "id": "Sedang", "en": "Medium", "response_hours": 4}])
    assert reg2["risk_level"].get("sedang").extra["response_hours"] == 4


@pytest.mark.parametrize("entry, field", [
    ({"code": "fisik", "id": "Kekerasan badan", "en": "x"}, "violence_type[0].id"),            # rename
    ({"code": "trafikking_organ", "id": "Trafikking: perdagangan organ", "parent": "lainnya"},
     "violence_type[0].parent"),                                                                  # re-parent
    ({"code": "Baru Sekali", "id": "Baru"}, "violence_type[0].code"),                               # bad code
    ({"code": "fisik_berat", "id": "FISIK"}, "violence_type[0].id"),                                # duplicate label
    ({"code": "anak_x", "id": "Anak X", "parent": "tidak_ada"}, "violence_type[0].parent"),         # unknown parent
    ({"id": "Tanpa kode"}, "violence_type[0].code"),
])
def test_extend_refusals(reg, entry, field):
    with pytest.raises(ValidationError) as exc:
        reg.extend("violence_type", [entry])
    assert exc.value.field == field


def test_extend_unknown_list_refused(reg):
    with pytest.raises(ValidationError):
        reg.extend("no_such_list", [{"code": "a", "id": "A"}])


_entry = st.fixed_dictionaries(
    {"code": st.one_of(st.sampled_from(["fisik", "seksual", "lainnya", "baru_1", "baru_2"]),
                       st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)),
     "id": st.one_of(st.sampled_from(["Fisik", "Seksual", "Lainnya", "Baru"]), st.text(min_size=1, max_size=12))},
    optional={"active": st.booleans(), "en": st.text(max_size=8)})


@settings(max_examples=200, deadline=None)
@given(st.lists(_entry, max_size=5))
def test_extension_never_loses_or_renames_codes(entries):
    reg = default_registry()
    before = {e.code: e.label_id for e in reg["violence_type"].entries}
    try:
        reg2 = reg.extend("violence_type", entries)
    except ValidationError:
        return
    after = {e.code: e.label_id for e in reg2["violence_type"].entries}
    assert all(after.get(code) == lab for code, lab in before.items())
    assert list(after)[:len(before)] == list(before)
