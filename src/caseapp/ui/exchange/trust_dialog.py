""""Percayai kartu kantor…": load a card file, read its fingerprint aloud by phone, type it, then trust the office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.services import offices
from caseapp.ui.exchange.labels import level_label
from caseapp.ui.messages import user_message
from caseapp.ui.style import mono_font
from caseapp.ui.widgets import ErrorLabel

FINGERPRINT_DIGITS = 64


def hex_digits(text: str) -> int:
    return sum(1 for ch in text.lower() if ch in "0123456789abcdef")


class TrustCardDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.card = None
        self.trusted = None
        self.setWindowTitle(_("Percayai kartu kantor"))
        self.setMinimumWidth(620)
        self.file = QLineEdit(objectName="cardFileEdit", readOnly=True, placeholderText=_("Belum ada kartu dipilih"))
        self.file_button = QPushButton(_("Pilih berkas &kartu…"), objectName="chooseCardButton")
        self.file_button.clicked.connect(self.choose_file)
        self.office = QLabel(objectName="cardOffice")
        self.key_id = QLabel(objectName="cardKeyId")
        self.words = QLabel(objectName="cardWords")
        self.words.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1b7f79;")
        self.words.setWordWrap(True)
        steps = QLabel(_("1. Telepon kantor tersebut di nomor yang Anda ketahui dari sumber resmi (bukan dari kartu "
                         "ini).\n2. Minta petugasnya membuka Pertukaran Data › Kantor dan membacakan sidik jari "
                         "kantornya (16 kelompok angka dan huruf).\n3. Ketik sidik jari yang dibacakan di bawah, "
                         "lalu cocokkan juga kata-katanya."), objectName="SectionHint")
        steps.setWordWrap(True)
        self.typed = QLineEdit(objectName="typedFingerprint",
                               placeholderText="XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX …")
        self.typed.setFont(mono_font())
        self.typed.textChanged.connect(self._update)
        self.digits = QLabel(objectName="HintLabel")
        self.words_ok = QCheckBox(_("Kata-kata sidik jari di atas sama dengan yang dibacakan"), objectName="wordsCheck")
        self.words_ok.toggled.connect(self._update)
        self.scope = QComboBox(objectName="scopeCombo")
        self.scope.addItem(_("Otomatis: lengkap untuk kantor sejalur (kabupaten ↔ provinsinya), tanpa identitas "
                             "untuk lainnya"), None)
        self.scope.addItem(_("Data lengkap"), "full")
        self.scope.addItem(_("Tanpa identitas"), "deidentified")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Percayai kantor ini"))
        self.ok_button.setObjectName("trustButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.trust)
        self.buttons.rejected.connect(self.reject)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.file_button)
        form = QFormLayout()
        form.addRow(_("Berkas kartu:"), file_row)
        form.addRow(_("Kantor:"), self.office)
        form.addRow(_("ID kunci:"), self.key_id)
        form.addRow(_("Kata sidik jari:"), self.words)
        check = QFormLayout()
        check.addRow(_("Sidik jari yang &dibacakan:"), self.typed)
        check.addRow("", self.digits)
        check.addRow("", self.words_ok)
        check.addRow(_("&Cakupan bawaan:"), self.scope)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(steps)
        layout.addLayout(check)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def choose_file(self) -> None:
        # All files first: a card saved without ".json" (e.g. renamed on a phone) must be listed too.
        name, _filter = QFileDialog.getOpenFileName(self, _("Pilih berkas kartu kantor"), str(Path.home()),
                                                    _("Semua berkas (*);;Kartu kantor (*.json)"))
        if name:
            self.load_card(Path(name))

    def load_card(self, path: Path) -> bool:
        self.error.clear_message()
        try:
            card = offices.read_card(path)
        except Exception as exc:  # noqa: BLE001 - OfficeCardInvalid / NotFound carry their own message
            self.card = None
            self.error.show_message(user_message(exc))
            self._update()
            return False
        self.card = card
        self.file.setText(str(path))
        self.office.setText(f"{card.name} ({card.code}) · {level_label(card.level)}")
        self.key_id.setText(card.key_id)
        self.words.setText(" · ".join(card.fingerprint_words()))
        self._update()
        return True

    def _update(self) -> None:
        n = hex_digits(self.typed.text())
        self.digits.setText(_("{n} dari {total} angka/huruf diketik").format(n=n, total=FINGERPRINT_DIGITS))
        self.ok_button.setEnabled(self.card is not None and n == FINGERPRINT_DIGITS and self.words_ok.isChecked())

    def trust(self) -> None:
        """The service compares the typed fingerprint with the card's; on a mismatch nothing is stored."""
        if self.card is None:
            return
        try:
            self.trusted = offices.trust_card(self.session, self.card, self.typed.text(),
                                              default_scope=self.scope.currentData())
        except Exception as exc:  # noqa: BLE001 - FingerprintMismatch and friends carry their own message
            self.error.show_message(user_message(exc))
            return
        self.accept()
