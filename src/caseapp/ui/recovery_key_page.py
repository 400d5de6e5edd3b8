"""The last setup page: the recovery key shown once, printing or saving the kit, and the "I noted it" check."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage,
)

from caseapp.i18n import _
from caseapp.ui.messages import confirm, show_error, show_info
from caseapp.ui.style import mono_font
from caseapp.ui.widgets import page_title


def recovery_kit_available() -> bool:
    """The PDF layer may not be installed in every build; without it the print/save buttons are off."""
    try:
        return importlib.util.find_spec("caseapp.letters.recovery_kit") is not None
    except ImportError:
        return False


class RecoveryKeyPage(QWizardPage):
    """Shows ``wizard().setup_result.recovery_key`` in large monospace type with print/save actions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(page_title(_("Kunci pemulihan")))
        self.setSubTitle(_("Kunci ini hanya ditampilkan sekali. Dengan kunci ini administrator dapat "
                           "membuka data kantor jika semua kata sandi administrator terlupa."))
        self.key_label = QLabel(objectName="RecoveryKey")
        self.key_label.setFont(mono_font(17, bold=True))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = QLabel(_("Cetak kit pemulihan, tanda tangani, dan simpan di lemari terkunci atau brankas kantor, "
                          "terpisah dari laptop ini. Siapa pun yang memegang kunci ini dapat membuka seluruh data kasus."))
        advice.setWordWrap(True)
        self.print_button = QPushButton(_("&Cetak kit pemulihan…"))
        self.save_button = QPushButton(_("&Simpan kit sebagai PDF…"))
        self.print_button.setToolTip(_("Mencetak langsung ke printer; tidak ada berkas yang disimpan."))
        self.save_button.setToolTip(_("Menyimpan berkas PDF yang TIDAK terenkripsi ke tempat yang Anda pilih."))
        if not recovery_kit_available():
            for button in (self.print_button, self.save_button):
                button.setEnabled(False)
                button.setToolTip(_("Pencetakan kit belum tersedia di versi ini. Salin kunci dengan tangan."))
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save)
        self.confirm_box = QCheckBox(_("Saya sudah &mencatat/mencetak kunci pemulihan"), objectName="confirmRecovery")
        self.confirm_box.toggled.connect(self.completeChanged)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.key_label)
        layout.addWidget(advice)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.confirm_box)

    def initializePage(self) -> None:
        result = self.wizard().setup_result
        self.key_label.setText(result.recovery_key if result else "")
        self.confirm_box.setChecked(False)

    def isComplete(self) -> bool:
        return self.confirm_box.isChecked()

    def _kit_pdf(self) -> bytes:
        from caseapp.services.recovery_kit import recovery_kit_pdf

        result = self.wizard().setup_result
        return recovery_kit_pdf(result.session, result.recovery_key)

    def _print(self) -> None:
        from caseapp.ui.pdf_print import print_pdf

        try:
            print_pdf(self._kit_pdf(), self, _("Kit pemulihan"))
        except Exception as exc:  # noqa: BLE001 - shown as a message, never as a traceback
            show_error(self, exc)

    def _save(self) -> None:
        from caseapp.services.recovery_kit import save_recovery_kit

        warning = _("Berkas PDF kit pemulihan TIDAK terenkripsi. Siapa pun yang mendapatkannya dapat membuka "
                    "seluruh data kantor. Simpan hanya di tempat yang aman (misalnya flashdisk di brankas), "
                    "cetak, lalu hapus salinan yang tidak perlu.")
        if not confirm(self, _("Simpan kit pemulihan"), warning, yes=_("Saya mengerti, simpan"), danger=True):
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Simpan kit pemulihan"), "kit-pemulihan.pdf",
                                                    _("Dokumen PDF (*.pdf)"))
        if not path:
            return
        result = self.wizard().setup_result
        try:
            save_recovery_kit(result.session, result.recovery_key, path)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        show_info(self, _("Simpan kit pemulihan"), _("Kit pemulihan disimpan."))
