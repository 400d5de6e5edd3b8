"""Printing the hand-over note (surat pengantar) and the office card page: PDF made off the GUI thread, never saved."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QWidget

from caseapp.i18n import _
from caseapp.services import exchange_documents
from caseapp.ui.jobs import JobRunner
from caseapp.ui.messages import show_error


def _print(parent: QWidget, jobs: JobRunner, title: str, render: Callable[..., bytes], *args,
           done: Callable[[], None] = lambda: None) -> None:
    """Render on the worker (the note re-checks the bundle's signature), then ask for a printer here."""
    from caseapp.ui import pdf_print

    def rendered(data: bytes) -> None:
        pdf_print.print_pdf(data, parent, title)
        done()

    def failed(exc: BaseException) -> None:
        show_error(parent, exc, _("Tidak dapat mencetak"))
        done()

    jobs.start(render, *args, on_success=rendered, on_error=failed)


def print_handover_note(parent: QWidget, jobs: JobRunner, session, bundle: Path, **kw) -> None:
    _print(parent, jobs, _("Surat pengantar paket"), exchange_documents.handover_note_pdf, session, Path(bundle), **kw)


def print_office_card(parent: QWidget, jobs: JobRunner, session, **kw) -> None:
    _print(parent, jobs, _("Kartu kantor"), exchange_documents.office_card_pdf, session, **kw)
