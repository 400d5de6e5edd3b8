"""The office's letterhead (kop surat), paper and letter numbering settings, kept in the encrypted store.

Settings: ``letterhead_government|agency|unit|short_name|website|postal_code|city|head_position`` (text),
``letterhead_logo_png`` (base64 of a checked PNG or JPEG, the lambang daerah), ``letter_paper`` (A4/F4),
``letter_number_pattern`` and ``letter_classification_codes`` (JSON: letter type -> kode klasifikasi arsip).
Address, telephone and Pos-el are the office record's (``update_office_contact``).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
from dataclasses import dataclass

from caseapp.domain import regions
from caseapp.domain.accounts import Permission
from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import (
    PAPER_SIZES, DestinationType, LetterNumberPattern, OfficeLetterhead, check_classification_code,
)
from caseapp.i18n import _
from caseapp.services.session import Session
from caseapp.store import accounts_repo

TEXT_KEYS = ("government", "agency", "unit", "short_name", "website", "postal_code", "city", "head_position")
LOGO_KEY = "letterhead_logo_png"
PAPER_KEY = "letter_paper"
NUMBER_PATTERN_KEY = "letter_number_pattern"
CODES_KEY = "letter_classification_codes"
DEFAULT_AGENCY = "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"
DEFAULT_UNIT = "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK"
MAX_LOGO_BYTES = 1_000_000
LETTER_TYPES = ("rujukan", *(t.value for t in DestinationType))  # "rujukan": every referral unless overridden


@dataclass(frozen=True)
class LetterheadSettings:
    """What the Pengaturan page and ``office letterhead`` edit (empty text: the default is used)."""

    government: str = ""
    agency: str = ""
    unit: str = ""
    short_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    postal_code: str = ""
    city: str = ""
    head_position: str = ""
    logo: bytes | None = None
    paper: str = "A4"


def _get(conn, key: str) -> str:
    return accounts_repo.get_setting(conn, key) or ""


def settings(session: Session, conn=None) -> LetterheadSettings:
    conn = conn or session.db.conn
    office = session.office
    text = {k: _get(conn, f"letterhead_{k}") for k in TEXT_KEYS}
    logo = _get(conn, LOGO_KEY)
    paper = _get(conn, PAPER_KEY)
    return LetterheadSettings(**text, address=office.address, phone=office.phone, email=office.email,
                              logo=base64.b64decode(logo) if logo else None,
                              paper=paper if paper in PAPER_SIZES else "A4")


def default_government(session: Session) -> str:
    code = session.office.code
    region = regions.name(code) or ""
    if region and "." not in code and not region.lower().startswith("provinsi"):
        region = "Provinsi " + region  # the region list names a province without the word: "Sulawesi Tenggara"
    return f"PEMERINTAH {region.upper()}" if region else "PEMERINTAH DAERAH"


def letterhead_of(session: Session, s: LetterheadSettings) -> OfficeLetterhead:
    """The kop surat these settings give, defaults filled in (the live preview renders this)."""
    return OfficeLetterhead(
        government=s.government or default_government(session), agency=s.agency or DEFAULT_AGENCY,
        unit=s.unit or DEFAULT_UNIT, address=s.address, phone=s.phone, email=s.email, city=s.city,
        logo_png=s.logo, website=s.website, short_name=s.short_name or session.office.name,
        postal_code=s.postal_code,
    )


def head_position(session: Session, conn=None) -> str:
    """The head's jabatan for a.n. / Plt. / Plh. (setting, default "Kepala <office name>")."""
    return _get(conn or session.db.conn, "letterhead_head_position") or _("Kepala {office}").format(
        office=session.office.name)


