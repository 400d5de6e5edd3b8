"""What every case-editor section does: show part of a Case, give it back edited, and show field messages."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from caseapp.domain.case import Case

_INDEX = re.compile(r"^\[(\d+)\]\.?(.*)$")


def split_index(path: str) -> tuple[int | None, str]:
    """'[1].nik' → (1, 'nik'); 'nik' → (None, 'nik')."""
    m = _INDEX.match(path)
    return (int(m.group(1)), m.group(2)) if m else (None, path.lstrip("."))


class EditorSection(QWidget):
    """``paths`` are the top-level JSON keys of validation paths this section answers for."""

    paths: tuple[str, ...] = ()
    watches_itself = False  # else the editor connects every input under the section to ``changed``
    changed = Signal()

    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(objectName="PageSurface")
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(20, 16, 20, 16)
        self.layout_.setSpacing(12)
        heading = QLabel(self.title(), objectName="PageTitle")
        heading.setStyleSheet("font-size: 12pt;")
        self.layout_.addWidget(heading)
        intro = self.intro()
        if intro:
            hint = QLabel(intro, objectName="SectionHint")
            hint.setWordWrap(True)
            self.layout_.addWidget(hint)
        self.section_message = QLabel(objectName="ErrorLabel")
        self.section_message.setWordWrap(True)
        self.section_message.hide()
        self.layout_.addWidget(self.section_message)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll)

    # -- to override ---------------------------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def intro(self) -> str:
        return ""

    def load(self, case: Case) -> None:
        raise NotImplementedError

    def apply(self, case: Case) -> Case:
        return case

    def show_message(self, path: str, text: str, *, warning: bool = False) -> QWidget | None:
        """Show ``text`` next to the field at ``path`` (the full validation path); return the widget."""
        self.show_section_message(text)
        return None

    def clear_messages(self) -> None:
        self.show_section_message("")

    def entered(self) -> None:
        """Called whenever the section is shown (refresh things that depend on other sections)."""

    # -- helpers -------------------------------------------------------------------------------------
    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.layout_.addWidget(widget, stretch)
        return widget

    def show_section_message(self, text: str) -> None:
        self.section_message.setText(text)
        self.section_message.setVisible(bool(text))
