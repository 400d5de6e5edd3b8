"""The box shown after a bundle was written: file, sequence, case count, fingerprint, print the hand-over note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from caseapp.i18n import _
from caseapp.services.exchange import ExportResult
from caseapp.ui.exchange import documents
from caseapp.ui.exchange.labels import scope_label
from caseapp.ui.style import mono_font


def _groups(fingerprint: str) -> str:
    fp = fingerprint.upper()
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


class ExportResultBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Paket selesai dibuat"), parent)
        self.setObjectName("exportResult")
        self.result: ExportResult | None = None
        self.session = self.jobs = None
        self.file = QLabel(objectName="resultFile")
        self.sequence = QLabel(objectName="resultSequence")
        self.count = QLabel(objectName="resultCount")
        self.scope = QLabel(objectName="resultScope")
        self.fingerprint = QLabel(objectName="resultFingerprint")
        self.fingerprint.setFont(mono_font())
        self.fingerprint.setWordWrap(True)
        for label in (self.file, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file.setWordWrap(True)
        self.print_button = QPushButton(_("Cetak &surat pengantar…"), objectName="printHandoverButton")
        self.print_button.clicked.connect(self.print_note)
        form = QFormLayout(self)
        form.addRow(_("Berkas:"), self.file)
        form.addRow(_("Nomor paket:"), self.sequence)
        form.addRow(_("Jumlah kasus:"), self.count)
        form.addRow(_("Cakupan:"), self.scope)
        form.addRow(_("Sidik jari kantor ini:"), self.fingerprint)
        hint = QLabel(_("Serahkan flashdisk bersama surat pengantar. Kantor penerima mengimpor paket ini lalu "
                        "memberikan berkas tanda terima untuk dibawa kembali dan diimpor di sini."),
                      objectName="HintLabel")
        hint.setWordWrap(True)
        form.addRow(hint)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        form.addRow(row)
        self.hide()

    def show_result(self, session, jobs, result: ExportResult) -> None:
        self.session, self.jobs, self.result = session, jobs, result
        self.file.setText(str(result.path))
        self.sequence.setText(str(result.sequence))
        count = str(result.case_count)
        if result.transfer:
            count += " · " + _("pelimpahan")
        self.count.setText(count)
        self.scope.setText(scope_label(result.scope))
        self.fingerprint.setText(_groups(result.fingerprint))
        self.show()

    def print_note(self) -> None:
        if self.result is not None:
            documents.print_handover_note(self, self.jobs, self.session, self.result.path)
