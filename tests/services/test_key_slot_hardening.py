"""Issue 9, key slots: a password change gives a new key pair; any unlock finishes an interrupted removal."""

import shutil

import pytest

from caseapp.crypto.keyslots import KeySlotFile
from caseapp.domain.errors import ForeignKeySlots, WrongPassword
from caseapp.services import accounts
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock

NEW_PASSWORD = "sandi-baru-petugas-1"


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    yield data_dir, result
    if not result.session.closed:
        result.session.close()


def _old_private_opens_current_slot(data_dir, old_keyfile: KeySlotFile, user: str, old_password: str) -> list:
    """What an attacker with an old key-file copy and the old password gets from the CURRENT key file."""
    old_slot = old_keyfile.password_slot(user)
    old_private = old_keyfile.unwrap_private(old_slot, old_password)
    current = KeySlotFile.load(data_dir.keyslots)
    return current.open_envelopes(current.password_slot(user), old_private)


def _rekey_as_admin(data_dir):
    s = unlock(data_dir)
    accounts.rekey(s)
    s.close()


def test_own_password_change_then_rekey_leaves_old_key_file_copy_useless(office):
    data_dir, result = office
    add_officer(result.session)
    result.session.close()
    old_copy = data_dir.root.parent / "old.keys"
    shutil.copy(data_dir.keyslots, old_copy)
    old_keyfile = KeySlotFile.load(old_copy)

    s = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    old_public = s.keyfile.password_slot("petugas1").public_key
    accounts.change_own_password(s, OFFICER_PASSWORD, NEW_PASSWORD)
    assert s.keyfile.password_slot("petugas1").public_key != old_public
    s.close()
    # Even before any re-key, the old private key opens no envelope of the new slot.
    assert _old_private_opens_current_slot(data_dir, old_keyfile, "petugas1", OFFICER_PASSWORD) == []
    with pytest.raises(WrongPassword):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)

    _rekey_as_admin(data_dir)
    current = data_dir.root.parent / "current.keys"
    shutil.copy(data_dir.keyslots, current)
    shutil.copy(old_copy, data_dir.keyslots)
    with pytest.raises(ForeignKeySlots):  # the old copy opens only the previous data key
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    shutil.copy(current, data_dir.keyslots)
    assert _old_private_opens_current_slot(data_dir, old_keyfile, "petugas1", OFFICER_PASSWORD) == []
    unlock(data_dir, "petugas1", NEW_PASSWORD).close()


def test_admin_reset_then_rekey_leaves_old_key_file_copy_useless(office):
    data_dir, result = office
    add_officer(result.session)
    old_copy = data_dir.root.parent / "old.keys"
    shutil.copy(data_dir.keyslots, old_copy)
    old_keyfile = KeySlotFile.load(old_copy)
    accounts.reset_password(result.session, "petugas1", "sandi-sementara-1")
    accounts.rekey(result.session)
    result.session.close()

    assert _old_private_opens_current_slot(data_dir, old_keyfile, "petugas1", OFFICER_PASSWORD) == []
    shutil.copy(old_copy, data_dir.keyslots)
    with pytest.raises(ForeignKeySlots):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)


def test_password_change_during_an_unfinished_rekey_keeps_every_generation(office):
    """The new slot receives every data key the old one opened, so no crash window locks the user out."""
    data_dir, result = office
    add_officer(result.session)
    kf = result.session.keyfile
    kf.seal_all(b"\x07" * 32, kf.generation + 1)  # as step (1) of a re-key leaves it
    slot = kf.password_slot("petugas1")
    private = kf.unwrap_private(slot, OFFICER_PASSWORD)
    new_slot = kf.change_password(slot, private, NEW_PASSWORD, result.session.kdf_policy)
    opened = kf.open_envelopes(new_slot, kf.unwrap_private(new_slot, NEW_PASSWORD))
    assert sorted(g for g, _k in opened) == [kf.generation, kf.generation + 1]
    assert dict(opened)[kf.generation] == bytes(result.session.data_key)


def test_interrupted_removal_is_finished_by_an_officers_unlock(office, monkeypatch):
    data_dir, result = office
    add_officer(result.session)
    add_officer(result.session, "petugas2", "Petugas Dua")
    old_copy = data_dir.root.parent / "before-removal.keys"
    shutil.copy(data_dir.keyslots, old_copy)
    monkeypatch.setattr(accounts, "rekey", lambda session: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # the crash point: removal committed, re-key not started
        accounts.remove_user(result.session, "petugas1")
    monkeypatch.undo()
    result.session.close()
    assert "petugas1" in KeySlotFile.load(data_dir.keyslots).users()

    s = unlock(data_dir, "petugas2", OFFICER_PASSWORD)  # an officer, not an administrator
    assert sorted(s.keyfile.users()) == ["admin", "petugas2"] and s.keyfile.generation == 2
    s.close()
    with pytest.raises(WrongPassword):  # no slot any more
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    shutil.copy(old_copy, data_dir.keyslots)
    with pytest.raises(ForeignKeySlots):  # the removed user's old slot opens only the old data key
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)


def test_interrupted_removal_is_finished_by_a_recovery_key_unlock(office, monkeypatch):
    from caseapp.services.session import recover_admin_password
    from tests.helpers import TEST_KDF

    data_dir, result = office
    add_officer(result.session)
    monkeypatch.setattr(accounts, "rekey", lambda session: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        accounts.remove_user(result.session, "petugas1")
    monkeypatch.undo()
    result.session.close()
    s = recover_admin_password(data_dir, result.recovery_key, "admin", "sandi-baru-admin", kdf_policy=TEST_KDF)
    assert s.keyfile.users() == ["admin"] and s.keyfile.generation == 2
    s.close()
    unlock(data_dir, "admin", "sandi-baru-admin").close()
