"""Catatan: the case's timeline of dated notes; new notes are added at the top and kept once saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton

from caseapp.domain.case import Case, Note
from caseapp.i18n import _, format_datetime
from caseapp.services import clock
from caseapp.ui.cases.sections.base import EditorSection


class NotesSection(EditorSection):
    paths = ("notes",)

    def __init__(self, editor, parent=None):
        super().__init__(editor, parent)
        self.notes: list[Note] = []
        self.text = QPlainTextEdit(objectName="newNote")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.text.setPlaceholderText(_("Tulis catatan perkembangan kasus…"))
        self.add_button = QPushButton(_("Tambah &catatan"), objectName="addNote")
        self.add_button.clicked.connect(self.add_note)
        label = QLabel(_("Catatan &baru:"))
        label.setBuddy(self.text)
        self.add(label)
        self.add(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        self.layout_.addLayout(row)
        self.add(QLabel(_("Lini masa"), objectName="PageTitle")).setStyleSheet("font-size: 11pt;")
        self.timeline = QListWidget(objectName="noteTimeline")
        self.timeline.setWordWrap(True)
        self.timeline.setAlternatingRowColors(True)
        self.add(self.timeline, 1)

    def title(self) -> str:
        return _("Catatan")

    def load(self, case: Case) -> None:
        self.notes = list(case.notes)
        self.text.clear()
        self._show()

    def _show(self) -> None:
        self.timeline.clear()
        for note in sorted(self.notes, key=lambda n: n.created_at, reverse=True):
            head = format_datetime(note.created_at) + (f" · {note.author}" if note.author else "")
            self.timeline.addItem(QListWidgetItem(f"{head}\n{note.text}"))
        if not self.notes:
            self.timeline.addItem(QListWidgetItem(_("Belum ada catatan.")))

    def add_note(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            return
        now = clock.now().replace(tzinfo=None, microsecond=0)
        self.notes.append(Note(created_at=now, text=text, author=self.session.user.username))
        self.text.clear()
        self._show()
        self.changed.emit()

    def apply(self, case: Case) -> Case:
        return replace(case, notes=tuple(self.notes))
