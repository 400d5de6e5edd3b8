"""Autosave of an open case editor's unsaved changes as an encrypted draft (services.drafts)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from caseapp.domain.case import Case
from caseapp.services import drafts

AUTOSAVE_MS = 30_000


class DraftAutosave(QObject):
    """Every ``interval_ms``, if the editor changed since the last tick, keep its state as a draft.

    ``save_now`` is also called right before a lock; it never asks, never raises and never logs (a failure
    leaves the change pending for the next tick). When the editor has nothing unsaved any more, its draft
    is deleted.
    """

    def __init__(self, editor, interval_ms: int = AUTOSAVE_MS):
        super().__init__(editor)
        self.editor = editor
        self.draft_id: str | None = None
        self._written: Case | None = None  # the state last written, so an unchanged editor writes nothing
        self._pending = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def note_change(self) -> None:
        self._pending = True

    def _tick(self) -> None:
        if self._pending:
            self.save_now()

    def save_now(self) -> bool:
        """Write the editor's unsaved state if it differs from the last draft; True when a draft holds it."""
        session = self.editor.session
        if session.closed:
            return False
        self._pending = False
        try:
            case = self.editor.build()
            if case == self.editor.baseline:
                self.forget()
                return False
            if case != self._written:
                self.draft_id = drafts.save_draft(session, case, draft_id=self.draft_id)
                self._written = case
            return True
        except Exception:  # noqa: BLE001 - a draft must never interrupt the officer; details may hold case data
            self._pending = True
            return False

    def adopt(self, draft_id: str) -> None:
        """The editor now shows draft ``draft_id`` (restored): later autosaves update that draft."""
        self.draft_id = draft_id
        self._written = self.editor.build()

    def forget(self) -> None:
        """Delete the draft: the changes were saved or thrown away."""
        draft_id, self.draft_id, self._written = self.draft_id, None, None
        if draft_id is None or self.editor.session.closed:
            return
        try:
            drafts.forget_draft(self.editor.session, draft_id)
        except Exception:  # noqa: BLE001 - a leftover draft is offered again later, which is harmless
            pass

    def stop(self) -> None:
        self.timer.stop()
