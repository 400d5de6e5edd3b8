"""The "Tampilan" tab: interface language (a pre-unlock preference) and the office's idle auto-lock."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from caseapp.domain.accounts import Permission
from caseapp.i18n import LANGUAGES, _, language
from caseapp.services import office_settings
from caseapp.ui.messages import user_message
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import ErrorLabel, primary_button


class DisplayTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        session = context.session
        self.language = QComboBox(objectName="languageCombo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(language()))
        self.apply_language = primary_button(_("&Terapkan bahasa"))
        self.apply_language.setObjectName("applyLanguageButton")
        self.apply_language.clicked.connect(lambda: context.language_changed(self.language.currentData()))
        lang_box = QGroupBox(_("Bahasa"))
        lang_form = QFormLayout(lang_box)
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addWidget(self.apply_language)
        row.addStretch(1)
        lang_form.addRow(_buddy(_("&Bahasa tampilan:"), self.language), row)
        lang_form.addRow("", QLabel(_("Berlaku untuk laptop ini, juga di jendela buka kunci."), objectName="HintLabel"))

        self.can_edit_idle = session.user.can(Permission.MANAGE_OFFICE)
        self.idle = QSpinBox(objectName="idleMinutes")
        self.idle.setRange(1, 120)
        self.idle.setSuffix(" " + _("menit"))
        self.idle.setValue(office_settings.idle_lock_minutes(session))
        self.idle.setEnabled(self.can_edit_idle)
        self.save_idle = primary_button(_("&Simpan"))
        self.save_idle.setObjectName("saveIdleButton")
        self.save_idle.setVisible(self.can_edit_idle)
        self.save_idle.clicked.connect(self.save_idle_minutes)
        self.status = QLabel(objectName="OkLabel")
        self.error = ErrorLabel()
        idle_box = QGroupBox(_("Kunci otomatis"))
        idle_form = QFormLayout(idle_box)
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle)
        idle_row.addWidget(self.save_idle)
        idle_row.addWidget(self.status, 1)
        idle_form.addRow(_buddy(_("Kunci setelah &tidak aktif:"), self.idle), idle_row)
        idle_form.addRow("", QLabel(_("Berlaku untuk semua pengguna di kantor ini.") if self.can_edit_idle else
                                    _("Hanya administrator yang dapat mengubah waktu kunci otomatis."),
                                    objectName="HintLabel"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(lang_box)
        layout.addWidget(idle_box)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def save_idle_minutes(self) -> None:
        self.error.clear_message()
        self.status.clear()
        try:
            office_settings.set_idle_lock_minutes(self.context.session, self.idle.value())
        except Exception as exc:  # noqa: BLE001 - shown as a message
            self.error.show_message(user_message(exc))
            return
        self.status.setText("✔ " + _("Disimpan."))
        self.context.idle_minutes_changed(self.idle.value())


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose "&" letter (Alt+letter) moves to ``widget``; shown underlined, never as a raw "&"."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
