"""Layanan: services actually delivered, by this office or by referral."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from caseapp.domain.case import Case, ServiceRecord
from caseapp.domain.codes import default_registry
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.assessments import text_box
from caseapp.ui.cases.sections.repeating import RepeatingSection


class ServicesSection(RepeatingSection):
    paths = ("services",)

    def title(self) -> str:
        return _("Layanan")

    def intro(self) -> str:
        return _("Setiap layanan yang diberikan dicatat di sini agar dapat dilaporkan ke SIMFONI-PPA.")

    def add_label(self) -> str:
        return _("Tambah &layanan")

    def empty_text(self) -> str:
        return _("Belum ada layanan dicatat. Klik \"Tambah layanan\".")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.service = form.add("service", _("&Layanan:"), CodeCombo("service", blank=_("— pilih —")))
        self.date = form.add("date", _("&Tanggal:"), OptionalDate(allow_empty=False))
        self.provider = form.add("provider", _("&Pemberi layanan:"), QLineEdit(objectName="serviceProvider"))
        self.officer = form.add("officer", _("P&etugas:"), QLineEdit(objectName="serviceOfficer"))
        self.description = form.add("description", _("&Uraian:"), text_box("serviceDescription", 90))
        self.by_referral = form.add("by_referral", "", QCheckBox(_("Diberikan melalui &rujukan")))
        return form

    def entries(self, case: Case) -> list:
        return list(case.services)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, services=tuple(entries))

    def new_entry(self) -> ServiceRecord:
        return ServiceRecord(service=None, date=dt.date.today(), officer=self.session.user.full_name)

    def summary(self, e: ServiceRecord) -> str:
        name = default_registry().label("service", e.service) if e.service else ""
        return " · ".join(x for x in (format_date(e.date, long=False), name) if x)

    def show_entry(self, e: ServiceRecord) -> None:
        self.service.set_value(e.service or None)
        self.date.set_value(e.date)
        self.provider.setText(e.provider)
        self.officer.setText(e.officer)
        self.description.setPlainText(e.description)
        self.by_referral.setChecked(e.by_referral)

    def read_entry(self, e: ServiceRecord) -> ServiceRecord:
        return replace(e, service=self.service.value(), date=self.date.value(),
                       provider=self.provider.text().strip(), officer=self.officer.text().strip(),
                       description=self.description.toPlainText().strip(), by_referral=self.by_referral.isChecked())
