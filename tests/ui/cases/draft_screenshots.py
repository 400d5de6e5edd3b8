"""Save docs/img/ui-draft-restore.png: type into a case, let the idle lock fire, unlock, grab the question.

Run under Xvfb: ``Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 python -m tests.ui.cases.draft_screenshots``.
Uses a throw-away data directory and cheap test KDF parameters; every name is invented.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from caseapp.crypto.kdf import KdfPolicy
from caseapp.domain.case import Case, Incident, Person
from caseapp.services import cases
from caseapp.ui import qt_runtime
from caseapp.ui.controller import AppController
from caseapp.ui.style import apply_style
from tests.helpers import ADMIN_PASSWORD, make_office
from tests.ui.cases.case_screenshots import save


def wait_for(app: QApplication, condition, seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.02)


def unlock(app: QApplication, controller: AppController) -> None:
    window = controller.unlock_window
    window.user_combo.setCurrentText("admin")
    window.password.setText(ADMIN_PASSWORD)
    window.password.returnPressed.emit()
    wait_for(app, lambda: controller.main_window is not None)


def main() -> int:
    qt_runtime.apply()
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    data_dir, result = make_office(Path(tempfile.mkdtemp(prefix="caseapp-shots-")) / "data")
    intake = dt.date.today() - dt.timedelta(days=2)
    with result.session as session:
        stored = cases.create_case(session, Case(
            intake_date=intake, channel="datang_langsung", intake_time=dt.time(9, 30),
            persons=(Person(role="korban", name="Wa Ode Fitriani", sex="P", birth_date=dt.date(2011, 9, 14)),),
            incidents=(Incident(date=intake, violence_types=("fisik",)),)))
    controller = AppController(data_dir, kdf_policy=KdfPolicy.insecure_for_tests(), idle_interval_ms=1500,
                               on_quit=app.quit)
    controller.start()
    unlock(app, controller)
    editor = controller.main_window.show_section("cases").open_case(stored.uuid)
    editor.show_section(5)  # Kejadian
    editor.sections[5].chronology.setPlainText("Korban dipukul sepulang sekolah; tetangga mendengar teriakan.")
    wait_for(app, lambda: controller.session is None)  # the idle lock
    controller.idle_interval_override = None
    unlock(app, controller)
    wait_for(app, lambda: controller.draft_offers.current is not None and controller.draft_offers.current.isVisible())
    for _n in range(20):
        app.processEvents()
    save(controller.draft_offers.current, "ui-draft-restore.png")
    controller.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
