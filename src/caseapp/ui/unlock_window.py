"""The unlock window: office shown at the top, user chooser, password, clear errors and a throttle countdown."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget,
)

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain.errors import UnlockThrottled
from caseapp.i18n import _
from caseapp.services import session as session_service
from caseapp.ui.jobs import JobRunner
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel, HeaderBand, primary_button


class UnlockWindow(QWidget):
    """Emits ``unlocked(session, password)``, or ``recovered(session)`` after the recovery dialog."""

    unlocked = Signal(object, str)
    recovered = Signal(object)
    closed = Signal()

    def __init__(self, data_dir: DataDir, jobs: JobRunner, *, kdf_policy: KdfPolicy | None = None,
                 office_name: str = "", office_code: str = "", last_user: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir, self.jobs, self.kdf_policy = data_dir, jobs, kdf_policy
        self.setWindowTitle(_("caseapp — Buka data kantor"))
        self.header = HeaderBand()
        self.set_office(office_name, office_code)
        title = QLabel(_("Buka data kantor"), objectName="PageTitle")
        hint = QLabel(_("Data kasus terkunci. Pilih nama pengguna Anda dan masukkan kata sandi."),
                      objectName="SectionHint")
        hint.setWordWrap(True)
        self.user_combo = QComboBox(objectName="unlockUser")
        self.user_combo.setMinimumWidth(260)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="unlockPassword")
        self.password.returnPressed.connect(self.try_unlock)
        self.error = ErrorLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        self.unlock_button = primary_button(_("&Buka"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.recover_link = QLabel(f"<a href='#recover'>{_('Lupa kata sandi? Pulihkan dengan kunci pemulihan')}</a>",
                                   objectName="recoverLink")
        self.recover_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.recover_link.linkActivated.connect(self.open_recovery)

        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.addRow(_("&Pengguna:"), self.user_combo)
        form.addRow(_("&Kata sandi:"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recover_link)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        card = QFrame(objectName="PageSurface")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(hint)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.busy)
        inner.addLayout(buttons)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(card, 3)
        center.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addStretch(1)
        layout.addLayout(center)
        layout.addStretch(2)
        self.setTabOrder(self.user_combo, self.password)
        self.setTabOrder(self.password, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.recover_link)

        self._throttle_until = 0.0
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._tick)
        self.reload_users(last_user)
        self.resize(900, 600)

    def set_office(self, name: str, code: str) -> None:
        if name:
            self.header.set_text(name, _("Kode wilayah {code} · caseapp").format(code=code) if code else "caseapp")
        else:
            self.header.set_text(_("caseapp untuk UPTD PPA"), _("Pencatatan dan rujukan kasus kekerasan"))

    def reload_users(self, preferred: str = "") -> None:
        names = session_service.list_usernames(self.data_dir)
        self.user_combo.clear()
        self.user_combo.addItems(names)
        if preferred in names:
            self.user_combo.setCurrentText(preferred)
        self.password.clear()
        self.error.clear_message()

    def closeEvent(self, event) -> None:
        if self.jobs.busy:
            event.ignore()
            return
        event.accept()
        self.closed.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.password.setFocus)

    def try_unlock(self) -> None:
        if self.jobs.busy or self._throttle_until > time.monotonic():
            return
        username, password = self.user_combo.currentText(), self.password.text()
        if not username or not password:
            self.error.show_message(_("Pilih pengguna dan masukkan kata sandi."))
            return
        self.error.clear_message()
        self._set_busy(True)
        self.jobs.start(session_service.unlock, self.data_dir, username, password, kdf_policy=self.kdf_policy,
                        on_success=lambda session: self._succeeded(session, password), on_error=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.unlock_button, self.password, self.user_combo):
            widget.setEnabled(not busy)

    def _succeeded(self, session, password: str) -> None:
        self._set_busy(False)
        self.password.clear()
        self.unlocked.emit(session, password)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, UnlockThrottled):
            self._throttle_until = time.monotonic() + max(1.0, exc.wait_seconds)
            self._tick()
            self._countdown.start()
            return
        self.error.show_message(user_message(exc))

    def _tick(self) -> None:
        left = int(self._throttle_until - time.monotonic() + 0.999)
        if left <= 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self.error.show_message(_("Silakan coba lagi."))
            return
        self.unlock_button.setEnabled(False)
        self.error.show_message(_("Terlalu banyak percobaan gagal. Coba lagi dalam {s} detik.").format(s=left))

    def open_recovery(self) -> None:
        from caseapp.ui.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.data_dir, self.jobs, session_service.list_usernames(self.data_dir),
                                kdf_policy=self.kdf_policy, parent=self)
        dialog.accepted.connect(lambda: self.recovered.emit(dialog.result_value))
        dialog.finished.connect(dialog.deleteLater)
        self.recovery_dialog = dialog  # reachable from tests
        dialog.open()
