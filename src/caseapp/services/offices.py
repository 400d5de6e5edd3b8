"""This office's signing/encryption identity and the directory of trusted offices."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from caseapp.atomic import atomic_write_bytes, writing_to
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity
from caseapp.domain.accounts import Permission
from caseapp.domain.errors import CaseappError, NotFound, ValidationError
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import exchange_repo
from caseapp.store.exchange_repo import TrustedOfficeRow


class FingerprintMismatch(CaseappError):
    exit_code = 53


@dataclass(frozen=True)
class TrustedOffice:
    code: str
    name: str
    level: str
    fingerprint: str
    default_scope: str
    trusted_at: str
    card: OfficeCard


def _normalize_fp(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def ensure_identity(session: Session) -> OfficeIdentity:
    """The office's current identity, created on first use inside the encrypted store."""
    rows = exchange_repo.identities(session.db.conn)
    if rows:
        return OfficeIdentity.from_private_dict(rows[0][0])
    office = session.office
    identity = OfficeIdentity.generate(office.code, office.name, office.level.value)
    with session.db.transaction() as c:
        if exchange_repo.identities(c):  # created meanwhile
            return OfficeIdentity.from_private_dict(exchange_repo.identities(c)[0][0])
        exchange_repo.add_identity(c, identity.key_id, identity.to_private_dict(), identity.card().to_bytes(), clock.timestamp())
        session.audit("office_identity_created", "office_key", identity.key_id, conn=c)
    return identity


def all_identities(session: Session) -> list[OfficeIdentity]:
    """Current identity first, then earlier ones (to open bundles addressed to a rotated-out key)."""
    ensure_identity(session)
    return [OfficeIdentity.from_private_dict(p) for p, _card, _cur in exchange_repo.identities(session.db.conn)]


def own_card(session: Session) -> OfficeCard:
    return ensure_identity(session).card()


def export_card(session: Session, path: Path) -> OfficeCard:
    card = own_card(session)
    with writing_to(Path(path)):
        atomic_write_bytes(Path(path), card.to_bytes(), mode=0o644)
    session.audit("office_card_exported", "office_key", card.key_id)
    return card


def read_card(path: Path) -> OfficeCard:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise NotFound(_("Berkas kartu kantor tidak dapat dibaca.")) from None
    return OfficeCard.from_bytes(data)


def trust_card(session: Session, card: OfficeCard, confirmed_fingerprint: str, *, default_scope: str | None = None) -> TrustedOffice:
    """Trust another office only after its fingerprint was confirmed (read aloud by phone)."""
    session.require(Permission.EXCHANGE_DATA)
    if not hmac.compare_digest(_normalize_fp(confirmed_fingerprint), _normalize_fp(card.fingerprint())):
        raise FingerprintMismatch(
            _("Sidik jari yang dikonfirmasi tidak cocok dengan kartu kantor ini. Jangan percayai kartu ini; hubungi kantor tersebut.")
        )
    if card.code == session.office.code:
        raise ValidationError(_("Kartu ini milik kantor Anda sendiri."), field="card")
    existing = exchange_repo.trusted_office(session.db.conn, card.code)
    if existing is not None and existing.key_id != card.key_id and card.previous_key_id == existing.key_id:
        card.verify_rotation(OfficeCard.from_bytes(existing.card))
    if default_scope is None:
        default_scope = existing.default_scope if existing else _default_scope_for(session, card)
    if default_scope not in ("full", "deidentified"):
        raise ValidationError(_("Cakupan harus 'full' atau 'deidentified'."), field="scope")
    row = TrustedOfficeRow(card.code, card.name, card.level, card.to_bytes(), card.key_id, card.fingerprint(),
                           default_scope, clock.timestamp())
    with session.db.transaction() as c:
        exchange_repo.upsert_trusted(c, row, session.user.id)
        session.audit("office_trusted", "office", card.code, conn=c)
    return _trusted(row)


def _default_scope_for(session: Session, card: OfficeCard) -> str:
    """Full records up and down one's own line (district ↔ its province), de-identified to anyone else."""
    mine, theirs = session.office.code, card.code
    related = mine.startswith(theirs + ".") or theirs.startswith(mine + ".")
    return "full" if related else "deidentified"


def _trusted(row: TrustedOfficeRow) -> TrustedOffice:
    return TrustedOffice(row.code, row.name, row.level, row.fingerprint, row.default_scope, row.trusted_at,
                         OfficeCard.from_bytes(row.card))


def trusted_offices(session: Session) -> list[TrustedOffice]:
    return [_trusted(r) for r in exchange_repo.trusted_offices(session.db.conn)]


def trusted_office(session: Session, code: str) -> TrustedOffice:
    row = exchange_repo.trusted_office(session.db.conn, code)
    if row is None:
        raise NotFound(_("Kantor {code} belum ada di daftar kantor tepercaya.").format(code=code))
    return _trusted(row)


def trusted_cards(session: Session) -> list[OfficeCard]:
    """Current and earlier cards of every trusted office (bundles signed before a rotation still verify)."""
    conn = session.db.conn
    return [OfficeCard.from_bytes(r.card) for r in exchange_repo.trusted_offices(conn)] + [
        OfficeCard.from_bytes(b) for b in exchange_repo.old_cards(conn)]


def rotate_keys(session: Session) -> OfficeCard:
    session.require(Permission.EXPORT_KEYS)
    old = ensure_identity(session)
    new, card = old.rotate()
    with session.db.transaction() as c:
        exchange_repo.add_identity(c, new.key_id, new.to_private_dict(), card.to_bytes(), clock.timestamp())
        session.audit("office_keys_rotated", "office_key", new.key_id, conn=c)
    return card


def export_private_keys(session: Session, folder: Path) -> list[Path]:
    """For the emergency recovery kit: standard minisign and age key files. Audited; admins only."""
    session.require(Permission.EXPORT_KEYS)
    identity = ensure_identity(session)
    folder = Path(folder)
    with writing_to(folder / "x"):
        folder.mkdir(parents=True, exist_ok=True)
    files = {
        "office.minisign.pub": (identity.export_minisign_public_key(), 0o644),
        "office.minisign.key": (identity.export_minisign_secret_key(), 0o600),
        "office.age.key": (identity.export_age_identity(), 0o600),
        "office.card.json": (identity.card().to_bytes().decode("utf-8"), 0o644),
    }
    written = []
    for name, (text, mode) in files.items():
        path = folder / name
        with writing_to(path):
            atomic_write_bytes(path, text.encode("utf-8"), mode=mode)
        written.append(path)
    session.audit("office_keys_exported", "office_key", identity.key_id)
    return written
