"""Office-to-office exchange: export a signed, encrypted bundle; import it (preview, merge, receipt).

Import order: signature and sender trust → sequence (replay, sequence 0, a jump beyond the window and a broken
`prev` chain refused; gaps reported as ranges) → decrypt and read within the limits of format_v1 → inner manifest
against the signature → every record's v1 shape and attachments (local rules) → plan (new / updated /
conflicting) → apply in ONE transaction → signed receipt for the sender. Importing a receipt marks the export
acknowledged and makes what was sent the merge base for the next exchange.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import json
import os
import queue
import sys
import threading
import uuid as uuidlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator

import orjson

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.errors import (BundleCancelled, BundleError, BundleFieldTooLong, BundleForked,
                                    BundleMalformedRecord, BundleReplayed, BundleSequenceInvalid, BundleSequenceTooFar,
                                    BundleWrongRecipient)
from caseapp.bundles.reader import inspect_bundle, open_bundle
from caseapp.bundles.writer import BundleWriter
from caseapp.atomic import writing_to
from caseapp.cancel import is_cancelled
from caseapp.domain.accounts import Permission
from caseapp.domain.case_json import case_from_json, case_to_json
from caseapp.domain.deidentify import deidentify_case_document
from caseapp.domain.entry_limits import TextTooLong, sanitized_file_name
from caseapp.domain.errors import CaseappError, NotFound, ValidationError
from caseapp.domain.exchange_authority import AuthorityRefused, additions
from caseapp.domain.merge import (comparable, decode_value, encode_value, set_at_path, shares_content,
                                  three_way_merge)
from caseapp.domain.sequence_gaps import SequenceGaps
from caseapp.i18n import _
from caseapp.services import clock, exchange_authority
from caseapp.services.cases import _record
from caseapp.services.offices import all_identities, ensure_identity, trusted_cards, trusted_office
from caseapp.services.session import Session
from caseapp.store import audit_log, case_custody_repo, cases_repo, exchange_repo

Progress = Callable[[int, int], None]


class ImportRefused(CaseappError):
    exit_code = 54


class ReceiptNotWritten(CaseappError):
    """The bundle was imported, but its receipt file could not be written (e.g. the stick was pulled)."""

    exit_code = 55


# --- export ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    path: Path
    peer: str
    sequence: int
    bundle_hash: str
    case_count: int
    attachment_count: int
    scope: str
    transfer: bool
    fingerprint: str


def _document(stored) -> dict:
    return json.loads(stored.document)


@dataclass(frozen=True)
class _ExportRow:
    uuid: str
    document: dict
    version: int
    owner_office: str


EXPORT_BATCH = 500  # cases read from the store at a time: an export holds one batch of documents, not all


class _StreamedRows:
    """Rows read from the store in batches while they are iterated (once); ``len`` is how many are read at most.

    The first batch is read at once, like the whole list before issue 16: a small export reads every case here.
    """

    def __init__(self, count: int, rows: Iterator[_ExportRow]):
        self._count = count
        self._rows = itertools.chain(list(itertools.islice(rows, EXPORT_BATCH)), rows)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[_ExportRow]:
        return self._rows


def _export_rows(session: Session, peer: str, peer_level: str, uuids: list[str] | None) -> _StreamedRows:
    """Cases to send: the chosen ones, or everything the peer should hold that changed since it acknowledged.

    Read in batches as they are consumed: an export holds one batch of documents at a time, not every case.
    """
    conn = session.db.conn
    me = session.office.code
    if uuids is not None:
        def chosen() -> Iterator[_ExportRow]:
            for i in range(0, len(uuids), EXPORT_BATCH):
                for r in exchange_repo.export_rows(conn, peer, uuids=uuids[i:i + EXPORT_BATCH]):
                    yield _ExportRow(r[0], orjson.loads(r[1]), r[2], r[3])
        return _StreamedRows(len(uuids), chosen())
    owned = me if peer_level == "provinsi" and me.startswith(peer + ".") else None
    # Nothing changed since an export found nothing to send: nothing to send now either (a few index lookups).
    state = exchange_repo.quiet_state(conn, peer, owned)
    if state is not None and exchange_repo.quiet_mark(conn, peer) == state:
        return _StreamedRows(0, iter(()))
    # Which cases could need sending, from indexes; only their documents are read.
    candidates = [u for u, read_only, handed_to in exchange_repo.export_candidates(conn, peer, owned_by=owned)
                  if not read_only or handed_to == peer]  # a case handed over elsewhere is not ours to send

    def changed() -> Iterator[_ExportRow]:
        found = 0
        for i in range(0, len(candidates), EXPORT_BATCH):
            for u, text, version, owner, _read_only, _handed_to, base_text, base_is_this_version in \
                    exchange_repo.export_rows(conn, peer, uuids=candidates[i:i + EXPORT_BATCH]):
                if base_is_this_version:
                    continue  # saved back to this very version since the first pass
                doc = orjson.loads(text)
                if base_text is None or comparable(orjson.loads(base_text)) != comparable(doc):
                    found += 1
                    yield _ExportRow(u, doc, version, owner)
        if not found and state is not None:
            with session.db.transaction() as c:
                exchange_repo.set_quiet_mark(c, peer, state)
    return _StreamedRows(len(candidates), changed())


def _cyclic_gc_paused(fn):
    """Run ``fn`` with Python's cyclic garbage collector paused.

    An export or import of thousands of cases builds hundreds of thousands of small, acyclic objects; the cyclic
    collector would scan them again and again (about a tenth of an import's time). Reference counting still frees
    everything as usual; the collector resumes when the work ends, also on error.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return wrapper


def _pending_rows(c, sent: list[tuple[str, int, str | None]], writer: BundleWriter,
                  conflicted: dict[str, str], unchanged: bool = False) -> list[tuple[str, int, str | None]]:
    """The pending bases of an export, by reference where the case still has the version that was read.

    The rows were read before the export's transaction; a case saved in between gets the text that was sent,
    read back from the bundle just written (there the shared document; a case with open conflicts sent the peer's
    values, so its shared text is kept in ``conflicted``). ``unchanged``: no case row changed since before the
    rows were read (``exchange_repo.case_change_stamp``), so every case still has the version that was read.
    """
    if unchanged:
        return sent
    versions = exchange_repo.case_versions(c, [u for u, _v, doc in sent if doc is None])
    moved = {u for u, v, doc in sent if doc is None and versions.get(u) != v}
    documents = {u: conflicted[u] for u in moved if u in conflicted}
    if moved - documents.keys():
        for line in writer.record_lines():
            record = orjson.loads(line)
            if record["uuid"] in moved and record["uuid"] not in documents:
                documents[record["uuid"]] = fmt.canonical_document(record["document"]).decode("utf-8")
    return [(u, v, documents[u]) if u in moved else (u, v, doc) for u, v, doc in sent]


@_cyclic_gc_paused
def export_bundle(session: Session, peer: str, out_path: Path, *, case_refs: list[str] | None = None,
                  deidentified: bool | None = None, transfer: bool = False, progress: Progress | None = None,
                  cancel: Any = None) -> ExportResult:
    """Write a bundle for ``peer`` atomically; on any failure no file is left and nothing is recorded."""
    session.require(Permission.EXCHANGE_DATA)
    target = trusted_office(session, peer)
    identity = ensure_identity(session)
    conn = session.db.conn
    if transfer and not case_refs:
        raise ValidationError(_("Pelimpahan kasus harus menyebut kasus yang dilimpahkan (--cases)."), field="cases")
    chosen = None
    if case_refs:
        chosen = []
        for ref in case_refs:
            u = cases_repo.resolve_case_ref(conn, ref)
            if u is None:
                raise NotFound(_("Kasus {ref} tidak ditemukan.").format(ref=ref))
            chosen.append(u)
    stamp = exchange_repo.case_change_stamp(conn)  # before any row is read: see _pending_rows
    rows = _export_rows(session, peer, target.level, chosen)
    total = len(rows)
    scope = ("deidentified" if deidentified else "full") if deidentified is not None else target.default_scope
    if transfer and scope != "full":
        raise ValidationError(_("Pelimpahan kasus memerlukan data lengkap, bukan data tanpa identitas."), field="scope")
    last_seq, last_hash = exchange_repo.last_out(conn, peer)
    seq = last_seq + 1
    _head_seq, head = audit_log.head(conn, session.office.db_id)
    writer = BundleWriter(identity, target.card, seq, last_hash, "data", scope=scope, transfer=transfer, audit_head=head)
    sent: list[tuple[str, int, str | None]] = []  # (uuid, version, None: the next merge base is the case as stored)
    with_attachments = cases_repo.cases_with_attachments(conn) if scope == "full" else set()
    open_conflict_rows: dict[str, list] = {}
    for row in exchange_repo.open_conflicts(conn):
        if row.peer == peer:
            open_conflict_rows.setdefault(row.case_uuid, []).append(row)
    conflicted: dict[str, str] = {}
    attachment_count = 0
    for i, row in enumerate(rows):
        if is_cancelled(cancel):
            raise BundleCancelled()
        exchange_authority.require_visible(session, [row.uuid])
        u, doc = row.uuid, row.document
        shared = comparable(doc)
        out_doc = deidentify_case_document(doc) if scope == "deidentified" else shared
        out_doc.pop("assigned_officers", None)
        conflicts = open_conflict_rows.get(u, [])
        for conflict in conflicts:
            # An unresolved conflict is not a decision: the peer keeps seeing its own value until a person chooses.
            out_doc = set_at_path(out_doc, conflict.path, decode_value(conflict.remote_value))
        out_bytes = fmt.canonical_document(out_doc)
        attachments = []
        if u in with_attachments:
            for _id, name, mime, sha, desc, created, data in cases_repo.attachments_with_data(conn, u):
                writer.add_attachment(data)
                attachments.append({"sha256": sha, "file_name": name, "mime_type": mime, "description": desc,
                                    "created_at": created})
                attachment_count += 1
        writer.add_record_line(fmt.case_record_line(
            uuid=u, document=out_bytes, origin_office=session.office.code,
            owner_office=peer if transfer else row.owner_office, transfer=transfer, attachments=attachments))
        # The next merge base is the shared document as stored at this version (by reference), also when open
        # conflicts put the peer's values into what was sent: those stay undecided, not agreed (the shared text
        # of such a case is kept, for a case saved again before the export's transaction: see _pending_rows).
        sent.append((u, row.version, None))
        if conflicts and scope == "full":
            conflicted[u] = fmt.canonical_document(shared).decode("utf-8")
        if progress and (i % 200 == 0 or i == total - 1):
            progress(i + 1, total * 2)
    out_path = Path(out_path)
    byte_progress = None
    if progress:
        byte_progress = lambda done, size: progress(total + int(total * done / max(size, 1)), total * 2)  # noqa: E731
    with session.db.transaction() as c:
        with writing_to(out_path):
            written = writer.write_atomic(out_path, progress=byte_progress, cancel=cancel)
        try:
            exchange_repo.record_out(c, peer=peer, seq=seq, bundle_hash=written.bundle_hash, file_name=out_path.name,
                                     case_count=len(sent), scope=scope, transfer=transfer, now=clock.timestamp(),
                                     user_id=session.user.id)
            if scope == "full":
                unchanged = exchange_repo.case_change_stamp(c) == stamp
                exchange_repo.add_pending_many(c, peer, seq, _pending_rows(c, sent, writer, conflicted, unchanged))
            if transfer:
                for u, _v, _d in sent:
                    stored = cases_repo.get_case(c, u)
                    cases_repo.set_owner(c, u, stored.owner_office, read_only=True, handed_over_to=peer)
                    session.audit("case_handed_over", "case", u, conn=c)
            session.audit("bundle_exported", "bundle", written.bundle_hash, conn=c)
        except BaseException:
            out_path.unlink(missing_ok=True)
            raise
    return ExportResult(out_path, peer, seq, written.bundle_hash, len(sent), attachment_count, scope, transfer,
                        identity.card().fingerprint())


# --- import ---------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class CasePlan:
    """What importing one record does to the case. Once the case is applied (or, for a preview, planned), the plan
    keeps only what the result, the receipt and the screens show (``lighten``): not the documents."""

    uuid: str
    action: str                      # "new", "update", "conflict", "unchanged", "handback"
    document: dict | None            # what the local case becomes (None once lightened)
    remote: dict | None              # the record's document (None once lightened)
    owner_office: str
    read_only: bool
    conflicts: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    parsed: Any = None               # the validated remote Case, reused when it is stored as is
    handed_over_to: str | None = None  # kept for a read-only copy this office handed over (updated by its holder)
    case_number: str = ""            # the local number of a case held here
    added: dict = field(default_factory=dict)  # people, notes, attachments the bundle adds to a case held here
    attachment_count: int = 0        # how many attachment entries the record has (kept when lightened)

    def lighten(self) -> None:
        """Drop the documents and attachment entries: what is left is a few short strings and counts per case."""
        self.document = self.remote = self.parsed = None
        self.attachment_count = len(self.attachments) if isinstance(self.attachments, list) else 0
        self.attachments = _NO_ITEMS
        if not self.conflicts:
            self.conflicts = _NO_ITEMS
        if not self.added:
            self.added = _NOTHING_ADDED


_NO_ITEMS: Any = ()  # shared by lightened plans (immutable: a shared empty list could be appended to)
_NOTHING_ADDED: Any = MappingProxyType({})


@dataclass
class ImportPlan:
    kind: str
    sender: str
    sequence: int
    bundle_hash: str
    scope: str
    transfer: bool
    gaps: SequenceGaps  # earlier bundles from the sender not received yet, as ranges
    cases: list[CasePlan]
    audit_head: str | None
    acknowledged: tuple[int, str] | None = None
    previous_hash: str | None = None  # the bundle's `prev`, kept to check the chain when a gap is filled later

    def __post_init__(self) -> None:
        if not isinstance(self.gaps, SequenceGaps):  # a plain list of numbers is accepted too
            self.gaps = SequenceGaps.of_numbers(self.gaps)

    def count(self, action: str) -> int:
        return sum(1 for c in self.cases if c.action == action)

    def summary(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("new", "update", "conflict", "unchanged", "handback")}

    def additions(self) -> list[CasePlan]:
        """The cases held here to which this bundle adds people, notes or attachments (shown, never silent)."""
        return [c for c in self.cases if c.added]


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    receipt_path: Path | None


def _check_sequence(session: Session, info) -> SequenceGaps:
    """Replay, numbering and chain of a bundle, from its signed header (before anything is decrypted).

    Sequence numbers start at 1; a data bundle may be at most ``fmt.SEQUENCE_WINDOW`` ahead of the last one received
    from its sender; its ``prev`` must name the bundle received under the number before (the genesis hash for no. 1),
    and the bundle received under the number after, if any, must name this one. Returns the earlier numbers still
    missing, as ranges: the work follows the bundles received, never the numbers skipped.
    """
    conn = session.db.conn
    if exchange_repo.in_hash_known(conn, info.bundle_hash):
        raise BundleReplayed()
    header = info.header
    kind, sender, seq = header.kind, header.sender_code, header.sequence
    if seq < 1:
        raise BundleSequenceInvalid()
    seen = exchange_repo.in_seqs(conn, sender, kind)
    if seq in seen:
        raise BundleReplayed(_("Paket no. {n} dari kantor ini sudah pernah diterima; paket ini adalah pengulangan dan ditolak.").format(
            n=seq))
    if kind != "data":
        return SequenceGaps()
    last = max(seen, default=0)
    if seq > last + fmt.SEQUENCE_WINDOW:
        raise BundleSequenceTooFar(_(
            "Nomor urut paket ({n}) melompat terlalu jauh: paket terakhir yang diterima dari {code} bernomor {last}, "
            "dan nomor berikutnya paling tinggi {most}. Paket tidak diimpor; hubungi kantor pengirim.").format(
            n=seq, code=sender, last=last, most=last + fmt.SEQUENCE_WINDOW))
    before = exchange_repo.in_chain_at(conn, sender, kind, seq - 1) if seq > 1 else None
    expected_prev = fmt.GENESIS_HASH if seq == 1 else (before[0] if before else None)
    after = exchange_repo.in_chain_at(conn, sender, kind, seq + 1) if seq + 1 in seen else None
    if (expected_prev is not None and header.previous_hash != expected_prev) or \
            (after is not None and after[1] is not None and after[1] != info.bundle_hash):
        raise BundleForked(_(
            "Paket no. {n} dari {code} tidak bersambung dengan paket yang sudah diterima dari kantor itu (rantai "
            "paket bercabang). Paket tidak diimpor. Hubungi kantor pengirim: mungkin ada paket palsu, atau "
            "aplikasinya dipulihkan dari cadangan lama.").format(n=seq, code=sender))
    return SequenceGaps.missing_before(seen, seq)


def _validate_remote(document: dict, where: str):
    try:
        return case_from_json(document, today=dt.date.today() + dt.timedelta(days=2), region_exists=lambda _c: True)
    except TextTooLong as exc:  # longer than local entry allows for that field
        raise BundleFieldTooLong(where=where, field=exc.field, limit=exc.limit) from None
    except ValidationError as exc:
        raise ImportRefused(_("Rekaman {where} di dalam paket tidak valid ({field}). Paket tidak diimpor.").format(
            where=where, field=exc.field or "?")) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
        raise BundleMalformedRecord() from None  # a shape the case rules did not foresee: still a bundle error


def _unknown_record() -> ImportRefused:
    return ImportRefused(_("Paket berisi rekaman yang tidak dikenal. Paket tidak diimpor."))


def _checked_case_record(record: dict) -> tuple[str, dict]:
    """The uuid and document of a case record (format v1: its fields, their types, its attachment entries), or a
    BundleError naming what is wrong; ImportRefused when the document names another case than the record."""
    fmt.check_case_record(record)
    u = record["uuid"]
    remote = record["document"]
    if remote.get("uuid") != u:
        raise _unknown_record()
    return u, remote


def _transfer_to(record: dict, me: str) -> bool:
    return bool(record.get("transfer")) and record.get("owner_office") == me


def _new_owner(record: dict, me: str, sender: str) -> str:
    """Who owns a case this store does not hold yet: this office when it is handed over to it, else its owner."""
    return me if _transfer_to(record, me) else str(record.get("owner_office") or sender)


def _plan_case(session: Session, record: dict, sender: str, scope: str, known: set[str] | None = None,
               parsed: Any = None) -> CasePlan:
    """``known``: the uuids among the bundle's cases that this store holds (looked up once for the whole bundle);
    ``parsed``: the record's document already validated (``_check_record`` checked this very record and its
    document), else the record is checked and its document validated here."""
    conn = session.db.conn
    me = session.office.code
    if parsed is None:
        u, remote = _checked_case_record(record)
        parsed = _validate_remote(remote, u[:8])
    else:
        u, remote = record["uuid"], record["document"]
    transfer_to_me = _transfer_to(record, me)
    owner = _new_owner(record, me, sender)
    read_only = scope == "deidentified"
    stored = cases_repo.get_case(conn, u) if known is None or u in known else None
    attachments = record.get("attachments") or []
    if stored is None:
        return CasePlan(u, "new", remote, remote, owner, read_only, attachments=attachments, parsed=parsed)
    local = comparable(_document(stored))
    added = additions(local, remote)
    hashes = {a.get("sha256") for a in attachments if isinstance(a, dict) and isinstance(a.get("sha256"), str)} \
        if isinstance(attachments, list) and scope == "full" else set()
    new_attachments = len(hashes - cases_repo.attachment_hashes(conn, u)) if hashes else 0
    if new_attachments:
        added["attachments"] = new_attachments
    if stored.read_only and (transfer_to_me or scope == "deidentified" or stored.handed_over_to == sender):
        # A source copy is replaced whole; a case handed over to the sender and now returned comes back. A copy
        # this office handed over stays read-only when the office holding it now sends a newer version.
        action = "handback" if transfer_to_me else ("unchanged" if local == comparable(remote) else "update")
        kept = None if transfer_to_me else stored.handed_over_to
        return CasePlan(u, action, remote, remote, owner, (read_only or kept is not None) and not transfer_to_me,
                        attachments=attachments, handed_over_to=kept, case_number=stored.case_number,
                        added=added if action != "unchanged" else {})
    base = exchange_repo.sync_base(conn, sender, u)
    merged, conflicts = three_way_merge(None if base is None else comparable(base), local, comparable(remote))
    if conflicts:
        action = "conflict"
    elif comparable(merged) == local:
        action = "unchanged"
    else:
        action = "update"
    if transfer_to_me:
        action = "handback" if not conflicts else action
    return CasePlan(u, action, merged, remote, owner if transfer_to_me else stored.owner_office,
                    False, conflicts, attachments, case_number=stored.case_number,
                    added=added if action != "unchanged" else {})


def inspect(session: Session, path: Path):
    """The signed header of a bundle, checked against trusted cards, without decrypting."""
    return inspect_bundle(path, trusted_cards(session))


IMPORT_BATCH = 500  # records checked together against the store (cases held, authority, visibility) when opening


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _close(opened) -> None:
    close = getattr(opened, "close", None)
    if close is not None:
        close()


@dataclass
class _Opened:
    """A verified, decrypted bundle whose records all passed the checks made before anything is planned.

    Holds no record: ``records()`` reads them again from the bundle (in the same order) for each later pass.
    """

    plan: ImportPlan
    bundle: Any
    known: set[str]   # the uuids of the bundle's cases that this store holds
    total: int        # how many records the bundle has
    numbers: set[str] = field(default_factory=set)  # the case numbers the records of cases not held here carry

    def records(self) -> Iterator[dict]:
        return iter(()) if self.plan.kind == "receipt" else self.bundle.iter_records()


def _check_all_records(session: Session, plan: ImportPlan, records: Iterator[dict],
                       in_bundle: frozenset[str]) -> tuple[set[str], int, set[str]]:
    """Check every record before anything is planned or written; the uuids held here, the count, and the case
    numbers the records of cases not held here carry (looked up in the store when they are applied).

    Made during the pass that verifies the bundle on opening (``open_bundle(check_records=...)``), one streaming
    pass. Refused, in this order (the first offending record in bundle order is named): a record not shaped as
    format v1 defines, or naming an attachment the bundle lacks (``in_bundle``; checked for every record first); the
    authority rules (docs/exchange.md, "Authority rules"); a case held here that this user may not open; a case the
    bundle holds twice. The store is read a batch of records at a time; only uuids and case numbers are kept, never
    a document.
    """
    conn = session.db.conn
    seen: set[str] = set()
    known: set[str] = set()
    numbers: set[str] = set()
    refused: AuthorityRefused | None = None  # raised once every record's shape has been checked
    hidden: str | None = None                # the first case held here that the user may not open
    twice: str | None = None                 # the first case the bundle holds a second time
    total = 0
    for batch in _batches(records, IMPORT_BATCH):
        for record in batch:
            fmt.check_case_record(record, in_bundle)
        total += len(batch)
        uuids = [record["uuid"] for record in batch]
        for u in uuids:
            if u in seen and twice is None:
                twice = u
            seen.add(u)
        held = exchange_repo.known_case_uuids(conn, uuids)
        known |= held
        for record in batch:
            if record["uuid"] not in held:
                number = record["document"].get("case_number")
                if type(number) is str and number:
                    numbers.add(number)
        if refused is None:
            try:
                exchange_authority.check_records(session, plan.sender, plan.scope, batch, held)
            except AuthorityRefused as exc:
                refused = exc
        if refused is None and hidden is None:
            hidden = exchange_authority.first_hidden(session, [u for u in uuids if u in held])
    if refused is not None:
        raise refused
    if hidden is not None:
        exchange_authority.require_visible(session, [hidden])
    if twice is not None:
        raise ImportRefused(_("Paket berisi kasus yang sama lebih dari sekali ({where}). "
                              "Paket tidak diimpor.").format(where=twice[:8]))
    return known, total, numbers


def _open_for_import(session: Session, path: Path) -> _Opened:
    """Verify (signature, recipient, sequence: ``_check_sequence``) and decrypt, checking every record
    (``_check_all_records``) in the pass that verifies them; the plan has no cases yet. Nothing is left open when
    this raises; the caller closes the bundle returned (``_close``).
    """
    session.require(Permission.EXCHANGE_DATA)
    identities = all_identities(session)
    cards = trusted_cards(session)
    gaps = SequenceGaps()
    found: list = []

    def verified(info) -> None:  # the outer signature verified, nothing decrypted yet
        nonlocal gaps
        if info.header.recipient_code != session.office.code:
            raise BundleWrongRecipient()
        gaps = _check_sequence(session, info)

    def check(info, manifest: dict, records: Iterator[dict]) -> None:
        header = info.header
        plan = ImportPlan(header.kind, header.sender_code, header.sequence, info.bundle_hash,
                          manifest.get("scope", "full"), bool(manifest.get("transfer")), gaps, [],
                          manifest.get("audit_head"), previous_hash=header.previous_hash)
        if header.kind == "receipt":
            plan.acknowledged = (header.ack_sequence, header.ack_hash)
            found[:] = [plan, set(), 0, set()]
            return
        in_bundle = frozenset(n[len(fmt.ATTACHMENTS):] for n in manifest["files"] if n.startswith(fmt.ATTACHMENTS))
        found[:] = [plan, *_check_all_records(session, plan, records, in_bundle)]

    opened = open_bundle(path, identities, cards, check_verified=verified, check_records=check)
    plan, known, total, numbers = found
    return _Opened(plan, opened, known, total, numbers)


def plan_import(session: Session, path: Path, *, progress: Progress | None = None, cancel: Any = None) -> tuple[ImportPlan, Any]:
    """Verify and decrypt a bundle and work out what importing it would change; writes nothing.

    The plan keeps no document (each case's plan is lightened once made): per case its uuid, action, number,
    owner, conflicts (path and both values) and what it adds. The opened bundle is returned closed.
    """
    checked = _open_for_import(session, path)
    plan = checked.plan
    try:
        for i, record in enumerate(checked.records()):
            if is_cancelled(cancel):
                raise BundleCancelled(_("Impor dibatalkan. Tidak ada data yang diubah."))
            cp = _plan_case(session, record, plan.sender, plan.scope, checked.known)
            cp.lighten()
            plan.cases.append(cp)
            if progress and i % 200 == 0:
                progress(i, checked.total * 2)
    finally:
        _close(checked.bundle)
    return plan, checked.bundle


@dataclass
class _Batch:
    """What applying a bundle's cases writes besides updated cases, flushed in a few statements.

    New cases wait here and go into the store together (``cases_repo.insert_cases_bulk``: a few long statements,
    during which SQLite releases the GIL and the validation thread checks the next records).
    """

    audit: list[tuple[str, str, str]] = field(default_factory=list)
    sync_bases: list[tuple[str, int, str | None]] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)   # the numbers whose presence was looked up (look_up_numbers)
    in_store: set[str] = field(default_factory=set)  # ... those of them in use in the store
    assigned: set[str] = field(default_factory=set)  # every number given to a new case of this import so far
    new_cases: list[cases_repo.NewCase] = field(default_factory=list)
    new_attachments: list[tuple[str, list]] = field(default_factory=list)  # (case uuid, attachment entries)
    started: str = field(default_factory=lambda: clock.timestamp())  # when new cases were imported: one time for the bundle

    def look_up_numbers(self, c, numbers: set[str]) -> None:
        """Look up, once for the whole bundle, which of its new cases' numbers are already used here (a few
        queries of 500 numbers; called in the import's transaction before any case is written).

        Within the import's transaction the store changes only by the new cases inserted (their numbers are in
        ``assigned``) and by updates, which keep their number: a number is taken exactly when the store held it
        before the import or this import gave it. A number not looked up here (e.g. ``number@sender``) is looked
        up when it is needed.
        """
        self.checked = numbers
        self.in_store = exchange_repo.taken_case_numbers(c, sorted(numbers))

    def number_taken(self, c, number: str) -> bool:
        return number in self.assigned or number in self.in_store or \
            (number not in self.checked and cases_repo.number_taken(c, number))

    def free_number(self, c, number: str, sender: str) -> str:
        """``number`` if it is free here, else ``number@sender`` (then ``…@sender-2``, …); taken from now on."""
        candidate, n = number, 1
        while self.number_taken(c, candidate):
            n += 1
            candidate = f"{number}@{sender}" if n == 2 else f"{number}@{sender}-{n - 1}"
        self.assigned.add(candidate)
        return candidate

    def base(self, case_uuid: str, version: int, remote: dict, stored: dict | None, same: bool | None = None) -> None:
        """The peer's document becomes the merge base: by reference when the case as stored says the same."""
        if same is None:
            same = shares_content(remote, stored)
        self.sync_bases.append(
            (case_uuid, version, None if same else fmt.canonical_document(comparable(remote)).decode("utf-8")))

    def write_new_cases(self, session: Session, c, plan: ImportPlan, opened) -> None:
        cases_repo.insert_cases_bulk(c, self.new_cases)
        for case_uuid, entries in self.new_attachments:
            _insert_attachments(session, c, plan, case_uuid, entries, set(), opened, self.started)
        self.new_cases.clear()
        self.new_attachments.clear()

    def flush(self, session: Session, c, plan: ImportPlan, opened) -> None:
        self.write_new_cases(session, c, plan, opened)
        exchange_repo.set_sync_base_many(c, plan.sender, self.sync_bases)
        session.audit_many(self.audit, conn=c)
        self.audit.clear()
        self.sync_bases.clear()


