"""Small shared widgets: the navy header band, the red error label, password fields with a strength hint."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import MIN_PASSWORD_LENGTH
from caseapp.i18n import _


class HeaderBand(QWidget):
    """Navy band across the top of a window: a title (usually the office name) and a subtitle."""

    def __init__(self, title: str = "", subtitle: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("HeaderBand")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(title, objectName="HeaderTitle")
        self.subtitle = QLabel(subtitle, objectName="HeaderSubtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

    def set_text(self, title: str, subtitle: str = "") -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))


class ErrorLabel(QLabel):
    """A red, word-wrapped message that is hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ErrorLabel")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


def page_title(text: str) -> str:
    """Rich-text title (wizard pages) in the app's navy, a size above the body text."""
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    return f"<span style='font-size:14pt; font-weight:bold; color:#1f3a5f'>{safe}</span>"


def primary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    return button


def password_strength(password: str) -> tuple[int, str]:
    """0–3 and a short hint; a guide for the user, the service's rule is what counts."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return 0, _("Terlalu pendek: minimal {n} karakter.").format(n=MIN_PASSWORD_LENGTH)
    kinds = sum(bool(any(test(c) for c in password)) for test in (str.islower, str.isupper, str.isdigit))
    kinds += any(not c.isalnum() for c in password)
    if len(password) >= 16 or (len(password) >= 12 and kinds >= 3):
        return 3, _("Kuat.")
    if kinds >= 2:
        return 2, _("Cukup. Kalimat pendek yang mudah diingat lebih kuat lagi.")
    return 1, _("Lemah: tambahkan angka atau huruf besar, atau pakai kalimat pendek.")


class PasswordPair(QWidget):
    """New password + confirmation rows with a live strength hint; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, form: QFormLayout, label: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="newPassword")
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="confirmPassword")
        self.hint = QLabel(objectName="HintLabel")
        self.hint.setWordWrap(True)
        self.password.setToolTip(_("Minimal {n} karakter. Jangan pakai tanggal lahir atau nama kantor.")
                                 .format(n=MIN_PASSWORD_LENGTH))
        form.addRow(label or _("&Kata sandi:"), self.password)
        form.addRow(_("&Ulangi kata sandi:"), self.confirm)
        form.addRow("", self.hint)
        self.password.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = self.password.text()
        hint = password_strength(text)[1] if text else _("Minimal {n} karakter.").format(n=MIN_PASSWORD_LENGTH)
        if self.confirm.text() and self.confirm.text() != text:
            hint += " " + _("Ulangan kata sandi belum sama.")
        self.hint.setText(hint)
        self.changed.emit()

    def value(self) -> str:
        return self.password.text()

    def is_acceptable(self) -> bool:
        return len(self.password.text()) >= MIN_PASSWORD_LENGTH and self.password.text() == self.confirm.text()

    def clear(self) -> None:
        self.password.clear()
        self.confirm.clear()
