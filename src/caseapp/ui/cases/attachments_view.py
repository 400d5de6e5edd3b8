"""Lampiran: files kept inside the encrypted database — add from disk, view inside the app, delete."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QWidget,
)

from caseapp.domain.case import Case
from caseapp.i18n import _
from caseapp.services import attachments
from caseapp.ui.cases.sections.base import EditorSection
from caseapp.ui.messages import confirm, show_error

FILE_FILTER = "PDF, JPEG, PNG, TIFF, TXT (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.txt)"


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


class AttachmentsSection(EditorSection):
    paths = ("attachment",)

    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(editor, parent)
        self.case_uuid: str | None = None
        self.infos: list[attachments.AttachmentInfo] = []
        self.hint = QLabel(_("Simpan kasus baru terlebih dahulu, lalu tambahkan lampiran."), objectName="SectionHint")
        self.add(self.hint)
        self.table = QTableWidget(0, 4, objectName="attachmentTable")
        self.table.setHorizontalHeaderLabels([_("Nama berkas"), _("Jenis"), _("Ukuran"), _("Keterangan")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.add(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Tambah berkas…"), objectName="attachmentAdd")
        self.view_button = QPushButton(_("&Lihat"), objectName="attachmentView")
        self.delete_button = QPushButton(_("&Hapus"), objectName="attachmentDelete")
        self.delete_button.setProperty("danger", True)
        self.add_button.clicked.connect(self.add_file)
        self.view_button.clicked.connect(self.view_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.view_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        self.layout_.addLayout(row)

    def title(self) -> str:
        return _("Lampiran")

    def intro(self) -> str:
        return _("Berkas disimpan terenkripsi di dalam basis data dan dibuka di dalam aplikasi, tidak pernah "
                 "sebagai berkas sementara. Setiap pembukaan dicatat.")

    def load(self, case: Case) -> None:
        self.case_uuid = case.uuid if case.case_number else None
        self.reload()

    def reload(self) -> None:
        saved = self.case_uuid is not None
        self.hint.setVisible(not saved)
        for w in (self.table, self.add_button, self.view_button, self.delete_button):
            w.setEnabled(saved)
        self.infos = attachments.list_attachments(self.session, self.case_uuid) if saved else []
        self.table.setRowCount(len(self.infos))
        for n, info in enumerate(self.infos):
            for col, text in enumerate((info.file_name, info.mime_type, size_text(info.size), info.description)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.table.setItem(n, col, item)

    def add_file(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("Pilih berkas lampiran"), "", FILE_FILTER)
        if not path:
            return
        try:
            data = Path(path).read_bytes()
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            attachments.add_attachment(self.session, self.case_uuid, file_name=Path(path).name, mime_type=mime,
                                       data=data)
        except OSError:
            QMessageBox.warning(self, _("Berkas tidak dapat dibaca"), _(
                "Berkas tidak dapat dibaca. Periksa apakah berkas masih ada dan tidak sedang dibuka program lain."))
            return
        except Exception as exc:  # noqa: BLE001 - the service's message, never a traceback
            show_error(self, exc)
            return
        self.reload()

    def _selected(self) -> attachments.AttachmentInfo | None:
        row = self.table.currentRow()
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def view_selected(self):
        info = self._selected()
        if info is None:
            return None
        from caseapp.ui.cases.attachment_viewer import AttachmentViewer

        try:
            mime, data = attachments.open_attachment(self.session, info.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        viewer = AttachmentViewer(info.file_name, mime, data, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def delete_selected(self) -> None:
        info = self._selected()
        if info is None or not confirm(self, _("Hapus lampiran"), _("Hapus lampiran \"{name}\"? Tindakan ini "
                                                                      "tidak dapat dibatalkan.").format(name=info.file_name),
                                       yes=_("Hapus"), danger=True):
            return
        try:
            attachments.delete_attachment(self.session, info.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.reload()
