"""How an account signs letters: pangkat/golongan and signing authority (a.n. / Plt. / Plh.); administrators."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from caseapp.domain.accounts import User
from caseapp.i18n import _
from caseapp.services import signing
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel


class SignerDialog(QDialog):
    """On accept ``self.user`` is the updated account."""

    def __init__(self, session, user: User, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.user = session, user
        self.setWindowTitle(_("Tanda tangan surat"))
        self.setMinimumWidth(460)
        intro = QLabel(_("{name} menandatangani surat yang disetujuinya. Pangkat/golongan dan NIP dicetak di bawah "
                         "nama; a.n., Plt. atau Plh. dicetak di depan jabatan kepala bila ia menandatangani untuk "
                         "kepala.").format(name=user.full_name), objectName="SectionHint")
        intro.setWordWrap(True)
        self.rank = QLineEdit(user.rank, objectName="signerRank")
        self.rank.setPlaceholderText(_("misalnya: Penata Tingkat I (III/d)"))
        self.signs_as = QComboBox(objectName="signerSignsAs")
        for code in signing.SIGNS_AS:
            self.signs_as.addItem(signing.signs_as_label(code), code)
        self.signs_as.setCurrentIndex(max(0, self.signs_as.findData(user.signs_as)))
        form = QFormLayout()
        form.addRow(_("&Pangkat/golongan:"), self.rank)
        form.addRow(_("&Menandatangani:"), self.signs_as)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.user = signing.set_signing(self.session, self.user.username, rank=self.rank.text(),
                                            signs_as=self.signs_as.currentData())
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            self.error.show_message(user_message(exc))
            return
        self.accept()
