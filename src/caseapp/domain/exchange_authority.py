"""Who may create, change, hand over and hand back a case through an imported bundle (pure rules).

Trusting an office card means "this bundle really comes from that office", not "that office may change any case it
can name". Every case record of a data bundle is judged here, with what this office knows about the case, before
anything is planned or written; the first record that breaks a rule refuses the whole bundle with that rule's own
error (its own exit code and message, naming the case). The table is in ``docs/exchange.md`` ("Authority rules").

Words used below, seen from the receiving office (``me``):

- *sender*: the office that signed the bundle (a trusted card); *record owner*: the ``owner_office`` the record names;
- *hand-over to me*: a record with ``transfer`` whose owner is this office (``bundle export --transfer``);
- *holder* of a case held here: the office it was handed over to while this office's copy is read-only after a
  hand-over, else its owner office;
- *exchanged with the sender*: this office sent the case to the sender in a full bundle, or received it from the
  sender (a merge base or a not yet acknowledged sent copy exists for that office);
- *handed over by the sender*: the sender once handed (or handed back) this case to this office; it keeps only a
  read-only copy and may not change the case any more.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseapp.domain.errors import CaseappError
from caseapp.i18n import _

# Verdicts of ``decide`` for a record that may be imported.
CREATE = "create"          # a case new here, sent by its owner
HAND_OVER = "handover"     # the sender hands the case to this office (new here, or a copy the sender owns)
HAND_BACK = "handback"     # the office this case was handed to gives it back
UPDATE = "update"          # a change from the case's holder (or, for this office's own case, from a peer holding it)


@dataclass(frozen=True)
class HeldCase:
    """What this office's store records about a case it already holds."""

    number: str
    owner: str
    read_only: bool
    handed_over_to: str | None
    exchanged_with_sender: bool
    handed_over_by_sender: bool = False  # the sender once handed (or handed back) this case to this office

    @property
    def holder(self) -> str:
        return self.handed_over_to if self.read_only and self.handed_over_to else self.owner


@dataclass(frozen=True)
class IncomingRecord:
    """The parts of a bundle's case record the rules look at (``number``: the record's own case number)."""

    uuid: str
    number: str
    owner: str
    transfer: bool
    deidentified: bool


def printable(value: object, fallback: str = "?", limit: int = 40) -> str:
    """A value from a foreign record made safe to print in one message line."""
    if isinstance(value, str) and value and len(value) <= limit and value.isprintable():
        return value
    return fallback


class AuthorityRefused(CaseappError):
    """A trusted sender tried to change a case it has no authority over; nothing was imported."""

    exit_code = 60
    rule = ""

    def __init__(self, message: str, *, case_uuid: str):
        super().__init__(message)
        self.case_uuid = case_uuid


class HandBackRefused(AuthorityRefused):
    """A hand-back from an office this case was not handed to, or of a case this office never handed over."""

    exit_code = 60
    rule = "handback"


class ReadOnlyCopyRefused(AuthorityRefused):
    """A read-only copy changed by an office other than the one holding the case."""

    exit_code = 61
    rule = "read_only_copy"


class ThirdOfficeTransferRefused(AuthorityRefused):
    """A hand-over of a case held here whose owner is neither the sender nor this office."""

    exit_code = 62
    rule = "third_office_transfer"


class NeverSentRefused(AuthorityRefused):
    """A change to this office's own case from an office it never sent that case to."""

    exit_code = 63
    rule = "never_sent"


class NotOwnerRefused(AuthorityRefused):
    """A change to another office's case (an editable copy held here) from an office that does not own it."""

    exit_code = 64
    rule = "not_owner"


class FormerHolderRefused(AuthorityRefused):
    """A change to this office's own case from the office that handed it over to this office."""

    exit_code = 67
    rule = "former_holder"


class ForeignOwnerRefused(AuthorityRefused):
    """A record naming as its owner an office that is neither the sender nor (for its own case) this office."""

    exit_code = 65
    rule = "foreign_owner"


class DeidentifiedRefused(AuthorityRefused):
    """De-identified data sent to change a case held here in full, or to hand a case over."""

    exit_code = 66
    rule = "deidentified"


