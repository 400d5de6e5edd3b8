"""Letter numbers: the office's pattern with its kode klasifikasi arsip, or a number typed from the dinas agenda or
SRIKANDI; taken inside the approving transaction, so a number is never reused or skipped.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import datetime as dt

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import LetterNumberPattern, has_placeholder
from caseapp.i18n import _
from caseapp.services import letterhead
from caseapp.services.session import Session
from caseapp.store import letters_repo


class ClassificationCodeMissing(ValidationError):
    """The number pattern needs the office's kode klasifikasi arsip, and none is set: ask the approver once."""


def number_pattern(session: Session, conn=None) -> LetterNumberPattern:
    return letterhead.number_pattern(session, conn)


def take_number(session: Session, conn, destination_type: str, on: dt.date, *, typed: str | None,
                classification_code: str = "") -> tuple[int, str, str]:
    """(sequence, number, counter) for a letter approved ``on``, in the caller's transaction.

    ``typed``: a number from the dinas agenda, refused when already used that year; it takes its sequence from the
    separate ``<office>#typed`` counter so the office's own numbers stay consecutive. Otherwise the office's
    pattern; when it needs the kode klasifikasi arsip and none is set, ``classification_code`` (given once by the
    approver) is kept as the office setting, else ``ClassificationCodeMissing``.
    """
    office = session.office.code
    if typed is not None:
        if letters_repo.number_taken_in_year(conn, typed, on.year) or letters_repo.number_taken(conn, typed):
            raise ValidationError(_("Nomor surat {number} sudah dipakai tahun ini; periksa kembali agenda surat.")
                                  .format(number=typed), field="number")
        counter = office + "#typed"
        return letters_repo.next_sequence(conn, counter, on.year), typed, counter
    pattern = number_pattern(session, conn)
    kode = letterhead.classification_code(session, destination_type, conn)
    if pattern.needs_code and not kode:
        if not classification_code:
            raise ClassificationCodeMissing(
                _("Kode klasifikasi arsip surat rujukan belum diatur. Isi kode dari pola klasifikasi arsip "
                  "dinas (mis. 400.2.4), atau ketik nomor surat dari agenda dinas."),
                field="classification_code")
        letterhead.set_classification_code(session, classification_code, conn=conn,
                                           permission=Permission.APPROVE_LETTERS)
        kode = classification_code
    seq = letters_repo.next_sequence(conn, office, on.year)
    number = pattern.format(seq, on, office=office, kode=kode)
    if has_placeholder(number):
        raise ValidationError(_("Nomor surat {number} masih memuat tanda isian; perbaiki pola nomor surat "
                                "di Pengaturan.").format(number=number), field="pattern")
    if letters_repo.number_taken(conn, number):
        raise ValidationError(_("Nomor surat {number} sudah terpakai: pola nomor surat harus memuat {{year}} "
                                "atau {{seq}} yang berbeda.").format(number=number), field="pattern")
    return seq, number, office
