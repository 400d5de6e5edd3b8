"""Proses hukum: the police report number, the stage of the legal process, the court case and its verdict,
restitution (UU TPKS Pasal 30) and the police's temporary protection and protection request (the 1×24 h clocks).

The police report time itself is the case's ``police_reported_at``, edited in Status (it drives the 3×24 h clock
and the closing rule); this section shows it and does not keep a second copy."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from caseapp.domain.case import Case
from caseapp.domain.legal_process import LegalProcess
from caseapp.i18n import _, format_datetime
from caseapp.ui.cases.code_widgets import CodeCombo, OptionalDate, OptionalDateTime
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.single_form import FormSection


class RupiahEdit(QLineEdit):
    """Whole rupiah, typed with or without thousands dots (15.000.000); empty is no amount."""

    def __init__(self, parent: QWidget | None = None, *, objectName: str = ""):  # noqa: N803 - Qt's keyword
        super().__init__(parent)
        self.setObjectName(objectName)
        self.setPlaceholderText(_("mis. 15.000.000"))
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.]{0,21}"), self))

    def value(self) -> int | None:
        digits = re.sub(r"\D", "", self.text())
        return int(digits) if digits else None

    def set_value(self, amount: int | None) -> None:
        self.setText("" if amount is None else f"{amount:,}".replace(",", "."))


class LegalProcessSection(FormSection):
    paths = ("legal_process",)

    def title(self) -> str:
        return _("Proses hukum")

    def intro(self) -> str:
        return _("Catat perkembangan perkara di kepolisian, kejaksaan dan pengadilan. Waktu laporan ke polisi "
                 "diisi di bagian Status.")

    def build(self, form: FieldForm) -> None:
        self.police_time = QLabel(objectName="legalPoliceTime")
        self.police_time.setWordWrap(True)
        form.add_row(_("Laporan ke polisi:"), self.police_time)
        self.report_number = form.add("police_report_number", _("No&mor Laporan Polisi:"),
                                      QLineEdit(objectName="policeReportNumber"))
        self.report_number.setPlaceholderText(_("mis. LP/B/25/I/2024/SPKT/POLRES BOMBANA"))
        self.stage = form.add("stage", _("Ta&hap proses hukum:"),
                              CodeCombo("legal_stage", blank=_("— belum dicatat —")))
        self.stage.setObjectName("legalStage")
        self.protection_at = form.add(
            "temporary_protection_at", _("Perlindungan sementara di&berikan:"), OptionalDateTime(),
            hint=_("Oleh polisi dalam 1×24 jam sejak laporan (UU TPKS Pasal 42; UU PKDRT Pasal 16)."))
        self.protection_at.setObjectName("temporaryProtectionAt")
        self.protection_by = form.add("temporary_protection_by", _("Diberikan &oleh:"),
                                      QLineEdit(objectName="temporaryProtectionBy"))
        self.protection_by.setPlaceholderText(_("mis. Unit PPA Polres Bombana"))
        self.requested_at = form.add(
            "protection_requested_at", _("Permintaan perlindungan &diajukan:"), OptionalDateTime(),
            hint=_("Dalam 1×24 jam sejak perlindungan sementara: perintah perlindungan ke pengadilan (UU PKDRT "
                   "Pasal 16 ayat 3) atau permintaan perlindungan ke LPSK (UU TPKS Pasal 43)."))
        self.requested_at.setObjectName("protectionRequestedAt")
        self.court = form.add("court", _("Pen&gadilan:"), QLineEdit(objectName="court"))
        self.court.setPlaceholderText(_("mis. Pengadilan Negeri Andoolo"))
        self.case_number = form.add("court_case_number", _("&Nomor perkara:"),
                                    QLineEdit(objectName="courtCaseNumber"))
        self.case_number.setPlaceholderText(_("mis. 12/Pid.Sus/2024/PN Adl"))
        self.verdict_date = form.add("verdict_date", _("Tanggal p&utusan:"), OptionalDate())
        self.verdict_date.setObjectName("verdictDate")
        self.verdict_final = form.add("verdict_final", "", QCheckBox(
            _("Putusan berkekuatan hukum tetap (in&kracht)"), objectName="verdictFinal"))
        self.verdict_summary = form.add("verdict_summary", _("&Isi putusan:"),
                                        QPlainTextEdit(objectName="verdictSummary"))
        self.verdict_summary.setMaximumHeight(80)
        self.restitution_requested = form.add(
            "restitution_requested_on", _("Restitusi di&ajukan:"), OptionalDate(),
            hint=_("Hak korban atas restitusi (UU TPKS Pasal 30); penilaian oleh LPSK."))
        self.restitution_requested.setObjectName("restitutionRequestedOn")
        self.lpsk = form.add("restitution_lpsk_assessed_on", _("Dinilai &LPSK:"), OptionalDate())
        self.lpsk.setObjectName("restitutionLpskOn")
        self.amount = form.add("restitution_amount", _("&Jumlah restitusi diputus (Rp):"),
                               RupiahEdit(objectName="restitutionAmount"))
        self.paid_amount = form.add("restitution_paid_amount", _("Restitusi &yang dibayar (Rp):"),
                                    RupiahEdit(objectName="restitutionPaidAmount"))
        self.paid_on = form.add("restitution_paid_on", _("Tanggal pembayaran:"), OptionalDate())
        self.paid_on.setObjectName("restitutionPaidOn")
        now = QPushButton(_("Perlindungan diberikan sekarang"), objectName="protectionNow")
        now.clicked.connect(self.protection_at.set_now)
        form.add_row("", now)

    def load(self, case: Case) -> None:
        lp = case.legal_process or LegalProcess()
        self.report_number.setText(lp.police_report_number)
        self.stage.set_value(lp.stage)
        self.protection_at.set_value(lp.temporary_protection_at)
        self.protection_by.setText(lp.temporary_protection_by)
        self.requested_at.set_value(lp.protection_requested_at)
        self.court.setText(lp.court)
        self.case_number.setText(lp.court_case_number)
        self.verdict_date.set_value(lp.verdict_date)
        self.verdict_final.setChecked(lp.verdict_final)
        self.verdict_summary.setPlainText(lp.verdict_summary)
        self.restitution_requested.set_value(lp.restitution_requested_on)
        self.lpsk.set_value(lp.restitution_lpsk_assessed_on)
        self.amount.set_value(lp.restitution_amount)
        self.paid_amount.set_value(lp.restitution_paid_amount)
        self.paid_on.set_value(lp.restitution_paid_on)
        self._show_police_time(case)

    def _show_police_time(self, case: Case) -> None:
        when = case.police_reported_at
        self.police_time.setText(format_datetime(when.replace(tzinfo=None)) if when else
                                 _("belum dicatat (isi di bagian Status)"))

    def entered(self) -> None:
        self._show_police_time(self.editor.build())

    def apply(self, case: Case) -> Case:
        lp = LegalProcess(
            police_report_number=self.report_number.text().strip(), stage=self.stage.value(),
            court=self.court.text().strip(), court_case_number=self.case_number.text().strip(),
            verdict_date=self.verdict_date.value(), verdict_summary=self.verdict_summary.toPlainText().strip(),
            verdict_final=self.verdict_final.isChecked(),
            restitution_requested_on=self.restitution_requested.value(),
            restitution_lpsk_assessed_on=self.lpsk.value(), restitution_amount=self.amount.value(),
            restitution_paid_amount=self.paid_amount.value(), restitution_paid_on=self.paid_on.value(),
            temporary_protection_at=self.protection_at.value(),
            temporary_protection_by=self.protection_by.text().strip(),
            protection_requested_at=self.requested_at.value())
        return replace(case, legal_process=None if lp.is_empty else lp)

    def show_message(self, path: str, text: str, *, warning: bool = False) -> QWidget | None:
        key = path.split(".", 1)[1] if path.startswith("legal_process.") else path
        if self.form.has(key):
            return self.form.show_warning(key, text) if warning else self.form.show_error(key, text)
        return super().show_message(path, text, warning=warning)
