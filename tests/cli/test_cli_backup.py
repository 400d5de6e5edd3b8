"""caseapp-cli backup create / verify / restore, as an office's IT helper would run them."""

from tests.helpers import ADMIN_PASSWORD, make_office, run_cli
from tests.services.test_exchange import _case


def test_create_verify_restore_and_refuse_damage(tmp_path):
    from caseapp.services import cases

    dd, res = make_office(tmp_path / "data")
    made = cases.create_case(res.session, _case("Siti Aminah"))
    res.session.close()
    r = run_cli(["backup", "reminder"], data_dir=dd.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0 and "7 hari" in r.stdout and "belum pernah" in r.stdout, r.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    r = run_cli(["backup", "create", "--out", str(usb)], data_dir=dd.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    (path,) = list(usb.iterdir())
    assert str(path) in r.stdout

    r = run_cli(["backup", "reminder", "14"], data_dir=dd.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0 and "14 hari" in r.stdout and "belum pernah" not in r.stdout, r.stderr

    r = run_cli(["backup", "verify", str(path)], data_dir=dd.root)
    assert r.returncode == 0 and "Cadangan utuh" in r.stdout and "74.06" in r.stdout
    r = run_cli(["backup", "verify", "--recovery-key-stdin", str(path)], data_dir=dd.root,
                stdin=res.recovery_key + "\n")
    assert r.returncode == 0 and "basis data utuh" in r.stdout, r.stderr

    # Restoring over the existing office is refused and changes nothing.
    r = run_cli(["backup", "restore", "--recovery-key-stdin", str(path)], data_dir=dd.root,
                stdin=res.recovery_key + "\n")
    assert r.returncode == 11 and "sudah berisi data kantor" in r.stderr and "Traceback" not in r.stderr

    fresh = tmp_path / "laptop-baru"
    r = run_cli(["backup", "restore", str(path)], data_dir=fresh)
    assert r.returncode != 0 and "kunci pemulihan" in r.stderr
    r = run_cli(["backup", "restore", "--recovery-key-stdin", str(path)], data_dir=fresh,
                stdin=res.recovery_key + "\n")
    assert r.returncode == 0, r.stderr
    r = run_cli(["case", "list"], data_dir=fresh, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0 and made.case_number in r.stdout, r.stderr

    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    bad = tmp_path / "rusak.casebackup"
    bad.write_bytes(bytes(raw))
    for argv, stdin in ((["backup", "verify", str(bad)], None),
                        (["backup", "restore", "--recovery-key-stdin", str(bad)], res.recovery_key + "\n")):
        r = run_cli(argv, data_dir=tmp_path / "kosong", stdin=stdin)
        assert r.returncode == 19 and "Berkas cadangan rusak" in r.stderr
        assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert not (tmp_path / "kosong" / "caseapp.db").exists()
