"""First-run wizard: office profile, first administrator, then the recovery key (shown once)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWizard,
    QWizardPage,
)

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain import regions
from caseapp.domain.accounts import NewUser, OfficeLevel, Role, validate_office_code, validate_username
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _
from caseapp.services import destinations
from caseapp.services.setup import OfficeProfile, SetupResult, initialize_office
from caseapp.ui.jobs import JobRunner
from caseapp.ui.messages import user_message
from caseapp.ui.recovery_key_page import RecoveryKeyPage
from caseapp.ui.style import set_flag
from caseapp.ui.widgets import ErrorLabel, PasswordPair, page_title


def _mark(edit: QLineEdit, invalid: bool) -> None:
    set_flag(edit, "invalid", invalid)


class WelcomePage(QWizardPage):
    def __init__(self, data_dir: DataDir, parent=None):
        super().__init__(parent)
        self.setTitle(page_title(_("Selamat datang di caseapp")))
        self.setSubTitle(_("Penyiapan awal untuk kantor UPTD PPA Anda. Hanya dilakukan sekali di laptop ini."))
        text = QLabel(_(
            "<p>Langkah-langkahnya:</p><ol>"
            "<li>Data kantor untuk kop surat (kode wilayah, nama, alamat, kontak).</li>"
            "<li>Akun administrator pertama.</li>"
            "<li>Kunci pemulihan: dicetak dan disimpan di tempat aman.</li></ol>"
            "<p>Semua data kasus disimpan terenkripsi di laptop ini dan hanya dapat dibuka dengan "
            "kata sandi pengguna atau kunci pemulihan.</p>"))
        text.setWordWrap(True)
        where = QLabel(_("Folder data: {path}").format(path=data_dir.root), objectName="HintLabel")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton(_("Pulihkan dari cadangan…"))
        self.restore_button.setToolTip(_("Laptop baru atau dipasang ulang? Pasang data kantor dari berkas cadangan."))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(where)


class OfficePage(QWizardPage):
    """Level, region code (checked as typed against the code format and region list), letterhead details."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(page_title(_("Data kantor")))
        self.setSubTitle(_("Dipakai pada kop surat rujukan dan untuk mengenali kantor Anda saat bertukar data."))
        self.level = QComboBox(objectName="officeLevel")
        for level in OfficeLevel:
            self.level.addItem(level.label, level)
        self.code = QLineEdit(objectName="officeCode", placeholderText="74.06")
        self.code.setMaxLength(5)
        self.code.setToolTip(_("Kode wilayah Kemendagri: 2 angka untuk provinsi, 4 angka bertitik untuk kabupaten/kota."))
        self.code_status = QLabel(objectName="HintLabel")
        self.code_status.setWordWrap(True)
        self.name = QLineEdit(objectName="officeName", placeholderText=_("UPTD PPA Kabupaten …"))
        self.address = QLineEdit(objectName="officeAddress")
        self.phone = QLineEdit(objectName="officePhone")
        self.email = QLineEdit(objectName="officeEmail")
        self.city = QLineEdit(objectName="officeCity", placeholderText=_("misalnya: Rumbia"))
        self.city.setToolTip(_("Kota pada baris tanggal surat, misalnya \"Rumbia, 3 Desember 2026\"."))
        self.agency = QLineEdit(objectName="officeAgency",
                                placeholderText=_("misalnya: DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, "
                                                  "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"))
        self.agency.setToolTip(_("Nama dinas persis seperti pada kop surat; dapat diubah nanti di Pengaturan › "
                                 "Kop surat."))
        form = QFormLayout(self)
        form.setVerticalSpacing(10)
        form.addRow(_("&Tingkat kantor:"), self.level)
        form.addRow(_("&Kode wilayah:"), self.code)
        form.addRow("", self.code_status)
        form.addRow(_("&Nama kantor:"), self.name)
        form.addRow(_("&Alamat:"), self.address)
        form.addRow(_("&Telepon:"), self.phone)
        form.addRow(_("&E-mail:"), self.email)
        form.addRow(_("&Kota (tanggal surat):"), self.city)
        form.addRow(_("Nama &dinas (kop surat):"), self.agency)
        self._suggested_name = ""
        for signal in (self.code.textChanged, self.name.textChanged, self.email.textChanged):
            signal.connect(self._changed)
        self.level.currentIndexChanged.connect(self._changed)
        self._changed()

    def office_level(self) -> OfficeLevel:
        return OfficeLevel(self.level.currentData())

    def _code_ok(self) -> bool:
        code = self.code.text().strip()
        if not code:
            self.code_status.setText(_("Contoh: 74.06 untuk kabupaten/kota, 74 untuk provinsi."))
            return False
        try:
            validate_office_code(code, self.office_level())
        except ValidationError as exc:
            self.code_status.setText(exc.message)
            return False
        region = regions.name(code)
        self.code_status.setText("✔ " + region if region else
                                 _("Kode ini tidak ada di daftar wilayah. Periksa kembali sebelum melanjutkan."))
        suggestion = f"UPTD PPA {region}" if region else ""
        untouched = not self.name.text().strip() or self.name.text() == self._suggested_name
        if suggestion and untouched and self.name.text() != suggestion:
            self._suggested_name = suggestion
            self.name.setText(suggestion)
        return True

    def _changed(self) -> None:
        code_ok = self._code_ok()
        _mark(self.code, bool(self.code.text()) and not code_ok)
        _mark(self.email, bool(self.email.text()) and "@" not in self.email.text())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        email = self.email.text().strip()
        return (self._code_ok() and bool(self.name.text().strip()) and (not email or "@" in email))

    def profile(self) -> OfficeProfile:
        return OfficeProfile(self.code.text().strip(), self.name.text().strip(), self.office_level(),
                             self.address.text().strip(), self.phone.text().strip(), self.email.text().strip(),
                             city=self.city.text().strip(), agency=self.agency.text().strip())


