"""Approving referral letters: the approval rules (consent, the investigator's request for a VeR), the number and
the verification code taken in one transaction (the number by ``letter_numbering``), and checking a code.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.domain.referral import DestinationType, LetterStatus, check_classification_code, check_typed_number
from caseapp.domain.referral_consent import consent_problem
from caseapp.i18n import _
from caseapp.services import cases, clock, signing
from caseapp.services.letter_drafting import _signing_head
from caseapp.services.letter_numbering import take_number
from caseapp.services.letter_records import (
    CODE_LENGTH, SECRET_KEY, Letter, LetterLocked, Verification, _fetch, get_letter, office_letterhead, paper,
)
from caseapp.services.session import Session
from caseapp.store import accounts_repo, letters_repo


def _secret(conn) -> bytes:
    value = accounts_repo.get_setting(conn, SECRET_KEY)
    if not value:
        value = secrets.token_hex(32)
        accounts_repo.set_setting(conn, SECRET_KEY, value)
    return bytes.fromhex(value)


def verification_code(secret: bytes, number: str, on: dt.date, destination_type: str) -> str:
    """10 base32 characters of HMAC-SHA256 over number, date and destination type."""
    mac = hmac.new(secret, f"{number}|{on.isoformat()}|{destination_type}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:CODE_LENGTH]


def approval_problems(session: Session, letter: Letter, on: dt.date | None = None) -> list[str]:
    """What must be recorded before ``letter`` may be approved (consent, the investigator's request for a VeR)."""
    on = on or clock.now().date()
    case = cases.get_case(session, letter.case_uuid)
    problems = []
    consent = consent_problem(case, letter.draft.victim_uuid, on)
    if consent:
        problems.append(consent)
    if letter.draft.visum and not letter.draft.investigator_request:
        problems.append(_("Rujukan pemeriksaan dengan visum et repertum harus menyebut nomor surat permintaan visum "
                          "atau Laporan Polisi dari penyidik: hanya penyidik yang berwenang meminta visum et "
                          "repertum (KUHAP Pasal 133)."))
    return problems


def approve_letter(session: Session, letter_id: str, *, number: str | None = None,
                   classification_code: str | None = None) -> Letter:
    """Approve a draft: the number is taken, formatted and stored in this one transaction, or not at all.

    The approving official signs (with a.n. / Plt. / Plh. from the account). ``number``: a number typed by hand
    (dinas agenda, SRIKANDI), refused when already used this year. ``classification_code``: the office's kode
    klasifikasi arsip, given once when the number pattern needs it and none is set (kept as the office setting).
    """
    session.require(Permission.APPROVE_LETTERS)
    letter = _fetch(session, letter_id)
    if letter.status is LetterStatus.DISETUJUI:
        raise LetterLocked(_("Surat ini sudah disetujui dengan nomor {number}.").format(number=letter.number),
                           field="status")
    today = clock.now().date()
    problems = approval_problems(session, letter, today)
    if problems:
        raise ValidationError(" ".join(problems), field="consent")
    typed = check_typed_number(number) if number is not None else None
    code_given = check_classification_code(classification_code) if classification_code else ""
    with session.db.transaction() as c:
        row = letters_repo.get_letter(c, letter.id)
        if row is None or row.status != LetterStatus.DRAF.value:
            raise LetterLocked(_("Surat ini sudah disetujui oleh pengguna lain."), field="status")
        content = json.loads(row.content)
        approver = accounts_repo.get_user(c, session.user.username) or session.user
        signatory = signing.signatory_of(approver, session.office.name, _signing_head(session, c))
        seq, number_text, seq_office = take_number(session, c, row.destination_type, today, typed=typed,
                                                   classification_code=code_given)
        code = verification_code(_secret(c), number_text, today, row.destination_type)
        content["draft"]["signatory_username"] = approver.username
        content.update(signatory=dataclasses.asdict(signatory), number=number_text, date=today.isoformat(),
                       verification_code=code, paper=paper(session),
                       letterhead={k: v for k, v in dataclasses.asdict(office_letterhead(session)).items()
                                   if k != "logo_png"})
        letters_repo.mark_approved(c, letter.id, office=seq_office, year=today.year, seq=seq, number=number_text,
                                   letter_date=today.isoformat(), code=code,
                                   content=json.dumps(content, ensure_ascii=False), user_id=session.user.id,
                                   now=clock.timestamp())
        session.audit("letter_approved", "letter", letter.id, conn=c)
    return get_letter(session, letter.id)


def normalize_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def verify_code(session: Session, code: str) -> Verification:
    """Check a verification code printed on a letter; shows number, date, destination type and status only."""
    wanted = normalize_code(code)
    row = letters_repo.letter_by_code(session.db.conn, wanted) if len(wanted) == CODE_LENGTH else None
    ok = False
    if row is not None and row.status == LetterStatus.DISETUJUI.value:
        secret = accounts_repo.get_setting(session.db.conn, SECRET_KEY)
        expected = verification_code(bytes.fromhex(secret or ""), row.number or "",
                                     dt.date.fromisoformat(row.letter_date), row.destination_type)
        ok = hmac.compare_digest(expected, wanted)
    if not ok:
        session.audit("letter_verify_failed", "letter", "")
        raise NotFound(_("Kode verifikasi tidak dikenal: surat ini tidak tercatat sebagai surat yang disetujui "
                         "kantor ini."))
    session.audit("letter_verified", "letter", row.id)
    return Verification(row.number, dt.date.fromisoformat(row.letter_date), DestinationType(row.destination_type),
                        LetterStatus(row.status), row.tracking)
