"""Berkas → Masa retensi…: closed cases past their retention period, for a supervisor to hold or purge.

A purge asks a second time: the case number must be typed again (services/retention.py does the work).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from caseapp.domain import codes
from caseapp.domain.accounts import Permission
from caseapp.i18n import _, format_date
from caseapp.services import retention
from caseapp.services.session import Session
from caseapp.ui.messages import user_message
from caseapp.ui.style import set_flag


def _action_row(dialog: QDialog, action: QPushButton, *, primary: bool = True) -> QHBoxLayout:
    """[stretch] action Batal. A dangerous (non-primary) action leaves Batal as the default button."""
    if primary:
        set_flag(action, "primary")
    cancel = QPushButton(_("Batal"))
    cancel.setDefault(not primary)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(action)
    row.addWidget(cancel)
    return row


def legal_hold_notice(session: Session, case_uuid: str | None) -> QLabel | None:
    """The case editor's banner line for a case on legal hold (with its reason), or None."""
    hold = retention.legal_hold(session, case_uuid) if case_uuid else None
    if hold is None:
        return None
    label = QLabel(_("Ditahan untuk keperluan hukum sejak {date}: {reason}. Kasus ini tidak dapat dimusnahkan.")
                   .format(date=hold.set_at[:10], reason=hold.reason), objectName="legalHoldNotice")
    label.setWordWrap(True)
    label.setStyleSheet("background: #fff4e0; color: #7a4b00; border: 1px solid #f0c36d; border-radius: 4px; "
                        "padding: 6px 10px; margin: 8px 16px 0 16px;")
    return label