class AdminPage(QWizardPage):
    """The first administrator's account."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(page_title(_("Administrator pertama")))
        self.setSubTitle(_("Administrator mengelola pengguna dan pengaturan kantor. Pengguna lain ditambahkan nanti."))
        self.username = QLineEdit(objectName="adminUsername", placeholderText=_("misalnya: admin"))
        self.username.setToolTip(_("Huruf kecil, angka, titik, garis bawah atau tanda hubung; diawali huruf."))
        self.username_status = ErrorLabel()  # red: a rule broken here is an error, not a hint
        self.full_name = QLineEdit(objectName="adminFullName")
        self.nip = QLineEdit(objectName="adminNip", placeholderText=_("18 angka (boleh dikosongkan)"))
        self.nip_status = ErrorLabel()
        self.position = QLineEdit(objectName="adminPosition", placeholderText=_("misalnya: Kepala UPTD PPA"))
        form = QFormLayout(self)
        form.setVerticalSpacing(10)
        form.addRow(_("&Nama pengguna:"), self.username)
        form.addRow("", self.username_status)
        form.addRow(_("Nama &lengkap:"), self.full_name)
        form.addRow(_("NI&P:"), self.nip)
        form.addRow("", self.nip_status)
        form.addRow(_("&Jabatan:"), self.position)
        self.passwords = PasswordPair(form)
        for signal in (self.username.textChanged, self.full_name.textChanged, self.passwords.changed):
            signal.connect(self.completeChanged)
        self.username.textChanged.connect(self._check_username)
        self.nip.textChanged.connect(self._check_nip)
        self.nip.textChanged.connect(self.completeChanged)

    def nip_error(self) -> str:
        """The NIP rule, checked here where the NIP is typed (not two pages later at "Siapkan")."""
        nip = self.nip.text().replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            return _("NIP harus terdiri dari 18 angka (sekarang {n}).").format(n=len(nip))
        return ""

    def _check_nip(self) -> None:
        error = self.nip_error()
        self.nip_status.show_message(error)
        _mark(self.nip, bool(error))

    def _check_username(self) -> None:
        try:
            validate_username(self.username.text())
            self.username_status.show_message("")
            _mark(self.username, False)
        except ValidationError as exc:
            self.username_status.show_message(exc.message if self.username.text() else "")
            _mark(self.username, bool(self.username.text()))

    def isComplete(self) -> bool:
        try:
            validate_username(self.username.text())
        except ValidationError:
            return False
        return bool(self.full_name.text().strip()) and self.passwords.is_acceptable() and not self.nip_error()

    def new_user(self) -> NewUser:
        return NewUser(self.username.text(), self.full_name.text().strip(), Role.ADMIN,
                       self.nip.text().strip(), self.position.text().strip())


class SummaryPage(QWizardPage):
    """Everything entered, once more; "Siapkan" creates the encrypted store on a worker thread."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(page_title(_("Periksa kembali")))
        self.setSubTitle(_("Jika sudah benar, pilih \"Siapkan\". Pembuatan penyimpanan terenkripsi memerlukan beberapa detik."))
        self.setCommitPage(True)
        self.summary = QLabel(objectName="setupSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.busy = QProgressBar(objectName="setupBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.busy_label = QLabel(_("Menyiapkan penyimpanan terenkripsi…"), objectName="HintLabel")
        self.busy_label.hide()
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        self.running = False

    def initializePage(self) -> None:
        wizard: SetupWizard = self.wizard()
        office, admin = wizard.office_page.profile(), wizard.admin_page.new_user()
        rows = [
            (_("Tingkat"), office.level.label), (_("Kode wilayah"), office.code), (_("Nama kantor"), office.name),
            (_("Alamat"), office.address or "–"), (_("Telepon"), office.phone or "–"), (_("E-mail"), office.email or "–"),
            (_("Administrator"), f"{admin.full_name} ({admin.username})"), (_("NIP"), admin.nip or "–"),
            (_("Jabatan"), admin.position or "–"),
        ]
        cells = "".join(f"<tr><td style='padding:3px 16px 3px 0;color:#5f6b7a'>{k}</td>"
                        f"<td style='padding:3px 0'><b>{_html(v)}</b></td></tr>" for k, v in rows)
        self.summary.setText(f"<table>{cells}</table>")
        self.error.clear_message()

    def isComplete(self) -> bool:
        return not self.running

    def validatePage(self) -> bool:
        wizard: SetupWizard = self.wizard()
        if wizard.setup_result is not None:
            return True
        if not self.running:
            self._start(wizard)
        return False

    def _start(self, wizard: "SetupWizard") -> None:
        self.running = True
        self.error.clear_message()
        self.busy.show()
        self.busy_label.show()
        self.completeChanged.emit()
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        wizard.jobs.start(set_up_office, wizard.data_dir, wizard.office_page.profile(),
                          wizard.admin_page.new_user(), wizard.admin_page.passwords.value(),
                          kdf_policy=wizard.kdf_policy, on_success=self._done, on_error=self._failed)

    def _stop(self) -> None:
        self.running = False
        self.busy.hide()
        self.busy_label.hide()
        self.completeChanged.emit()
        wizard = self.wizard()
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(True)
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(True)

    def _done(self, result: SetupResult) -> None:
        self._stop()
        wizard: SetupWizard = self.wizard()
        wizard.setup_result = result
        wizard.admin_page.passwords.clear()
        wizard.next()

    def _failed(self, exc: BaseException) -> None:
        self._stop()
        self.error.show_message(user_message(exc))


def set_up_office(*args, **kwargs) -> SetupResult:
    """Create the office, then give it a starter list of referral destinations for its region (editable later)."""
    result = initialize_office(*args, **kwargs)
    try:
        destinations.add_starter_destinations(result.session)
    except Exception:  # noqa: BLE001 - the office exists; the list can still be filled in by hand
        pass
    return result


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SetupWizard(QWizard):
    """Emits ``completed(SetupResult)`` after the recovery key was confirmed; the session is then open."""

    completed = Signal(object)
    restored = Signal(object)  # RestoreResult: the office is in the data folder; unlock as usual

    def __init__(self, data_dir: DataDir, jobs: JobRunner, *, kdf_policy: KdfPolicy | None = None, parent=None):
        super().__init__(parent)
        self.data_dir, self.jobs, self.kdf_policy = data_dir, jobs, kdf_policy
        self.setup_result: SetupResult | None = None
        self.setWindowTitle(_("Penyiapan awal caseapp"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setTitleFormat(Qt.TextFormat.RichText)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Batal"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Siapkan"))
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton,
                      QWizard.WizardButton.FinishButton):
            set_flag(self.button(which), "primary")
        self.welcome_page = WelcomePage(data_dir)
        self.welcome_page.restore_button.clicked.connect(self._restore)
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        self.summary_page = SummaryPage()
        self.recovery_page = RecoveryKeyPage()
        for page in (self.welcome_page, self.office_page, self.admin_page, self.summary_page, self.recovery_page):
            self.addPage(page)
        self.resize(720, 560)

    def _restore(self) -> None:
        from caseapp.ui.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.jobs, self, data_dir=self.data_dir)
        self.restore_dialog = dialog
        dialog.restored.connect(self._restored)
        dialog.open()

    def _restored(self, result) -> None:
        self.restore_dialog.accept()
        self.hide()
        self.restored.emit(result)

    def accept(self) -> None:
        if self.setup_result is None or not self.recovery_page.isComplete():
            return
        super().accept()
        self.completed.emit(self.setup_result)

    def reject(self) -> None:
        if self.jobs.busy:
            return
        if self.setup_result is not None:
            # The office exists now: closing here would lose the only view of the recovery key.
            QMessageBox.information(self, _("Kunci pemulihan"),
                                    _("Catat atau cetak kunci pemulihan, centang konfirmasinya, lalu pilih Selesai."))
            return
        super().reject()
