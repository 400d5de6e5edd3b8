"""Backup and restore of a whole office: same records after the data folder is lost, exchange continues,
damaged files refused, restore never overwrites an office."""

from __future__ import annotations

import random
import shutil

import pytest

from caseapp import cli
from caseapp.bundles.errors import BundleReplayed
from caseapp.datadir import DataDir
from caseapp.domain.errors import AlreadyInitialized, CaseappError, PermissionDenied, WrongPassword
from caseapp.services import attachments, audit, backup, cases, exchange, offices
from caseapp.services.backup import Credential
from caseapp.store import exchange_repo
from caseapp.store.backup_file import BackupDamaged
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, add_officer, make_office, unlock
from tests.services.test_exchange import _case


def _trust_both(a, b):
    for x, y in ((a, b), (b, a)):
        card = offices.own_card(y)
        offices.trust_card(x, card, card.fingerprint())


def _send(src, dst, path):
    exchange.export_bundle(src, dst.office.code, path)
    receipt = path.with_suffix(".receipt")
    exchange.import_bundle(dst, path, receipt_out=receipt)
    exchange.import_bundle(src, receipt)


@pytest.fixture
def district_and_province(tmp_path):
    dd, res = make_office(tmp_path / "bombana")
    _pd, pres = make_office(tmp_path / "prov", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    district, province = res.session, pres.session
    _trust_both(district, province)
    yield dd, district, res.recovery_key, province, tmp_path
    for s in (district, province):
        if not s.closed:
            s.close()


def test_backup_delete_folder_restore_with_recovery_key_same_records_and_exchange_continues(district_and_province):
    dd, district, recovery_key, province, tmp = district_and_province
    first = cases.create_case(district, _case("Siti Aminah", nik="7406014503120001"))
    attachments.add_attachment(district, first.uuid, file_name="persetujuan.pdf", mime_type="application/pdf",
                               data=b"%PDF-1.4 surat persetujuan")
    cases.create_case(district, _case("Wa Ode Sitti"))
    _send(district, province, tmp / "bmb-1.casebundle")
    cases.create_case(province, _case("Nur Aisyah", region="74.01.01.1001"))
    _send(province, district, tmp / "prov-1.casebundle")
    add_officer(district)

    before = exchange_repo.canonical_dump(district.db.conn)
    numbers_at_backup = {c.case_number for c in cases.list_cases(district, cases.CaseFilter())}
    usb = tmp / "usb"
    usb.mkdir()
    result = backup.create_backup(district, usb)
    assert result.path.parent == usb and result.path.suffix == ".casebackup"
    assert [p.name for p in usb.iterdir()] == [result.path.name]  # no temporary file left beside it
    assert not [p for p in dd.root.iterdir() if p.name.startswith(".")]

    # After the backup the district sends one more bundle that the province accepts; then the laptop is lost.
    cases.create_case(district, _case("Hasna"))
    _send(district, province, tmp / "bmb-2.casebundle")
    district.close()
    shutil.rmtree(dd.root)

    restored = backup.restore_backup(dd, result.path, Credential(recovery_key=recovery_key))
    assert restored.office.code == "74.06"
    session = unlock(dd)
    try:
        after = dict(exchange_repo.canonical_dump(session.db.conn))
        for table, rows in before:
            if table in ("audit_log", "bundles_out"):  # + the restore's entry and the sequence placeholders
                assert set(rows) <= set(after[table]), table
            elif table == "settings":  # + when the restored backup was made
                assert sorted(r for r in after[table] if "last_backup_at" not in r) == rows
            else:
                assert after[table] == rows, table
        actions = [e.action for e in audit.recent_entries(session, limit=5)]
        assert backup.ACTION_RESTORED in actions
        assert backup.last_backup_at(session).isoformat(timespec="seconds") == result.header.created_at
        numbers = {c.case_number for c in cases.list_cases(session, cases.CaseFilter())}
        assert numbers == numbers_at_backup and first.case_number in numbers

        # A bundle the district imported before the backup is still a replay.
        with pytest.raises(BundleReplayed):
            exchange.import_bundle(session, tmp / "prov-1.casebundle")
        # The next bundle to the province is not refused as a replay of the lost bmb-2; its receipt is taken.
        province_before = len(cases.list_cases(province, cases.CaseFilter()))
        cases.create_case(session, _case("Rahmawati"))
        out = tmp / "bmb-3.casebundle"
        res = exchange.export_bundle(session, "74", out)
        assert res.sequence == 2 + backup.SEQUENCE_MARGIN
        imported = exchange.import_bundle(province, out, receipt_out=out.with_suffix(".receipt"))
        assert imported.plan.count("new") == 1
        assert len(cases.list_cases(province, cases.CaseFilter())) == province_before + 1
        exchange.import_bundle(session, out.with_suffix(".receipt"))
        last = [r for r in exchange_repo.list_out(session.db.conn) if r[1] == res.sequence]
        assert last and last[0][8] is not None  # acknowledged
    finally:
        session.close()


def test_restore_with_admin_password_and_officers_cannot(district_and_province):
    dd, district, _rk, _prov, tmp = district_and_province
    add_officer(district)
    cases.create_case(district, _case("Siti Aminah"))
    out = backup.create_backup(district, tmp).path
    district.close()
    target = DataDir(tmp / "new-laptop")
    with pytest.raises(PermissionDenied):
        backup.restore_backup(target, out, Credential(username="petugas1", password=OFFICER_PASSWORD))
    assert not target.is_initialized()
    with pytest.raises(WrongPassword):
        backup.restore_backup(target, out, Credential(username="admin", password="salah-sandinya"))
    backup.restore_backup(target, out, Credential(username="admin", password=ADMIN_PASSWORD))
    with unlock(target) as s:
        assert len(cases.list_cases(s, cases.CaseFilter())) == 1


def test_restore_never_overwrites_an_existing_office(district_and_province):
    dd, district, recovery_key, _prov, tmp = district_and_province
    out = backup.create_backup(district, tmp).path
    cases.create_case(district, _case("Kasus sesudah cadangan"))
    district.close()
    files_before = {p.name: p.read_bytes() for p in dd.root.iterdir() if p.is_file() and p.name != "caseapp.lock"}
    with pytest.raises(AlreadyInitialized):
        backup.restore_backup(dd, out, Credential(recovery_key=recovery_key))
    assert {p.name: p.read_bytes() for p in dd.root.iterdir()
            if p.is_file() and p.name != "caseapp.lock"} == files_before


def test_backup_of_a_damaged_store_is_refused_and_writes_nothing(district_and_province):
    dd, district, _rk, _prov, tmp = district_and_province
    for i in range(30):
        cases.create_case(district, _case(f"Korban {i}"))
    district.db.checkpoint()
    usb = tmp / "usb"
    usb.mkdir()
    good = backup.create_backup(district, usb).path
    raw = bytearray(dd.database.read_bytes())
    raw[4096 * 3 + 100] ^= 0xFF  # damage a page in the middle of the file
    dd.database.write_bytes(bytes(raw))
    with pytest.raises(CaseappError):
        backup.create_backup(district, usb)
    assert [p.name for p in usb.iterdir()] == [good.name]
    backup.verify_backup(good)


def test_a_single_flipped_byte_anywhere_is_refused_by_verify_and_restore(district_and_province, capsys):
    dd, district, recovery_key, _prov, tmp = district_and_province
    cases.create_case(district, _case("Siti Aminah"))
    path = backup.create_backup(district, tmp).path
    district.close()
    original = path.read_bytes()
    backup.verify_backup(path, Credential(recovery_key=recovery_key))  # the untouched file is good
    rng = random.Random(14)
    positions = sorted(set(rng.sample(range(len(original)), 196)) | {0, 20, len(original) - 1, len(original) - 40})
    bad = tmp / "rusak.casebackup"
    target = DataDir(tmp / "restore-here")
    for pos in positions:
        damaged = bytearray(original)
        damaged[pos] ^= 1 << rng.randrange(8)
        bad.write_bytes(bytes(damaged))
        with pytest.raises(BackupDamaged):
            backup.verify_backup(bad)
        with pytest.raises(BackupDamaged):
            backup.restore_backup(target, bad, Credential(recovery_key=recovery_key))
        assert not target.database.exists()
    assert len(positions) >= 200
    # From the command line: one clear line, no traceback, a non-zero exit, for verify and restore.
    for argv in (["backup", "verify", str(bad)], ["backup", "restore", str(bad)]):
        code = cli.main(["--data-dir", str(target.root), "--lang", "id", *argv]) if argv[1] == "verify" else None
        if code is None:
            import os
            os.environ["CASEAPP_RECOVERY_KEY"] = recovery_key
            try:
                code = cli.main(["--data-dir", str(target.root), "--lang", "id", *argv])
            finally:
                del os.environ["CASEAPP_RECOVERY_KEY"]
        err = capsys.readouterr().err
        assert code == BackupDamaged.exit_code
        assert "Berkas cadangan rusak" in err and "Traceback" not in err
    # A cut-off copy is refused too.
    bad.write_bytes(original[: len(original) // 2])
    with pytest.raises(BackupDamaged):
        backup.verify_backup(bad)


def test_wrong_recovery_key_is_refused(district_and_province, tmp_path):
    _dd, district, _rk, _prov, tmp = district_and_province
    path = backup.create_backup(district, tmp).path
    _other_dd, other = make_office(tmp_path / "lain", code="74.01", name="UPTD PPA Kabupaten Kolaka")
    other.session.close()
    with pytest.raises(WrongPassword):
        backup.verify_backup(path, Credential(recovery_key=other.recovery_key))


def test_reminder_when_last_backup_is_old(district_and_province):
    import datetime as dt

    from caseapp.services import clock

    _dd, district, _rk, _prov, tmp = district_and_province
    assert "Belum pernah" in backup.backup_reminder(district)
    backup.create_backup(district, tmp)
    assert backup.backup_reminder(district) is None
    later = dt.datetime.now().astimezone() + dt.timedelta(days=8)
    clock.set_for_tests(lambda: later)
    try:
        assert "8 hari" in backup.backup_reminder(district)
        backup.set_reminder_days(district, 10)
        assert backup.backup_reminder(district) is None
    finally:
        clock.set_for_tests()


def test_wrong_office_key_file_or_full_stick_writes_no_backup(district_and_province, tmp_path, monkeypatch):
    import errno

    from caseapp.domain.errors import ForeignKeySlots, MediaWriteFailed
    from caseapp.store import backup_file

    dd, district, _rk, province, tmp = district_and_province
    usb = tmp / "usb"
    usb.mkdir()
    # The key file in the data folder was replaced by another office's: refused, nothing written.
    own_keys = dd.keyslots.read_bytes()
    dd.keyslots.write_bytes(province.data_dir.keyslots.read_bytes())
    with pytest.raises(ForeignKeySlots):
        backup.create_backup(district, usb)
    dd.keyslots.write_bytes(own_keys)
    assert list(usb.iterdir()) == []

    # The stick fills up while writing: a clear message, no file, no temporary copy left anywhere.
    real_write = backup_file.write_backup

    def full(path, *a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(backup_file, "write_backup", full)
    with pytest.raises(MediaWriteFailed):
        backup.create_backup(district, usb)
    assert list(usb.iterdir()) == []
    assert not [p for p in dd.root.iterdir() if p.name.startswith(".backup-copy")]
    monkeypatch.setattr(backup_file, "write_backup", real_write)
    assert backup.create_backup(district, usb).path.exists()
