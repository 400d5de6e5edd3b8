"""Persetujuan: consent to processing (by whom, scope, when) or another lawful basis (UU 27/2022 PDP)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QWidget

from caseapp.domain.case import Case, Consent
from caseapp.domain.codes import default_registry
from caseapp.i18n import _
from caseapp.ui.cases.code_widgets import CodeChecks, CodeCombo, OptionalDateTime
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.assessments import text_box
from caseapp.ui.cases.sections.repeating import RepeatingSection


class ConsentsSection(RepeatingSection):
    paths = ("consents",)

    def title(self) -> str:
        return _("Persetujuan")

    def intro(self) -> str:
        return _("Catat persetujuan korban (atau orang tua/wali bagi anak), atau dasar hukum lain bila persetujuan "
                 "tidak dapat diminta, misalnya karena orang tua adalah pelaku.")

    def add_label(self) -> str:
        return _("Tambah &persetujuan")

    def empty_text(self) -> str:
        return _("Belum ada persetujuan atau dasar pemrosesan. Klik \"Tambah persetujuan\".")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.basis = form.add("basis", _("&Dasar pemrosesan:"), CodeCombo("lawful_basis", blank=None))
        self.given_by = form.add("given_by", _("Diberikan &oleh:"), QLineEdit(objectName="consentGivenBy"))
        self.giver = form.add("giver_relation", _("&Sebagai:"), CodeCombo("consent_giver"))
        self.scope = form.add("scope", _("&Cakupan:"), CodeChecks("consent_scope", columns=1))
        self.given_at = form.add("given_at", _("&Waktu diberikan:"), OptionalDateTime())
        self.withdrawn_at = form.add("withdrawn_at", _("Waktu di&tarik:"), OptionalDateTime())
        self.note = form.add("note", _("&Keterangan:"), text_box("consentNote"))
        self.given_at.setObjectName("consentGivenAt")
        return form

    def entries(self, case: Case) -> list:
        return list(case.consents)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, consents=tuple(entries))

    def new_entry(self) -> Consent:
        return Consent(basis="persetujuan")

    def summary(self, e: Consent) -> str:
        basis = default_registry().label("lawful_basis", e.basis)
        return f"{basis} · {e.given_by}" if e.given_by else basis

    def show_entry(self, e: Consent) -> None:
        self.basis.set_value(e.basis)
        self.given_by.setText(e.given_by)
        self.giver.set_value(e.giver_relation)
        self.scope.set_value(e.scope)
        self.given_at.set_value(e.given_at)
        self.withdrawn_at.set_value(e.withdrawn_at)
        self.note.setPlainText(e.note)

    def read_entry(self, e: Consent) -> Consent:
        return replace(e, basis=self.basis.value() or "persetujuan", given_by=self.given_by.text().strip(),
                       giver_relation=self.giver.value(), scope=self.scope.value(), given_at=self.given_at.value(),
                       withdrawn_at=self.withdrawn_at.value(), note=self.note.toPlainText().strip())
