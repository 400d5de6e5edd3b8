"""CLI: audit log verification and listing, and the audit heads a partner office sent."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.i18n import _

EXIT_AUDIT_BROKEN = 20


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help=_("log audit"))
    asub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")
    asub.required = True
    p = asub.add_parser("verify", help=_("periksa rantai hash log audit"))
    p.add_argument("--against-heads", type=Path, metavar="FILE",
                   help=_("berkas titik periksa log audit dari kantor mitra (audit heads) untuk dicocokkan"))
    p.set_defaults(handler=cmd_verify)
    p = asub.add_parser("list", help=_("entri log audit terbaru"))
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_list)
    p = asub.add_parser("heads", help=_("titik periksa log audit yang dikirim kantor mitra dalam bundelnya"))
    p.add_argument("--office", required=True, metavar="CODE", help=_("kode kantor pengirim"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("berkas tujuan"))
    p.set_defaults(handler=cmd_heads)


def cmd_verify(args: argparse.Namespace) -> int:
    from caseapp.services.audit import parse_heads_file, verify_chain

    heads = None
    if args.against_heads is not None:
        heads = parse_heads_file(args.against_heads.read_bytes())
    with common.open_session(args) as session:
        result = verify_chain(session, heads)
    report = result.chain
    if result.ok:
        print(_("Log audit utuh: {n} entri, kepala rantai {h}.").format(n=report.entries, h=report.head[:16]))
    elif report.ok:
        print(_("Rantai hash log audit tersambung: {n} entri, kepala rantai {h}.").format(
            n=report.entries, h=report.head[:16]))
    else:
        reasons = {
            "missing": _("hilang"),
            "prev_hash": _("tidak tersambung dengan entri sebelumnya"),
            "content": _("isinya diubah"),
        }
        print(
            _("Log audit RUSAK: entri #{seq} {reason}. {n} entri sebelumnya utuh.").format(
                seq=report.broken_seq, reason=reasons.get(report.reason, report.reason), n=report.entries),
        )
    if result.tail is not None and not result.tail.ok:
        print(_("Log audit RUSAK: {message}").format(message=result.tail.message()))
    for alarm in result.alarms:
        print(_("Peringatan tercatat di log audit (entri #{seq}, {ts}): saat membuka data, log audit tidak cocok "
                "dengan segelnya ({detail}).").format(seq=alarm.seq, ts=alarm.ts, detail=alarm.record_id))
    if result.heads is not None:
        if result.heads.ok:
            print(_("Cocok dengan {n} titik periksa yang diterima kantor {holder}.").format(
                n=result.heads.checked, holder=result.heads.holder))
        else:
            first = result.heads.missing[0]
            print(_("Log audit RUSAK: {m} dari {n} titik periksa yang diterima kantor {holder} tidak ada lagi di "
                    "log ini (pertama: bundel no. {seq}, diterima {at}). Riwayat log telah ditulis ulang atau "
                    "entrinya dihapus.").format(m=len(result.heads.missing), n=result.heads.checked,
                                                holder=result.heads.holder, seq=first.bundle_seq,
                                                at=first.received_at))
    return 0 if result.ok else EXIT_AUDIT_BROKEN


def cmd_heads(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes, writing_to
    from caseapp.services.audit import export_received_heads

    with common.open_session(args) as session:
        data = export_received_heads(session, args.office)
    with writing_to(args.out):
        atomic_write_bytes(args.out, data, mode=0o644)
    print(args.out)
    print(_("Berkas ini hanya berisi kode kantor, nomor bundel, waktu dan nilai hash, tanpa data kasus."),
          file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.audit import recent_entries

    with common.open_session(args) as session:
        rows = recent_entries(session, limit=args.limit)
    common.print_table(["#", _("Waktu"), _("Pengguna"), _("Tindakan"), _("Rekaman")],
                       [[e.seq, e.ts, e.actor, e.action, f"{e.record_type}:{e.record_id}" if e.record_id else ""] for e in rows])
    return 0
