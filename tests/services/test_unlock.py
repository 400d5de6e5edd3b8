"""Unlocking: wrong passwords, damaged or foreign files, throttling, the data-directory lock."""

import shutil

import pytest

from caseapp.domain.errors import (
    DamagedStore, ForeignKeySlots, StoreInUse, UnlockThrottled, WrongPassword,
)
from caseapp.services import clock
from caseapp.services.session import list_usernames
from caseapp.store import audit_log
from tests.helpers import ADMIN_PASSWORD, files_containing, make_office, snapshot, unlock


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "bombana")
    result.session.close()
    return data_dir


def test_marker_written_into_store_is_in_no_file(tmp_path):
    marker = "Kartini Marker Nama Lengkap"
    data_dir, result = make_office(tmp_path / "d", admin_full_name=marker)
    from tests.helpers import add_officer

    add_officer(result.session, "petugas2", marker + " Dua")
    result.session.close()
    s = unlock(data_dir)
    assert any(u.full_name == marker for u in __import__("caseapp.services.accounts", fromlist=["x"]).list_users(s))
    s.close()
    names = {p.name for p in data_dir.root.iterdir()}
    assert {"caseapp.db", "caseapp.keys"} <= names
    assert files_containing(data_dir.root, marker) == []


def test_wrong_password_gives_clear_message_and_changes_nothing(office):
    before = snapshot(office.root)
    before.pop("unlock-state.json", None)
    with pytest.raises(WrongPassword) as err:
        unlock(office, "admin", "bukan-sandinya")
    assert "kata sandi salah" in err.value.message
    after = snapshot(office.root)
    after.pop("unlock-state.json", None)
    assert after == before


def test_unknown_user_gets_the_same_message(office):
    with pytest.raises(WrongPassword):
        unlock(office, "tidakada", ADMIN_PASSWORD)


@pytest.mark.parametrize("keep", [0, 10, 4096, 0.5])
def test_truncated_database_gives_clear_message_and_changes_nothing(office, keep):
    db = office.database
    size = db.stat().st_size
    keep_bytes = int(size * keep) if isinstance(keep, float) else keep
    with open(db, "r+b") as fh:
        fh.truncate(keep_bytes)
    before = snapshot(office.root)
    with pytest.raises((DamagedStore, ForeignKeySlots)) as err:
        s = unlock(office)
        s.close()
    assert err.value.message
    assert snapshot(office.root).get("caseapp.db") == before["caseapp.db"]


def test_truncation_is_reported_as_damage_not_as_foreign_keys(office):
    with open(office.database, "r+b") as fh:
        fh.truncate(office.database.stat().st_size // 2)
    with pytest.raises(DamagedStore):
        unlock(office)


def test_key_slot_file_from_another_office_is_refused(tmp_path, office):
    other, result = make_office(tmp_path / "kolaka", code="74.01", name="UPTD PPA Kabupaten Kolaka")
    result.session.close()
    shutil.copy(other.keyslots, office.keyslots)  # same admin name and password on both
    before = snapshot(office.root)
    with pytest.raises(ForeignKeySlots) as err:
        unlock(office)
    assert "tidak cocok" in err.value.message
    assert snapshot(office.root)["caseapp.db"] == before["caseapp.db"]


def test_second_process_on_same_data_dir_is_refused(office):
    s = unlock(office)
    try:
        with pytest.raises(StoreInUse) as err:
            unlock(office)
        assert "sedang dibuka" in err.value.message
    finally:
        s.close()
    unlock(office).close()  # released after close


def test_repeated_failures_grow_the_wait_and_are_audited(office):
    t = [1_000_000.0]
    clock.set_for_tests(seconds_fn=lambda: t[0])
    try:
        for _ in range(3):
            with pytest.raises(WrongPassword):
                unlock(office, "admin", "salah-salah-salah")
        with pytest.raises(UnlockThrottled) as err:
            unlock(office)
        first_wait = err.value.wait_seconds
        assert first_wait > 0 and "detik" in err.value.message
        t[0] += first_wait + 1
        with pytest.raises(WrongPassword):
            unlock(office, "admin", "salah-salah-salah")
        with pytest.raises(UnlockThrottled) as err:
            unlock(office)
        assert err.value.wait_seconds > first_wait
        t[0] += 10_000
        s = unlock(office)
    finally:
        clock.set_for_tests()
    actions = [e.action for e in audit_log.entries(s.db.conn, limit=50)]
    assert actions.count("login_failed") == 4
    s.close()


def test_usernames_listed_before_unlock(office):
    assert list_usernames(office) == ["admin"]
