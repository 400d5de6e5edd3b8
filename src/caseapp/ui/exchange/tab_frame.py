"""The common frame of an exchange tab: a padded column of parts inside a frameless scroll area."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QScrollArea, QVBoxLayout, QWidget


def fill_tab(tab: QWidget, parts: list[QWidget | QLayout]) -> None:
    """Stack ``parts`` (widgets or layouts) top to bottom in ``tab``, scrolling when the window is small."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.setSpacing(12)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    outer = QVBoxLayout(tab)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