def decide(me: str, sender: str, record: IncomingRecord, held: HeldCase | None) -> str:
    """The verdict for one record (CREATE, HAND_OVER, HAND_BACK, UPDATE), or the rule's AuthorityRefused."""
    hand_over = record.transfer and record.owner == me
    number = held.number if held is not None else record.number
    owner = printable(record.owner)
    if hand_over and record.deidentified:
        raise DeidentifiedRefused(_(
            "Kasus {number}: paket dari {sender} melimpahkan kasus dengan data tanpa identitas. Pelimpahan selalu "
            "memerlukan data lengkap. Paket tidak diimpor.").format(number=number, sender=sender),
            case_uuid=record.uuid)
    if held is None:
        if hand_over:
            return HAND_OVER
        if record.owner != sender:
            raise ForeignOwnerRefused(_(
                "Kasus {number}: rekaman dari {sender} menyebut kantor {owner} sebagai pemilik. Sebuah kantor hanya "
                "dapat mengirim kasus miliknya sendiri, kecuali saat menyerahkan kembali kasus yang dilimpahkan "
                "kepadanya. Paket tidak diimpor.").format(number=number, sender=sender, owner=owner),
                case_uuid=record.uuid)
        return CREATE
    if hand_over:
        if held.read_only and held.handed_over_to:
            if held.handed_over_to == sender:
                return HAND_BACK
            raise HandBackRefused(_(
                "Kasus {number}: penyerahan kembali dari {sender} ditolak. Kantor ini melimpahkan kasus ini ke "
                "{holder}, bukan ke {sender}; hanya kantor penerima pelimpahan yang dapat menyerahkannya kembali. "
                "Paket tidak diimpor.").format(number=number, sender=sender, holder=held.handed_over_to),
                case_uuid=record.uuid)
        if held.owner == me:
            raise HandBackRefused(_(
                "Kasus {number}: penyerahan kembali dari {sender} ditolak. Kasus ini milik kantor ini dan tidak "
                "pernah dilimpahkan ke {sender}. Paket tidak diimpor.").format(number=number, sender=sender),
                case_uuid=record.uuid)
        if held.owner != sender:
            raise ThirdOfficeTransferRefused(_(
                "Kasus {number}: pelimpahan dari {sender} ditolak. Kasus ini milik kantor {owner}; sebuah kantor "
                "tidak dapat melimpahkan kasus milik kantor lain. Paket tidak diimpor.").format(
                number=number, sender=sender, owner=held.owner), case_uuid=record.uuid)
        return HAND_OVER
    if record.owner not in (sender, me):
        raise ForeignOwnerRefused(_(
            "Kasus {number}: rekaman dari {sender} menyebut kantor {owner} sebagai pemilik. Sebuah kantor hanya "
            "dapat mengirim kasus miliknya sendiri, kecuali saat menyerahkan kembali kasus yang dilimpahkan "
            "kepadanya. Paket tidak diimpor.").format(number=number, sender=sender, owner=owner),
            case_uuid=record.uuid)
    if record.deidentified and (not held.read_only or held.handed_over_to):
        # De-identified data replaces only a de-identified (read-only, never handed over) copy.
        raise DeidentifiedRefused(_(
            "Kasus {number}: data tanpa identitas dari {sender} tidak dapat mengubah kasus yang tersimpan lengkap "
            "di kantor ini. Paket tidak diimpor.").format(number=number, sender=sender), case_uuid=record.uuid)
    if held.read_only:
        if sender != held.holder:
            raise ReadOnlyCopyRefused(_(
                "Kasus {number}: perubahan dari {sender} ditolak. Salinan baca-saja ini hanya dapat diubah oleh "
                "kantor {holder}, yang memegang kasus ini. Paket tidak diimpor.").format(
                number=number, sender=sender, holder=held.holder), case_uuid=record.uuid)
        return UPDATE
    if held.owner == me:
        if held.handed_over_by_sender:
            raise FormerHolderRefused(_(
                "Kasus {number}: perubahan dari {sender} ditolak. Kantor {sender} telah melimpahkan kasus ini ke "
                "kantor ini, sehingga tidak dapat lagi mengubahnya. Paket tidak diimpor.").format(
                number=number, sender=sender), case_uuid=record.uuid)
        if not held.exchanged_with_sender:
            raise NeverSentRefused(_(
                "Kasus {number}: perubahan dari {sender} ditolak. Kasus ini milik kantor ini dan tidak pernah "
                "dikirim ke {sender}. Paket tidak diimpor.").format(number=number, sender=sender),
                case_uuid=record.uuid)
        return UPDATE
    if held.owner != sender:
        raise NotOwnerRefused(_(
            "Kasus {number}: perubahan dari {sender} ditolak. Kasus ini milik kantor {owner} dan hanya dapat diubah "
            "melalui kantor tersebut. Paket tidak diimpor.").format(number=number, sender=sender, owner=held.owner),
            case_uuid=record.uuid)
    return UPDATE


_PEOPLE = ("victims", "perpetrators", "reporters", "child_witnesses")


def _uuids(items: object) -> set:
    if not isinstance(items, list):
        return set()
    return {i.get("uuid") for i in items if isinstance(i, dict) and isinstance(i.get("uuid"), str)}


def additions(local: dict, remote: dict) -> dict[str, int]:
    """How many people and notes ``remote`` adds to the case ``local`` (items matched by uuid); only non-zero kinds.

    An import shows these in its preview and its report: a bundle never adds a person or a note to a case held here
    without saying so.
    """
    people = sum(len(_uuids(remote.get(k)) - _uuids(local.get(k))) for k in _PEOPLE)
    notes = len(_uuids(remote.get("notes")) - _uuids(local.get("notes")))
    return {k: n for k, n in (("people", people), ("notes", notes)) if n}
