"""``caseapp-cli selftest`` and ``--version`` as an IT officer runs them after installing."""

from __future__ import annotations

import tempfile
import tomllib

from caseapp import __version__
from caseapp.cli import main, selftest_commands
from caseapp.services.selftest import SelftestFailed, selftest_steps
from tests.helpers import REPO, run_cli


def test_selftest_passes_with_one_line_per_step_and_opens_the_main_window(tmp_path):
    r = run_cli(["selftest"], data_dir=tmp_path / "never-created", timeout=240)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    steps = selftest_steps()
    assert [line.rsplit(" (", 1)[0] for line in lines[:-1]] == [f"✓ {title}" for title in steps]
    assert "Membuka jendela utama" in steps
    assert lines[-1] == f"Uji mandiri berhasil: {len(steps)} langkah."
    assert r.stderr == ""
    assert not (tmp_path / "never-created").exists()


def test_selftest_in_english(tmp_path):
    r = run_cli(["--lang", "en", "selftest", "--no-window"], data_dir=tmp_path / "x", timeout=240)
    assert r.returncode == 0, r.stderr
    assert "✓ Rendering a referral letter (PDF)" in r.stdout and "Opening the main window" not in r.stdout


def test_failed_step_gives_cross_and_exit_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(_office):
        raise SelftestFailed("Halaman Kasus tidak dapat dibuka.")

    monkeypatch.setattr(selftest_commands, "window_in_child", broken)
    rc = main(["--lang", "id", "selftest"])
    out = capsys.readouterr().out
    assert rc == 1
    assert "✗ Membuka jendela utama: Halaman Kasus tidak dapat dibuka." in out
    assert "✓ Menghapus semua berkas uji" in out
    assert out.splitlines()[-1] == f"Uji mandiri gagal: 1 dari {len(selftest_steps())} langkah."
    assert list(tmp_path.iterdir()) == []


def test_marks_fall_back_to_words_on_a_legacy_console(monkeypatch):
    class Cp1252Out:
        encoding = "cp1252"

    monkeypatch.setattr("sys.stdout", Cp1252Out())
    assert selftest_commands._marks() == ("OK", "GAGAL")


def test_version_is_the_package_version(tmp_path):
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared
    r = run_cli(["--version"], data_dir=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"caseapp {declared}"