def _insert_attachments(session: Session, c, plan: ImportPlan, case_uuid: str, entries: list, have: set[str],
                        opened, now: str) -> None:
    """Store a record's attachments (checked on opening: in the bundle, within the size limit, an allowed type,
    a plain file name; ``fmt.check_case_record``)."""
    for att in entries:
        sha = att["sha256"]
        if plan.scope != "full" or sha in have:
            continue
        data = opened.attachment(sha)
        cases_repo.insert_attachment(c, id=str(uuidlib.uuid4()), case_uuid=case_uuid,
                                     file_name=sanitized_file_name(att["file_name"]), mime_type=att["mime_type"],
                                     data=data, sha256=sha, description=att.get("description") or "", now=now,
                                     user_id=session.user.id)


@dataclass
class _Checked:
    """A bundle record after the validation thread: the validated case, and for a case this store does not hold
    yet, what inserting it would write (unless its number must change here)."""

    record: dict
    parsed: Any
    new_case: Any = None       # the Case to store (version 1, its number filled in)
    new_document: Any = None   # case_to_json(new_case)
    new_record: Any = None     # _record(new_case, owner)
    new_owner: str = ""
    same_as_sent: bool = False  # the stored document would say what the sender holds (the base by reference)


def _check_record(record: dict, known: set[str], me: str, sender: str) -> _Checked:
    """The CPU-heavy, store-free part of importing one record (runs in the validation thread)."""
    u, remote = _checked_case_record(record)
    parsed = _validate_remote(remote, u[:8])
    checked = _Checked(record, parsed)
    if u not in known:
        case = parsed
        if case.version != 1 or not case.case_number:
            case = replace(case, case_number=case.case_number or u[:8], version=1)
        owner = _new_owner(record, me, sender)
        document = case_to_json(case)
        checked.new_case, checked.new_document, checked.new_owner = case, document, owner
        checked.new_record = _record(case, owner, document)
        checked.same_as_sent = shares_content(document, remote)
    return checked


