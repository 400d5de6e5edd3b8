import datetime as dt

from caseapp.letters.recovery_kit import render_recovery_kit
from tests.letters.pdfutil import flat, fonts, reader, text

KEY = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD-EFGH-JKLM-NPQR-ST7K"


def _kit(key: str = KEY) -> bytes:
    return render_recovery_kit("UPTD PPA Kabupaten Bombana (contoh)", "74.06", "db-0000-contoh", key,
                               dt.datetime(2024, 1, 22, 9, 30))


def test_kit_is_one_page_with_the_key_as_given():
    pdf = _kit()
    assert len(reader(pdf).pages) == 1
    assert KEY in flat(pdf)


def test_kit_texts():
    f = flat(_kit())
    for phrase in ("KIT PEMULIHAN", "RAHASIA", "Pulihkan dengan kunci pemulihan", "lemari", "memotret",
                   "Jika hilang atau bocor", "Disimpan oleh (admin)", "Tanda tangan", "74.06", "db-0000-contoh",
                   "22 Januari 2024 09.30"):
        assert "".join(phrase.split()) in f, phrase


def test_space_grouped_key_and_mono_font():
    key = "abcde fghij klmno pqrst uvwxy z2345 67abc defgh ijklm nopqr"
    pdf = _kit(key)
    assert "".join(key.split()) in flat(pdf)
    used = fonts(pdf)
    assert any("LiberationMono" in name for name, _e in used)
    assert all(embedded for _n, embedded in used)


def test_metadata_has_no_key():
    pdf = _kit()
    meta = " ".join(str(v) for v in reader(pdf).metadata.values())
    assert "ABCD" not in meta
    assert text(pdf)
