"""Cetak resume kasus: choose the disclosure profile, then preview, print or (warned) save the PDF from memory.

Opened from the case editor and the case list's context menu. The PDF comes from ``services.case_summary``, which
refuses a user who may not open the case; every render is audited (previewed, printed, saved).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.services import cases
from caseapp.services.case_summary import Profile, render_case_summary_pdf
from caseapp.ui.letters.pdf_output import save_pdf_as
from caseapp.ui.messages import show_error
from caseapp.ui.pdf_preview import PdfPreviewDialog
from caseapp.ui.pdf_print import MemoryPdf, choose_printer, paint_pages


class SummaryProfileDialog(QDialog):
    """Which identity the resume carries: initials only (the default) or the full identity for the team."""

    def __init__(self, case_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryProfileDialog")
        self.setWindowTitle(_("Cetak resume kasus"))
        intro = QLabel(_("Resume kasus {number} untuk pembahasan kasus atau serah terima layanan. "
                         "Pilih identitas yang dimuat:").format(number=case_number))
        intro.setWordWrap(True)
        self.initials = QRadioButton(_("&Inisial saja"), objectName="summaryInitials")
        initials_hint = QLabel(_("Inisial, umur saat kejadian dan kabupaten; nama orang dan nama desa dalam teks "
                                 "disamarkan. Untuk rapat koordinasi bersama layanan lain."), objectName="SectionHint")
        self.full = QRadioButton(_("Identitas &lengkap"), objectName="summaryFull")
        full_hint = QLabel(_("Nama, tanggal lahir, NIK, alamat sampai desa, dan teks sebagaimana dicatat. Hanya untuk "
                             "tim yang menangani kasus ini."), objectName="SectionHint")
        for hint in (initials_hint, full_hint):
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 6)
        self.group = QButtonGroup(self)
        self.group.addButton(self.initials)
        self.group.addButton(self.full)
        self.initials.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Tampilkan &pratinjau"))
        ok.setObjectName("summaryPreviewButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.initials, initials_hint, self.full, full_hint):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def profile(self) -> Profile:
        return "full" if self.full.isChecked() else "initials"


def summary_preview(session, case_ref: str, profile: Profile, parent: QWidget | None = None) -> PdfPreviewDialog:
    """The preview of a case's resume (rendered now, audited as previewed), with print and warned save."""
    case_number = cases.case_state(session, case_ref).case_number
    label = _("identitas lengkap") if profile == "full" else _("inisial saja")

    def print_pdf(owner: QWidget) -> bool:
        printer = choose_printer(owner, _("Cetak resume kasus"))
        if printer is None:
            return False
        pdf = MemoryPdf(render_case_summary_pdf(session, case_ref, profile, purpose="print"))
        try:
            return paint_pages([pdf], printer) > 0
        finally:
            pdf.close()

    def save_pdf(owner: QWidget) -> Path | None:
        stem = _("resume-kasus-{number}").format(number=case_number.replace("/", "-").replace(".", "-"))
        return save_pdf_as(owner, lambda: render_case_summary_pdf(session, case_ref, profile, purpose="save"),
                           dialog_title=_("Simpan resume kasus sebagai PDF"), stem=stem)

    dialog = PdfPreviewDialog(
        render_case_summary_pdf(session, case_ref, profile, purpose="preview"), title=_("Pratinjau resume kasus"),
        status=_("Resume kasus {number} · {profile} · RAHASIA").format(number=case_number, profile=label),
        print_pdf=print_pdf, save_pdf=save_pdf, parent=parent, view_name="summaryPdfView")
    dialog.setObjectName("summaryPreviewDialog")
    return dialog


def print_case_summary(parent: QWidget | None, session, case_ref: str) -> None:
    """Cetak resume kasus…: the profile, then the preview; a user who may not open the case is told so first."""
    try:
        case_number = cases.case_state(session, case_ref).case_number
    except Exception as exc:  # noqa: BLE001 - generic text; details may hold case data
        show_error(parent, exc, _("Resume kasus tidak dapat dibuat"))
        return
    chooser = SummaryProfileDialog(case_number, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        dialog = summary_preview(session, case_ref, chooser.profile(), parent)
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc, _("Resume kasus tidak dapat dibuat"))
        return
    dialog.exec()