class _CheckedRecords:
    """Validates a bundle's records in a second thread while the importing thread writes those already checked.

    Python runs one thread at a time, but SQLite releases that lock while it works: the bulk inserts of new cases
    (and their full-text index) overlap with checking the next records. Iterating yields ``_Checked`` in bundle
    order; an error in the thread (e.g. ImportRefused) is raised in the importing thread at that record.
    """

    _CHUNK = 64

    def __init__(self, records: Iterator[dict], known: set[str], me: str, sender: str):
        self._records, self._known, self._me, self._sender = records, known, me, sender
        self._queue: queue.Queue = queue.Queue(maxsize=16)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="caseapp-import-check", daemon=True)

    def __iter__(self):
        for chunk in self.chunks():
            yield from chunk

    def chunks(self) -> Iterator[list[_Checked]]:
        """The checked records a chunk (``_CHUNK``) at a time: at most 16 chunks wait in the queue."""
        self._thread.start()
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self._stop.set()
            while self._thread.is_alive():
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    self._thread.join(0.05)

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            chunk: list[_Checked] = []
            for record in self._records:
                if self._stop.is_set():
                    return
                chunk.append(_check_record(record, self._known, self._me, self._sender))
                if len(chunk) == self._CHUNK:
                    self._put(chunk)
                    chunk = []
            self._put(chunk)
            self._put(None)
        except BaseException as exc:  # raised again in the importing thread
            self._put(exc)


