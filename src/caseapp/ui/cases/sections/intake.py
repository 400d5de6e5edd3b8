"""Pengaduan: when and how the complaint came in, risk, competent office, confidentiality and officers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QTime, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QListWidget, QListWidgetItem, QTimeEdit

from caseapp.domain.case import Case
from caseapp.i18n import _
from caseapp.services import accounts
from caseapp.ui.cases.code_widgets import CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.single_form import FormSection


class IntakeSection(FormSection):
    paths = ("intake_date", "intake_time", "channel", "risk_level", "competent_office", "confidential",
             "assigned_officers")

    def title(self) -> str:
        return _("Pengaduan")

    def intro(self) -> str:
        return _("Risiko tinggi: layani segera. Risiko sedang: tangani dalam ±6 jam.")

    def build(self, form: FieldForm) -> None:
        self.date = form.add("intake_date", _("&Tanggal pengaduan:"), OptionalDate(allow_empty=False))
        self.date.setObjectName("intakeDate")
        self.time = form.add("intake_time", _("&Jam:"), QTimeEdit(objectName="intakeTime"))
        self.time.setDisplayFormat("HH:mm")
        self.channel = form.add("channel", _("&Saluran pengaduan:"), CodeCombo("channel", blank=_("— pilih —")))
        self.channel.setObjectName("intakeChannel")
        self.risk = form.add("risk_level", _("Tingkat &risiko:"), CodeCombo("risk_level", blank=_("Belum dinilai")))
        self.risk.setObjectName("intakeRisk")
        self.office = form.add("competent_office", _("&Kantor berwenang:"), QLineEdit(objectName="competentOffice"),
                               hint=_("Kode wilayah kantor yang berwenang menangani; kosong berarti kantor ini."))
        self.confidential = form.add("confidential", "", QCheckBox(
            _("&Rahasia — identitas korban dan keluarga dilindungi (UU TPKS)"), objectName="confidential"))
        self.officers = form.add("assigned_officers", _("&Petugas yang ditugaskan:"),
                                 QListWidget(objectName="assignedOfficers"))
        self.officers.setMaximumHeight(120)
        for user in accounts.list_users(self.session):
            if user.active:
                item = QListWidgetItem(f"{user.full_name} ({user.username})")
                item.setData(Qt.ItemDataRole.UserRole, user.username)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.officers.addItem(item)
        self.officers.itemChanged.connect(lambda _i: self.changed.emit())

    def load(self, case: Case) -> None:
        self.date.set_value(case.intake_date)
        t = case.intake_time or dt.time(0, 0)
        self.time.setTime(QTime(t.hour, t.minute))
        self.channel.set_value(case.channel or None)
        self.risk.set_value(case.risk_level)
        self.office.setText(case.competent_office or "")
        self.confidential.setChecked(case.confidential)
        known = set()
        self.officers.blockSignals(True)
        for n in range(self.officers.count()):
            item = self.officers.item(n)
            name = item.data(Qt.ItemDataRole.UserRole)
            known.add(name)
            item.setCheckState(Qt.CheckState.Checked if name in case.assigned_officers else Qt.CheckState.Unchecked)
        for name in case.assigned_officers:  # an officer who has left stays on the record
            if name not in known:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.officers.addItem(item)
        self.officers.blockSignals(False)

    def apply(self, case: Case) -> Case:
        officers = tuple(self.officers.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.officers.count())
                         if self.officers.item(n).checkState() == Qt.CheckState.Checked)
        return replace(case, intake_date=self.date.value(), intake_time=self.time.time().toPython().replace(second=0),
                       channel=self.channel.value(), risk_level=self.risk.value(),  # channel None: "wajib diisi"
                       competent_office=self.office.text().strip() or None, confidential=self.confidential.isChecked(),
                       assigned_officers=officers)

    def intake_date(self) -> dt.date:
        return self.date.value() or dt.date.today()
