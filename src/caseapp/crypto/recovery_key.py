"""The printable recovery key: 256 random bits shown as grouped base32 with a checksum."""

from __future__ import annotations

import base64
import hashlib
import os

from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

_GROUP = 5
# People misread these when typing from paper; base32 has no 0, 1 or 8.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_recovery_secret() -> bytes:
    return os.urandom(32)


def format_recovery_key(secret: bytes) -> str:
    """'ABCDE-FGHIJ-…': 32 bytes plus a 2-byte checksum, 55 characters in 11 groups."""
    if len(secret) != 32:
        raise ValueError("recovery secret must be 32 bytes")
    raw = secret + hashlib.sha256(secret).digest()[:2]
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Accept any spacing, dashes and case; refuse a typo with a clear message."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != 55:
        raise ValidationError(
            _("Kunci pemulihan harus terdiri dari 55 huruf/angka (11 kelompok berisi 5)."),
            field="recovery_key",
        )
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raise ValidationError(_("Kunci pemulihan berisi karakter yang tidak dikenal."), field="recovery_key") from None
    secret, check = raw[:32], raw[32:34]
    if hashlib.sha256(secret).digest()[:2] != check:
        raise ValidationError(
            _("Kunci pemulihan tidak valid: periksa kembali setiap kelompok huruf."), field="recovery_key"
        )
    return secret
