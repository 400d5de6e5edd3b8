"""Accounts: roles enforced in services, removal re-keys, recovery key, password changes."""

import shutil

import pytest

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.errors import ForeignKeySlots, PermissionDenied, ValidationError, WrongPassword
from caseapp.services import accounts
from caseapp.services.session import recover_admin_password
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, TEST_KDF, add_officer, make_office, unlock


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    yield data_dir, result
    if not result.session.closed:
        result.session.close()


def test_admin_adds_officer_who_can_then_unlock(office):
    data_dir, result = office
    add_officer(result.session)
    result.session.close()
    s = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    assert s.user.role is Role.OFFICER and s.user.full_name == "Petugas Satu"
    s.close()


def test_officer_cannot_manage_users(office):
    data_dir, result = office
    add_officer(result.session)
    result.session.close()
    s = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    with pytest.raises(PermissionDenied):
        accounts.add_user(s, NewUser("lain", "Orang Lain", Role.ADMIN), "sandi-yang-panjang")
    with pytest.raises(PermissionDenied):
        accounts.remove_user(s, "admin")
    s.close()


def test_invalid_values_are_refused_with_field_names(office):
    _, result = office
    with pytest.raises(ValidationError) as e:
        accounts.add_user(result.session, NewUser("X y", "Nama", Role.OFFICER), OFFICER_PASSWORD)
    assert e.value.field == "username"
    with pytest.raises(ValidationError) as e:
        accounts.add_user(result.session, NewUser("budi", "Budi", Role.OFFICER), "pendek")
    assert e.value.field == "password"
    with pytest.raises(ValidationError) as e:
        accounts.add_user(result.session, NewUser("budi", "Budi", Role.OFFICER, nip="123"), OFFICER_PASSWORD)
    assert e.value.field == "nip"
    assert [u.username for u in accounts.list_users(result.session)] == ["admin"]


def test_removed_user_cannot_open_store_even_with_old_key_slot_backup(office):
    data_dir, result = office
    add_officer(result.session)
    backup = data_dir.root.parent / "backup.keys"
    shutil.copy(data_dir.keyslots, backup)
    accounts.remove_user(result.session, "petugas1")
    result.session.close()
    with pytest.raises(WrongPassword):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    current = data_dir.root.parent / "current.keys"
    shutil.copy(data_dir.keyslots, current)
    shutil.copy(backup, data_dir.keyslots)
    with pytest.raises(ForeignKeySlots):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    shutil.copy(current, data_dir.keyslots)
    s = unlock(data_dir)
    assert [u.username for u in accounts.list_users(s)] == ["admin"]
    s.close()


def test_interrupted_removal_is_completed_by_next_admin_unlock(office, monkeypatch):
    data_dir, result = office
    add_officer(result.session)
    monkeypatch.setattr(accounts, "rekey", lambda session: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        accounts.remove_user(result.session, "petugas1")
    monkeypatch.undo()
    result.session.close()
    s = unlock(data_dir)  # finishes the re-key
    assert s.keyfile.users() == ["admin"] and s.keyfile.generation == 2
    s.close()


def test_cannot_remove_self_or_last_admin(office):
    _, result = office
    with pytest.raises(PermissionDenied):
        accounts.remove_user(result.session, "admin")


def test_recovery_key_opens_store_and_sets_admin_password(office):
    data_dir, result = office
    key = result.recovery_key
    result.session.close()
    s = recover_admin_password(data_dir, key, "admin", "sandi-baru-admin", kdf_policy=TEST_KDF)
    s.close()
    with pytest.raises(WrongPassword):
        unlock(data_dir, "admin", ADMIN_PASSWORD)
    unlock(data_dir, "admin", "sandi-baru-admin").close()


def test_recovery_key_survives_rekey_and_wrong_key_is_refused(office):
    data_dir, result = office
    add_officer(result.session)
    accounts.remove_user(result.session, "petugas1")
    result.session.close()
    from caseapp.crypto.recovery_key import format_recovery_key

    with pytest.raises(WrongPassword):
        recover_admin_password(data_dir, format_recovery_key(b"\x01" * 32), "admin", "sandi-baru-admin", kdf_policy=TEST_KDF)
    recover_admin_password(data_dir, result.recovery_key, "admin", "sandi-baru-admin", kdf_policy=TEST_KDF).close()


def test_reset_password_forces_change_and_own_change_works(office):
    data_dir, result = office
    add_officer(result.session)
    accounts.reset_password(result.session, "petugas1", "sandi-sementara-1")
    result.session.close()
    with pytest.raises(WrongPassword):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    s = unlock(data_dir, "petugas1", "sandi-sementara-1")
    assert s.user.must_change_password
    with pytest.raises(WrongPassword):
        accounts.change_own_password(s, "bukan-sandi-lama", "sandi-pilihan-sendiri")
    accounts.change_own_password(s, "sandi-sementara-1", "sandi-pilihan-sendiri")
    assert not s.user.must_change_password
    s.close()
    unlock(data_dir, "petugas1", "sandi-pilihan-sendiri").close()


def test_disabled_user_cannot_unlock(office):
    data_dir, result = office
    add_officer(result.session)
    accounts.set_user_active(result.session, "petugas1", False)
    result.session.close()
    with pytest.raises(PermissionDenied):
        unlock(data_dir, "petugas1", OFFICER_PASSWORD)
