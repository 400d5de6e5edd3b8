"""The "Kirim" tab: choose a trusted office and cases, write a signed, encrypted bundle to a folder (USB stick)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.ui.exchange.tab_frame import fill_tab
from caseapp.services import exchange, offices
from caseapp.services.offices import TrustedOffice
from caseapp.ui.exchange.case_picker import CasePickerDialog
from caseapp.ui.exchange.export_result import ExportResultBox
from caseapp.ui.exchange.job_panel import JobPanel
from caseapp.ui.exchange.labels import level_label, scope_label
from caseapp.ui.messages import confirm, show_error
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import ErrorLabel, primary_button

BUNDLE_SUFFIX = ".casebundle"


def bundle_file_name(own_code: str, peer_code: str, now: dt.datetime) -> str:
    """e.g. ``74.06-ke-74-20240122-1530.casebundle``: sender, recipient and time, readable on any stick."""
    return f"{own_code}-ke-{peer_code}-{now:%Y%m%d-%H%M}{BUNDLE_SUFFIX}"


def free_path(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, with -2, -3 … added when a file of that name is already there."""
    path = folder / name
    stem = name[: -len(BUNDLE_SUFFIX)] if name.endswith(BUNDLE_SUFFIX) else name
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{BUNDLE_SUFFIX}"
        n += 1
    return path


