"""The self-test service: every step passes on a working install, failures are named, nothing is left behind."""

from __future__ import annotations

import tempfile

import pytest

from caseapp.services import referrals, selftest


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Point the system temporary directory at a folder this test can inspect; with spaces and non-ASCII letters,
    as under C:\\Users\\<a Windows user name>\\AppData\\Local\\Temp."""
    root = tmp_path / "Wa Ode Nurhayati – Pengguna Ñ 東" / "Temp"
    root.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_all_steps_pass_and_the_temporary_offices_are_removed(temp_root, monkeypatch, tmp_path):
    office_data = tmp_path / "real-office"
    monkeypatch.setenv("CASEAPP_DATA_DIR", str(office_data))
    seen_windows = []
    reported = []
    results = selftest.run_selftest(reported.append, window_check=seen_windows.append)
    assert [r.title for r in results] == selftest.selftest_steps()
    assert all(r.ok for r in results), [(r.title, r.detail) for r in results if not r.ok]
    assert reported == results  # each step reported as it finished
    # The window check received the sending office, closed (its lock free) and holding the test case.
    office = seen_windows[0]
    assert office.data_dir.is_initialized() is False  # by now removed with everything else
    assert list(temp_root.iterdir()) == []
    assert not office_data.exists()  # the real data folder is never opened or created


def test_window_check_opens_the_store_itself(temp_root):
    from caseapp.services import cases
    from caseapp.services.session import unlock

    found = []

    def check(office):
        with unlock(office.data_dir, office.username, office.password, kdf_policy=selftest.SELFTEST_KDF) as s:
            found.extend(c.case_number for c in cases.list_cases(s, cases.CaseFilter()))

    results = selftest.run_selftest(window_check=check)
    assert all(r.ok for r in results) and len(found) == 1


def test_a_failing_step_is_named_later_steps_skipped_and_cleanup_still_runs(temp_root, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("Nama Korban Rahasia")  # must never be shown: could be record content

    monkeypatch.setattr(referrals, "render_letter", broken)
    results = selftest.run_selftest(window_check=lambda office: None)
    by_title = {r.title: r for r in results}
    letter = by_title["Membuat surat rujukan (PDF)"]
    assert not letter.ok and "RuntimeError" in letter.detail and "Rahasia" not in letter.detail
    assert by_title["Menyimpan kasus"].ok
    skipped = by_title["Membaca berkas pertukaran di kantor kedua"]
    assert not skipped.ok and skipped.detail == "dilewati karena langkah sebelumnya gagal"
    assert not by_title["Membuka jendela utama"].ok
    assert by_title["Menghapus semua berkas uji"].ok
    assert list(temp_root.iterdir()) == []


def test_failed_window_check_message_is_reported(temp_root):
    def check(_office):
        raise selftest.SelftestFailed("Halaman Kasus tidak dapat dibuka.")

    results = selftest.run_selftest(window_check=check)
    window = [r for r in results if r.title == "Membuka jendela utama"][0]
    assert (window.ok, window.detail) == (False, "Halaman Kasus tidak dapat dibuka.")
    assert results[-1].ok and list(temp_root.iterdir()) == []


def test_selftest_stores_use_cheap_kdf_but_product_policy_is_unchanged():
    from caseapp.crypto.kdf import FLOOR_MEMORY_KIB, KdfPolicy

    assert selftest.SELFTEST_KDF.memory_kib < FLOOR_MEMORY_KIB
    assert KdfPolicy.product().memory_kib >= FLOOR_MEMORY_KIB


def test_a_missing_module_is_named_so_the_it_officer_knows_the_install_is_incomplete(monkeypatch):
    """In a frozen build a module left out by the spec fails a step; the line says which one, not just the kind."""
    from caseapp.services import referrals, selftest

    def missing(*_a, **_k):
        raise ModuleNotFoundError("No module named 'reportlab.graphics.barcode.code128'",
                                  name="reportlab.graphics.barcode.code128")

    monkeypatch.setattr(referrals, "render_letter", missing)
    results = selftest.run_selftest(window_check=lambda: None)
    failed = [r for r in results if not r.ok]
    assert failed and "reportlab.graphics.barcode.code128" in failed[0].detail
