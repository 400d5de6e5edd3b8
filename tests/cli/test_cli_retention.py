"""caseapp-cli retention list/set, case hold/unhold/purge."""

import datetime as dt

from caseapp.services import cases, clock
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli
from tests.services.test_exchange import _case


def test_hold_blocks_purge_then_purge_with_confirmation(tmp_path):
    dd, res = make_office(tmp_path / "data")
    s = res.session
    # Closed three years ago (the clock is moved back while it is saved).
    clock.set_for_tests(lambda: dt.datetime.now().astimezone() - dt.timedelta(days=3 * 366))
    try:
        doomed = cases.change_status(s, cases.create_case(s, _case("Kenariwati")).uuid, "selesai",
                                     closure_reason="tujuan_tercapai",
                               reason="Korban memilih tidak melapor ke polisi.")
    finally:
        clock.set_for_tests()
    kept = cases.create_case(s, _case("Siti Aminah"))
    s.close()

    def cli(*argv):
        return run_cli(list(argv), data_dir=dd.root, user="admin", password=ADMIN_PASSWORD)

    assert cli("retention", "list").stdout.count(doomed.case_number) == 0  # no period set: never due
    r = cli("retention", "set", "tujuan_tercapai", "2")
    assert r.returncode == 0 and "tujuan_tercapai: 2" in r.stdout
    assert doomed.case_number in cli("retention", "list").stdout
    r = cli("case", "hold", doomed.case_number, "--reason", "Perkara 12/Pid.Sus/2026/PN Adl")
    assert r.returncode == 0, r.stderr
    r = cli("case", "purge", doomed.case_number, "--confirm", doomed.case_number)
    assert r.returncode == 4 and "penahanan hukum" in r.stderr and "Traceback" not in r.stderr
    assert cli("case", "unhold", doomed.case_number).returncode == 0
    r = cli("case", "purge", doomed.case_number, "--confirm", "74.06/2024/9999")
    assert r.returncode == 3 and "ketik ulang nomor kasus" in r.stderr
    r = cli("case", "purge", kept.case_number, "--confirm", kept.case_number)
    assert r.returncode == 3  # open case: never due
    r = cli("case", "purge", doomed.case_number, "--confirm", doomed.case_number)
    assert r.returncode == 0 and "dimusnahkan" in r.stdout, r.stderr
    listed = cli("case", "list").stdout
    assert doomed.case_number not in listed and kept.case_number in listed