class SendTab(QWidget):
    exported = Signal(object)  # ExportResult

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session, self.jobs = context.session, context.jobs
        self.offices: list[TrustedOffice] = []
        self.chosen_cases: list[str] = []
        self.picker: CasePickerDialog | None = None

        self.peer = QComboBox(objectName="peerCombo")
        self.peer.currentIndexChanged.connect(self._peer_changed)
        self.no_peer = QLabel(_("Belum ada kantor tepercaya. Tambahkan kartu kantor tujuan di tab Kantor."),
                              objectName="HintLabel")
        self.no_peer.setWordWrap(True)
        self.incremental = QRadioButton(_("&Semua perubahan sejak paket terakhir yang diterima kantor tujuan"),
                                        objectName="incrementalRadio")
        self.selected = QRadioButton(_("Hanya kasus &pilihan"), objectName="selectedRadio")
        self.incremental.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.incremental)
        group.addButton(self.selected)
        self.pick_button = QPushButton(_("Pilih &kasus…"), objectName="pickCasesButton")
        self.pick_button.clicked.connect(self.pick_cases)
        self.chosen_label = QLabel(objectName="chosenCount")
        self.scope_hint = QLabel(objectName="scopeHint")
        self.scope_hint.setWordWrap(True)
        self.deidentify = QCheckBox(_("Kirim &tanpa identitas (nama, NIK, alamat, telepon dihapus)"),
                                    objectName="deidentifyCheck")
        self.transfer = QCheckBox(_("&Limpahkan kasus pilihan ke kantor tujuan (pelimpahan)"), objectName="transferCheck")
        self.transfer.setToolTip(_("Kantor tujuan menjadi pemilik kasus; salinan di kantor ini menjadi hanya-baca."))
        self.folder = QLineEdit(objectName="folderEdit", placeholderText=_("Folder tujuan, misalnya flashdisk"))
        self.folder_button = QPushButton(_("Pilih &folder…"), objectName="chooseFolderButton")
        self.folder_button.clicked.connect(self.choose_folder)
        self.export_button = primary_button(_("&Buat paket"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.start_export)
        self.error = ErrorLabel()
        self.panel = JobPanel(self.jobs)
        self.result_box = ExportResultBox()
        for signal in (self.incremental.toggled, self.transfer.toggled, self.deidentify.toggled,
                       self.folder.textChanged):
            signal.connect(self.update_state)
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        what = QGroupBox(_("Apa yang dikirim"))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(self.incremental)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.selected)
        pick_row.addWidget(self.pick_button)
        pick_row.addWidget(self.chosen_label)
        pick_row.addStretch(1)
        what_layout.addLayout(pick_row)
        what_layout.addWidget(self.scope_hint)
        what_layout.addWidget(self.deidentify)
        what_layout.addWidget(self.transfer)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.folder_button)
        form = QFormLayout()
        form.addRow(_("Kantor &tujuan:"), self.peer)
        form.addRow("", self.no_peer)
        form.addRow(_("Simpan ke:"), folder_row)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        fill_tab(self, [form, what, actions, self.error, self.panel, self.result_box])

    # -- state ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_office().code if self.current_office() else None
        self.offices = offices.trusted_offices(self.session)
        self.peer.blockSignals(True)
        self.peer.clear()
        for office in self.offices:
            self.peer.addItem(f"{office.name} ({office.code}) · {level_label(office.level)}", office.code)
        if current is not None and self.peer.findData(current) >= 0:
            self.peer.setCurrentIndex(self.peer.findData(current))
        self.peer.blockSignals(False)
        self.no_peer.setVisible(not self.offices)
        self._peer_changed()

    def current_office(self) -> TrustedOffice | None:
        index = self.peer.currentIndex()
        return self.offices[index] if 0 <= index < len(self.offices) else None

    def _peer_changed(self) -> None:
        office = self.current_office()
        if office is not None:
            self.scope_hint.setText(_("Cakupan bawaan untuk {name}: {scope}.").format(
                name=office.name, scope=scope_label(office.default_scope)))
            self.deidentify.setChecked(office.default_scope == "deidentified")
        else:
            self.scope_hint.clear()
        self.update_state()

    def set_destination(self, folder: Path | str) -> None:
        self.folder.setText(str(folder))

    def set_chosen_cases(self, uuids: list[str]) -> None:
        self.chosen_cases = list(uuids)
        self.selected.setChecked(True)
        self.update_state()

    def set_busy(self, busy: bool) -> None:
        self.update_state(busy=busy)

    def update_state(self, *_args, busy: bool | None = None) -> None:
        busy = self.jobs.busy if busy is None else busy
        chosen_mode = self.selected.isChecked()
        if not chosen_mode and self.transfer.isChecked():
            self.transfer.setChecked(False)
        if self.transfer.isChecked() and self.deidentify.isChecked():
            self.deidentify.setChecked(False)  # a hand-over carries the full record
        self.chosen_label.setText(_("{n} kasus dipilih").format(n=len(self.chosen_cases)) if chosen_mode else "")
        editable = not busy and self.current_office() is not None
        for widget in (self.peer, self.incremental, self.selected, self.folder, self.folder_button):
            widget.setEnabled(not busy)
        self.pick_button.setEnabled(editable and chosen_mode)
        self.transfer.setEnabled(editable and chosen_mode)
        self.deidentify.setEnabled(editable and not self.transfer.isChecked())
        ready = editable and bool(self.folder.text().strip()) and (not chosen_mode or bool(self.chosen_cases))
        self.export_button.setEnabled(ready)

    # -- actions ----------------------------------------------------------------------------------
    def pick_cases(self) -> None:
        self.picker = CasePickerDialog(self.session, self.chosen_cases, self)
        if self.picker.exec():
            self.set_chosen_cases(self.picker.chosen())
        self.picker = None

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Pilih folder tujuan (misalnya flashdisk)"),
                                                  self.folder.text() or str(Path.home()))
        if folder:
            self.set_destination(folder)

    def start_export(self) -> None:
        office = self.current_office()
        folder = Path(self.folder.text().strip())
        self.error.clear_message()
        if office is None or self.jobs.busy:
            return
        if not folder.is_dir():
            self.error.show_message(_("Folder tujuan tidak ditemukan. Pasang flashdisk lalu pilih foldernya lagi."))
            return
        transfer = self.transfer.isChecked()
        refs = list(self.chosen_cases) if self.selected.isChecked() else None
        if transfer and not confirm(
                self, _("Limpahkan kasus?"),
                _("{n} kasus akan dilimpahkan ke {name}. Setelah paket dibuat, kantor tersebut menjadi pemilik "
                  "kasus, dan salinan di kantor ini menjadi hanya-baca: tidak dapat diubah lagi di sini sampai "
                  "kasus dilimpahkan kembali.").format(n=len(refs or []), name=office.name),
                yes=_("Limpahkan dan buat paket"), danger=True):
            return
        path = free_path(folder, bundle_file_name(self.session.office.code, office.code, dt.datetime.now()))
        self.result_box.hide()
        self.update_state(busy=True)
        self.panel.start(_("Membuat paket untuk {name}…").format(name=office.name), exchange.export_bundle,
                         self.session, office.code, path, case_refs=refs, deidentified=self.deidentify.isChecked(),
                         transfer=transfer, on_success=self._exported, on_error=self._failed,
                         on_cancelled=self._cancelled)

    def _exported(self, result) -> None:
        self.panel.show_outcome(_("Paket no. {n} selesai dibuat.").format(n=result.sequence))
        self.result_box.show_result(self.session, self.jobs, result)
        if result.transfer:
            self.chosen_cases = []
        self.exported.emit(result)
        self.update_state()

    def _failed(self, exc: BaseException) -> None:
        self.panel.show_outcome(_("Paket tidak dibuat."))
        show_error(self, exc, _("Paket tidak dibuat"))
        self.update_state()

    def _cancelled(self) -> None:
        self.panel.show_outcome(_("Pembuatan paket dibatalkan. Tidak ada berkas yang ditinggalkan."))
        self.update_state()
