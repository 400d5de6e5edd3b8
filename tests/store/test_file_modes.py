"""Issue 9: the database, key file, WAL, shared-memory and every other data-folder file are 0600 on POSIX."""

import os
import stat

import pytest

from caseapp.datadir import DataDir
from caseapp.services import accounts
from caseapp.services.preferences import Preferences, save_preferences
from tests.helpers import ADMIN_PASSWORD, add_officer, make_office, run_cli, unlock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _modes(root) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in root.iterdir() if p.is_file()}


def test_store_files_are_private_while_open_and_after_a_rekey(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    s = result.session
    add_officer(s)
    s.audit("case_viewed", "case", "x")
    modes = _modes(data_dir.root)
    for name in ("caseapp.db", "caseapp.db-wal", "caseapp.db-shm", "caseapp.keys", "caseapp.lock"):
        assert modes.get(name) == 0o600, (name, oct(modes.get(name, 0)))
    accounts.remove_user(s, "petugas1")  # re-key: SQLCipher rewrites every page
    s.audit("case_viewed", "case", "y")
    assert all(m == 0o600 for m in _modes(data_dir.root).values()), {k: oct(v) for k, v in _modes(data_dir.root).items()}
    s.close()
    with pytest.raises(Exception):
        unlock(data_dir, "admin", "salah-sekali-sandinya")  # leaves unlock-state.json behind
    save_preferences(data_dir, Preferences())
    modes = _modes(data_dir.root)
    assert {"unlock-state.json", "preferences.json"} <= modes.keys()
    assert all(m == 0o600 for m in modes.values()), {k: oct(v) for k, v in modes.items()}
    assert stat.S_IMODE(data_dir.root.stat().st_mode) == 0o700


def test_a_store_left_readable_by_an_older_version_is_tightened_at_unlock(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    result.session.close()
    os.chmod(data_dir.database, 0o644)
    unlock(data_dir).close()
    assert stat.S_IMODE(data_dir.database.stat().st_mode) == 0o600


def test_cli_init_creates_private_files(tmp_path):
    root = tmp_path / "cli"
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana", "--admin", "admin"],
                data_dir=root, password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    modes = _modes(root)
    assert modes["caseapp.db"] == 0o600 and modes["caseapp.keys"] == 0o600, {k: oct(v) for k, v in modes.items()}
    assert all(m == 0o600 for m in modes.values()), {k: oct(v) for k, v in modes.items()}
    assert DataDir(root).is_initialized()


def test_the_backups_temporary_copy_and_the_backup_file_are_private(tmp_path, monkeypatch):
    """The encrypted working copy a backup makes beside the store, and the backup itself, are 0600 too."""
    from caseapp.services import backup
    from caseapp.store import snapshot

    data_dir, result = make_office(tmp_path / "o")
    seen = {}
    real_copy = snapshot.copy_database

    def watching_copy(source, key, dest, **kw):
        real_copy(source, key, dest, **kw)
        seen["copy"] = stat.S_IMODE(os.stat(dest).st_mode)

    monkeypatch.setattr(snapshot, "copy_database", watching_copy)
    out = tmp_path / "usb"
    out.mkdir()
    made = backup.create_backup(result.session, out)
    result.session.close()
    assert seen["copy"] == 0o600
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert not list(data_dir.root.glob(".backup-copy-*"))  # the working copy is gone afterwards
