"""Asesmen: the biopsychosocial assessments of the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from caseapp.domain.case import Assessment, Case
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.repeating import RepeatingSection

TEXT_FIELDS = ("physical", "psychological", "social", "family", "needs", "notes")


def text_box(name: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(objectName=name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class AssessmentsSection(RepeatingSection):
    paths = ("assessments",)

    def title(self) -> str:
        return _("Asesmen")

    def intro(self) -> str:
        return _("Asesmen biopsikososial: kondisi fisik, psikologis, sosial dan keluarga, serta kebutuhan korban.")

    def add_label(self) -> str:
        return _("Tambah &asesmen")

    def empty_text(self) -> str:
        return _("Belum ada asesmen. Klik \"Tambah asesmen\".")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.date = form.add("date", _("&Tanggal:"), OptionalDate(allow_empty=False))
        self.assessor = form.add("assessor", _("&Petugas asesmen:"), QLineEdit(objectName="assessor"))
        self.risk = form.add("risk_level", _("Tingkat &risiko:"), CodeCombo("risk_level"))
        labels = (_("Kondisi &fisik:"), _("Kondisi psi&kologis:"), _("Kondisi &sosial:"), _("Kondisi &keluarga:"),
                  _("Ke&butuhan:"), _("Ca&tatan:"))
        self.texts = {key: form.add(key, label, text_box(f"assessment_{key}")) for key, label in zip(TEXT_FIELDS, labels)}
        return form

    def entries(self, case: Case) -> list:
        return list(case.assessments)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, assessments=tuple(entries))

    def new_entry(self) -> Assessment:
        return Assessment(date=dt.date.today(), assessor=self.session.user.full_name)

    def summary(self, e: Assessment) -> str:
        return format_date(e.date, long=False) + (f" · {e.assessor}" if e.assessor else "")

    def show_entry(self, e: Assessment) -> None:
        self.date.set_value(e.date)
        self.assessor.setText(e.assessor)
        self.risk.set_value(e.risk_level)
        for key, box in self.texts.items():
            box.setPlainText(getattr(e, key))

    def read_entry(self, e: Assessment) -> Assessment:
        return replace(e, date=self.date.value(), assessor=self.assessor.text().strip(), risk_level=self.risk.value(),
                       **{key: box.toPlainText().strip() for key, box in self.texts.items()})
