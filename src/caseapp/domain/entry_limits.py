"""Limits on what may be entered into a case, shared by local entry and imported bundles.

Attachments: the size limit, the allowed file types and the rules for a file name are those of local entry
(``services/attachments.py`` uses these). Texts: no single text of a case (a chronology, a note, an assessment)
may be longer than ``MAX_TEXT_CHARS`` characters. Imported bundles are held to it (``bundles/format_v1.py``);
the case editor does not count characters yet.
"""

from __future__ import annotations

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain"})
MAX_FILE_NAME_CHARS = 200

# About 30 typed pages: far beyond any chronology or note an officer writes, far below what could exhaust memory.
MAX_TEXT_CHARS = 100_000


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