class ConfirmPurgeDialog(QDialog):
    """The second confirmation: Musnahkan is enabled only once the case number is typed exactly."""

    def __init__(self, case_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.case_number = case_number
        self.setWindowTitle(_("Musnahkan kasus"))
        text = QLabel(_("Kasus {number} beserta lampiran, surat dan entri pencariannya akan dihapus untuk "
                        "selamanya dan tidak dapat dipulihkan dari aplikasi. Ketik ulang nomor kasus untuk "
                        "melanjutkan.").format(number=case_number))
        text.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(case_number)
        self.purge_button = QPushButton(_("Musnahkan"))
        set_flag(self.purge_button, "danger")
        self.purge_button.setEnabled(False)
        self.purge_button.clicked.connect(self.accept)
        self.number_edit.textChanged.connect(
            lambda t: self.purge_button.setEnabled(t.strip() == self.case_number))
        buttons = _action_row(self, self.purge_button, primary=False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.number_edit)
        layout.addLayout(buttons)


class HoldDialog(QDialog):
    """Put a case on legal hold: its number (or the selected one) and the reason, e.g. a court case number."""

    def __init__(self, case_number: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Penahanan hukum"))
        self.number_edit = QLineEdit(case_number)
        self.number_edit.setReadOnly(bool(case_number))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("mis. Perkara 12/Pid.Sus/2026/PN Adl"))
        form = QFormLayout()
        form.addRow(_("Nomor kasus"), self.number_edit)
        form.addRow(_("Alasan"), self.reason_edit)
        self.ok_button = QPushButton(_("Tahan"))
        self.ok_button.clicked.connect(self.accept)
        buttons = _action_row(self, self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)


class RetentionPeriodsDialog(QDialog):
    """Years after closing, per closure reason; 0 means the reason's cases are never due (administrators)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Atur masa retensi"))
        intro = QLabel(_("Berapa tahun setelah ditutup sebuah kasus boleh dimusnahkan, menurut alasan penutupannya. "
                         "0: tidak pernah jatuh tempo."))
        intro.setWordWrap(True)
        rules = retention.retention_rules(session)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for entry in codes.default_registry()["closure_reason"].entries:
            spin = QSpinBox()
            spin.setRange(0, retention.MAX_YEARS)
            spin.setSuffix(" " + _("tahun"))
            spin.setSpecialValueText(_("tidak dimusnahkan"))
            spin.setValue(rules.get(entry.code, 0))
            self.spins[entry.code] = spin
            form.addRow(entry.label(), spin)
        self.status = QLabel(objectName="HintLabel")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(_("Simpan"))
        self.save_button.clicked.connect(self.save)
        buttons = _action_row(self, self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def save(self) -> None:
        current = retention.retention_rules(self.session)
        try:
            for code, spin in self.spins.items():
                years = spin.value() or None
                if current.get(code) != years:
                    retention.set_retention_years(self.session, code, years)
        except Exception as exc:  # noqa: BLE001
            set_flag(self.status, "error", True)
            self.status.setText(user_message(exc))
            return
        self.accept()


class RetentionDialog(QDialog):
    COLUMNS = (lambda: _("Nomor kasus"), lambda: _("Alasan penutupan"), lambda: _("Ditutup"),
               lambda: _("Jatuh tempo"), lambda: _("Ditahan"))

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.confirm_dialog: ConfirmPurgeDialog | None = None
        self.setWindowTitle(_("Masa retensi"))
        self.resize(760, 420)
        intro = QLabel(_("Kasus yang sudah ditutup dan melewati masa retensi untuk alasan penutupannya. Kasus "
                         "dalam penahanan hukum tidak dapat dimusnahkan."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([c() for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel(objectName="HintLabel")
        self.status.setWordWrap(True)
        self.purge_button = QPushButton(_("Musnahkan…"))
        self.hold_button = QPushButton(_("Tahan…"))
        self.hold_other_button = QPushButton(_("Tahan kasus lain…"))
        self.hold_other_button.setToolTip(_("Tahan kasus yang belum jatuh tempo, misalnya karena perkara di pengadilan"))
        self.hold_other_button.clicked.connect(lambda: self._open_hold(""))
        self.hold_dialog: HoldDialog | None = None
        self.unhold_button = QPushButton(_("Cabut penahanan"))
        self.purge_button.clicked.connect(self._purge)
        self.hold_button.clicked.connect(self._hold)
        self.unhold_button.clicked.connect(self._unhold)
        self.periods_button = QPushButton(_("Atur masa retensi…"))
        self.periods_button.setEnabled(session.user.can(Permission.MANAGE_OFFICE))
        self.periods_button.clicked.connect(self._periods)
        self.periods_dialog: RetentionPeriodsDialog | None = None
        close = QPushButton(_("Tutup"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.purge_button, self.hold_button, self.unhold_button, self.hold_other_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.periods_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.due: list[retention.DueCase] = []
        self.reload()

    def reload(self) -> None:
        try:
            self.due = retention.cases_past_retention(self.session)
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            self._error(exc)
            self.due = []
        self.table.setRowCount(len(self.due))
        for row, d in enumerate(self.due):
            reason = codes.label("closure_reason", d.closure_reason) if d.closure_reason else ""
            values = (d.case_number, reason, d.closed_at[:10], format_date(d.due_on), _("ya") if d.on_hold else "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, d.uuid)
                self.table.setItem(row, col, item)
        if not self.due:
            self.status.setText(_("Tidak ada kasus yang melewati masa retensi."))
        self._selection_changed()

    def selected(self) -> retention.DueCase | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.due[rows.pop()] if len(rows) == 1 else None

    def _selection_changed(self) -> None:
        d = self.selected()
        self.purge_button.setEnabled(d is not None and not d.on_hold)
        self.hold_button.setEnabled(d is not None and not d.on_hold)
        self.unhold_button.setEnabled(d is not None and d.on_hold)

    def _error(self, exc: BaseException) -> None:
        set_flag(self.status, "error", True)
        self.status.setText(user_message(exc))

    def _done(self, text: str) -> None:
        set_flag(self.status, "error", False)
        self.reload()
        self.status.setText(text)

    def _periods(self) -> None:
        self.periods_dialog = RetentionPeriodsDialog(self.session, self)
        self.periods_dialog.accepted.connect(self.reload)
        self.periods_dialog.open()

    def _purge(self) -> None:
        d = self.selected()
        if d is None:
            return
        self.confirm_dialog = ConfirmPurgeDialog(d.case_number, self)
        self.confirm_dialog.accepted.connect(lambda: self._purge_confirmed(d, self.confirm_dialog.number_edit.text()))
        self.confirm_dialog.open()

    def _purge_confirmed(self, d: retention.DueCase, typed: str) -> None:
        try:
            number = retention.purge_case(self.session, d.uuid, confirm_number=typed)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return
        self._done(_("Kasus {number} dimusnahkan beserta lampiran, surat dan entri pencariannya.").format(
            number=number))

    def _hold(self) -> None:
        d = self.selected()
        if d is not None:
            self._open_hold(d.case_number)

    def _open_hold(self, case_number: str) -> None:
        self.hold_dialog = HoldDialog(case_number, self)
        self.hold_dialog.accepted.connect(
            lambda: self._hold_confirmed(self.hold_dialog.number_edit.text().strip(), self.hold_dialog.reason_edit.text()))
        self.hold_dialog.open()

    def _hold_confirmed(self, ref: str, reason: str) -> None:
        try:
            retention.hold_case(self.session, ref, reason)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return
        self._done(_("Kasus {number} ditahan untuk keperluan hukum; kasus ini tidak dapat dimusnahkan.").format(
            number=ref))

    def _unhold(self) -> None:
        d = self.selected()
        if d is None:
            return
        try:
            retention.unhold_case(self.session, d.uuid)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return
        self._done(_("Penahanan hukum dicabut."))
