"""Walk the real app (wizard → main window → users → lock) and save docs/img/ui-*.png.

Run under Xvfb: ``Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 python -m tests.ui.foundation_screenshots``.
Uses a throw-away data directory and cheap test KDF parameters; the pictures hold demo data only.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain.accounts import NewUser, Role
from caseapp.services import accounts
from caseapp.ui import qt_runtime
from caseapp.ui.controller import AppController
from caseapp.ui.style import apply_style

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"
STEP_MS = 700


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print("saved", OUT / name)


def main() -> int:
    qt_runtime.apply()
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    root = Path(tempfile.mkdtemp(prefix="caseapp-shots-"))
    controller = AppController(DataDir(root / "data"), kdf_policy=KdfPolicy.insecure_for_tests(), on_quit=app.quit)
    controller.start()
    wizard = controller.wizard
    steps = []

    def step(fn):
        steps.append(fn)

    @step
    def office_page():
        wizard.next()
        page = wizard.office_page
        page.code.setText("74.06")
        page.address.setText("Jl. Poros Kasipute No. 12, Rumbia")
        page.phone.setText("(0401) 123 456")
        page.email.setText("uptdppa@bombanakab.go.id")

    @step
    def shot_wizard():
        save(wizard, "ui-setup-wizard.png")
        wizard.next()
        page = wizard.admin_page
        page.username.setText("andi")
        page.full_name.setText("Andi Pratama, S.Sos.")
        page.position.setText("Kepala UPTD PPA")
        page.passwords.password.setText("contoh-kata-sandi-1")
        page.passwords.confirm.setText("contoh-kata-sandi-1")

    @step
    def commit():
        wizard.next()
        wizard.next()  # "Siapkan": the setup job runs, then the wizard moves on by itself

    @step
    def recovery_page():
        save(wizard, "ui-setup-recovery-key.png")
        wizard.recovery_page.confirm_box.setChecked(True)
        wizard.accept()

    @step
    def add_users():
        session = controller.session
        for username, name, role, nip, position in (
                ("siti.rahma", "Siti Rahma, S.Psi.", Role.OFFICER, "199001012015032001", "Psikolog"),
                ("budi.s", "Budi Santoso, S.H.", Role.OFFICER, "", "Pendamping Hukum"),
                ("wa.ode", "Wa Ode Nurhayati", Role.SUPERVISOR, "198505102010012002", "Koordinator Layanan")):
            accounts.add_user(session, NewUser(username, name, role, nip, position), "contoh-kata-sandi-1")
        accounts.set_user_active(session, "budi.s", False)
        controller.main_window.show_section("settings")

    @step
    def shot_main():
        window = controller.main_window
        window.move(0, 0)
        window.resize(1366, 740)  # a common office laptop screen
        window.show_section(os.environ.get("SHOT_SECTION", "exchange"))

    @step
    def shot_main_save():
        save(controller.main_window, "ui-main-window.png")
        page = controller.main_window.show_section("settings")
        page.show_tab(page.users_tab)
        page.users_tab.table.selectRow(2)

    @step
    def shot_users():
        save(controller.main_window, "ui-users.png")
        controller.lock()

    @step
    def unlock_error():
        window = controller.unlock_window
        window.user_combo.setCurrentText("siti.rahma")
        window.password.setText("salah")
        window.try_unlock()

    @step
    def shot_unlock():
        save(controller.unlock_window, "ui-unlock.png")
        app.quit()

    def run(i=0):
        if i < len(steps):
            steps[i]()
            QTimer.singleShot(STEP_MS, lambda: run(i + 1))

    for window in (wizard,):
        window.move(40, 30)
    QTimer.singleShot(STEP_MS, run)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
