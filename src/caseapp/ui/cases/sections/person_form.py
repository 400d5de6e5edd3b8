"""The form for one person (victim, perpetrator or reporter): identity, NIK check, age, address and guardian."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QBoxLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.domain.ages import age_on, estimated_birth_date, is_child
from caseapp.domain.case import Guardian, Person
from caseapp.domain.entry_limits import NIK_CHARS
from caseapp.domain.errors import ValidationError
from caseapp.domain.codes import default_registry
from caseapp.domain.nik import nik_warnings, parse_nik
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import ChoiceCombo, CodeChecks, CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.region_picker import RegionPicker


class AgeEdit(QLineEdit):
    """An estimated age in whole years, typed straight in (empty = not given); spin-box-like ``value()``: -1 if empty."""

    valueChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("personEstimatedAge")
        self.setValidator(QIntValidator(0, 130, self))
        self.setMaxLength(3)
        self.setPlaceholderText("—")
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") + 24)
        self.textChanged.connect(lambda _t: self.valueChanged.emit(self.value()))

    def value(self) -> int:
        text = self.text().strip()
        return int(text) if text.isdigit() else -1

    def setValue(self, value: int) -> None:  # noqa: N802 - QSpinBox compatible
        self.setText(str(value) if value >= 0 else "")


def nik_edit(name: str) -> QLineEdit:
    edit = QLineEdit(objectName=name)
    edit.setMaxLength(NIK_CHARS)
    edit.setPlaceholderText(_("16 angka; kosongkan bila tidak diketahui"))
    return edit


class PersonForm(QWidget):
    """``reference_date()`` is the date ages are computed on (the incident, else the intake)."""

    def __init__(self, reference_date: Callable[[], dt.date], *, with_guardian: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.reference_date = reference_date
        self.with_guardian = with_guardian
        self.left, self.right = FieldForm(), FieldForm()
        lf, rf = self.left, self.right
        self.name = lf.add("name", _("&Nama lengkap:"), QLineEdit(objectName="personName"))
        self.alias = lf.add("alias", _("Nama &panggilan/alias:"), QLineEdit(objectName="personAlias"))
        self.nik = lf.add("nik", _("N&IK:"), nik_edit("personNik"))
        self.sex = lf.add("sex", _("&Jenis kelamin:"), CodeCombo("sex"))
        self.nik_proposal = QWidget(objectName="nikProposalRow")
        self.nik_proposal_text = QLabel(objectName="nikProposalText")
        self.nik_proposal_text.setWordWrap(True)
        self.nik_proposal_button = QPushButton(_("&Pakai"), objectName="nikProposal")
        self.nik_proposal_button.setToolTip(_("Tanggal lahir dan jenis kelamin menurut NIK; klik untuk memakainya."))
        self.nik_proposal_button.clicked.connect(self.accept_nik_proposal)
        proposal_row = QHBoxLayout(self.nik_proposal)
        proposal_row.setContentsMargins(0, 0, 0, 0)
        proposal_row.addWidget(self.nik_proposal_text, 1)
        proposal_row.addWidget(self.nik_proposal_button)
        self.nik_proposal.hide()
        lf.add_row("", self.nik_proposal)
        self.proposed: tuple[dt.date, str] | None = None
        self.birth_date = lf.add("birth_date", _("Tanggal &lahir:"), OptionalDate(calendar_hint=self.likely_birth_date))
        self.age = AgeEdit()
        self.age.setToolTip(_("Isi bila tanggal lahir tidak diketahui; tanggal lahir dicatat sebagai perkiraan."))
        age_row = QWidget(objectName="ageRow")
        age_layout = QHBoxLayout(age_row)
        age_layout.setContentsMargins(0, 0, 0, 0)
        age_layout.addWidget(self.age)
        age_layout.addWidget(QLabel(_("tahun")))
        age_layout.addStretch(1)
        lf.add("age", _("atau perkiraan &umur:"), age_row)
        lf.widgets["age"] = self.age  # messages and the label's shortcut go to the number itself
        buddy = lf.form.labelForField(age_row.parentWidget())
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.age)
        self.age_info = QLabel(objectName="ageInfo")
        self.age_info.setStyleSheet("color: #1f3a5f; font-weight: bold;")
        lf.add_row("", self.age_info)
        self.education = lf.add("education", _("Pen&didikan:"), CodeCombo("education"))
        self.occupation = lf.add("occupation", _("Peker&jaan:"), CodeCombo("occupation"))
        self.marital = lf.add("marital_status", _("Status perk&awinan:"), CodeCombo("marital_status"))
        self.disability = lf.add("has_disability", _("Disa&bilitas:"), ChoiceCombo(
            [(None, _("Tidak diketahui")), (False, _("Tidak ada")), (True, _("Ada"))]))
        self.disability_types = lf.add("disability_types", _("Jenis disabilitas:"), CodeChecks("disability_type", columns=1))
        self.region = rf.add("region_code", _("Ala&mat (wilayah):"), RegionPicker())
        self.street = rf.add("street", _("Jalan, RT/RW, dusun:"), QLineEdit(objectName="personStreet"))
        self.phone = rf.add("phone", _("Tele&pon/HP:"), QLineEdit(objectName="personPhone"))
        self.guardian_box = QGroupBox(_("Orang tua/wali (untuk korban anak)"))
        self.guardian = FieldForm()
        self.g_name = self.guardian.add("name", _("Nama:"), QLineEdit(objectName="guardianName"))
        self.g_relation = self.guardian.add("relationship", _("Hubungan:"), QLineEdit(objectName="guardianRelation"))
        self.g_relation.setPlaceholderText(_("mis. ibu kandung"))
        self.g_phone = self.guardian.add("phone", _("Telepon:"), QLineEdit(objectName="guardianPhone"))
        self.g_nik = self.guardian.add("nik", _("NIK:"), nik_edit("guardianNik"))
        QVBoxLayout(self.guardian_box).addWidget(self.guardian)
        self.guardian_box.setVisible(with_guardian)
        right = QVBoxLayout()
        right.addWidget(self.right)
        right.addWidget(self.guardian_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.left)
        left.addStretch(1)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(24)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        self.birth_date.dateChanged.connect(self._birth_date_edited)
        self.age.valueChanged.connect(self._age_edited)
        self.disability.currentIndexChanged.connect(self._sync_disability)
        self.nik.textChanged.connect(lambda _t: self.check_nik(live=True))
        self.nik.textChanged.connect(lambda _t: self.propose_from_nik())
        self.nik.editingFinished.connect(self.check_nik)
        self.sex.currentIndexChanged.connect(lambda _i: self.check_nik(live=True))
        self.g_nik.editingFinished.connect(self._check_guardian_nik)
        self._sync_disability()

    def arrange(self, width: int) -> None:
        """Identity and address side by side when ``width`` allows, else the address below (1366×768 at 125 %)."""
        needed = self.left.sizeHint().width() + self.right.sizeHint().width() + self.columns.spacing()
        direction = QBoxLayout.Direction.LeftToRight if width >= needed else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    # -- messages ---------------------------------------------------------------------------------
    def _form_for(self, key: str) -> tuple[FieldForm | None, str]:
        if key.startswith("guardian."):
            return self.guardian, key.split(".", 1)[1]
        for form in (self.left, self.right):
            if form.has(key):
                return form, key
        return None, key

    def has(self, key: str) -> bool:
        form, sub = self._form_for(key)
        return form is not None and form.has(sub)

    def show_error(self, key: str, text: str) -> QWidget | None:
        form, sub = self._form_for(key)
        return form.show_error(sub, text) if form else None

    def show_warning(self, key: str, text: str) -> QWidget | None:
        form, sub = self._form_for(key)
        return form.show_warning(sub, text) if form else None

    def clear_messages(self) -> None:
        for form in (self.left, self.right, self.guardian):
            form.clear_messages()

    # -- live checks ---------------------------------------------------------------------------------
    def check_nik(self, live: bool = False) -> None:
        """Inline NIK feedback from the domain's NIK rules: red when malformed, amber for disagreements."""
        text = self.nik.text().strip()
        if not text or (live and len(text) < 16 and text.isdigit()):
            self.left.clear_message("nik")
            return
        try:
            found = nik_warnings(text, birth_date=self.exact_birth_date(), sex=self.sex.value())
        except ValidationError as exc:
            self.left.show_error("nik", exc.message)
            return
        if found:
            self.left.show_warning("nik", " ".join(found))
        else:
            self.left.clear_message("nik")

    def _check_guardian_nik(self) -> None:
        text = self.g_nik.text().strip()
        try:
            if text:
                nik_warnings(text, region_exists=lambda _c: True)
            self.guardian.clear_message("nik")
        except ValidationError as exc:
            self.guardian.show_error("nik", exc.message)

    def propose_from_nik(self) -> None:
        """A valid NIK holds the birth date and sex (women: day + 40): offer them, the officer confirms with a click."""
        self.proposed = None
        text = self.nik.text().strip()
        if len(text) == 16 and text.isdigit():
            try:
                info = parse_nik(text)
            except ValidationError:
                info = None
            if info is not None and (info.birth_date != self.exact_birth_date() or info.sex != self.sex.value()):
                self.proposed = (info.birth_date, info.sex)
        if self.proposed is None:
            self.nik_proposal.hide()
            return
        born, sex = self.proposed
        self.nik_proposal_text.setText(_("Menurut NIK: lahir {date}, {sex}.").format(
            date=format_date(born), sex=default_registry().label("sex", sex).lower()))
        self.nik_proposal.show()

    def accept_nik_proposal(self) -> None:
        if self.proposed is None:
            return
        born, sex = self.proposed
        self.age.setValue(-1)
        self.birth_date.set_value(born)
        self.sex.set_value(sex)
        self._birth_date_edited()
        self.propose_from_nik()
        self.check_nik()

    def likely_birth_date(self) -> dt.date | None:
        """Where the birth-date calendar opens when empty: the NIK's birth date, else the estimated age's."""
        try:
            return parse_nik(self.nik.text().strip()).birth_date
        except (ValidationError, ValueError):
            pass
        born, _estimated = self.birth()
        return born

    def exact_birth_date(self) -> dt.date | None:
        return self.birth_date.value() if self.age.value() < 0 else None

    def _birth_date_edited(self) -> None:
        if self.birth_date.value() is not None and self.age.value() >= 0:
            self.age.blockSignals(True)
            self.age.setValue(-1)
            self.age.blockSignals(False)
        self.update_age()

    def _age_edited(self) -> None:
        if self.age.value() >= 0 and self.birth_date.value() is not None:
            self.birth_date.blockSignals(True)
            self.birth_date.set_value(None)
            self.birth_date.blockSignals(False)
        self.update_age()

    def update_age(self) -> None:
        """'Umur saat kejadian: 12 tahun (anak)', with '(perkiraan)' when the birth date is estimated."""
        ref = self.reference_date()
        born, estimated = self.birth()
        if born is None:
            self.age_info.setText(_("Umur saat kejadian: belum diketahui"))
            return
        try:
            years = age_on(born, ref)
        except ValidationError:
            self.age_info.setText(_("Tanggal lahir setelah tanggal kejadian."))
            return
        text = _("Umur saat kejadian: {n} tahun").format(n=years)
        if estimated:
            text += " " + _("(perkiraan)")
        if is_child(years):
            text += " — " + _("anak")
        self.age_info.setText(text)

    def birth(self) -> tuple[dt.date | None, bool]:
        if self.age.value() >= 0:
            return estimated_birth_date(self.age.value(), self.reference_date()), True
        return self.birth_date.value(), False

    def _sync_disability(self) -> None:
        on = self.disability.value() is True
        self.disability_types.setEnabled(on)
        if not on:
            self.disability_types.set_value(())

    # -- values ---------------------------------------------------------------------------------------
    def show_person(self, p: Person) -> None:
        self.name.setText(p.name)
        self.alias.setText(p.alias)
        self.nik.setText(p.nik or "")
        self.sex.set_value(p.sex)
        if p.birth_date_estimated and p.birth_date is not None:
            self.birth_date.set_value(None)
            try:
                self.age.setValue(age_on(p.birth_date, self.reference_date()))
            except ValidationError:
                self.age.setValue(0)
        else:
            self.age.setValue(-1)
            self.birth_date.set_value(p.birth_date)
        self.education.set_value(p.education)
        self.occupation.set_value(p.occupation)
        self.marital.set_value(p.marital_status)
        self.disability.set_value(p.has_disability)
        self._sync_disability()
        self.disability_types.set_value(p.disability_types)
        self.region.set_value(p.region_code)
        self.street.setText(p.street)
        self.phone.setText(p.phone)
        g = p.guardian
        self.g_name.setText(g.name if g else "")
        self.g_relation.setText(g.relationship if g else "")
        self.g_phone.setText(g.phone if g else "")
        self.g_nik.setText((g.nik or "") if g else "")
        self.update_age()
        self.check_nik()

    def read_person(self, p: Person) -> Person:
        born, estimated = self.birth()
        guardian = p.guardian
        if self.with_guardian:
            guardian = None
            if any(w.text().strip() for w in (self.g_name, self.g_relation, self.g_phone, self.g_nik)):
                guardian = Guardian(name=self.g_name.text().strip(), relationship=self.g_relation.text().strip(),
                                    phone=self.g_phone.text().strip(), nik=self.g_nik.text().strip() or None)
        return replace(
            p, name=self.name.text().strip(), alias=self.alias.text().strip(), nik=self.nik.text().strip() or None,
            sex=self.sex.value(), birth_date=born, birth_date_estimated=estimated,
            education=self.education.value(), occupation=self.occupation.value(),
            marital_status=self.marital.value(), has_disability=self.disability.value(),
            disability_types=self.disability_types.value() if self.disability.value() is True else (),
            region_code=self.region.value(), street=self.street.text().strip(), phone=self.phone.text().strip(),
            guardian=guardian,
        )
