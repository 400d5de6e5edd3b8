"""A pulled, full or missing USB stick: a clear message, no half file, nothing recorded."""

import errno
import os

import pytest

from caseapp.domain.errors import MediaWriteFailed
from caseapp.services import cases, exchange, offices
from caseapp.store import exchange_repo
from tests.helpers import make_office, run_cli
from tests.services.test_exchange import _case, _trust


@pytest.fixture
def pair(tmp_path):
    _d1, d = make_office(tmp_path / "d", code="74.06", name="UPTD PPA Kabupaten Bombana")
    _d2, p = make_office(tmp_path / "p", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    _trust(d.session, p.session)
    _trust(p.session, d.session)
    cases.create_case(d.session, _case("Siti Aminah"))
    yield d.session, p.session, tmp_path
    d.session.close()
    p.session.close()


def test_export_to_a_missing_stick_is_a_clear_message_and_records_nothing(pair):
    district, _province, tmp = pair
    before = exchange_repo.canonical_dump(district.db.conn)
    with pytest.raises(MediaWriteFailed) as err:
        exchange.export_bundle(district, "74", tmp / "USB-DICABUT" / "paket.casebundle")
    assert "flashdisk" in err.value.message
    assert exchange_repo.list_out(district.db.conn) == []
    after = exchange_repo.canonical_dump(district.db.conn)
    assert [t for t in after if t[0] != "audit_log"] == [t for t in before if t[0] != "audit_log"]


def test_full_disk_during_export_leaves_no_file(pair, monkeypatch):
    district, _province, tmp = pair
    stick = tmp / "stick"
    stick.mkdir()

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(MediaWriteFailed):
        exchange.export_bundle(district, "74", stick / "paket.casebundle")
    monkeypatch.undo()
    assert list(stick.iterdir()) == []
    assert exchange_repo.list_out(district.db.conn) == []
    # The same export works once the stick has room again, with sequence 1.
    assert exchange.export_bundle(district, "74", stick / "paket.casebundle").sequence == 1


def test_office_card_to_a_missing_folder(pair):
    district, _province, tmp = pair
    with pytest.raises(MediaWriteFailed):
        offices.export_card(district, tmp / "tidak-ada" / "kartu.json")


def test_cli_file_errors_are_one_clear_line(tmp_path):
    root = tmp_path / "data"
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana", "--admin", "admin",
                 "--recovery-kit", str(tmp_path / "tidak-ada" / "kit.pdf")], data_dir=root, password="sandi-admin-cli-1")
    assert r.returncode == 18, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1 and "flashdisk" in r.stderr
    key = r.stdout.strip().splitlines()[-1]  # the office exists: its recovery key is shown instead of lost
    assert len(key.split("-")) == 11
    r = run_cli(["--lang", "id", "unlock-check"], data_dir=root, user="admin",
                password="sandi-admin-cli-1")
    assert r.returncode == 0, r.stderr
    r = run_cli(["letter", "render", "x", "--out", str(tmp_path / "tidak-ada" / "x.pdf")], data_dir=root, user="admin",
                password="sandi-admin-cli-1")
    assert r.returncode in (5, 18) and "Traceback" not in r.stderr
