"""This office's card: code, key id, fingerprint (groups and words), save the card file, print the card page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from caseapp.i18n import _
from caseapp.services import offices
from caseapp.ui.exchange import documents
from caseapp.ui.exchange.labels import level_label
from caseapp.ui.messages import show_error, show_info
from caseapp.ui.style import mono_font


def card_file_name(code: str) -> str:
    return f"kartu-kantor-{code}.json"


class OwnCardBox(QGroupBox):
    def __init__(self, session, jobs, parent: QWidget | None = None):
        super().__init__(_("Kartu kantor ini"), parent)
        self.session, self.jobs = session, jobs
        self.office = QLabel(objectName="ownOffice")
        self.key_id = QLabel(objectName="ownKeyId")
        self.groups = QLabel(objectName="ownFingerprint")
        self.groups.setFont(mono_font(11, bold=True))
        self.words = QLabel(objectName="ownWords")
        self.words.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1b7f79;")
        self.words.setWordWrap(True)
        for label in (self.key_id, self.groups, self.words):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(_("&Simpan kartu ke berkas…"), objectName="exportCardButton")
        self.print_button = QPushButton(_("&Cetak kartu…"), objectName="printCardButton")
        self.export_button.clicked.connect(self.export_card)
        self.print_button.clicked.connect(self.print_card)
        hint = QLabel(_("Berikan berkas kartu ini ke kantor lain (misalnya lewat flashdisk). Mereka akan menelepon "
                        "untuk mencocokkan sidik jari: bacakan kata-kata atau kelompok angka di atas."),
                      objectName="HintLabel")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(_("Kantor:"), self.office)
        form.addRow(_("ID kunci:"), self.key_id)
        form.addRow(_("Sidik jari:"), self.groups)
        form.addRow(_("Kata sidik jari:"), self.words)
        form.addRow(hint)
        form.addRow(buttons)
        self.refresh()

    def refresh(self) -> None:
        card = offices.own_card(self.session)
        self.card = card
        self.office.setText(f"{card.name} ({card.code}) · {level_label(card.level)}")
        self.key_id.setText(card.key_id)
        groups = card.fingerprint_groups().split()
        self.groups.setText(" ".join(groups[:8]) + "\n" + " ".join(groups[8:]))
        self.words.setText(" · ".join(card.fingerprint_words()))

    def set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)

    def export_card(self, path: Path | None = None) -> Path | None:
        if not path:
            name, _filter = QFileDialog.getSaveFileName(self, _("Simpan kartu kantor"),
                                                        str(Path.home() / card_file_name(self.card.code)),
                                                        _("Kartu kantor (*.json)"))
            if not name:
                return None
            path = Path(name)
        try:
            offices.export_card(self.session, Path(path))
        except Exception as exc:  # noqa: BLE001 - the service's message, or a generic one
            show_error(self, exc, _("Kartu tidak disimpan"))
            return None
        show_info(self, _("Kartu kantor disimpan"), _("Kartu kantor disimpan di {path}. Berkas ini tidak rahasia: "
                                                      "isinya hanya kunci publik.").format(path=path))
        return Path(path)

    def print_card(self) -> None:
        documents.print_office_card(self, self.jobs, self.session)