_NEW_CASES_PER_INSERT = 250


def _add_new_case(session: Session, c, plan: ImportPlan, cp: CasePlan, checked: _Checked, batch: _Batch,
                  opened) -> None:
    """Queue a case this store does not hold for the next bulk insert (its number made unique here first)."""
    if checked.new_case is None:  # the thread took it for a case held here; the plan says it is new
        checked = _check_record(checked.record, set(), session.office.code, plan.sender)
    case, document, rec, same = checked.new_case, checked.new_document, checked.new_record, checked.same_as_sent
    number = batch.free_number(c, case.case_number, plan.sender)
    if number != case.case_number or cp.owner_office != checked.new_owner:
        case = replace(case, case_number=number)
        document = case_to_json(case)
        rec = _record(case, cp.owner_office, document)
        same = None
    batch.new_cases.append(cases_repo.NewCase(rec, session.user.id, batch.started, 1, cp.read_only))
    if cp.attachments:
        batch.new_attachments.append((cp.uuid, cp.attachments))
    batch.audit.append(("case_imported", "case", cp.uuid))
    if plan.scope == "full":
        batch.base(cp.uuid, 1, cp.remote, document, same)
    if len(batch.new_cases) >= _NEW_CASES_PER_INSERT:
        batch.write_new_cases(session, c, plan, opened)