def check_logo(data: bytes) -> bytes:
    """The lambang daerah must be a readable PNG or JPEG of a sensible size; returned unchanged."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ValidationError(_("Berkas logo kosong."), field="logo")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(_("Berkas logo terlalu besar (maksimal 1 MB)."), field="logo")
    unreadable = ValidationError(_("Logo harus berupa gambar PNG atau JPEG yang dapat dibaca."), field="logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in ("PNG", "JPEG"):
                raise unreadable
            if min(width, height) < 64 or max(width, height) > 4000 or max(width, height) > 4 * min(width, height):
                raise ValidationError(_("Ukuran logo tidak wajar: gunakan gambar minimal 64 piksel, tidak terlalu "
                                        "lebar atau tinggi."), field="logo")
            image.load()  # decoded only once its size is known to be sensible
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise unreadable from None
    return data


_LIMITS = {"government": 120, "agency": 200, "unit": 120, "short_name": 120, "website": 120, "postal_code": 10,
           "city": 60, "head_position": 160}


def save(session: Session, new: LetterheadSettings) -> LetterheadSettings:
    """Store the letterhead and paper; every value is checked first, so bad input changes nothing."""
    session.require(Permission.MANAGE_OFFICE)
    text = {k: " ".join((getattr(new, k) or "").split()) for k in TEXT_KEYS}
    for key, limit in _LIMITS.items():
        if len(text[key]) > limit:
            raise ValidationError(_("Isian kop surat terlalu panjang (maksimal {n} karakter).").format(n=limit),
                                  field=key)
    if text["postal_code"] and not (text["postal_code"].isdigit() and len(text["postal_code"]) == 5):
        raise ValidationError(_("Kode pos harus 5 angka."), field="postal_code")
    if new.paper not in PAPER_SIZES:
        raise ValidationError(_("Ukuran kertas harus A4 atau F4"), field="paper")
    if new.email and "@" not in new.email:
        raise ValidationError(_("Alamat e-mail tidak valid."), field="email")
    logo = check_logo(new.logo) if new.logo else None
    office = session.office
    with session.db.transaction() as c:
        for key, value in text.items():
            accounts_repo.set_setting(c, f"letterhead_{key}", value)
        accounts_repo.set_setting(c, LOGO_KEY, base64.b64encode(logo).decode() if logo else "")
        accounts_repo.set_setting(c, PAPER_KEY, new.paper)
        accounts_repo.update_office_contact(c, name=office.name, address=new.address.strip(),
                                            phone=new.phone.strip(), email=new.email.strip())
        session.audit("settings_changed", "setting", "letterhead", conn=c)
    session.office = accounts_repo.get_office(session.db.conn)
    return settings(session)


def update(session: Session, **changes) -> LetterheadSettings:
    """Change some fields (the CLI's options); ``logo=b""`` removes the logo."""
    unknown = set(changes) - {f.name for f in dataclasses.fields(LetterheadSettings)}
    if unknown:
        raise ValidationError(_("Isian kop surat tidak dikenal: {names}").format(names=", ".join(sorted(unknown))),
                              field="letterhead")
    return save(session, dataclasses.replace(settings(session), **changes))


# --- numbering ----------------------------------------------------------------------------------------------

def classification_codes(session: Session, conn=None) -> dict[str, str]:
    raw = _get(conn or session.db.conn, CODES_KEY)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    return {k: v for k, v in data.items() if isinstance(v, str) and k in LETTER_TYPES}


def classification_code(session: Session, destination_type: str, conn=None) -> str:
    """The kode klasifikasi arsip for a letter: the destination type's own, else the referral code, else ""."""
    codes = classification_codes(session, conn)
    return codes.get(destination_type) or codes.get("rujukan", "")


def set_classification_code(session: Session, code: str, letter_type: str = "rujukan", *, conn=None,
                            permission: Permission = Permission.MANAGE_OFFICE) -> None:
    """Set the office's kode klasifikasi arsip for referral letters (or one destination type); "" clears."""
    session.require(permission)
    if letter_type not in LETTER_TYPES:
        raise ValidationError(_("Jenis surat tidak dikenal: {name}").format(name=letter_type), field="letter_type")
    code = check_classification_code(code) if code.strip() else ""

    def write(c) -> None:
        codes = classification_codes(session, c)
        if code:
            codes[letter_type] = code
        else:
            codes.pop(letter_type, None)
        accounts_repo.set_setting(c, CODES_KEY, json.dumps(codes, sort_keys=True))
        session.audit("settings_changed", "setting", CODES_KEY, conn=c)

    if conn is not None:
        write(conn)
    else:
        with session.db.transaction() as c:
            write(c)


def number_pattern(session: Session, conn=None) -> LetterNumberPattern:
    value = _get(conn or session.db.conn, NUMBER_PATTERN_KEY)
    try:
        return LetterNumberPattern(value) if value else LetterNumberPattern()
    except ValidationError:  # an old pattern with a placeholder such as "400.2.x": the default replaces it
        return LetterNumberPattern()


def set_number_pattern(session: Session, pattern: str) -> LetterNumberPattern:
    session.require(Permission.MANAGE_OFFICE)
    checked = LetterNumberPattern(pattern.strip()) if pattern.strip() else LetterNumberPattern()
    with session.db.transaction() as c:
        accounts_repo.set_setting(c, NUMBER_PATTERN_KEY, checked.pattern)
        session.audit("settings_changed", "setting", NUMBER_PATTERN_KEY, conn=c)
    return checked


def preview_pdf(session: Session, s: LetterheadSettings) -> bytes:
    """The kop these (unsaved) settings give, with today's date line, for the Pengaturan page's live preview."""
    from caseapp import i18n
    from caseapp.letters.kop import render_letterhead_sample
    from caseapp.services import clock

    head = letterhead_of(session, s)
    date_line = ", ".join(p for p in (head.city or _("(kota belum diisi)"), i18n.format_date(clock.now().date())) if p)
    return render_letterhead_sample(head, s.paper if s.paper in PAPER_SIZES else "A4", date_line)
