"""Asks why a case is being closed (closure_reason code list), and why a case goes back to an earlier stage."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from caseapp.i18n import _
from caseapp.ui.cases.code_widgets import CodeCombo


class ClosureDialog(QDialog):
    """``needs_reason``: a sexual-violence case with no police report time; closing it needs written reasons.

    ``note_required_for``: closure reasons that need a written explanation on this case (goals met without any
    monitoring record).
    """

    def __init__(self, parent: QWidget | None = None, *, needs_reason: bool = False,
                 note_required_for: frozenset[str] = frozenset()):
        super().__init__(parent)
        self.setObjectName("closureDialog")
        self.setWindowTitle(_("Tutup kasus"))
        self.needs_reason = needs_reason
        self.note_required_for = note_required_for
        self.reason = CodeCombo("closure_reason", blank=_("— pilih alasan —"))
        self.reason.setObjectName("closureReasonCombo")
        text = QLabel(_("Kasus yang ditutup dapat dibuka kembali bila ada kebutuhan baru."), objectName="SectionHint")
        text.setWordWrap(True)
        self.note = QPlainTextEdit(objectName="closureNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        form = QFormLayout()
        form.addRow(_("&Alasan penutupan:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if needs_reason:
            warning = QLabel(_("Waktu laporan ke polisi belum dicatat untuk kasus kekerasan seksual ini (UU TPKS "
                               "Pasal 41). Tuliskan mengapa kasus ditutup tanpa laporan polisi."),
                             objectName="closureNeedsReason")
            warning.setWordWrap(True)
            layout.addWidget(warning)
            form.addRow(_("&Keterangan (wajib):"), self.note)
        else:
            form.addRow(_("&Keterangan:"), self.note)
        self.monitoring_hint = QLabel(_("Belum ada catatan monitoring (tindak lanjut): tuliskan alasan kasus "
                                        "ditutup karena tujuan tercapai."), objectName="closureNeedsMonitoring")
        self.monitoring_hint.setWordWrap(True)
        self.monitoring_hint.hide()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("Tutup &kasus"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentIndexChanged.connect(lambda _i: self._update())
        self.note.textChanged.connect(self._update)
        self._update()
        layout.addLayout(form)
        layout.addWidget(self.monitoring_hint)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        code = self.reason.value()
        self.monitoring_hint.setVisible(code in self.note_required_for)
        required = self.needs_reason or code in self.note_required_for
        self.ok.setEnabled(code is not None and (not required or bool(self.note.toPlainText().strip())))

    def value(self) -> str | None:
        return self.reason.value()

    def reason_text(self) -> str:
        return self.note.toPlainText().strip()


class StageReasonDialog(QDialog):
    """Asks why a case goes back to an earlier stage; the answer is kept as a note on the case."""

    def __init__(self, stage_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stageReasonDialog")
        self.setWindowTitle(_("Kembali ke tahap sebelumnya"))
        text = QLabel(_("Kasus akan kembali ke tahap {stage}. Tuliskan alasannya, misalnya keadaan korban yang "
                        "berubah; alasan ini disimpan sebagai catatan kasus.").format(stage=stage_label),
                      objectName="SectionHint")
        text.setWordWrap(True)
        self.note = QPlainTextEdit(objectName="stageReason")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("&Kembali ke tahap ini"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note.textChanged.connect(lambda: self.ok.setEnabled(bool(self.note.toPlainText().strip())))
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        form = QFormLayout()
        form.addRow(_("&Alasan:"), self.note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def reason_text(self) -> str:
        return self.note.toPlainText().strip()
