"""Breach reports: required fields, the 3 x 24-hour clock, notification, the printed letter, CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.services import audit, breaches
from caseapp.services.breaches import BreachInput
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, add_officer, make_office, run_cli, unlock
from tests.letters.pdfutil import flat


def test_breach_clock_notification_pdf_and_cli(tmp_path):
    dd, res = make_office(tmp_path / "o")
    s = res.session
    now = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    discovered = now - dt.timedelta(hours=30)
    data = BreachInput(discovered, "Laptop kantor dicuri dari mobil petugas; disk terenkripsi.",
                       "Nama, NIK dan alamat korban", 12, "Kata sandi semua akun diganti; laporan polisi dibuat.",
                       occurred_at=now - dt.timedelta(hours=40), contact="Kepala UPTD, 0401-000000")
    with pytest.raises(ValidationError):
        breaches.record_breach(s, BreachInput(discovered, "  ", "Nama", 1, "x"))
    with pytest.raises(ValidationError):
        breaches.record_breach(s, BreachInput(now + dt.timedelta(days=1), "a", "b", 1, "c"))
    b = breaches.record_breach(s, data)
    assert b.deadline == discovered + dt.timedelta(hours=72)
    assert 41.5 < b.hours_left(now) <= 42.0
    assert breaches.list_breaches(s)[0].id == b.id
    pdf = flat(breaches.breach_pdf(s, b.id))
    for expected in ("PEMBERITAHUANKEGAGALANPELINDUNGANDATAPRIBADI", "Laptopkantordicuri", "Nama,NIKdanalamatkorban",
                     "12", "Katasandisemuaakundiganti", "3×24jam"):
        assert expected in pdf
    done = breaches.mark_notified(s, b.id, when=now)
    assert done.notified_at == now and done.hours_left(now + dt.timedelta(days=9)) == pytest.approx(42, abs=0.5)
    actions = [e.action for e in audit.recent_entries(s, limit=10)]
    assert {"breach_recorded", "breach_printed", "breach_notified"} <= set(actions)
    add_officer(s)
    s.close()
    with unlock(dd, "petugas1", OFFICER_PASSWORD) as officer:
        with pytest.raises(PermissionDenied):
            breaches.list_breaches(officer)

    def cli(*argv):
        return run_cli(list(argv), data_dir=dd.root, user="admin", password=ADMIN_PASSWORD)

    r = cli("breach", "add", "--discovered", (now - dt.timedelta(hours=80)).strftime("%Y-%m-%dT%H:%M"),
            "--what", "Berkas PDF tanpa enkripsi terkirim ke alamat surel yang salah", "--data", "Nama korban",
            "--people", "1", "--measures", "Penerima diminta menghapus berkas")
    assert r.returncode == 0, r.stderr
    new_id = r.stdout.split()[0]
    assert "lewat 8 jam" in r.stdout
    assert "lewat" in cli("breach", "list").stdout
    r = cli("breach", "notified", new_id)
    assert r.returncode == 0 and "TERLAMBAT" in r.stdout
    out = tmp_path / "pemberitahuan.pdf"
    assert cli("breach", "pdf", new_id, "--out", str(out)).returncode == 0
    assert "Penerimadimintamenghapusberkas" in flat(out.read_bytes())
    r = cli("breach", "add", "--discovered", "kemarin", "--what", "x", "--data", "y", "--people", "1",
            "--measures", "z")
    assert r.returncode == 2 and "Traceback" not in r.stderr