def _apply_case(session: Session, c, plan: ImportPlan, cp: CasePlan, opened, batch: _Batch) -> None:
    """Apply the plan for a case this store holds (new cases go through ``_add_new_case``)."""
    now = clock.timestamp()
    existing = cases_repo.get_case(c, cp.uuid)
    if existing is None:  # the plan found it; only a concurrent removal could get here
        raise ImportRefused(_("Kasus berubah selama impor. Ulangi impor."))
    if cp.action == "unchanged":
        if plan.scope == "full":
            batch.base(cp.uuid, existing.version, cp.remote, orjson.loads(existing.document))
        return
    if cp.parsed is not None and cp.document is cp.remote:
        case = cp.parsed
    else:
        # the other office's values were held to the limits in _validate_remote; the local ones are stored already
        case = case_from_json(cp.document, today=dt.date.max, region_exists=lambda _c: True, limits=False)
    version = existing.version + 1
    local_doc = json.loads(existing.document)
    case = replace(case, case_number=existing.case_number,
                   assigned_officers=tuple(local_doc.get("assigned_officers") or ()), version=version)
    stored_doc = case_to_json(case)
    ok = cases_repo.update_case(c, _record(case, cp.owner_office, stored_doc), expected_version=existing.version,
                                user_id=session.user.id, now=now)
    if not ok:
        raise ImportRefused(_("Kasus berubah selama impor. Ulangi impor."))
    cases_repo.set_owner(c, cp.uuid, cp.owner_office, read_only=cp.read_only, handed_over_to=cp.handed_over_to)
    batch.audit.append(("case_merged" if cp.conflicts else "case_updated_by_import", "case", cp.uuid))
    for conflict in cp.conflicts:
        exchange_repo.add_conflict(c, id=str(uuidlib.uuid4()), case_uuid=cp.uuid, peer=plan.sender, path=conflict.path,
                                   local_value=encode_value(conflict.local), remote_value=encode_value(conflict.remote),
                                   now=now)
    if cp.attachments:
        _insert_attachments(session, c, plan, cp.uuid, cp.attachments, cases_repo.attachment_hashes(c, cp.uuid),
                            opened, now)
    if plan.scope == "full":
        batch.base(cp.uuid, version, cp.remote, stored_doc)


