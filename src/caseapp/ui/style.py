"""The application's look: bundled Liberation fonts, the calm navy/teal palette and the style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from caseapp.resources import resource_path

NAVY = "#1f3a5f"
TEAL = "#1b7f79"
ERROR_RED = "#b3261e"
BASE_POINT_SIZE = 10
UI_FAMILY = "Liberation Sans"
MONO_FAMILY = "Liberation Mono"


def load_fonts() -> None:
    """Register the shipped Liberation fonts so every laptop renders the same text."""
    folder = resource_path("fonts")
    for path in sorted(folder.glob("Liberation*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def set_flag(widget, name: str, value: bool = True) -> None:
    """Set a style-sheet property (``primary``, ``danger``, ``invalid``) and re-polish so it shows."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def mono_font(point_size: int = BASE_POINT_SIZE, *, bold: bool = False) -> QFont:
    font = QFont(MONO_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setBold(bold)
    return font


def apply_style(app: QApplication) -> None:
    """Fusion style, a light palette with teal highlights, Liberation Sans 10 pt and style.qss."""
    load_fonts()
    app.setStyle("Fusion")
    font = QFont(UI_FAMILY, BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f6f9"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(TEAL))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, QColor(TEAL))
    app.setPalette(palette)
    qss = resource_path("ui", "style.qss")
    if qss.exists():
        # url() in a style sheet is relative to the working directory: point it at resources/ui.
        app.setStyleSheet(qss.read_text(encoding="utf-8").replace("@UI@", qss.parent.as_posix()))
