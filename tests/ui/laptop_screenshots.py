"""Full-screen pictures of the app on an office laptop's 1366×768 screen, for docs/img/ and the user guide.

Run with ``tests/ui/laptop_screenshots.sh`` (Xvfb at 1366×768 with the openbox window manager, so windows get real
frames and the pictures show that every window fits the screen). Uses a throw-away data directory, cheap test KDF
parameters and invented demo data only. ``--scale`` names the 125 % run (``QT_SCALE_FACTOR=1.25``).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.nik import make_nik
from caseapp.services import accounts, cases, demo_data, destinations
from caseapp.ui import qt_language, qt_runtime, screen_fit
from caseapp.ui.jobs import JobRunner
from caseapp.ui.style import apply_style
from tests.helpers import make_office
from tests.ui.cases.case_screenshots import showcase_case

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"


def settle(ms: int = 400) -> None:
    """Let the window manager map, frame and paint what was shown."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(app: QApplication, name: str) -> None:
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    picture = app.primaryScreen().grabWindow(0)  # the whole screen, window frames included
    picture.save(str(OUT / name))
    print("saved", OUT / name, f"{picture.width()}x{picture.height()}")


def main(argv: list[str]) -> int:
    qt_runtime.apply()
    app = QApplication(argv[:1])
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    screen_fit.install(app)
    qt_language.apply("id")
    suffix = "-125" if "--scale" in argv else ""
    root = Path(tempfile.mkdtemp(prefix="caseapp-laptop-shots-"))
    _data_dir, result = make_office(root / "office", admin="andi", admin_full_name="Andi Pratama, S.Sos.")
    session = result.session
    for username, name, role in (("rahmi", "Rahmi Sulastri, S.Psi.", Role.OFFICER),
                                 ("nurul", "Nurul Hidayah, S.Tr.Sos.", Role.SUPERVISOR)):
        accounts.add_user(session, NewUser(username, name, role), "kata-sandi-contoh-1")
    demo_data.make_demo_cases(session, 60, seed=29)
    showcase = cases.create_case(session, showcase_case(session))
    starters = {d.type: d.id for d in destinations.add_starter_destinations(session)}
    from caseapp.services import letterhead

    letterhead.set_classification_code(session, "400.2.4")  # asked once before the first letter
    from caseapp.domain.referral import DestinationType
    from caseapp.services import referrals

    police = starters[DestinationType.UNIT_PPA_POLRES]
    referrals.approve_letter(session, referrals.create_letter(
        session, showcase.case_number, destination_id=starters[DestinationType.RSUD_PUSKESMAS],
        purpose="Pemeriksaan dan visum et repertum").id)
    referrals.create_letter(session, showcase.case_number, destination_id=police)

    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext

    jobs = JobRunner()
    window = MainWindow(PageContext(session, jobs))
    window.show()
    case_list = window.show_section("cases")
    case_list.table.selectRow(2)
    shoot(app, f"ui-case-list{suffix}.png")

    editor = case_list.open_case(showcase.uuid)
    victims = editor.sections[1]
    editor.show_section(1)
    form = victims.person_form
    form.birth_date.set_value(None)
    form.nik.setText(make_nik("74.06.04", dt.date(2011, 9, 14), "P", 213))  # the NIK offers birth date and sex
    shoot(app, f"ui-case-editor{suffix}.png")
    form.birth_date.edit.setFocus()
    form.birth_date.open_calendar()
    shoot(app, f"ui-date-calendar{suffix}.png")
    form.birth_date.popup.hide()
    editor.baseline = editor.build()  # the demo edits are not kept
    editor.close()

    letters = window.show_section("referrals")
    shoot(app, f"ui-letter-register{suffix}.png")
    from caseapp.ui.letters.case_chooser import CaseChooserDialog

    chooser = CaseChooserDialog(session, letters)
    chooser.show()
    chooser.search.setText("W")
    settle(400)
    shoot(app, f"ui-letter-case-chooser{suffix}.png")
    chooser.close()
    from caseapp.ui.letters.destinations_dialog import DestinationsDialog

    dialog = DestinationsDialog(session, letters)
    dialog.show()
    shoot(app, f"ui-destinations-starter{suffix}.png")
    dialog.close()

    window.show_section("cases")
    window.show_help()
    shoot(app, f"ui-help{suffix}.png")
    window.help_window.close()

    jobs.wait(5000)
    window.clear_pages()
    window.close_for_lock()
    session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
