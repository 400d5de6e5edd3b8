"""The "Pulihkan perubahan?" question for an autosaved draft: Pulihkan / Buang / Nanti (never blocks a lock)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from caseapp.i18n import _, format_datetime
from caseapp.services import clock, drafts
from caseapp.services.drafts import DraftInfo
from caseapp.ui.messages import show_error

RESTORE, DISCARD, LATER = "restore", "discard", "later"


def saved_at_text(when: dt.datetime) -> str:
    """'14.32' today, '3 Mei 2024 14.32' another day."""
    today = clock.now().date()
    if when.date() == today:
        return when.strftime("%H.%M")
    return format_datetime(when.replace(tzinfo=None))


def case_text(info: DraftInfo) -> str:
    if info.case_number:
        return _("kasus {number}").format(number=info.case_number)
    if info.victims:
        return _("kasus baru yang belum bernomor (korban {victims})").format(victims=info.victims)
    return _("kasus baru yang belum bernomor")


class DraftOffer(QMessageBox):
    """Shown with ``open()`` (not ``exec()``), so an idle lock can close it; emits ``chosen`` once."""

    chosen = Signal(str, str)  # draft id, RESTORE / DISCARD / LATER

    def __init__(self, info: DraftInfo, parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Question, _("Pulihkan perubahan?"),
                         _("Ada perubahan yang belum disimpan pada {case} (disimpan otomatis {time}). Pulihkan?")
                         .format(case=case_text(info), time=saved_at_text(info.updated_at)),
                         QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("draftOffer")
        self.info = info
        details = [_("Pulihkan membuka kembali isian Anda; isian itu belum tersimpan sampai Anda menekan Simpan. "
                     "Buang menghapusnya. Nanti menanyakannya lagi lain kali.")]
        if info.case_changed:
            details.insert(0, _("Perhatian: kasus ini sudah diubah dan disimpan lagi setelah isian ini dibuat. "
                                "Anda tetap dapat memulihkannya untuk memeriksa atau menyalin isian Anda, "
                                "tetapi menyimpannya akan ditolak."))
        self.setInformativeText("\n\n".join(details))
        self.restore_button = self.addButton(_("&Pulihkan"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(_("&Buang"), QMessageBox.ButtonRole.DestructiveRole)
        self.later_button = self.addButton(_("&Nanti"), QMessageBox.ButtonRole.RejectRole)
        self.restore_button.setObjectName("draftRestore")
        self.discard_button.setObjectName("draftDiscard")
        self.later_button.setObjectName("draftLater")
        self.setDefaultButton(self.restore_button)
        self.setEscapeButton(self.later_button)
        self._answered = False
        self.finished.connect(self._finished)

    def _finished(self, _result: int) -> None:
        if self._answered:
            return
        self._answered = True
        clicked = self.clickedButton()
        choice = RESTORE if clicked is self.restore_button else DISCARD if clicked is self.discard_button else LATER
        self.chosen.emit(self.info.id, choice)

    def withdraw(self) -> None:
        """Close without an answer (the app is locking): nothing is decided, the draft stays."""
        self._answered = True
        self.close()


class DraftOffers(QObject):
    """After unlock: ask about each of the user's restorable drafts in turn.

    ``restore(draft_id)`` opens the editor; "Buang" deletes the draft; "Nanti" leaves it for next time.
    """

    def __init__(self, session, window: QWidget, restore: Callable[[str], object]):
        super().__init__(window)
        self.session, self.window, self.restore = session, window, restore
        self.queue: list[DraftInfo] = []
        self.current: DraftOffer | None = None

    def start(self) -> None:
        try:
            self.queue = drafts.list_drafts(self.session)
        except Exception:  # noqa: BLE001 - no offer is better than an error right after unlock
            self.queue = []
        self._next()

    def _next(self) -> None:
        self.current = None
        if not self.queue or self.session.closed:
            return
        box = DraftOffer(self.queue.pop(0), self.window)
        box.chosen.connect(self._chosen)
        self.current = box
        box.open()

    def _chosen(self, draft_id: str, choice: str) -> None:
        box, self.current = self.current, None
        if box is not None:
            box.deleteLater()
        try:
            if choice == RESTORE:
                self.restore(draft_id)
            elif choice == DISCARD:
                drafts.discard_draft(self.session, draft_id)
        except Exception as exc:  # noqa: BLE001 - shown as a message, never printed
            show_error(self.window, exc)
        self._next()

    def withdraw(self) -> None:
        """The app is locking: close the open question unanswered; every draft stays."""
        self.queue = []
        box, self.current = self.current, None
        if box is not None:
            box.withdraw()
            box.deleteLater()
