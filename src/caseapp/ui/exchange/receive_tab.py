"""The "Terima" tab: open a bundle or receipt, preview what it changes, import it and save the receipt."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QRadioButton,
    QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.ui.exchange.tab_frame import fill_tab
from caseapp.domain import regions
from caseapp.services import cases, exchange, offices
from caseapp.ui.exchange.job_panel import JobPanel
from caseapp.ui.exchange.labels import action_labels
from caseapp.ui.exchange.plan_preview import BundlePreview
from caseapp.ui.messages import show_error, show_info
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import ErrorLabel, primary_button

RECEIPT_SUFFIX = ".tanda-terima.casebundle"
LISTED_CASES = 200  # the result list names at most this many cases


@dataclass(frozen=True)
class Preview:
    info: Any     # BundleInfo: the signed header, checked against trusted cards
    plan: Any     # ImportPlan: what an import would change


def preview_bundle(session, path: Path, *, progress=None, cancel=None) -> Preview:
    """Check the signature, then decrypt and plan; runs on the worker thread and writes nothing."""
    info = exchange.inspect(session, path)
    plan, _opened = exchange.plan_import(session, path, progress=progress, cancel=cancel)
    return Preview(info, plan)


def receipt_name(bundle: Path) -> str:
    stem = bundle.name[: -len(".casebundle")] if bundle.name.endswith(".casebundle") else bundle.stem
    return stem + RECEIPT_SUFFIX


def own_bundle_text(session, exc: BaseException) -> str:
    """For a bundle this office wrote itself (refused as from an untrusted sender): what it is and what to do."""
    header = getattr(exc, "header", None)
    if header is None or getattr(header, "sender_code", None) != session.office.code:
        return ""
    names = {o.code: o.name for o in offices.trusted_offices(session)}
    recipient = names.get(header.recipient_code) or regions.name(header.recipient_code) or header.recipient_code
    if header.kind == "receipt":
        return _("Paket ini adalah tanda terima yang dibuat oleh kantor ini untuk {office}. Bawa berkas ini ke "
                 "kantor tersebut dan impor di sana.").format(office=recipient)
    return _("Paket ini dibuat oleh kantor ini untuk {office}. Paket hanya dapat dibuka oleh kantor tujuan: "
             "bawa berkas ini ke sana dan impor di sana, lalu impor tanda terimanya di sini.").format(office=recipient)


class ReceiveTab(QWidget):
    imported = Signal(object)  # ImportResult

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session, self.jobs = context.session, context.jobs
        self.path: Path | None = None
        self.current: Preview | None = None

        self.file = QLineEdit(objectName="bundleFileEdit", readOnly=True,
                              placeholderText=_("Belum ada berkas dipilih"))
        self.open_button = QPushButton(_("Pilih berkas &paket…"), objectName="openBundleButton")
        self.open_button.clicked.connect(self.choose_file)
        intro = QLabel(_("Pilih berkas .casebundle dari flashdisk. Paket data dan tanda terima diimpor dengan cara "
                         "yang sama. Tanda tangan diperiksa lebih dulu; tidak ada yang berubah sebelum Anda "
                         "menekan Impor."), objectName="SectionHint")
        intro.setWordWrap(True)
        self.preview = BundlePreview()
        self.receipt_box = QGroupBox(_("Tanda terima untuk pengirim"))
        self.receipt_next = QRadioButton(objectName="receiptNextRadio")
        self.receipt_other = QRadioButton(_("Di folder lain:"), objectName="receiptOtherRadio")
        self.receipt_next.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.receipt_next)
        group.addButton(self.receipt_other)
        self.receipt_folder = QLineEdit(objectName="receiptFolderEdit")
        self.receipt_folder_button = QPushButton(_("Pilih folder…"), objectName="receiptFolderButton")
        self.receipt_folder_button.clicked.connect(self.choose_receipt_folder)
        receipt_hint = QLabel(_("Setelah impor, aplikasi membuat berkas tanda terima. Bawa berkas itu kembali ke "
                                "kantor pengirim dan impor di sana; tanpa tanda terima, kantor pengirim akan "
                                "mengirim ulang data yang sama."), objectName="HintLabel")
        receipt_hint.setWordWrap(True)
        other_row = QHBoxLayout()
        other_row.addWidget(self.receipt_other)
        other_row.addWidget(self.receipt_folder, 1)
        other_row.addWidget(self.receipt_folder_button)
        receipt_layout = QVBoxLayout(self.receipt_box)
        receipt_layout.addWidget(receipt_hint)
        receipt_layout.addWidget(self.receipt_next)
        receipt_layout.addLayout(other_row)
        self.import_button = primary_button(_("&Impor"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.start_import)
        self.error = ErrorLabel()
        self.panel = JobPanel(self.jobs)
        self.missing_receipt = None  # the plan of an import whose receipt could not be written
        self.rewrite_button = QPushButton(_("Buat &ulang tanda terima…"), objectName="rewriteReceiptButton")
        self.rewrite_button.clicked.connect(self.choose_rewrite_folder)
        self.rewrite_button.hide()
        self.result_box = QGroupBox(_("Hasil impor"))
        self.result_text = QLabel(objectName="importResultText")
        self.result_text.setWordWrap(True)
        self.result_cases = QListWidget(objectName="importedCases")
        self.result_cases.setMaximumHeight(140)
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.result_text)
        result_layout.addWidget(self.result_cases)
        result_layout.addWidget(self.rewrite_button)
        self.result_box.hide()
        for signal in (self.receipt_other.toggled, self.receipt_folder.textChanged):
            signal.connect(self.update_state)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.open_button)
        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        fill_tab(self, [intro, file_row, self.preview, self.receipt_box, actions, self.error, self.panel,
                        self.result_box])
        self._reset()

    # -- state ------------------------------------------------------------------------------------
    def _reset(self) -> None:
        self.current = None
        self.preview.clear()
        self.receipt_box.hide()
        self.update_state()

    def set_busy(self, busy: bool) -> None:
        self.update_state(busy=busy)

    def update_state(self, *_args, busy: bool | None = None) -> None:
        busy = self.jobs.busy if busy is None else busy
        self.open_button.setEnabled(not busy)
        self.rewrite_button.setEnabled(not busy)
        for widget in (self.receipt_next, self.receipt_other):
            widget.setEnabled(not busy)
        self.receipt_folder.setEnabled(not busy and self.receipt_other.isChecked())
        self.receipt_folder_button.setEnabled(not busy and self.receipt_other.isChecked())
        ready = self.current is not None and not busy
        if ready and self.current.plan.kind == "data" and self.receipt_other.isChecked():
            ready = bool(self.receipt_folder.text().strip())
        self.import_button.setEnabled(ready)
        self.import_button.setVisible(self.current is not None)

    def receipt_path(self) -> Path | None:
        if self.path is None or self.current is None or self.current.plan.kind != "data":
            return None
        folder = Path(self.receipt_folder.text().strip()) if self.receipt_other.isChecked() else self.path.parent
        return folder / receipt_name(self.path)

    # -- actions ----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Pilih berkas paket"), str(Path.home()),
                                                    _("Paket caseapp (*.casebundle);;Semua berkas (*)"))
        if name:
            self.load_file(Path(name))

    def choose_receipt_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Pilih folder untuk tanda terima"),
                                                  self.receipt_folder.text() or str(Path.home()))
        if folder:
            self.receipt_folder.setText(folder)
            self.receipt_other.setChecked(True)

    def load_file(self, path: Path) -> None:
        """Verify and plan ``path`` off the GUI thread, then show the preview."""
        if self.jobs.busy:
            return
        self.path = Path(path)
        self.file.setText(str(self.path))
        self.receipt_next.setText(_("Di folder yang sama dengan paket ({folder})").format(folder=self.path.parent))
        self.error.clear_message()
        self.result_box.hide()
        self.rewrite_button.hide()
        self.missing_receipt = None
        self._reset()
        self.update_state(busy=True)
        self.panel.start(_("Memeriksa tanda tangan dan isi paket…"), preview_bundle, self.session, self.path,
                         on_success=self._previewed, on_error=self._failed_preview,
                         on_cancelled=self._cancelled_preview)

    def _previewed(self, preview: Preview) -> None:
        self.current = preview
        self.panel.hide()
        self.preview.show_preview(preview.info, preview.plan)
        self.receipt_box.setVisible(preview.plan.kind == "data")
        self.update_state()

    def _failed_preview(self, exc: BaseException) -> None:
        self.panel.hide()
        own = own_bundle_text(self.session, exc)
        if own:
            show_info(self, _("Paket dari kantor ini"), own)
            self.error.show_message(own)
            self.update_state()
            return
        show_error(self, exc, _("Paket tidak dapat dibuka"))
        self.error.show_message(_("Paket tidak diimpor. Tidak ada data yang diubah."))
        self.update_state()

    def _cancelled_preview(self) -> None:
        self.panel.hide()
        self.update_state()

    def start_import(self) -> None:
        if self.current is None or self.path is None or self.jobs.busy:
            return
        receipt = self.receipt_path()
        if receipt is not None and not os.access(receipt.parent, os.W_OK):
            self.error.show_message(_("Folder untuk tanda terima tidak dapat ditulisi. Pilih folder lain."))
            return
        self.error.clear_message()
        self.update_state(busy=True)
        self.panel.start(_("Mengimpor paket…"), exchange.import_bundle, self.session, self.path,
                         receipt_out=receipt, on_success=self._imported, on_error=self._failed_import,
                         on_cancelled=self._cancelled_import)

    def _imported(self, result) -> None:
        plan = result.plan
        self.current = None
        self.preview.clear()
        self.receipt_box.hide()
        if plan.kind == "receipt":
            text = _("Tanda terima paket no. {n} sudah dicatat.").format(
                n=plan.acknowledged[0] if plan.acknowledged else "?")
        else:
            counts = ", ".join(f"{label}: {plan.count(a)}" for a, label in action_labels().items() if plan.count(a))
            text = _("Impor selesai ({counts}).").format(counts=counts or _("tidak ada kasus"))
            if plan.count("conflict"):
                text += " " + _("{n} kasus berisi konflik yang perlu diputuskan di tab Konflik.").format(
                    n=plan.count("conflict"))
            if result.receipt_path is not None:
                text += " " + _("Tanda terima disimpan di {path}. Bawa berkas ini kembali ke kantor pengirim "
                                "dan impor di sana.").format(path=result.receipt_path)
        self.panel.show_outcome(text)
        self.panel.hide()
        self.result_text.setText(text)
        self._list_cases(plan)
        self.result_box.show()
        self.imported.emit(result)
        self.update_state()

    def _list_cases(self, plan) -> None:
        self.result_cases.clear()
        labels = action_labels()
        for cp in plan.cases[:LISTED_CASES]:
            try:
                number = cases.case_state(self.session, cp.uuid).case_number
            except Exception:  # noqa: BLE001 - a case this user may not open is listed by its short id
                number = cp.uuid[:8]
            self.result_cases.addItem(f"{number} — {labels.get(cp.action, cp.action)}")
        if len(plan.cases) > LISTED_CASES:
            self.result_cases.addItem(_("… dan {n} kasus lainnya").format(n=len(plan.cases) - LISTED_CASES))
        self.result_cases.setVisible(bool(plan.cases))

    def _failed_import(self, exc: BaseException) -> None:
        if isinstance(exc, getattr(exchange, "ReceiptNotWritten", ())):
            self._imported_without_receipt(exc)
            return
        self.panel.show_outcome(_("Paket tidak diimpor. Tidak ada data yang diubah."))
        show_error(self, exc, _("Paket tidak diimpor"))
        self.update_state()

    def _imported_without_receipt(self, exc: BaseException) -> None:
        """The import committed but the receipt file could not be written: offer to write it again."""
        plan = self.current.plan
        self.missing_receipt = plan
        self.current = None
        self.preview.clear()
        self.receipt_box.hide()
        self.panel.hide()
        show_error(self, exc, _("Tanda terima belum dibuat"))
        self.result_text.setText(_("Paket sudah diimpor, tetapi tanda terima belum tersimpan. Pasang flashdisk "
                                   "lalu tekan Buat ulang tanda terima."))
        self._list_cases(plan)
        self.result_box.show()
        self.rewrite_button.show()
        self.imported.emit(None)
        self.update_state()

    def choose_rewrite_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Pilih folder untuk tanda terima"), str(Path.home()))
        if folder:
            self.rewrite_receipt(Path(folder))

    def rewrite_receipt(self, folder: Path) -> None:
        plan = self.missing_receipt
        if plan is None or self.jobs.busy or self.path is None:
            return
        out = Path(folder) / receipt_name(self.path)

        def written(path) -> None:
            self.missing_receipt = None
            self.rewrite_button.hide()
            self.result_text.setText(_("Tanda terima disimpan di {path}. Bawa berkas ini kembali ke kantor pengirim "
                                       "dan impor di sana.").format(path=path))
            self.update_state()

        def failed(exc: BaseException) -> None:
            show_error(self, exc, _("Tanda terima belum dibuat"))
            self.update_state()

        self.update_state(busy=True)
        self.jobs.start(exchange.write_receipt, self.session, plan.bundle_hash, plan.sender, plan.sequence, out,
                        on_success=written, on_error=failed)

    def _cancelled_import(self) -> None:
        self.panel.show_outcome(_("Impor dibatalkan. Tidak ada data yang diubah."))
        self.update_state()
