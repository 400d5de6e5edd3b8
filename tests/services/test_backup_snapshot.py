"""The backup's consistent raw copy of the open store: a commit made during the copy waits for it and is not in
the backup; every page's SQLCipher HMAC is checked, so a damaged store is never backed up."""

from __future__ import annotations

import random
import threading
import time

import pytest

from caseapp.datadir import DataDir
from caseapp.domain.case_list import CaseFilter
from caseapp.domain.errors import DamagedStore, MediaWriteFailed
from caseapp.services import backup, cases
from caseapp.services.backup import Credential
from caseapp.store import accounts_repo, snapshot
from caseapp.store.database import Database, read_salt
from tests.helpers import make_office, unlock
from tests.services.test_exchange import _case


@pytest.fixture
def office(tmp_path):
    dd, res = make_office(tmp_path / "bombana")
    session = res.session
    for i in range(40):
        cases.create_case(session, _case(f"Korban {i}"))
    yield dd, session, res.recovery_key, tmp_path
    if not session.closed:
        session.close()


def test_a_commit_during_the_copy_waits_and_lands_after_it_and_the_backup_has_the_state_before(office, monkeypatch):
    dd, session, recovery_key, tmp = office
    before = cases.count_cases(session, CaseFilter())
    other = Database.open(dd.database, bytes(session.data_key))  # a second connection, as a save from the GUI
    outcome = {}

    def save():
        with other.transaction() as c:
            accounts_repo.set_setting(c, "saved_during_backup", "ya")
        outcome["committed_at"] = time.monotonic()

    real_copy = snapshot._copy_bytes
    writer = threading.Thread(target=save)

    def copy_while_someone_saves(*a, **kw):
        writer.start()
        time.sleep(0.5)
        outcome["waiting_during_copy"] = writer.is_alive()  # blocked on the write lock the backup holds
        real_copy(*a, **kw)
        outcome["copy_done_at"] = time.monotonic()

    monkeypatch.setattr(snapshot, "_copy_bytes", copy_while_someone_saves)
    usb = tmp / "usb"
    usb.mkdir()
    made = backup.create_backup(session, usb)
    writer.join(15)
    other.close()
    assert outcome["waiting_during_copy"] is True
    assert outcome["committed_at"] > outcome["copy_done_at"]  # the save landed, after the copy
    assert accounts_repo.get_setting(session.db.conn, "saved_during_backup") == "ya"
    session.close()

    target = DataDir(tmp / "restored")
    backup.restore_backup(target, made.path, Credential(recovery_key=recovery_key))
    restored = unlock(target)
    try:
        assert accounts_repo.get_setting(restored.db.conn, "saved_during_backup") is None  # state before the save
        assert cases.count_cases(restored, CaseFilter()) == before == 40
    finally:
        restored.close()


def test_every_page_hmac_of_a_real_store_checks_and_any_flipped_byte_names_its_page(office):
    dd, session, _rk, _tmp = office
    session.db.checkpoint()
    raw = dd.database.read_bytes()
    key, salt = bytes(session.data_key), read_salt(dd.database)
    good = snapshot.PageVerifier(key, salt)
    for start in range(0, len(raw), 3 * 4096 + 512):  # odd block sizes: pages split across blocks
        good.feed(raw[start:start + 3 * 4096 + 512])
    assert good.finish() == len(raw) // 4096
    rng = random.Random(1414)
    for pos in rng.sample(range(len(raw)), 60) + [16, len(raw) - 1]:
        damaged = bytearray(raw)
        damaged[pos] ^= 1 << rng.randrange(8)
        check = snapshot.PageVerifier(key, salt)
        with pytest.raises(snapshot.PageDamaged) as err:
            check.feed(bytes(damaged))
        assert err.value.page == pos // 4096 + 1
    with pytest.raises(snapshot.PageDamaged):  # a wrong key fails on the first page
        snapshot.PageVerifier(bytes(32), salt).feed(raw[:4096])
    cut = snapshot.PageVerifier(key, salt)
    cut.feed(raw[:-100])
    with pytest.raises(snapshot.PageDamaged):
        cut.finish()


def test_a_store_damaged_anywhere_is_never_backed_up(office):
    dd, session, _rk, tmp = office
    session.db.checkpoint()
    usb = tmp / "usb"
    usb.mkdir()
    good = backup.create_backup(session, usb).path
    session.db.checkpoint()  # the store is all in caseapp.db; a refused backup writes nothing to it
    raw = dd.database.read_bytes()
    rng = random.Random(7)
    pages = len(raw) // 4096
    for page in sorted(rng.sample(range(pages), min(8, pages))) + [pages - 1]:
        pos = page * 4096 + rng.randrange(16 if page == 0 else 0, 4096)
        damaged = bytearray(raw)
        damaged[pos] ^= 0x10
        dd.database.write_bytes(bytes(damaged))
        with pytest.raises(DamagedStore):
            backup.create_backup(session, usb)
        assert [p.name for p in usb.iterdir()] == [good.name]
        assert not list(dd.root.glob(".backup-copy-*"))
    dd.database.write_bytes(raw)


def test_a_reader_that_pins_old_pages_makes_the_backup_say_busy_and_write_nothing(office, monkeypatch):
    dd, session, _rk, tmp = office
    monkeypatch.setattr(snapshot, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(snapshot, "CHECKPOINT_TRIES", 3)
    reader = Database.open(dd.database, bytes(session.data_key))
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT count(*) FROM office").fetchone()  # a read transaction holds its snapshot
    cases.create_case(session, _case("Korban sesudah"))  # WAL frames the reader keeps from the main file
    usb = tmp / "usb"
    usb.mkdir()
    with pytest.raises(MediaWriteFailed, match="sibuk"):
        backup.create_backup(session, usb)
    assert list(usb.iterdir()) == [] and not list(dd.root.glob(".backup-copy-*"))
    reader.conn.execute("COMMIT")
    reader.close()
    assert backup.create_backup(session, usb).path.exists()
