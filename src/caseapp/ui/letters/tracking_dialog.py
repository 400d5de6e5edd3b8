"""Recording a referral's follow-up: sent, received, service given, feedback, or no response, with its date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget,
)

from caseapp.i18n import _, format_date
from caseapp.services import clock, referrals
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel


class TrackingDialog(QDialog):
    def __init__(self, session, letter, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.letter = session, letter
        self.setWindowTitle(_("Tindak lanjut rujukan {number}").format(number=letter.number))
        self.history = QListWidget(objectName="trackingHistory")
        for e in referrals.letter_events(session, letter.id):
            text = f"{format_date(dt.date.fromisoformat(e.event_date))} — {referrals.TrackingEvent(e.event).label}"
            self.history.addItem(text + (f": {e.note}" if e.note else ""))
        self.event = QComboBox(objectName="trackingEvent")
        for event in referrals.TrackingEvent:
            if event in referrals.NEXT_EVENTS[letter.tracking]:
                self.event.addItem(event.label, event.value)
        today = clock.now().date()
        self.date = QDateEdit(QDate(today.year, today.month, today.day), objectName="trackingDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.note = QLineEdit(objectName="trackingNote")
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(_("Langkah:"), self.event)
        form.addRow(_("Tanggal:"), self.date)
        form.addRow(_("Catatan:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Catat"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.event.count() > 0)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Riwayat:")))
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.letter = referrals.record_event(self.session, self.letter.id, self.event.currentData(),
                                                 self.date.date().toPython(), self.note.text())
        except Exception as exc:  # noqa: BLE001
            self.error.show_message(user_message(exc))
            return
        from caseapp.ui.letters.police_report_dialog import offer_police_report_time

        offer_police_report_time(self, self.session, self.letter)  # a referral to the police: its report time
        self.accept()
