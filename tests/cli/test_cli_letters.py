"""caseapp-cli destination/letter commands: ids and numbers on stdout, exit codes, explicit unencrypted save."""

from __future__ import annotations

import json

import pytest

from caseapp.domain.accounts import NewUser, Role
from caseapp.services import accounts
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, make_office, run_cli
from tests.letters.pdfutil import text
from tests.services.test_referrals import VICTIM, new_case


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-letters")
    data_dir, result = make_office(root / "data")
    with result.session as s:
        accounts.add_user(s, NewUser("kepala", "Kepala Contoh", Role.SUPERVISOR, "198001012005012001", "Kepala UPTD"),
                          OFFICER_PASSWORD)
        accounts.add_user(s, NewUser("petugas1", "Petugas Satu", Role.OFFICER), OFFICER_PASSWORD)
        case = new_case(s)
    return data_dir.root, case.case_number


def cli(root, *args, user="kepala", password=OFFICER_PASSWORD):
    return run_cli(list(args), data_dir=root, user=user, password=password)


def test_destination_add_and_list(office):
    root, _case = office
    r = cli(root, "destination", "add", "Puskesmas Contoh", "--type", "rsud_puskesmas", "--address", "Jl. A",
            "--contact", "dr. Kontak", "--phone", "0800")
    assert r.returncode == 0, r.stderr
    dest_id = r.stdout.strip()
    listed = json.loads(cli(root, "destination", "list", "--json").stdout)
    assert {"id": dest_id, "name": "Puskesmas Contoh", "type": "rsud_puskesmas"}.items() <= \
        next(d for d in listed if d["id"] == dest_id).items()
    assert "Puskesmas Contoh" in cli(root, "destination", "list").stdout
    r = cli(root, "destination", "add", "X", "--type", "sekolah", user="petugas1")
    assert r.returncode == 4 and "Traceback" not in r.stderr


