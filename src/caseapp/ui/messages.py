"""What the user is told when something fails: the service's own message, or a generic one, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from caseapp.domain.errors import CaseappError
from caseapp.i18n import _


def generic_message() -> str:
    return _("Terjadi kesalahan yang tidak terduga, sehingga tindakan ini tidak selesai. "
             "Coba lagi; jika terulang, hubungi administrator.")


def user_message(exc: BaseException) -> str:
    """A CaseappError's Indonesian message; anything else gets a generic text (its details may hold case data)."""
    if isinstance(exc, CaseappError):
        return exc.message
    return generic_message()


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or _("Tidak dapat dilanjutkan"), user_message(exc))


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str, danger: bool = False) -> bool:
    """A yes/cancel question whose buttons say what they do; Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button
