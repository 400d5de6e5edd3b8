"""The letter composer: destination, purpose, disclosed victim fields, chronology, condition, closing; saves a draft."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QTabWidget, QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import Permission
from caseapp.domain.referral import AddressLevel, BirthLevel, DestinationType, NameLevel
from caseapp.i18n import _
from caseapp.services import cases, destinations, referrals
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


def _text_edit(name: str, text: str = "", height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit(text, objectName=name)
    edit.setMinimumHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def _levels():
    return {
        "name": [(NameLevel.FULL, _("Nama lengkap")), (NameLevel.INITIALS, _("Inisial saja"))],
        "birth": [(BirthLevel.DATE, _("Tanggal lahir dan umur")), (BirthLevel.AGE, _("Umur saja")),
                  (BirthLevel.NONE, _("Tidak dicantumkan"))],
        "address": [(AddressLevel.FULL, _("Alamat lengkap")), (AddressLevel.DESA, _("Desa/kelurahan ke atas")),
                    (AddressLevel.KECAMATAN, _("Kecamatan dan kabupaten")),
                    (AddressLevel.KABUPATEN, _("Kabupaten dan provinsi")), (AddressLevel.NONE, _("Tidak dicantumkan"))],
    }


class ComposerDialog(QDialog):
    """New letter from ``case_ref``, or edit of the draft ``letter``; ``self.letter`` holds the saved result."""

    def __init__(self, session, *, case_ref: str | None = None, letter=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.letter = session, letter
        self.case_ref = letter.case_uuid if letter else case_ref
        self.case = cases.get_case(session, self.case_ref)
        self.setWindowTitle(_("Ubah draf surat rujukan") if letter else _("Surat rujukan baru"))
        self.resize(760, 640)
        self.destinations = [d for d in destinations.list_destinations(session, include_inactive=bool(letter))
                             if d.active or (letter and d.id == letter.draft.destination_id)]
        self.tabs = QTabWidget(objectName="composerTabs")
        self.tabs.addTab(self._purpose_tab(), _("Tujuan dan isi"))
        self.tabs.addTab(self._victim_tab(), _("Korban dan kondisi"))
        self.tabs.addTab(self._closing_tab(), _("Penutup"))
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Simpan draf"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        header = QLabel(_("Kasus {number}. Isi surat ditulis dalam Bahasa Indonesia; jangan menulis nama korban di "
                          "kolom teks bebas.").format(number=self.case.case_number), objectName="SectionHint")
        header.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        if not self.destinations:
            from caseapp.ui.letters.destinations_dialog import empty_destinations_text

            empty = QLabel(empty_destinations_text(False) if not session.user.can(Permission.MANAGE_DESTINATIONS)
                           else _("Belum ada tujuan rujukan. Tambahkan dahulu lewat Rujukan → \"Tujuan rujukan…\"."),
                           objectName="ErrorLabel")
            empty.setWordWrap(True)
            layout.addWidget(empty)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        draft = letter.draft if letter else None
        if draft is None and self.destinations:
            draft = referrals.suggest_draft(session, self.case, self.destinations[0].id)
        if draft is not None:
            self.load(draft)
        self.destination.currentIndexChanged.connect(self._destination_changed)

    # --- tabs ---------------------------------------------------------------------------------------------------

    def _purpose_tab(self) -> QWidget:
        page, form = QWidget(), QFormLayout()
        page.setLayout(form)
        self.destination = QComboBox(objectName="destinationCombo")
        for d in self.destinations:
            self.destination.addItem(f"{d.name} — {d.type_label}", d.id)
        self.hal = QLineEdit(objectName="halEdit")
        self.urgency = QComboBox(objectName="urgencyCombo")
        for code in referrals.URGENCY:
            self.urgency.addItem(referrals.sifat_text(code), code)
        self.purpose = _text_edit("purposeEdit")
        self.services_requested = _text_edit("servicesRequestedEdit")
        self.services_requested.setPlaceholderText(_("Satu layanan per baris"))
        self.visum = QCheckBox(_("Pemeriksaan dengan visum et repertum"), objectName="visumCheck")
        self.investigator_request = QLineEdit(objectName="investigatorRequest")
        self.investigator_request.setPlaceholderText(_("Nomor surat permintaan visum atau Laporan Polisi"))
        self.visum_hint = QLabel(_("Visum et repertum hanya dapat diminta oleh penyidik (KUHAP Pasal 133): surat "
                                   "mengutip nomor permintaan penyidik, dan tanpa nomor itu surat tidak dapat "
                                   "disetujui. Tanpa visum, rumah sakit memeriksa dan merawat korban seperti biasa."),
                                 objectName="HintLabel")
        self.visum_hint.setWordWrap(True)
        self.visum.toggled.connect(self._update_visum)
        self.chronology = _text_edit("chronologyEdit", height=120)
        self.name_warning = QLabel(objectName="nameWarning")
        self.name_warning.setWordWrap(True)
        self.name_warning.setStyleSheet("color: #b3261e;")
        self.name_warning.hide()
        self._warning_timer = QTimer(self, singleShot=True, interval=400)
        self._warning_timer.timeout.connect(self.check_names)
        self.chronology.textChanged.connect(self._warning_timer.start)
        self.purpose.textChanged.connect(self._warning_timer.start)
        form.addRow(_("&Tujuan rujukan:"), self.destination)
        form.addRow(_("&Hal:"), self.hal)
        form.addRow(_("&Sifat:"), self.urgency)
        form.addRow(_("&Maksud rujukan:"), self.purpose)
        form.addRow(_("Layanan yang &dimohon:"), self.services_requested)
        form.addRow("", self.visum)
        form.addRow(_("Permintaan &penyidik:"), self.investigator_request)
        form.addRow("", self.visum_hint)
        form.addRow(_("&Kronologi singkat:"), self.chronology)
        form.addRow("", self.name_warning)
        return page

    def _update_visum(self) -> None:
        hospital = self._dest_type() is DestinationType.RSUD_PUSKESMAS
        self.visum.setVisible(hospital)
        on = hospital and self.visum.isChecked()
        self.investigator_request.setEnabled(on)
        self.visum_hint.setVisible(hospital)

    def check_names(self) -> list[str]:
        """Warn when a name of a person or a village of the case is typed into the letter's text."""
        try:
            found = referrals.disclosure_warnings(self.session, self.case_ref, self.draft())
        except Exception:  # noqa: BLE001 - a warning must never block typing
            found = []
        self.name_warning.setText(_("Perhatian: teks surat menyebut {names}. Nama orang dan desa dalam kasus "
                                    "sebaiknya tidak ditulis; ganti dengan peran (korban, terlapor, orang tua).")
                                  .format(names=", ".join(found)) if found else "")
        self.name_warning.setVisible(bool(found))
        return found

    def _victim_tab(self) -> QWidget:
        page, form = QWidget(), QFormLayout()
        page.setLayout(form)
        self.victim = QComboBox(objectName="victimCombo")
        for person in self.case.victims:
            self.victim.addItem(person.initials, person.uuid)
        self.level_combos: dict[str, QComboBox] = {}
        for key, options in _levels().items():
            combo = QComboBox(objectName=f"disclosure_{key}")
            for value, label in options:
                combo.addItem(label, value.value)
            self.level_combos[key] = combo
        self.nik = QCheckBox(_("Cantumkan NIK"), objectName="disclosure_nik")
        self.reset_disclosure = QPushButton(_("Kembalikan ke bawaan jenis tujuan"), objectName="resetDisclosure")
        self.reset_disclosure.clicked.connect(self._apply_default_disclosure)
        hint = QLabel(_("Cantumkan hanya data yang diperlukan tujuan rujukan. Bawaan mengikuti jenis tujuan."),
                      objectName="HintLabel")
        hint.setWordWrap(True)
        self.services_given = _text_edit("servicesGivenEdit")
        self.condition_physical = QLineEdit(objectName="conditionPhysical")
        self.condition_psychological = QLineEdit(objectName="conditionPsychological")
        self.condition_family = QLineEdit(objectName="conditionFamily")
        self.birth_place = QLineEdit(objectName="birthPlace")
        self.birth_place.setPlaceholderText(_("Dicetak bila jenis tujuan menerimanya (mis. kepolisian)"))
        self.escort_name = QLineEdit(objectName="escortName")
        form.addRow(_("Korban:"), self.victim)
        form.addRow(_("Tempat &lahir:"), self.birth_place)
        form.addRow(_("Petugas &pendamping:"), self.escort_name)
        form.addRow("", hint)
        form.addRow(_("Nama:"), self.level_combos["name"])
        form.addRow(_("Kelahiran:"), self.level_combos["birth"])
        form.addRow(_("Alamat:"), self.level_combos["address"])
        form.addRow("", self.nik)
        form.addRow("", self.reset_disclosure)
        form.addRow(_("Layanan yang telah &diberikan:"), self.services_given)
        form.addRow(_("Kondisi &fisik:"), self.condition_physical)
        form.addRow(_("Kondisi &psikologis:"), self.condition_psychological)
        form.addRow(_("Kondisi &keluarga:"), self.condition_family)
        return page

    def _closing_tab(self) -> QWidget:
        page, form = QWidget(), QFormLayout()
        page.setLayout(form)
        self.attachments = _text_edit("attachmentsEdit")
        self.attachments.setPlaceholderText(_("Satu lampiran per baris"))
        self.lampiran = QLineEdit("-", objectName="lampiranEdit")
        self.contact_name = QLineEdit(objectName="contactName")
        self.contact_phone = QLineEdit(objectName="contactPhone")
        self.signatory = QComboBox(objectName="signatoryCombo")
        for user in referrals.signatories(self.session):
            self.signatory.addItem(f"{user.full_name} — {user.position or user.role.label}", user.username)
        self.tembusan = _text_edit("tembusanEdit")
        self.tembusan.setPlaceholderText(_("Satu penerima tembusan per baris"))
        form.addRow(_("&Lampiran (daftar):"), self.attachments)
        form.addRow(_("Lampiran (baris Nomor):"), self.lampiran)
        form.addRow(_("Petugas &kontak:"), self.contact_name)
        form.addRow(_("Telepon petugas:"), self.contact_phone)
        self.signatory.setToolTip(_("Untuk pratinjau draf. Surat yang disetujui ditandatangani oleh pejabat yang "
                                    "menyetujuinya."))
        form.addRow(_("&Penanda tangan:"), self.signatory)
        form.addRow(_("&Tembusan:"), self.tembusan)
        return page

    # --- values -------------------------------------------------------------------------------------------------

    def _dest_type(self) -> DestinationType:
        dest_id = self.destination.currentData()
        found = next((d for d in self.destinations if d.id == dest_id), None)
        return found.type if found else DestinationType.LAINNYA

    def _set_disclosure(self, values: dict) -> None:
        for key, combo in self.level_combos.items():
            combo.setCurrentIndex(max(0, combo.findData(str(values[key]))))
        self.nik.setChecked(bool(values["nik"]))

    def _apply_default_disclosure(self) -> None:
        self._set_disclosure(dataclasses.asdict(self._dest_type().default_disclosure))

    def _destination_changed(self) -> None:
        self._apply_default_disclosure()
        if self.hal.text().strip() in self._default_hals():  # a subject the officer did not write follows the type
            self.hal.setText(self._dest_type().default_hal)
        self._update_visum()

    @staticmethod
    def _default_hals() -> set[str]:
        return {t.default_hal for t in DestinationType} | {referrals.DEFAULT_HAL, ""}

    def load(self, d: referrals.LetterDraft) -> None:
        self.destination.setCurrentIndex(max(0, self.destination.findData(d.destination_id)))
        self.victim.setCurrentIndex(max(0, self.victim.findData(d.victim_uuid)))
        self.hal.setText(d.hal or self._dest_type().default_hal)
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(d.urgency)))
        self.visum.setChecked(d.visum)
        self.investigator_request.setText(d.investigator_request)
        self.birth_place.setText(d.victim_birth_place)
        self.escort_name.setText(d.escort_name)
        self.purpose.setPlainText(d.purpose)
        self.services_requested.setPlainText("\n".join(d.services_requested))
        self.chronology.setPlainText(d.chronology)
        rule = self._dest_type().default_disclosure.with_overrides(dict(d.disclosure) or None)
        self._set_disclosure(dataclasses.asdict(rule))
        self.services_given.setPlainText("\n".join(d.services_given))
        self.condition_physical.setText(d.condition_physical)
        self.condition_psychological.setText(d.condition_psychological)
        self.condition_family.setText(d.condition_family)
        self.attachments.setPlainText("\n".join(d.attachments))
        self.lampiran.setText(d.lampiran)
        self.contact_name.setText(d.contact_name)
        self.contact_phone.setText(d.contact_phone)
        if d.signatory_username:
            self.signatory.setCurrentIndex(max(0, self.signatory.findData(d.signatory_username)))
        self.tembusan.setPlainText("\n".join(d.tembusan))
        self._update_visum()

    def draft(self) -> referrals.LetterDraft:
        default = dataclasses.asdict(self._dest_type().default_disclosure)
        chosen = {key: combo.currentData() for key, combo in self.level_combos.items()}
        chosen["nik"] = self.nik.isChecked()
        overrides = {k: v for k, v in chosen.items() if str(v) != str(default[k])}
        return referrals.LetterDraft(
            destination_id=self.destination.currentData() or "", purpose=self.purpose.toPlainText(),
            services_requested=_lines(self.services_requested), disclosure=overrides,
            victim_uuid=self.victim.currentData() or "", chronology=self.chronology.toPlainText(),
            services_given=_lines(self.services_given), condition_physical=self.condition_physical.text(),
            condition_psychological=self.condition_psychological.text(),
            condition_family=self.condition_family.text(), attachments=_lines(self.attachments),
            contact_name=self.contact_name.text(), contact_phone=self.contact_phone.text(),
            signatory_username=self.signatory.currentData() or "", tembusan=_lines(self.tembusan),
            hal=self.hal.text(), lampiran=self.lampiran.text(), urgency=self.urgency.currentData() or "biasa",
            visum=self.visum.isChecked() and self._dest_type() is DestinationType.RSUD_PUSKESMAS,
            investigator_request=self.investigator_request.text(), victim_birth_place=self.birth_place.text(),
            escort_name=self.escort_name.text(),
        )

    def save(self) -> None:
        if not self.destinations:
            self.error.show_message(_("Belum ada tujuan rujukan. Minta kepala UPTD atau admin menambahkannya."))
            return
        try:
            if self.letter is None:
                self.letter = referrals.create_letter(self.session, self.case_ref, self.draft())
            else:
                self.letter = referrals.update_letter(self.session, self.letter.id, self.draft(),
                                                      version=self.letter.version)
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            self.error.show_message(user_message(exc))
            return
        self.accept()