def test_letter_create_approve_render_list_verify(office, tmp_path):
    root, case_no = office
    dest_id = cli(root, "destination", "add", "Psikolog Contoh", "--type", "psikolog").stdout.strip()
    r = cli(root, "letter", "create", case_no, "--destination", dest_id, "--purpose", "Konseling lanjutan",
            user="petugas1")
    assert r.returncode == 0, r.stderr
    letter_id = r.stdout.strip()

    r = cli(root, "letter", "approve", letter_id, user="petugas1")
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr

    r = cli(root, "letter", "approve", letter_id)  # the office has no kode klasifikasi arsip yet: asked for
    assert r.returncode == 3 and "Kode klasifikasi arsip" in r.stderr and "Traceback" not in r.stderr

    r = cli(root, "letter", "approve", letter_id, "--classification-code", "400.2.4")
    assert r.returncode == 0, r.stderr
    number = r.stdout.strip()
    assert number.startswith("400.2.4/001/UPTD-PPA/")

    out = tmp_path / "surat.pdf"
    r = cli(root, "letter", "render", letter_id, "--out", str(out), user="petugas1")
    assert r.returncode == 0, r.stderr
    assert "TIDAK terenkripsi" in r.stderr and r.stderr.count("\n") == 1
    assert number in text(out.read_bytes()) and "Konseling lanjutan" in text(out.read_bytes())
    assert VICTIM.split()[0] in text(out.read_bytes())  # psikolog gets the name

    listed = json.loads(cli(root, "letter", "list", "--json").stdout)
    row = next(x for x in listed if x["id"] == letter_id)
    assert row["number"] == number and row["status"] == "disetujui"
    assert VICTIM not in json.dumps(listed)
    assert number in cli(root, "letter", "list").stdout

    r = cli(root, "letter", "verify", row["verification_code"], user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    assert number in r.stdout and "Psikolog" in r.stdout and "Disetujui" in r.stdout and VICTIM not in r.stdout
    r = cli(root, "letter", "verify", "AAAAA-AAAAA")
    assert r.returncode == 5 and "Kode verifikasi tidak dikenal" in r.stderr

    assert cli(root, "letter", "track", letter_id, "dikirim").returncode == 0
    assert cli(root, "letter", "track", letter_id, "umpan_balik").returncode == 3


def test_unknown_letter_is_not_found(office):
    root, _case = office
    r = cli(root, "letter", "approve", "tidak-ada")
    assert r.returncode == 5 and "Traceback" not in r.stderr


def test_office_letterhead_numbering_and_signer(office, tmp_path):
    from tests.letters.sample import sample_logo

    root, case_no = office
    admin = {"user": "admin", "password": ADMIN_PASSWORD}
    logo = tmp_path / "lambang.png"
    logo.write_bytes(sample_logo())
    r = cli(root, "office", "letterhead", "--city", "Rumbia", "--agency", "DINAS P2KBP3A", "--logo", str(logo),
            "--paper", "F4", "--postal-code", "73771", **admin)
    assert r.returncode == 0, r.stderr
    assert "Rumbia" in r.stdout and "F4" in r.stdout and "DINAS P2KBP3A" in r.stdout
    bad = tmp_path / "bukan-gambar.png"
    bad.write_bytes(b"not an image")
    r = cli(root, "office", "letterhead", "--logo", str(bad), "--city", "Kendari", **admin)
    assert r.returncode == 3 and "PNG atau JPEG" in r.stderr and "Traceback" not in r.stderr
    assert "Rumbia" in cli(root, "office", "letterhead", **admin).stdout  # the refused change changed nothing
    r = cli(root, "office", "letterhead", "--city", "Kendari")  # a supervisor may not change the kop
    assert r.returncode == 4

    r = cli(root, "office", "numbering", "--code", "400.2.x", **admin)
    assert r.returncode == 3 and "Traceback" not in r.stderr
    r = cli(root, "office", "numbering", "--code", "400.2.4", **admin)
    assert r.returncode == 0 and "400.2.4" in r.stdout

    r = cli(root, "office", "signer", "kepala", "--rank", "Pembina (IV/a)", **admin)
    assert r.returncode == 0 and "Pembina (IV/a)" in r.stdout

    dest_id = cli(root, "destination", "add", "RSUD Contoh", "--type", "rsud_puskesmas", "--addressee", "Direktur",
                  "--city", "Rumbia").stdout.strip()
    first = cli(root, "letter", "create", case_no, "--destination", dest_id).stdout.strip()
    second = cli(root, "letter", "create", case_no, "--destination", dest_id).stdout.strip()
    r = cli(root, "letter", "approve", first, "--number", "400.2.4/777/DP2KBP3A/2026")
    assert r.returncode == 0 and r.stdout.strip() == "400.2.4/777/DP2KBP3A/2026", r.stderr
    r = cli(root, "letter", "approve", second, "--number", "400.2.4/777/DP2KBP3A/2026")
    assert r.returncode == 3 and "sudah dipakai" in r.stderr
    out = tmp_path / "surat.pdf"
    assert cli(root, "letter", "render", first, "--out", str(out)).returncode == 0
    words = text(out.read_bytes())
    assert "Rumbia," in words and "Pembina (IV/a)" in words and "Permohonan Pemeriksaan Medis" in words


def test_init_takes_the_city_and_dinas_for_the_kop(tmp_path):
    root = tmp_path / "baru"
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana", "--admin", "admin",
                 "--city", "Rumbia", "--agency", "DINAS P2KBP3A KABUPATEN BOMBANA"], data_dir=root,
                password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    shown = run_cli(["office", "letterhead"], data_dir=root, user="admin", password=ADMIN_PASSWORD).stdout
    assert "Rumbia" in shown and "DINAS P2KBP3A KABUPATEN BOMBANA" in shown


def test_letter_resume_saves_the_initials_profile_by_default(office, tmp_path):
    root, case_no = office
    out = tmp_path / "resume.pdf"
    r = cli(root, "letter", "resume", case_no, "--out", str(out), user="petugas1")
    assert r.returncode == 0, r.stderr
    assert "TIDAK terenkripsi" in r.stderr
    words = text(out.read_bytes())
    assert "RESUME KASUS" in words and "W.S.F." in words and VICTIM.split()[0] not in words
    r = cli(root, "letter", "resume", case_no, "--out", str(tmp_path / "full.pdf"), "--full")
    assert r.returncode == 0 and VICTIM.split()[0] in text((tmp_path / "full.pdf").read_bytes())
