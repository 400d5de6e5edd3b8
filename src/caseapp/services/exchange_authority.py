"""The exchange's authority and access checks, applied by ``services.exchange`` before anything is planned.

- ``check_records``: every case record of a data bundle against the rules of ``domain.exchange_authority``, with
  what the store records about each case (owner, hand-over, what was exchanged with the sender);
- ``require_visible`` / ``visible`` / ``first_hidden``: the rule that decides whether a user may open a case (``services.cases``),
  applied to every exchange service that returns or writes case content (exports, import previews, conflicts).
"""

from __future__ import annotations

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import PermissionDenied
from caseapp.domain.exchange_authority import HeldCase, IncomingRecord, decide, printable
from caseapp.i18n import _
from caseapp.services.session import Session
from caseapp.store import case_custody_repo, cases_repo


def check_records(session: Session, sender: str, scope: str, records: list[dict], known: set[str]) -> dict[str, str]:
    """The verdict for each case record (by uuid), or the first record's ``AuthorityRefused``.

    ``records`` may be the whole bundle or one batch of it (the import checks a batch at a time, in bundle order);
    ``known``: which of their uuids this store holds. Records that are not well-formed case records are left to
    the import, which refuses them with its own message.
    """
    me = session.office.code
    uuids = [r.get("uuid") for r in records if isinstance(r.get("uuid"), str) and r.get("uuid") in known]
    held = case_custody_repo.custody(session.db.conn, sender, uuids)
    verdicts: dict[str, str] = {}
    for record in records:
        u = record.get("uuid")
        if record.get("type") != "case" or not isinstance(u, str):
            continue
        document = record.get("document")
        number = printable(document.get("case_number") if isinstance(document, dict) else None, printable(u[:8]))
        owner = record.get("owner_office") or sender
        incoming = IncomingRecord(u, number, owner if isinstance(owner, str) else "?", bool(record.get("transfer")),
                                  scope == "deidentified")
        row = held.get(u)
        case = None if row is None else HeldCase(row.case_number, row.owner_office, row.read_only,
                                                 row.handed_over_to, row.exchanged_with_peer,
                                                 row.handed_over_by_peer)
        verdicts[u] = decide(me, sender, incoming, case)
    return verdicts


def visible(session: Session, stored) -> bool:
    """Whether the user may open this stored case: the rule ``case show`` applies."""
    from caseapp.services.cases import _can_view

    return _can_view(session, stored)


def first_hidden(session: Session, uuids) -> str | None:
    """The first of these cases held here that the user may not open (in the order given), else None; no audit."""
    if session.user.can(Permission.VIEW_ALL_CASES):
        return None
    conn = session.db.conn
    for u in uuids:
        stored = cases_repo.get_case(conn, u)
        if stored is not None and not visible(session, stored):
            return u
    return None


def require_visible(session: Session, uuids) -> None:
    """PermissionDenied (exit 4) unless the user may open every one of these cases held here."""
    if session.user.can(Permission.VIEW_ALL_CASES):
        return
    conn = session.db.conn
    for u in uuids:
        stored = cases_repo.get_case(conn, u)
        if stored is not None and not visible(session, stored):
            session.audit("case_access_denied", "case", stored.uuid)
            raise PermissionDenied(_("Anda tidak berwenang membuka kasus {number}, sehingga tidak dapat mengirim, "
                                     "menerima, atau melihat isinya lewat pertukaran data.").format(
                number=stored.case_number))
