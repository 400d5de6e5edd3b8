"""GUI entry point (``caseapp``): style, a safe exception hook, then the setup wizard or the unlock window."""

from __future__ import annotations

import sys
import threading


def install_excepthook() -> None:
    """Show a generic Indonesian message for any unexpected error; print and log nothing.

    The exception text or traceback could carry case data (names, addresses), so it never reaches
    the screen, stderr or a file.
    """
    from PySide6.QtWidgets import QApplication, QMessageBox

    from caseapp.domain.errors import CaseappError
    from caseapp.i18n import _
    from caseapp.ui.messages import generic_message

    showing = False

    def hook(exc_type, exc, _tb) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            text = exc.message if isinstance(exc, CaseappError) else generic_message()
            QMessageBox.critical(None, _("caseapp — terjadi kesalahan"), text)
        except Exception:  # noqa: BLE001 - never let the hook itself print a traceback
            pass
        finally:
            showing = False

    sys.excepthook = hook
    threading.excepthook = lambda args: None  # jobs report errors by signal; stray threads stay silent


def main(argv: list[str] | None = None) -> int:
    from caseapp.ui import qt_runtime

    qt_runtime.apply()  # before any widget exists
    from PySide6.QtWidgets import QApplication

    from caseapp.datadir import DataDir, default_data_dir
    from caseapp.ui.controller import AppController
    from caseapp.ui.style import apply_style

    app = QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName("caseapp")
    app.setApplicationDisplayName("caseapp")
    app.setOrganizationName("UPTD PPA")
    app.setQuitOnLastWindowClosed(False)  # windows are swapped on lock; the controller decides when to quit
    apply_style(app)
    install_excepthook()
    controller = AppController(DataDir(default_data_dir()))
    controller.start()  # loads preferences (language) first
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
