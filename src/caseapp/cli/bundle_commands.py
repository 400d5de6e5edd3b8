"""CLI: exchange bundles between offices (export, inspect, import, conflicts, resolve).

Every refusal exits with the bundle error's own code (41–55, 60–67 for the authority rules) and one Indonesian
line; nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from caseapp.bundles.errors import BundleError, BundleUntrustedSender, BundleWrongRecipient
from caseapp.cli import common
from caseapp.domain.errors import NotFound
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser("bundle", help=_("paket pertukaran data kasus antarkantor"))
    bsub = bundle.add_subparsers(dest="bundle_command", metavar="SUBCOMMAND")
    bsub.required = True

    p = bsub.add_parser("export", help=_("buat paket untuk kantor tepercaya"))
    p.add_argument("--to", required=True, dest="peer", metavar="KODE_KANTOR", help=_("kode kantor penerima"))
    p.add_argument("--out", type=Path, required=True, help=_("berkas paket (.casebundle)"))
    p.add_argument("--cases", nargs="+", default=None, metavar="ID",
                   help=_("hanya kasus ini (nomor atau UUID); bawaan: semua yang berubah sejak tanda terima terakhir"))
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--deidentified", action="store_true", default=None,
                       help=_("data tanpa identitas (tanpa nama, NIK, telepon, alamat, lampiran)"))
    scope.add_argument("--full", action="store_false", dest="deidentified",
                       help=_("data lengkap (bawaan untuk kantor segaris)"))
    p.add_argument("--transfer", action="store_true", help=_("pelimpahan: tanggung jawab kasus pindah ke penerima"))
    p.add_argument("--note", type=Path, default=None, metavar="BERKAS.pdf", help=_("juga cetak surat pengantar (PDF)"))
    p.set_defaults(handler=cmd_export)

    p = bsub.add_parser("inspect", help=_("periksa tanda tangan dan tampilkan kepala paket tanpa membukanya"))
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_inspect)

    p = bsub.add_parser("import", help=_("impor paket data atau tanda terima"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("hanya tampilkan apa yang akan berubah"))
    p.add_argument("--receipt-out", type=Path, default=None, metavar="BERKAS",
                   help=_("tulis tanda terima untuk kantor pengirim"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = bsub.add_parser("receipt", help=_("buat ulang tanda terima untuk paket yang sudah diimpor"))
    p.add_argument("file", type=Path, help=_("paket data yang sudah diimpor"))
    p.add_argument("--out", type=Path, required=True, help=_("berkas tanda terima"))
    p.set_defaults(handler=cmd_receipt)

    p = bsub.add_parser("conflicts", help=_("konflik penggabungan yang belum diputuskan"))
    p.add_argument("case", nargs="?", default=None, help=_("nomor atau UUID kasus"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_conflicts)

    p = bsub.add_parser("resolve", help=_("putuskan satu konflik: pakai nilai kantor ini atau kantor lain"))
    p.add_argument("conflict_id")
    p.add_argument("--take", required=True, choices=["local", "remote"])
    p.set_defaults(handler=cmd_resolve)


def scope_label(scope: str) -> str:
    return {"full": _("lengkap"), "deidentified": _("tanpa identitas")}.get(scope, scope)


GAPS_LISTED_IN_JSON = 1000  # "gaps" in --json lists at most this many numbers; "gap_ranges" holds them all


def gap_warnings(gaps, code: str) -> list[str]:
    """One warning line per range of missing bundles (never one per number)."""
    lines = []
    for first, last in gaps.ranges:
        if first == last:
            lines.append(_("Peringatan: paket no. {n} dari {code} belum diterima.").format(n=first, code=code))
        else:
            lines.append(_("Peringatan: paket no. {n} dari {code} belum diterima, begitu pula no. {rest} "
                           "(seluruhnya {count} paket).").format(
                n=first, code=code, rest=str(last) if last == first + 1 else f"{first + 1}\u2013{last}",
                count=last - first + 1))
    return lines


def gaps_json(gaps) -> dict:
    return {"gaps": gaps.first_numbers(GAPS_LISTED_IN_JSON), "gap_ranges": [list(r) for r in gaps.ranges],
            "missing_count": gaps.count}


def groups(hex_text: str) -> str:
    text = hex_text.upper()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def addition_line(number: str, added: dict, *, preview: bool) -> str:
    """'Kasus 001/…: paket ini menambahkan 1 orang, 1 catatan.' (people, notes, attachments; counts only)."""
    parts = [text.format(n=added[key]) for key, text in (("people", _("{n} orang")), ("notes", _("{n} catatan")),
                                                         ("attachments", _("{n} lampiran"))) if added.get(key)]
    if preview:
        return _("Kasus {number}: paket ini akan menambahkan {what}.").format(number=number, what=", ".join(parts))
    return _("Kasus {number}: paket ini menambahkan {what}.").format(number=number, what=", ".join(parts))


def _explained(exc: BundleError) -> BundleError:
    """Add what the (unverified) header claims, so the operator knows whom to call."""
    header = getattr(exc, "header", None)
    if header is None:
        return exc
    if isinstance(exc, BundleUntrustedSender):
        extra = _(" (paket mengaku dari kantor {code}, kunci {key_id})").format(
            code=header.sender_code, key_id=header.sender_key_id)
    elif isinstance(exc, BundleWrongRecipient):
        extra = _(" (ditujukan ke kantor {code}, kunci {key_id})").format(
            code=header.recipient_code, key_id=header.recipient_key_id)
    else:
        return exc
    new = type(exc)(exc.message + extra)
    new.header = header
    return new


def cmd_export(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes
    from caseapp.services.exchange import export_bundle
    from caseapp.services.exchange_documents import handover_note_pdf

    with common.open_session(args) as session:
        result = export_bundle(session, args.peer, args.out, case_refs=args.cases, deidentified=args.deidentified,
                               transfer=args.transfer)
        note = handover_note_pdf(session, result.path) if args.note else None
    if note is not None:
        atomic_write_bytes(args.note, note, mode=0o644)
    print(_("Paket      : {path}").format(path=result.path))
    print(_("Penerima   : {peer}").format(peer=result.peer))
    print(_("Nomor urut : {n}").format(n=result.sequence))
    print(_("Kasus      : {n} ({a} lampiran)").format(n=result.case_count, a=result.attachment_count))
    print(_("Cakupan    : {scope}{transfer}").format(
        scope=scope_label(result.scope), transfer=_(", pelimpahan") if result.transfer else ""))
    print(_("Sidik paket: {fp}").format(fp=groups(result.bundle_hash)))
    print(_("Sidik kartu pengirim: {fp}").format(fp=groups(result.fingerprint)))
    if note is not None:
        print(_("Surat pengantar: {path}").format(path=args.note))
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import inspect

    with common.open_session(args) as session:
        try:
            info = inspect(session, args.file)
        except BundleError as exc:
            raise _explained(exc) from None
        mine = session.office.code
    h = info.header
    data = {
        "file": str(args.file), "size": info.size, "kind": h.kind, "format_version": h.version,
        "sender": {"code": h.sender_code, "key_id": h.sender_key_id, "name": info.sender_card.name,
                   "fingerprint": info.sender_card.fingerprint()},
        "recipient": {"code": h.recipient_code, "key_id": h.recipient_key_id},
        "sequence": h.sequence, "previous_hash": h.previous_hash, "created_at": h.created_at,
        "bundle_hash": info.bundle_hash,
        "acknowledges": None if h.ack_sequence is None else {"sequence": h.ack_sequence, "bundle_hash": h.ack_hash},
        "for_this_office": h.recipient_code == mine,
    }
    if args.json:
        common.print_json(data)
        return 0
    print(_("Tanda tangan sah; isi belum dibuka."))
    print(_("Jenis      : {kind}").format(kind=_("tanda terima") if h.kind == "receipt" else _("data")))
    print(_("Dari       : {code} ({name}), kunci {key_id}").format(code=h.sender_code, name=info.sender_card.name,
                                                                 key_id=h.sender_key_id))
    print(_("Kepada     : {code}, kunci {key_id}").format(code=h.recipient_code, key_id=h.recipient_key_id))
    print(_("Nomor urut : {n}").format(n=h.sequence))
    print(_("Dibuat     : {when}").format(when=h.created_at))
    print(_("Sidik paket: {fp}").format(fp=groups(info.bundle_hash)))
    print(_("Paket sebelumnya: {fp}").format(fp=groups(h.previous_hash)))
    if h.ack_sequence is not None:
        print(_("Mengakui paket no. {n}: {fp}").format(n=h.ack_sequence, fp=groups(h.ack_hash)))
    if h.recipient_code != mine:
        print(_("Catatan: paket ini bukan untuk kantor ini ({code}).").format(code=mine), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import import_bundle

    with common.open_session(args) as session:
        try:
            result = import_bundle(session, args.file, receipt_out=args.receipt_out, dry_run=args.dry_run)
        except BundleError as exc:
            raise _explained(exc) from None
    plan = result.plan
    summary = plan.summary()
    if args.json:
        common.print_json({"kind": plan.kind, "sender": plan.sender, "sequence": plan.sequence,
                           "bundle_hash": plan.bundle_hash, "scope": plan.scope, "transfer": plan.transfer,
                           "dry_run": args.dry_run, "summary": summary, **gaps_json(plan.gaps),
                           "acknowledged": list(plan.acknowledged) if plan.acknowledged else None,
                           "receipt": str(result.receipt_path) if result.receipt_path else None,
                           "additions": [{"uuid": cp.uuid, "case_number": cp.case_number, **cp.added}
                                         for cp in plan.additions()]})
    elif plan.kind == "receipt":
        verb = _("akan dicatat") if args.dry_run else _("dicatat")
        print(_("Tanda terima dari {code} untuk paket no. {n} {verb}.").format(
            code=plan.sender, n=plan.acknowledged[0], verb=verb))
    else:
        if args.dry_run:
            print(_("Pratinjau (belum ada yang diubah):"))
        print(_("Paket no. {n} dari {code}, cakupan {scope}{transfer}").format(
            n=plan.sequence, code=plan.sender, scope=scope_label(plan.scope),
            transfer=_(", pelimpahan") if plan.transfer else ""))
        print(_("Kasus baru: {new}, diperbarui: {update}, konflik: {conflict}, tidak berubah: {unchanged}, "
                "dilimpahkan ke kantor ini: {handback}").format(**summary))
        for cp in plan.additions():
            print(addition_line(cp.case_number, cp.added, preview=args.dry_run))
        print(_("Sidik paket: {fp}").format(fp=groups(plan.bundle_hash)))
        if result.receipt_path:
            print(_("Tanda terima: {path}").format(path=result.receipt_path))
        elif not args.dry_run:
            print(_("Tanda terima tidak dibuat (gunakan --receipt-out BERKAS)."), file=sys.stderr)
        if summary["conflict"] and not args.dry_run:
            print(_("Ada konflik yang perlu diputuskan: caseapp-cli bundle conflicts"), file=sys.stderr)
    for line in gap_warnings(plan.gaps, plan.sender):
        print(line, file=sys.stderr)
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import inspect, write_receipt
    from caseapp.store import exchange_repo

    with common.open_session(args) as session:
        try:
            info = inspect(session, args.file)
        except BundleError as exc:
            raise _explained(exc) from None
        h = info.header
        if h.kind != "data" or h.recipient_code != session.office.code \
                or not exchange_repo.in_hash_known(session.db.conn, info.bundle_hash):
            raise NotFound(_("Paket ini belum diimpor di kantor ini; impor dulu (tanda terima dibuat saat impor)."))
        write_receipt(session, info.bundle_hash, h.sender_code, h.sequence, args.out)
    print(_("Tanda terima: {path}").format(path=args.out))
    return 0


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


def cmd_conflicts(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import open_conflicts

    with common.open_session(args) as session:
        conflicts = open_conflicts(session, args.case)
    if args.json:
        common.print_json([{"id": c.id, "case_uuid": c.case_uuid, "case_number": c.case_number, "peer": c.peer,
                            "path": list(c.path), "local": c.local, "remote": c.remote} for c in conflicts])
        return 0
    if not conflicts:
        print(_("Tidak ada konflik yang terbuka."))
        return 0
    common.print_table([_("ID"), _("Kasus"), _("Kantor"), _("Bagian"), _("Nilai kantor ini"), _("Nilai kantor lain")],
                       [[c.id, c.case_number, c.peer, "/".join(c.path), _short(c.local), _short(c.remote)]
                        for c in conflicts])
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import open_conflicts, resolve_conflict

    with common.open_session(args) as session:
        matches = [c.id for c in open_conflicts(session) if c.id.startswith(args.conflict_id)]
        if len(matches) != 1:
            raise NotFound(_("Konflik tidak ditemukan atau sudah diselesaikan."))
        resolve_conflict(session, matches[0], args.take)
    print(_("Konflik {id} diputuskan: {choice}.").format(
        id=matches[0], choice=_("nilai kantor ini") if args.take == "local" else _("nilai kantor lain")))
    return 0