def _apply_receipt(session: Session, c, plan: ImportPlan) -> None:
    ack_seq, ack_hash = plan.acknowledged
    out = exchange_repo.out_bundle(c, plan.sender, ack_seq)
    if out is None or out[0] != ack_hash:
        raise ImportRefused(_("Tanda terima ini tidak cocok dengan paket mana pun yang dikirim ke kantor tersebut."))
    now = clock.timestamp()
    exchange_repo.acknowledge_out(c, plan.sender, ack_seq, now)
    exchange_repo.set_sync_base_many(c, plan.sender, exchange_repo.take_pending(c, plan.sender, ack_seq))


class _SharedBundle:
    """The opened bundle shared by the validation thread (reading records) and the importing thread (reading
    attachments): one read at a time, whatever the reader keeps between reads."""

    def __init__(self, opened):
        self._opened = opened
        self._lock = threading.Lock()

    def iter_records(self) -> Iterator[dict]:
        records = self._opened.iter_records()
        end = object()
        while True:
            with self._lock:
                record = next(records, end)
            if record is end:
                return
            yield record

    def attachment(self, sha256: str) -> bytes:
        with self._lock:
            return self._opened.attachment(sha256)


@contextlib.contextmanager
def _quick_gil_handover(seconds: float = 0.0005):
    """Python's thread switch interval lowered while the import applies a bundle (restored afterwards).

    The importing thread mostly waits in SQLite, without the GIL, while the validation thread runs Python. Each
    time a statement returns, the importing thread waits until the validation thread hands the GIL back: up to the
    switch interval (5 ms by default), hundreds of times per bundle (e.g. the number lookup the import then made for
    each chunk of 64 records: 157 lookups took 0.8 s at 10,000 cases; now one per 500 new cases, before the thread). At 0.5 ms an import of 10,000 cases took 3–10 % less
    wall time for about 5 % more CPU (A/B runs in docs/benchmarks.md).
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, seconds))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _apply_opened(session: Session, checked: _Opened, progress: Progress | None, cancel: Any) -> ImportPlan:
    """Apply a checked bundle in ONE transaction, reading its records again as they are applied."""
    plan, known, me = checked.plan, checked.known, session.office.code
    with session.db.transaction() as c:
        if plan.kind == "receipt":
            _apply_receipt(session, c, plan)
        else:
            # Planned and applied record by record, in one transaction: a record refused half-way rolls back all.
            # Each case's plan is lightened once applied: the plan ends with a few strings and counts per case.
            bundle = _SharedBundle(checked.bundle)
            batch = _Batch()
            total = checked.total
            handed_in: list[str] = []  # handed (back) to this office: the sender may no longer change them
            i = 0
            chunks = _CheckedRecords(bundle.iter_records(), known, me, plan.sender).chunks()
            try:
                batch.look_up_numbers(c, checked.numbers)
                for chunk in chunks:
                    for item in chunk:
                        if is_cancelled(cancel):
                            raise BundleCancelled(_("Impor dibatalkan. Tidak ada data yang diubah."))
                        cp = _plan_case(session, item.record, plan.sender, plan.scope, known, parsed=item.parsed)
                        plan.cases.append(cp)
                        if cp.action == "new":
                            _add_new_case(session, c, plan, cp, item, batch, bundle)
                        else:
                            _apply_case(session, c, plan, cp, bundle, batch)
                        if _transfer_to(item.record, me):
                            handed_in.append(cp.uuid)
                        cp.lighten()
                        if progress and i % 200 == 0:
                            progress(i, total)
                        i += 1
            finally:
                chunks.close()  # the validation thread is stopped and joined before the bundle is closed
            batch.flush(session, c, plan, bundle)
            case_custody_repo.record_handovers_in(c, plan.sender, plan.bundle_hash, batch.started, handed_in)
        exchange_repo.record_in(c, peer=plan.sender, seq=plan.sequence, kind=plan.kind, bundle_hash=plan.bundle_hash,
                                case_count=len(plan.cases), audit_head=plan.audit_head, now=clock.timestamp(),
                                user_id=session.user.id, previous_hash=plan.previous_hash)
        session.audit("receipt_imported" if plan.kind == "receipt" else "bundle_imported", "bundle",
                      plan.bundle_hash, conn=c)
    return plan


@_cyclic_gc_paused
def import_bundle(session: Session, path: Path, *, receipt_out: Path | None = None, dry_run: bool = False,
                  progress: Progress | None = None, cancel: Any = None) -> ImportResult:
    """Import a data bundle or a receipt. With ``dry_run`` only the plan is returned."""
    path = Path(path)
    if dry_run:
        plan, _opened = plan_import(session, path, progress=progress, cancel=cancel)
        return ImportResult(plan, None)
    checked = _open_for_import(session, path)
    try:
        identity = ensure_identity(session)
        sender_card = trusted_office(session, checked.plan.sender).card
        with _quick_gil_handover():
            plan = _apply_opened(session, checked, progress, cancel)
    finally:
        _close(checked.bundle)
    receipt_tmp: Path | None = None
    # The receipt is written only after the import committed: a crash before the commit must never leave a
    # receipt that tells the sender its bundle arrived. A crash after it leaves the import without a receipt,
    # which write_receipt() makes again.
    if plan.kind == "data" and receipt_out is not None:
        receipt = BundleWriter.receipt(identity, sender_card, plan.sequence, plan.bundle_hash)
        receipt.add_record({"type": "receipt", "cases": [cp.uuid for cp in plan.cases],
                            "summary": plan.summary()})
        try:
            receipt.write_atomic(Path(receipt_out))
        except OSError:
            raise ReceiptNotWritten(_("Paket sudah diimpor, tetapi tanda terima tidak dapat ditulis. Buat ulang "
                                      "tanda terimanya (caseapp-cli bundle receipt).")) from None
        receipt_tmp = Path(receipt_out)
        session.audit("receipt_written", "bundle", plan.bundle_hash)
    if progress:
        progress(1, 1)
    return ImportResult(plan, receipt_tmp)


def write_receipt(session: Session, bundle_hash: str, sender: str, sequence: int, out: Path) -> Path:
    """A receipt for an already-imported bundle (e.g. when the first receipt file was lost)."""
    session.require(Permission.EXCHANGE_DATA)
    if case_custody_repo.imported_bundle(session.db.conn, bundle_hash) != (sender, sequence, "data"):
        raise NotFound(_("Paket ini belum diimpor di kantor ini; impor dulu (tanda terima dibuat saat impor)."))
    identity = ensure_identity(session)
    card = trusted_office(session, sender).card
    with writing_to(Path(out)):
        BundleWriter.receipt(identity, card, sequence, bundle_hash).write_atomic(Path(out))
    session.audit("receipt_written", "bundle", bundle_hash)
    return Path(out)


# --- sources and conflicts -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceStatus:
    code: str
    name: str
    level: str
    last_sequence: int | None
    last_received_at: str | None
    days_since: int | None
    gaps: SequenceGaps  # data bundles not received, as ranges
    unacknowledged_out: int

    def __post_init__(self) -> None:
        if not isinstance(self.gaps, SequenceGaps):  # a plain list of numbers is accepted too
            object.__setattr__(self, "gaps", SequenceGaps.of_numbers(self.gaps))


def sources(session: Session) -> list[SourceStatus]:
    """Each trusted office with its last bundle received, gaps and days since (the province's view)."""
    conn = session.db.conn
    out = []
    today = clock.now().date()
    pending_out: dict[str, int] = {}
    for row in exchange_repo.list_out(conn):
        if row[8] is None:
            pending_out[row[0]] = pending_out.get(row[0], 0) + 1
    for t in exchange_repo.trusted_offices(conn):
        seqs = exchange_repo.in_seqs(conn, t.code, "data")
        last = exchange_repo.last_in(conn, t.code)
        days = None
        if last:
            days = (today - dt.datetime.fromisoformat(last[1]).date()).days
        gaps = SequenceGaps.missing_before(seqs, max(seqs, default=0))
        out.append(SourceStatus(t.code, t.name, t.level, last[0] if last else None, last[1] if last else None,
                                days, gaps, pending_out.get(t.code, 0)))
    return out


@dataclass(frozen=True)
class Conflict:
    id: str
    case_uuid: str
    case_number: str
    peer: str
    path: tuple[str, ...]
    local: Any
    remote: Any


def open_conflicts(session: Session, case_ref: str | None = None) -> list[Conflict]:
    from caseapp.services.cases import case_state

    conn = session.db.conn
    case_uuid = case_state(session, case_ref).uuid if case_ref else None
    result = []
    for row in exchange_repo.open_conflicts(conn, case_uuid):
        stored = cases_repo.get_case(conn, row.case_uuid)
        if not (exchange_authority.visible(session, stored) if stored is not None
                else session.user.can(Permission.VIEW_ALL_CASES)):
            continue  # the same rule as opening the case: its values are not shown to this user
        result.append(Conflict(row.id, row.case_uuid, stored.case_number if stored else "?", row.peer, row.path,
                               decode_value(row.local_value), decode_value(row.remote_value)))
    return result


def resolve_conflict(session: Session, conflict_id: str, choice: str) -> None:
    """Keep the local value (``"local"``) or take the other office's (``"remote"``); audited."""
    from caseapp.services.cases import case_state, get_case, save_case

    if choice not in ("local", "remote"):
        raise ValidationError(_("Pilihan harus 'local' atau 'remote'."), field="choice")
    conflicts = {c.id: c for c in open_conflicts(session)}
    conflict = conflicts.get(conflict_id)
    if conflict is None:
        raise NotFound(_("Konflik tidak ditemukan atau sudah diselesaikan."))
    case_state(session, conflict.case_uuid)
    if choice == "remote":
        current = get_case(session, conflict.case_uuid)
        from caseapp.domain.case_json import case_to_json

        doc = set_at_path(case_to_json(current), conflict.path, conflict.remote)
        updated = case_from_json(doc, today=dt.date.max, region_exists=lambda _c: True)
        save_case(session, replace(updated, version=current.version))
    with session.db.transaction() as c:
        exchange_repo.resolve_conflict(c, conflict_id, resolution=choice, user_id=session.user.id, now=clock.timestamp())
        session.audit("conflict_resolved", "conflict", conflict_id, conn=c)
