"""After a referral letter to the Unit PPA Polres is marked sent: propose it as the case's police report time.

The officer confirms or corrects the time; nothing is stored on "Nanti" (UU 12/2022 TPKS Pasal 41 clock).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from caseapp.domain.errors import CaseappError
from caseapp.i18n import _
from caseapp.services import police_report
from caseapp.ui.messages import show_error


class PoliceReportTimeDialog(QDialog):
    def __init__(self, proposed: dt.datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("policeReportTimeDialog")
        self.setWindowTitle(_("Catat waktu laporan ke polisi"))
        text = QLabel(_("Surat rujukan ke Unit PPA Polres sudah dikirim. Catat waktu ini sebagai waktu laporan "
                        "kasus ke polisi (UU TPKS Pasal 41)? Periksa dan ubah bila perlu."))
        text.setWordWrap(True)
        self.when = QDateTimeEdit(QDateTime(proposed), objectName="policeReportTime")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        form = QFormLayout()
        form.addRow(_("&Dilaporkan ke polisi pada:"), self.when)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("&Catat"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later = buttons.addButton(_("&Nanti"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> dt.datetime:
        return self.when.dateTime().toPython().replace(second=0, microsecond=0)


def offer_police_report_time(parent: QWidget | None, session, letter) -> bool:
    """Ask to record the police report time for ``letter``'s case when it applies; True when it was recorded."""
    try:
        proposed = police_report.proposed_report_time(session, letter)
    except CaseappError:  # e.g. the case may no longer be opened by this user: nothing to propose
        return False
    if proposed is None:
        return False
    dialog = PoliceReportTimeDialog(proposed, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        police_report.record_report_time(session, letter.case_uuid, dialog.value())
    except CaseappError as exc:
        show_error(parent, exc, _("Waktu laporan ke polisi tidak dicatat"))
        return False
    return True
