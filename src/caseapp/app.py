"""GUI entry point (``caseapp``): style, a safe exception hook, then the setup wizard or the unlock window."""

from __future__ import annotations

import os
import sys
import threading
import time

# Packaging check (frozen build, CI): once the first window is up, print its class and quit.
STARTUP_PROBE_ENV = "CASEAPP_STARTUP_PROBE"
STARTUP_PROBE_TIMEOUT_S = 60


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


def install_startup_probe(app) -> None:
    """Print ``caseapp-startup <WindowClass> <epoch seconds>`` when a top-level window is visible, then quit.

    Only window class names are printed (never text from a window). Exit code 0 when a window appeared,
    3 when none did within the timeout.
    """
    from PySide6.QtCore import QTimer

    deadline = time.monotonic() + STARTUP_PROBE_TIMEOUT_S
    timer = QTimer(app)
    timer.setInterval(10)

    def poll() -> None:
        visible = [w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()]
        if visible:
            timer.stop()
            print(f"caseapp-startup {type(visible[0]).__name__} {time.time():.3f}", flush=True)
            app.exit(0)
        elif time.monotonic() > deadline:
            timer.stop()
            app.exit(3)

    timer.timeout.connect(poll)
    timer.start()


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
    if os.environ.get(STARTUP_PROBE_ENV) == "1":
        install_startup_probe(app)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
