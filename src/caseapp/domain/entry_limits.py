"""Limits on what may be entered into a case, shared by local entry and imported bundles.

Attachments: the size limit, the allowed file types and the rules for a file name are those of local entry
(``services/attachments.py`` uses these). Texts: every text of a case has a length limit by kind — a name or
another one-line field, an address, a NIK, or a long text (a chronology, a note, an assessment). The case
JSON parser (``domain/case_json.py``) applies them to every case that is saved, created from a JSON file or
imported from a bundle (where a longer text is refused with exit 86, ``BundleFieldTooLong``); the case editor
sets the same lengths on its one-line fields. No string anywhere in a bundle record may be longer than
``MAX_TEXT_CHARS`` (``bundles/reader.py`` checks that before a record is parsed). Stored cases are read without
the limits (an older record always opens); saving one again applies them.
"""

from __future__ import annotations

from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain"})
MAX_FILE_NAME_CHARS = 200

# About 30 typed pages: far beyond any chronology or note an officer writes, far below what could exhaust memory.
# Long texts: a chronology, assessment texts, a note, a consent note, a service's description, a follow-up's result.
MAX_TEXT_CHARS = 100_000
# One-line fields: names (victim, perpetrator, reporter, guardian, alias, who gave consent, officers, providers,
# authors), a phone number, a guardian's relationship, a follow-up's method, an intervention's goal, the case number
# and the competent office, each user name in assigned_officers.
SHORT_TEXT_CHARS = 200
ADDRESS_CHARS = 500   # a person's street, RT/RW and hamlet
NIK_CHARS = 20        # 16 digits; the NIK rule allows spaces around them (the editor's field is this long too)

# The limit of each text field by its key in the case JSON (the last part of its path). A key means the same kind of
# text wherever it appears, so the editor's fields, keyed the same way, take their length from here too.
TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys(("chronology", "physical", "psychological", "social", "family", "needs", "notes", "note",
                     "description", "result", "text", "verdict_summary"), MAX_TEXT_CHARS),
    **dict.fromkeys(("name", "alias", "given_by", "assessor", "provider", "responsible", "officer", "author",
                     "phone", "relationship", "method", "goal", "case_number", "competent_office",
                     "assigned_officers", "police_report_number", "court", "court_case_number",
                     "temporary_protection_by"), SHORT_TEXT_CHARS),
    "street": ADDRESS_CHARS,
    "nik": NIK_CHARS,
}


class TextTooLong(ValidationError):
    """A text is longer than its field allows; ``field`` names it, ``limit`` is the allowed length."""

    def __init__(self, field: str, limit: int, length: int):
        super().__init__(_("Isian ini terlalu panjang: {length} karakter, paling banyak {limit} karakter.").format(
            length=number_text(length), limit=number_text(limit)), field=field)
        self.limit = limit


def number_text(n: int) -> str:
    """``n`` with the Indonesian thousands separator (100.000)."""
    return f"{n:,}".replace(",", ".")


def check_length(value: str, limit: int, field: str) -> str:
    """``value`` when it is at most ``limit`` characters long, else TextTooLong naming ``field``."""
    if len(value) > limit:
        raise TextTooLong(field, limit, len(value))
    return value


def sanitized_file_name(name: str) -> str:
    """The name local entry keeps for an attached file: its last path part, printable characters only, trimmed,
    at most ``MAX_FILE_NAME_CHARS`` characters; ``lampiran`` when nothing is left."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:MAX_FILE_NAME_CHARS].strip()
    return base if base not in ("", ".", "..") else "lampiran"


def plain_file_name(name: object) -> bool:
    """True for a file name that local entry would keep as it is: no folder part, no control characters, not
    ``..``, not too long (``sanitized_file_name(name) == name``)."""
    return isinstance(name, str) and sanitized_file_name(name) == name
