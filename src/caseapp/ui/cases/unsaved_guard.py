"""The "Simpan perubahan?" question: Simpan / Buang / Batal."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from caseapp.i18n import _

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save_changes(parent: QWidget | None, case_label: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, _("Simpan perubahan?"),
                      _("Ada perubahan pada {case} yang belum disimpan.").format(case=case_label),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unsavedGuard")
    save = box.addButton(_("&Simpan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Buang"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
    save.setObjectName("guardSave")
    discard.setObjectName("guardDiscard")
    cancel.setObjectName("guardCancel")
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL
