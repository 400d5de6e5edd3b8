"""English catalogue coverage, switching language at run time, the About dialog and the safe exception hook."""

from __future__ import annotations

import ast
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from caseapp.i18n import _catalogue
from caseapp.services.preferences import load_preferences
from tests.ui.conftest import ADMIN_PASSWORD, unlock_as

SRC = Path(__file__).resolve().parents[2] / "src" / "caseapp"
FOUNDATION = [SRC / "app.py", *(p for p in sorted((SRC / "ui").glob("*.py")) if p.name != "qt_runtime.py")]


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.args[0].value for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
            and n.args and isinstance(n.args[0], ast.Constant)]


def test_every_foundation_string_has_an_english_translation():
    catalogue = _catalogue("en")
    missing = sorted({s for path in FOUNDATION for s in _strings(path) if s not in catalogue})
    assert missing == []


def test_switching_to_english_rebuilds_the_window_and_is_remembered(qtbot, office, make_controller, data_dir):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    display = controller.main_window.show_section("settings").display_tab
    display.language.setCurrentIndex(display.language.findData("en"))
    qtbot.mouseClick(display.apply_language, Qt.MouseButton.LeftButton)
    window = controller.main_window
    assert window.nav.item(window.section_keys().index("settings")).text() == "Settings"
    assert window.current_page().tabs.tabText(0) == "&Office"
    assert "Unlocked" in window.lock_status.text()
    assert controller.session is not None  # the session stayed open
    assert load_preferences(data_dir).language == "en"
    controller.lock()
    assert controller.unlock_window.unlock_button.text() == "&Open"


def test_about_dialog_credits_data_fonts_and_libraries(qtbot, office, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    controller.main_window.about_action.trigger()
    text = controller.about_dialog.browser.toPlainText()
    for needle in ("idn-area-data", "ODbL", "SIL Open Font License", "LGPLv3", "SQLCipher", "reportlab",
                   "Apache-2.0", "pyrage", "Kepmendagri" if "Kepmendagri" in text else "Keputusan Menteri"):
        assert needle in text


def test_excepthook_shows_a_generic_message_without_the_exception_text(qtbot, monkeypatch):
    from caseapp.app import install_excepthook

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthook()
    try:
        raise ValueError("Korban: Siti Aminah, NIK 7406014101900001")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1
    assert "Siti" not in shown[0] and "7406" not in shown[0]
    assert "tidak terduga" in shown[0]
