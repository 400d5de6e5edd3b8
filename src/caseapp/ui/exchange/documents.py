"""Printing the hand-over note and the office card page, when the exchange-documents service is installed."""

from __future__ import annotations

import importlib
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from caseapp.i18n import _
from caseapp.ui.messages import show_error, show_info

# (function names the service may use, first found wins)
HANDOVER_NOTE = ("handover_note_pdf", "hand_over_note_pdf", "handover_note")
OFFICE_CARD = ("office_card_pdf", "card_page_pdf", "office_card_page")


def _service_function(names: tuple[str, ...]) -> Callable[..., bytes] | None:
    try:
        module = importlib.import_module("caseapp.services.exchange_documents")
    except ModuleNotFoundError as exc:
        if exc.name == "caseapp.services.exchange_documents":
            return None
        raise
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def available(kind: str) -> bool:
    return _service_function(HANDOVER_NOTE if kind == "handover" else OFFICE_CARD) is not None


def unavailable_message() -> str:
    return _("Pencetakan dokumen pertukaran belum tersedia di versi aplikasi ini. Catat data di layar "
             "(berkas, nomor paket, jumlah kasus, sidik jari) secara manual untuk sementara.")


def print_document(parent: QWidget, kind: str, *args: Any) -> bool:
    """Render the PDF in memory and send it to a printer; nothing is written to disk."""
    fn = _service_function(HANDOVER_NOTE if kind == "handover" else OFFICE_CARD)
    title = _("Berita acara serah terima") if kind == "handover" else _("Kartu kantor")
    if fn is None:
        show_info(parent, title, unavailable_message())
        return False
    try:
        data = fn(*args)
    except Exception as exc:  # noqa: BLE001 - shown as the service's own message
        show_error(parent, exc)
        return False
    from caseapp.ui.pdf_print import print_pdf

    return print_pdf(data, parent, title)
