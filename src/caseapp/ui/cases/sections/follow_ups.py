"""Tindak lanjut: monitoring contacts, each with the date the next one is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QWidget

from caseapp.domain.case import Case, FollowUp
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.assessments import text_box
from caseapp.ui.cases.sections.repeating import RepeatingSection


class FollowUpsSection(RepeatingSection):
    paths = ("follow_ups",)

    def title(self) -> str:
        return _("Tindak lanjut")

    def intro(self) -> str:
        return _("Tenggat tindak lanjut berikutnya tampil di daftar kasus dan menjadi merah bila terlewat.")

    def add_label(self) -> str:
        return _("Tambah &tindak lanjut")

    def empty_text(self) -> str:
        return _("Belum ada tindak lanjut. Klik \"Tambah tindak lanjut\".")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.date = form.add("date", _("&Tanggal:"), OptionalDate(allow_empty=False))
        self.officer = form.add("officer", _("P&etugas:"), QLineEdit(objectName="followUpOfficer"))
        self.method = form.add("method", _("&Cara:"), QLineEdit(objectName="followUpMethod"))
        self.method.setPlaceholderText(_("mis. kunjungan rumah, telepon"))
        self.result = form.add("result", _("&Hasil:"), text_box("followUpResult", 90))
        self.next_date = form.add("next_date", _("Tenggat &berikutnya:"), OptionalDate())
        return form

    def entries(self, case: Case) -> list:
        return list(case.follow_ups)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, follow_ups=tuple(entries))

    def new_entry(self) -> FollowUp:
        return FollowUp(date=dt.date.today(), officer=self.session.user.full_name)

    def summary(self, e: FollowUp) -> str:
        text = format_date(e.date, long=False)
        if e.next_date:
            text += " → " + format_date(e.next_date, long=False)
        return text

    def show_entry(self, e: FollowUp) -> None:
        self.date.set_value(e.date)
        self.officer.setText(e.officer)
        self.method.setText(e.method)
        self.result.setPlainText(e.result)
        self.next_date.set_value(e.next_date)

    def read_entry(self, e: FollowUp) -> FollowUp:
        return replace(e, date=self.date.value(), officer=self.officer.text().strip(),
                       method=self.method.text().strip(), result=self.result.toPlainText().strip(),
                       next_date=self.next_date.value())
