"""Berkas → Cadangkan… and Pulihkan…: a backup to a chosen folder and a restore into an empty data folder,
each run as a job with a progress bar and a Batal button (services/backup.py does the work)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from caseapp.datadir import DataDir
from caseapp.i18n import _
from caseapp.services import backup
from caseapp.services.session import Session
from caseapp.ui.jobs import Job, JobRunner
from caseapp.ui.messages import user_message
from caseapp.ui.style import set_flag


class _JobDialog(QDialog):
    """Shared shape: a form, a progress bar, a status line, and Start / Batal (which cancels a running job)."""

    def __init__(self, jobs: JobRunner, title: str, start_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.jobs = jobs
        self.job: Job | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, backup.PROGRESS_TOTAL)
        self.progress.setVisible(False)
        self.status = QLabel(objectName="HintLabel")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton(start_text)
        set_flag(self.start_button, "primary")
        self.start_button.clicked.connect(self._start)
        self.cancel_button = QPushButton(_("Batal"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self.layout_.addLayout(buttons)

    def _folder_row(self, edit: QLineEdit, caption: str, *, file_filter: str | None = None) -> QWidget:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        pick = QPushButton(_("Pilih…"))

        def choose() -> None:
            if file_filter:
                path, _f = QFileDialog.getOpenFileName(self, caption, edit.text(), file_filter)
            else:
                path = QFileDialog.getExistingDirectory(self, caption, edit.text())
            if path:
                edit.setText(path)
        pick.clicked.connect(choose)
        lay.addWidget(pick)
        return row

    # -- running -----------------------------------------------------------------------------------
    def _start(self) -> None:
        raise NotImplementedError

    def _run(self, fn, *args, **kwargs) -> None:
        self.start_button.setEnabled(False)
        self.cancel_button.setText(_("Batal"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.clear()
        set_flag(self.status, "error", False)
        self.job = self.jobs.start(fn, *args, reports_progress=True, on_success=self._finished_ok,
                                   on_error=self._failed, on_progress=self._progressed,
                                   on_cancelled=lambda: self._failed(backup.BackupCancelled(_("Dibatalkan."))), **kwargs)

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.status.setText(label)

    def _finished_ok(self, result) -> None:
        self.job = None
        self.progress.setValue(self.progress.maximum())
        self.cancel_button.setText(_("Tutup"))
        self.succeeded(result)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.start_button.setEnabled(True)
        self.cancel_button.setText(_("Tutup"))
        set_flag(self.status, "error", True)
        self.status.setText(user_message(exc))

    def succeeded(self, result) -> None:
        raise NotImplementedError

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(_("Membatalkan…"))
            self.job.signals.finished.connect(lambda: self.cancel_button.setEnabled(True))
            return
        self.reject()

    def reject(self) -> None:
        if self.job is not None:  # never close while the job writes; Batal cancels it first
            self._cancel_or_close()
            return
        super().reject()


class BackupDialog(_JobDialog):
    """Berkas → Cadangkan…: choose a folder (a USB stick), back up, read back and check."""

    backed_up = Signal(object)  # BackupResult

    def __init__(self, session: Session, jobs: JobRunner, parent: QWidget | None = None, *, folder: str = ""):
        super().__init__(jobs, _("Cadangkan data kantor"), _("&Cadangkan"), parent)
        self.session = session
        intro = QLabel(_(
            "Seluruh data kantor (kasus, lampiran, surat, pertukaran, log audit, pengaturan dan akun) disalin ke "
            "satu berkas terenkripsi. Berkas itu hanya dapat dibuka dengan kunci pemulihan atau kata sandi "
            "administrator. Simpan flashdisk cadangan di tempat terkunci, terpisah dari laptop."))
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setPlaceholderText(_("mis. flashdisk cadangan"))
        self.form.addRow(_("Simpan ke folder"), self._folder_row(self.folder_edit, _("Pilih folder cadangan")))

    def _start(self) -> None:
        folder = self.folder_edit.text().strip()
        if not folder:
            set_flag(self.status, "error", True)
            self.status.setText(_("Pilih folder tujuan cadangan terlebih dahulu."))
            return
        self._run(backup.create_backup, self.session, Path(folder))

    def succeeded(self, result: backup.BackupResult) -> None:
        self.status.setText(_("Cadangan selesai dan sudah diperiksa ulang: {path} ({mb:.1f} MB).").format(
            path=result.path, mb=result.size / 1e6))
        self.backed_up.emit(result)


class RestoreDialog(_JobDialog):
    """Pulihkan…: a backup file, a credential, and a data folder that holds no office."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None, *, data_dir: DataDir | None = None):
        super().__init__(jobs, _("Pulihkan dari cadangan"), _("&Pulihkan"), parent)
        intro = QLabel(_(
            "Pemulihan memasang data kantor dari berkas cadangan ke folder data yang kosong (misalnya di laptop "
            "baru). Data kantor yang sudah ada tidak pernah ditimpa. Gunakan kunci pemulihan kantor, atau nama "
            "pengguna dan kata sandi administrator seperti pada saat cadangan dibuat."))
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.file_edit = QLineEdit()
        self.form.addRow(_("Berkas cadangan"), self._folder_row(
            self.file_edit, _("Pilih berkas cadangan"), file_filter=_("Cadangan caseapp (*{suffix})").format(
                suffix=backup.SUFFIX)))
        self.fixed_target = data_dir is not None
        self.target_edit = QLineEdit(str(data_dir.root) if data_dir else "")
        self.form.addRow(_("Folder data tujuan"), self._folder_row(self.target_edit, _("Pilih folder data kosong")))
        if data_dir is not None:
            self.target_edit.setReadOnly(True)
        self.by_key = QRadioButton(_("Kunci pemulihan"))
        self.by_password = QRadioButton(_("Akun administrator"))
        self.by_key.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_key)
        group.addButton(self.by_password)
        which = QWidget()
        wl = QHBoxLayout(which)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.by_key)
        wl.addWidget(self.by_password)
        wl.addStretch(1)
        self.form.addRow(_("Buka dengan"), which)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText("XXXXX-XXXXX-…")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(_("Kunci pemulihan"), self.key_edit)
        self.form.addRow(_("Nama pengguna"), self.user_edit)
        self.form.addRow(_("Kata sandi"), self.password_edit)
        self.by_key.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        key = self.by_key.isChecked()
        self.key_edit.setEnabled(key)
        self.user_edit.setEnabled(not key)
        self.password_edit.setEnabled(not key)

    def _start(self) -> None:
        file, target = self.file_edit.text().strip(), self.target_edit.text().strip()
        if not file or not target:
            set_flag(self.status, "error", True)
            self.status.setText(_("Pilih berkas cadangan dan folder data tujuan terlebih dahulu."))
            return
        if self.by_key.isChecked():
            cred = backup.Credential(recovery_key=self.key_edit.text().strip())
        else:
            cred = backup.Credential(username=self.user_edit.text().strip(), password=self.password_edit.text())
        self._run(backup.restore_backup, DataDir(Path(target)), Path(file), cred)

    def succeeded(self, result: backup.RestoreResult) -> None:
        self.password_edit.clear()
        self.key_edit.clear()
        self.start_button.setEnabled(False)
        if self.fixed_target:
            text = _("Data kantor {name} dipulihkan dari cadangan {created}. Masuk dengan akun Anda seperti "
                     "biasa.").format(name=result.office.name, created=result.header.created_at)
        else:
            text = _("Data kantor {name} dipulihkan dari cadangan {created} ke folder {folder}. Aplikasi yang sedang "
                     "terbuka tetap memakai folder datanya sendiri; untuk membuka data yang dipulihkan, jalankan "
                     "caseapp dengan folder data itu (CASEAPP_DATA_DIR).").format(
                name=result.office.name, created=result.header.created_at, folder=self.target_edit.text().strip())
        self.status.setText(text)
        self.restored.emit(result)
