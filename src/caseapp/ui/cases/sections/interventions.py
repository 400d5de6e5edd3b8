"""Rencana intervensi: the services planned with the client, who delivers them and by when."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from caseapp.domain.case import Case, InterventionItem
from caseapp.domain.codes import default_registry
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.repeating import RepeatingSection


class InterventionsSection(RepeatingSection):
    paths = ("interventions",)

    def title(self) -> str:
        return _("Rencana intervensi")

    def intro(self) -> str:
        return _("Rencana disepakati bersama klien. Tanggal target yang lewat tampil sebagai tenggat di daftar kasus.")

    def add_label(self) -> str:
        return _("Tambah &rencana")

    def empty_text(self) -> str:
        return _("Belum ada rencana intervensi. Klik \"Tambah rencana\".")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.service = form.add("service", _("&Layanan:"), CodeCombo("service", blank=_("— pilih —")))
        self.goal = form.add("goal", _("&Tujuan:"), QLineEdit(objectName="interventionGoal"))
        self.provider = form.add("provider", _("&Pemberi layanan:"), QLineEdit(objectName="interventionProvider"))
        self.responsible = form.add("responsible", _("Petugas penanggung &jawab:"),
                                    QLineEdit(objectName="interventionResponsible"))
        self.target = form.add("target_date", _("Tanggal ta&rget:"), OptionalDate())
        self.agreed = form.add("agreed_with_client", "", QCheckBox(_("&Disepakati dengan klien")))
        self.status = form.add("status", _("&Status:"), CodeCombo("intervention_status", blank=None))
        return form

    def entries(self, case: Case) -> list:
        return list(case.interventions)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, interventions=tuple(entries))

    def new_entry(self) -> InterventionItem:
        return InterventionItem(service=None)

    def is_blank(self, e: InterventionItem) -> bool:
        return not (e.service or e.goal or e.provider or e.responsible or e.target_date)

    def summary(self, e: InterventionItem) -> str:
        name = default_registry().label("service", e.service) if e.service else ""
        return " · ".join(x for x in (name, format_date(e.target_date, long=False)) if x)

    def show_entry(self, e: InterventionItem) -> None:
        self.service.set_value(e.service or None)
        self.goal.setText(e.goal)
        self.provider.setText(e.provider)
        self.responsible.setText(e.responsible)
        self.target.set_value(e.target_date)
        self.agreed.setChecked(e.agreed_with_client)
        self.status.set_value(e.status)

    def read_entry(self, e: InterventionItem) -> InterventionItem:
        return replace(e, service=self.service.value(), goal=self.goal.text().strip(),
                       provider=self.provider.text().strip(), responsible=self.responsible.text().strip(),
                       target_date=self.target.value(), agreed_with_client=self.agreed.isChecked(),
                       status=self.status.value() or "direncanakan")
