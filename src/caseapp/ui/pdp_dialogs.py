"""UU PDP: Berkas → Permintaan akses data… (one person's data as a printable report) and
Berkas → Kegagalan pelindungan data… (breach reports with the 3 x 24-hour clock)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QDateTimeEdit, QDialog, QFileDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from caseapp.i18n import _, format_datetime
from caseapp.services import breaches, clock
from caseapp.services.person_report import person_report_pdf
from caseapp.services.session import Session
from caseapp.ui.messages import confirm, user_message
from caseapp.ui.pdf_print import print_pdf
from caseapp.ui.style import set_flag


def _unencrypted_warning() -> str:
    return _("Berkas PDF yang disimpan TIDAK terenkripsi: siapa pun yang memegang berkas atau media penyimpanannya "
             "dapat membacanya. Simpan hanya bila benar-benar perlu dan hapus setelah diserahkan. Untuk mencetak, "
             "gunakan \"Cetak…\" (tidak membuat berkas).")


def _save_pdf(parent: QWidget, data: bytes, suggested: str, path: str | None) -> Path | None:
    from caseapp.atomic import atomic_write_bytes, writing_to

    if path is None:
        if not confirm(parent, _("Simpan sebagai PDF"), _unencrypted_warning(), yes=_("Lanjutkan menyimpan"),
                       danger=True):
            return None
        path, _filter = QFileDialog.getSaveFileName(parent, _("Simpan sebagai PDF"), suggested,
                                                    _("Berkas PDF (*.pdf)"))
        if not path:
            return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    with writing_to(Path(path)):
        atomic_write_bytes(Path(path), data)
    return Path(path)


class AccessRequestDialog(QDialog):
    """Find a person by NIK or name and make the access-request report (print, or save with a warning)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.pdf: bytes | None = None
        self.setWindowTitle(_("Permintaan akses data pribadi"))
        self.setMinimumWidth(520)
        intro = QLabel(_("Laporan berkop berisi setiap kasus tempat orang ini tercatat dan hanya data orang itu "
                         "sendiri (UU No. 27 Tahun 2022). Pembuatannya tercatat di log audit."))
        intro.setWordWrap(True)
        self.by_nik = QRadioButton(_("NIK"))
        self.by_name = QRadioButton(_("Nama"))
        self.by_nik.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_nik)
        group.addButton(self.by_name)
        self.query = QLineEdit()
        row = QHBoxLayout()
        row.addWidget(self.by_nik)
        row.addWidget(self.by_name)
        row.addWidget(self.query, 1)
        self.make_button = QPushButton(_("Buat laporan"))
        set_flag(self.make_button, "primary")
        self.make_button.clicked.connect(self.make_report)
        self.status = QLabel(objectName="HintLabel")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(_("Cetak…"))
        self.save_button = QPushButton(_("Simpan sebagai PDF…"))
        self.print_button.clicked.connect(lambda: print_pdf(self.pdf, self, _("Data pribadi yang disimpan")))
        self.save_button.clicked.connect(lambda: self.save_as())
        close = QPushButton(_("Tutup"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_button)
        buttons.addStretch(1)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._set_pdf(None)

    def _set_pdf(self, pdf: bytes | None) -> None:
        self.pdf = pdf
        self.print_button.setEnabled(pdf is not None)
        self.save_button.setEnabled(pdf is not None)

    def make_report(self) -> None:
        text = self.query.text()
        try:
            pdf, found = (person_report_pdf(self.session, nik=text) if self.by_nik.isChecked()
                          else person_report_pdf(self.session, name=text))
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback
            self._set_pdf(None)
            set_flag(self.status, "error", True)
            self.status.setText(user_message(exc))
            return
        set_flag(self.status, "error", False)
        self._set_pdf(pdf)
        self.status.setText(_("Ditemukan dalam {n} kasus. Cetak laporannya, atau simpan sebagai PDF.").format(n=found)
                            if found else _("Tidak ada data tentang orang ini. Laporan tetap dapat dicetak sebagai "
                                            "jawaban."))

    def save_as(self, path: str | None = None) -> Path | None:
        if self.pdf is None:
            return None
        return _save_pdf(self, self.pdf, _("data-pribadi.pdf"), path)


class BreachDialog(QDialog):
    """Breach reports with their deadline and hours left; a new report; print; mark notified."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Kegagalan pelindungan data pribadi"))
        self.resize(820, 640)
        intro = QLabel(_("UU No. 27 Tahun 2022: pemberitahuan tertulis paling lambat 3 × 24 jam sejak kegagalan "
                         "diketahui. Catat segera, cetak suratnya, kirim, lalu tandai sudah diberitahukan."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Diketahui"), _("Batas"), _("Pemberitahuan"), _("Data")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.print_button = QPushButton(_("Cetak…"))
        self.save_button = QPushButton(_("Simpan sebagai PDF…"))
        self.notified_button = QPushButton(_("Tandai sudah diberitahukan"))
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(lambda: self.save_selected_as())
        self.notified_button.clicked.connect(self._notified)
        actions = QHBoxLayout()
        for b in (self.print_button, self.save_button, self.notified_button):
            actions.addWidget(b)
        actions.addStretch(1)

        form_box = QGroupBox(_("Laporan baru"))
        form = QFormLayout(form_box)
        now = QDateTime.currentDateTime()
        self.discovered = QDateTimeEdit(now)
        self.discovered.setCalendarPopup(True)
        self.occurred_known = QCheckBox(_("Diketahui"))
        self.occurred = QDateTimeEdit(now)
        self.occurred.setCalendarPopup(True)
        self.occurred.setEnabled(False)
        self.occurred_known.toggled.connect(self.occurred.setEnabled)
        occurred_row = QHBoxLayout()
        occurred_row.addWidget(self.occurred_known)
        occurred_row.addWidget(self.occurred, 1)
        self.what = QPlainTextEdit()
        self.what.setFixedHeight(70)
        self.data_kinds = QLineEdit()
        self.people = QSpinBox()
        self.people.setRange(0, 10_000_000)
        self.measures = QPlainTextEdit()
        self.measures.setFixedHeight(70)
        self.contact = QLineEdit()
        form.addRow(_("Kapan diketahui"), self.discovered)
        form.addRow(_("Kapan terjadi"), occurred_row)
        form.addRow(_("Apa yang terjadi dan bagaimana data terungkap"), self.what)
        form.addRow(_("Data pribadi yang terungkap"), self.data_kinds)
        form.addRow(_("Jumlah orang yang terdampak"), self.people)
        form.addRow(_("Upaya penanganan dan pemulihan"), self.measures)
        form.addRow(_("Narahubung"), self.contact)
        self.record_button = QPushButton(_("Catat"))
        set_flag(self.record_button, "primary")
        self.record_button.clicked.connect(self.record)
        form.addRow("", self.record_button)
        self.status = QLabel(objectName="HintLabel")
        self.status.setWordWrap(True)
        close = QPushButton(_("Tutup"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(form_box)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.rows: list[breaches.Breach] = []
        self.timer = QTimer(self, interval=60_000)  # the hours left move on while the dialog is open
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.reload()

    @staticmethod
    def clock_text(b: breaches.Breach, now: dt.datetime) -> str:
        if b.notified_at is not None:
            late = b.notified_at > b.deadline
            return (_("dikirim {when} (TERLAMBAT)") if late else _("dikirim {when}")).format(
                when=format_datetime(b.notified_at))
        hours = b.hours_left(now)
        return _("lewat {h:.0f} jam").format(h=-hours) if hours < 0 else _("sisa {h:.0f} jam").format(h=hours)

    def reload(self) -> None:
        selected = self.selected()
        try:
            self.rows = breaches.list_breaches(self.session)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            self.rows = []
        now = clock.now()
        self.table.setRowCount(len(self.rows))
        for r, b in enumerate(self.rows):
            values = (format_datetime(b.discovered_at), format_datetime(b.deadline), self.clock_text(b, now),
                      b.row.data_kinds)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 2 and b.notified_at is None and b.hours_left(now) < 24:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        if selected is not None:
            ids = [b.id for b in self.rows]
            if selected.id in ids:
                self.table.selectRow(ids.index(selected.id))
        self._selection_changed()

    def selected(self) -> breaches.Breach | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.rows[rows.pop()] if len(rows) == 1 and self.rows else None

    def _selection_changed(self) -> None:
        b = self.selected()
        self.print_button.setEnabled(b is not None)
        self.save_button.setEnabled(b is not None)
        self.notified_button.setEnabled(b is not None and b.notified_at is None)

    def _error(self, exc: BaseException) -> None:
        set_flag(self.status, "error", True)
        self.status.setText(user_message(exc))

    def record(self) -> None:
        occurred = self.occurred.dateTime().toPython().astimezone() if self.occurred_known.isChecked() else None
        data = breaches.BreachInput(self.discovered.dateTime().toPython().astimezone(), self.what.toPlainText(),
                                    self.data_kinds.text(), self.people.value(), self.measures.toPlainText(),
                                    occurred, self.contact.text())
        try:
            b = breaches.record_breach(self.session, data)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return
        for w in (self.what, self.measures):
            w.clear()
        self.data_kinds.clear()
        self.contact.clear()
        self.people.setValue(0)
        set_flag(self.status, "error", False)
        self.reload()
        self.table.selectRow([x.id for x in self.rows].index(b.id))
        self.status.setText(_("Tercatat. Pemberitahuan paling lambat {deadline} ({left}).").format(
            deadline=format_datetime(b.deadline), left=self.clock_text(b, clock.now())))

    def _print(self) -> None:
        b = self.selected()
        if b is None:
            return
        try:
            print_pdf(breaches.breach_pdf(self.session, b.id), self, _("Pemberitahuan kegagalan pelindungan data"))
        except Exception as exc:  # noqa: BLE001
            self._error(exc)

    def save_selected_as(self, path: str | None = None) -> Path | None:
        b = self.selected()
        if b is None:
            return None
        try:
            return _save_pdf(self, breaches.breach_pdf(self.session, b.id), _("pemberitahuan-kegagalan.pdf"), path)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return None

    def _notified(self) -> None:
        b = self.selected()
        if b is None:
            return
        try:
            breaches.mark_notified(self.session, b.id)
        except Exception as exc:  # noqa: BLE001
            self._error(exc)
            return
        set_flag(self.status, "error", False)
        self.reload()
        self.status.setText(_("Pemberitahuan dicatat."))
