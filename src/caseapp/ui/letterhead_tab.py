"""The "Kop surat" tab under Pengaturan: letterhead lines, lambang daerah, city, paper and numbering, with a live
preview of the kop (rendered in memory; nothing is written to disk)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from caseapp.domain.accounts import Permission
from caseapp.domain.referral import check_classification_code
from caseapp.i18n import _
from caseapp.services import letterhead
from caseapp.ui.messages import user_message
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import ErrorLabel, primary_button

def _fields() -> tuple[tuple[str, str, str], ...]:
    return (("government", _("Baris &pemerintah:"), "PEMERINTAH KABUPATEN BOMBANA"),
            ("agency", _("Nama &dinas:"), letterhead.DEFAULT_AGENCY),
            ("unit", _("Nama &unit:"), letterhead.DEFAULT_UNIT),
            ("short_name", _("Nama &singkat unit:"), "UPTD PPA Kabupaten Bombana"),
            ("postal_code", _("Kode p&os:"), "73771"),
            ("website", _("&Laman:"), ""),
            ("city", _("&Kota pada tanggal surat:"), "Rumbia"),
            ("head_position", _("&Jabatan kepala:"), "Kepala UPTD PPA Kabupaten Bombana"))


class LetterheadTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        session = context.session
        self.can_edit = session.user.can(Permission.MANAGE_OFFICE)
        current = letterhead.settings(session)
        self.logo = current.logo
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, example in _fields():
            edit = QLineEdit(getattr(current, key), objectName=f"letterhead_{key}")
            edit.setPlaceholderText(example)
            edit.setReadOnly(not self.can_edit)
            edit.textChanged.connect(self._schedule)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.paper = QComboBox(objectName="letterPaper")
        self.paper.addItem(_("A4 (210 × 297 mm)"), "A4")
        self.paper.addItem(_("F4 / folio (215 × 330 mm)"), "F4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(current.paper)))
        self.paper.setEnabled(self.can_edit)
        self.paper.currentIndexChanged.connect(self._schedule)
        form.addRow(_("&Kertas:"), self.paper)
        self.logo_label = QLabel(objectName="logoState")
        self.choose_logo = QPushButton(_("Pilih &lambang daerah…"), objectName="chooseLogo")
        self.remove_logo = QPushButton(_("&Hapus logo"), objectName="removeLogo")
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(self._remove_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        form.addRow(_("Logo:"), logo_row)
        self.code = QLineEdit(letterhead.classification_codes(session).get("rujukan", ""),
                              objectName="classificationCodeEdit")
        self.code.setPlaceholderText(_("mis. 400.2.4"))
        self.code.setReadOnly(not self.can_edit)
        form.addRow(_("Kode klasifikasi &arsip surat rujukan:"), self.code)
        for widget in (self.choose_logo, self.remove_logo):
            widget.setVisible(self.can_edit)
        hint = QLabel(_("Kop surat dicetak pada setiap surat rujukan. Alamat, telepon dan pos-el diatur di tab "
                        "Kantor. Kosongkan isian untuk memakai bawaan.") if self.can_edit
                      else _("Hanya administrator yang dapat mengubah kop surat."), objectName="SectionHint")
        hint.setWordWrap(True)
        self.preview = QLabel(objectName="letterheadPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.preview.setMinimumSize(QSize(420, 160))
        self.preview_pdf = b""
        self.error = ErrorLabel()
        self.status = QLabel(objectName="OkLabel")
        self.save_button = primary_button(_("&Simpan kop surat"))
        self.save_button.setObjectName("saveLetterheadButton")
        self.save_button.setVisible(self.can_edit)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(hint)
        column.addLayout(form)
        column.addWidget(QLabel(_("Pratinjau kop surat:"), objectName="SectionTitle"))
        column.addWidget(self.preview)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)  # the form scrolls; the error line and Simpan stay in view below it
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.update_preview)
        self._update_logo_label()
        self.update_preview()

    def values(self) -> letterhead.LetterheadSettings:
        office = self.context.session.office
        return letterhead.LetterheadSettings(**{k: e.text() for k, e in self.edits.items()}, address=office.address,
                                             phone=office.phone, email=office.email, logo=self.logo,
                                             paper=self.paper.currentData())

    def _schedule(self) -> None:
        self._timer.start()

    def _update_logo_label(self) -> None:
        self.logo_label.setText(_("Logo terpasang") if self.logo else _("Belum ada logo"))
        self.remove_logo.setEnabled(bool(self.logo))

    def set_logo(self, data: bytes) -> bool:
        """Check and use the logo bytes (not saved until "Simpan")."""
        self.error.clear_message()
        try:
            self.logo = letterhead.check_logo(data)
        except Exception as exc:  # noqa: BLE001
            self.error.show_message(user_message(exc))
            return False
        self._update_logo_label()
        self.update_preview()
        return True

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Pilih lambang daerah"), "",
                                                    _("Gambar PNG atau JPEG (*.png *.jpg *.jpeg)"))
        if not path:
            return
        try:
            with open(path, "rb") as handle:
                data = handle.read(letterhead.MAX_LOGO_BYTES + 1)
        except OSError:
            self.error.show_message(_("Berkas logo tidak dapat dibaca."))
            return
        self.set_logo(data)

    def _remove_logo(self) -> None:
        self.logo = None
        self._update_logo_label()
        self.update_preview()

    def update_preview(self) -> None:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        try:
            self.preview_pdf = letterhead.preview_pdf(self.context.session, self.values())
        except Exception as exc:  # noqa: BLE001 - e.g. a field too long: say so, keep the last preview
            self.error.show_message(user_message(exc))
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.preview_pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        page = document.pagePointSize(0)
        width = 560
        image = document.render(0, QSize(width, int(width * page.height() / page.width())))
        document.close()
        buffer.close()
        top = int(image.height() * 0.045)  # below the top margin: the kop and the date line
        crop = image.copy(0, top, image.width(), int(image.height() * 0.22))
        self.preview.setPixmap(QPixmap.fromImage(crop))

    def save(self) -> None:
        self.error.clear_message()
        self.status.clear()
        session = self.context.session
        try:
            code = self.code.text().strip()
            changed = code != letterhead.classification_codes(session).get("rujukan", "")
            if changed and code:
                check_classification_code(code)  # checked before anything is stored
            letterhead.save(session, self.values())
            if changed:
                letterhead.set_classification_code(session, code)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            self.error.show_message(user_message(exc))
            return
        self.status.setText("✔ " + _("Kop surat disimpan."))
        self.update_preview()
