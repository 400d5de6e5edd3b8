"""caseapp-cli: init, users, unlock-check; passwords only from the environment or stdin; no tracebacks."""

import pytest

from caseapp import __version__
from tests.helpers import files_containing, run_cli

ADMIN_PW = "sandi-admin-cli-1"
NEW_PW = "sandi-petugas-cli-1"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "data"
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana",
                 "--admin", "admin", "--admin-full-name", "Andi Administrator Unik"], data_dir=root, password=ADMIN_PW)
    assert r.returncode == 0, r.stderr
    key_line = r.stdout.strip().splitlines()[-1]
    assert len(key_line.split("-")) == 11
    return root, key_line


def test_version():
    r = run_cli(["--version"], data_dir="/nonexistent")
    assert r.returncode == 0 and __version__ in r.stdout


def test_unlock_check_exit_codes(office):
    root, _ = office
    assert run_cli(["unlock-check"], data_dir=root, user="admin", password=ADMIN_PW).returncode == 0
    r = run_cli(["unlock-check"], data_dir=root, user="admin", password="salah-sekali-ini")
    assert r.returncode == 13
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert "kata sandi salah" in r.stderr


def test_password_from_stdin(office):
    root, _ = office
    r = run_cli(["--password-stdin", "unlock-check"], data_dir=root, user="admin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr


def test_missing_password_is_a_clear_error(office):
    root, _ = office
    r = run_cli(["unlock-check"], data_dir=root, user="admin")
    assert r.returncode != 0 and "CASEAPP_PASSWORD" in r.stderr and "Traceback" not in r.stderr


def test_no_password_argument_exists():
    r = run_cli(["unlock-check", "--password", "x"], data_dir="/nonexistent", user="admin")
    assert r.returncode == 2  # argparse refuses it


def test_user_add_list_passwd_remove(office):
    root, _ = office
    r = run_cli(["user", "add", "siti", "--role", "officer", "--full-name", "Siti Petugas", "--position", "Konselor"],
                data_dir=root, user="admin", password=ADMIN_PW, new_password=NEW_PW)
    assert r.returncode == 0, r.stderr
    assert run_cli(["unlock-check"], data_dir=root, user="siti", password=NEW_PW).returncode == 0
    r = run_cli(["user", "list", "--json"], data_dir=root, user="admin", password=ADMIN_PW)
    assert '"siti"' in r.stdout and "Konselor" in r.stdout
    r = run_cli(["--password-stdin", "user", "passwd"], data_dir=root, user="siti", stdin=f"{NEW_PW}\nsandi-kedua-siti\n")
    assert r.returncode == 0, r.stderr
    assert run_cli(["unlock-check"], data_dir=root, user="siti", password="sandi-kedua-siti").returncode == 0
    r = run_cli(["user", "add", "budi", "--role", "admin", "--full-name", "Budi"], data_dir=root, user="siti",
                password="sandi-kedua-siti", new_password=NEW_PW)
    assert r.returncode == 4 and "Peran Anda" in r.stderr
    r = run_cli(["user", "remove", "siti"], data_dir=root, user="admin", password=ADMIN_PW)
    assert r.returncode == 0, r.stderr
    assert run_cli(["unlock-check"], data_dir=root, user="siti", password="sandi-kedua-siti").returncode == 13


def test_invalid_value_names_the_problem(office):
    root, _ = office
    r = run_cli(["user", "add", "Bad Name", "--role", "officer", "--full-name", "X"], data_dir=root, user="admin",
                password=ADMIN_PW, new_password=NEW_PW)
    assert r.returncode == 3 and "Nama pengguna" in r.stderr


def test_init_twice_is_refused(office):
    root, _ = office
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "X", "--admin", "admin"], data_dir=root, password=ADMIN_PW)
    assert r.returncode == 11 and "sudah" in r.stderr


def test_not_initialized_message(tmp_path):
    r = run_cli(["unlock-check"], data_dir=tmp_path / "kosong", user="admin", password="x" * 12)
    assert r.returncode == 10 and "caseapp-cli init" in r.stderr


def test_bad_office_code_refused(tmp_path):
    r = run_cli(["init", "--office-code", "7406", "--office-name", "X", "--admin", "admin"], data_dir=tmp_path / "d",
                password=ADMIN_PW)
    assert r.returncode == 3 and "74.06" in r.stderr
    assert not (tmp_path / "d" / "caseapp.db").exists()


def test_names_never_reach_disk(office):
    root, _ = office
    assert files_containing(root, "Andi Administrator Unik") == []


def test_english_messages(office):
    root, _ = office
    r = run_cli(["--lang", "en", "unlock-check"], data_dir=root, user="admin", password="salah-sekali-ini")
    assert r.returncode == 13 and "password" in r.stderr.lower()
