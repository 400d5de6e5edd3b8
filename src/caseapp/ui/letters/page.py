"""The "Rujukan" page: the register of outgoing letters with search, status, overdue tracking and letter actions."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QTableView, QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import Permission
from caseapp.domain.referral import LetterStatus
from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.ui import data_events
from caseapp.ui.flow_layout import FlowLayout
from caseapp.ui.letters import pdf_output
from caseapp.ui.letters.register_model import LettersModel
from caseapp.ui.messages import show_error, show_info, user_message
from caseapp.ui.widgets import ErrorLabel, primary_button


class ReferralsPage(QWidget):
    def __init__(self, session, parent: QWidget | None = None, *, jobs=None):
        super().__init__(parent)
        self.session, self.jobs = session, jobs
        self.dialog = None  # the open dialog, if any (tests reach it here)
        self.setObjectName("PageSurface")
        self.search = QLineEdit(objectName="letterSearch", placeholderText=_("Cari nomor surat, nomor kasus, tujuan…"))
        self.status = QComboBox(objectName="letterStatus")
        self.status.addItem(_("Semua status"), "")
        for status in LetterStatus:
            self.status.addItem(status.label, status.value)
        self.overdue_only = QCheckBox(_("Hanya yang terlambat dijawab"), objectName="overdueOnly")
        self.overdue_banner = QLabel(objectName="overdueBanner")
        self.overdue_banner.setWordWrap(True)
        self.overdue_banner.setStyleSheet("color: #a11d1d; font-weight: bold;")
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.status.currentIndexChanged.connect(self.refresh)
        self.overdue_only.toggled.connect(self.refresh)
        self.model = LettersModel(self)
        self.table = QTableView(objectName="lettersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the destination name takes what is left
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)  # "Hal" gives way to the destination
        header.resizeSection(4, 150)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.preview())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        self._build_buttons()
        # Toolbar and filters wrap onto a second line on a narrow screen instead of running off the right edge.
        self.search.setMinimumWidth(260)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        filters = FlowLayout()
        filters.addWidget(self.search)
        filters.addWidget(self.status)
        filters.addWidget(self.overdue_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(self.buttons)
        layout.addLayout(filters)
        layout.addWidget(self.overdue_banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        data_events.hub().cases_changed.connect(self.refresh)
        data_events.hub().letters_changed.connect(self.refresh)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Letters written from a case (editor or case list) appear when the page is shown again."""
        super().showEvent(event)
        self.refresh(select=getattr(self.selected_letter(), "id", ""))

    def _build_buttons(self) -> None:
        self.new_button = primary_button(_("Surat &baru…"))
        self.new_button.setObjectName("newLetterButton")
        spec = [("edit_button", _("&Ubah…"), self.edit), ("preview_button", _("&Pratinjau"), self.preview),
                ("approve_button", _("&Setujui"), self.approve), ("print_button", _("&Cetak…"), self.print_selected),
                ("save_button", _("Simpan sebagai &PDF…"), self.save_selected),
                ("batch_button", _("Cetak &banyak…"), self.batch_print),
                ("track_button", _("Tindak &lanjut…"), self.track),
                ("destinations_button", _("Tujuan &rujukan…"), self.manage_destinations)]
        self.buttons = FlowLayout()
        self.new_button.clicked.connect(lambda: self.new_letter())
        self.buttons.addWidget(self.new_button)
        for name, text, slot in spec:
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            setattr(self, name, button)
            self.buttons.addWidget(button)
        self.approve_button.setVisible(self.session.user.can(Permission.APPROVE_LETTERS))
        self.save_button.setToolTip(pdf_output.unencrypted_warning())

    # --- state ----------------------------------------------------------------------------------------------------

    def refresh(self, select: str = "") -> None:
        if getattr(self.session, "closed", False):
            return
        try:
            letters = referrals.list_letters(self.session, text=self.search.text(), status=self.status.currentData(),
                                             overdue_only=self.overdue_only.isChecked())
            overdue = referrals.overdue_letters(self.session)
        except Exception as exc:  # noqa: BLE001
            self.error.show_message(user_message(exc))
            return
        self.error.clear_message()
        self.model.set_letters(letters)
        days = referrals.response_days(self.session)
        self.overdue_banner.setText(_("{n} rujukan belum dijawab lebih dari {days} hari sejak dikirim.")
                                    .format(n=len(overdue), days=days) if overdue else "")
        self.overdue_banner.setVisible(bool(overdue))
        row = self.model.row_of(select) if select else -1
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_letters(self):
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.letter_at(r) for r in rows if self.model.letter_at(r) is not None]

    def selected_letter(self):
        letters = self.selected_letters()
        return letters[0] if len(letters) == 1 else None

    def _update_buttons(self) -> None:
        one = self.selected_letter()
        draft = one is not None and one.status is LetterStatus.DRAF
        approved = one is not None and not draft
        self.edit_button.setEnabled(draft)
        self.approve_button.setEnabled(draft)
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(one is not None)
        self.track_button.setEnabled(approved)
        self.batch_button.setEnabled(any(x.status is LetterStatus.DISETUJUI for x in self.selected_letters())
                                     or any(x.status is LetterStatus.DISETUJUI for x in self.model.letters()))

    # --- actions --------------------------------------------------------------------------------------------------

    def _run(self, dialog) -> bool:
        self.dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None

    def new_letter(self, case_ref: str | None = None) -> None:
        from caseapp.ui.letters.composer import ComposerDialog

        if not case_ref:
            from caseapp.ui.letters.case_chooser import CaseChooserDialog

            chooser = CaseChooserDialog(self.session, self)
            if not self._run(chooser) or not chooser.chosen:
                return
            case_ref = chooser.chosen
        try:
            dialog = ComposerDialog(self.session, case_ref=case_ref.strip(), parent=self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if self._run(dialog):
            self.refresh(select=dialog.letter.id)

    def edit(self) -> None:
        from caseapp.ui.letters.composer import ComposerDialog

        letter = self.selected_letter()
        if letter is None:
            return
        try:
            dialog = ComposerDialog(self.session, letter=referrals.get_letter(self.session, letter.id), parent=self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if self._run(dialog):
            self.refresh(select=letter.id)

    def preview(self) -> None:
        from caseapp.ui.letters.preview import PreviewDialog

        letter = self.selected_letter()
        if letter is None:
            return
        try:
            dialog = PreviewDialog(self.session, letter, self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._run(dialog)

    def approve(self) -> None:
        from caseapp.ui.letters.approve_dialog import ApproveDialog

        letter = self.selected_letter()
        if letter is None:
            return
        try:
            dialog = ApproveDialog(self.session, letter, self)
        except Exception as exc:  # noqa: BLE001 - e.g. the case is no longer open to this user
            show_error(self, exc)
            return
        if not self._run(dialog) or dialog.approved is None:
            return
        approved = dialog.approved
        self.refresh(select=approved.id)
        show_info(self, _("Surat disetujui"), _("Nomor surat: {number}\nKode verifikasi: {code}")
                  .format(number=approved.number, code=approved.display_code))

    def print_selected(self) -> None:
        letter = self.selected_letter()
        if letter is not None:
            try:
                pdf_output.print_letter(self, self.session, letter.id)
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)

    def save_selected(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        try:
            path = pdf_output.save_letter_as(self, self.session, letter)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if path is not None:
            show_info(self, _("Simpan sebagai PDF"), _("Disimpan ke {path}. Berkas ini TIDAK terenkripsi.").format(path=path))

    def batch_print(self) -> None:
        from caseapp.ui.letters.batch_dialog import BatchPrintDialog

        chosen = [x for x in self.selected_letters() if x.status is LetterStatus.DISETUJUI]
        if len(chosen) < 2:
            chosen = [x for x in self.model.letters() if x.status is LetterStatus.DISETUJUI]
        if chosen:
            self._run(BatchPrintDialog(self.session, [x.id for x in chosen], jobs=self.jobs, parent=self))

    def track(self) -> None:
        from caseapp.ui.letters.tracking_dialog import TrackingDialog

        letter = self.selected_letter()
        if letter is not None and self._run(TrackingDialog(self.session, letter, self)):
            self.refresh(select=letter.id)

    def manage_destinations(self) -> None:
        from caseapp.ui.letters.destinations_dialog import DestinationsDialog

        self._run(DestinationsDialog(self.session, self))
