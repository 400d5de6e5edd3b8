"""CLI: audit log verification and listing."""

from __future__ import annotations

import argparse

from caseapp.cli import common
from caseapp.i18n import _

EXIT_AUDIT_BROKEN = 20


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help=_("log audit"))
    asub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")
    asub.required = True
    p = asub.add_parser("verify", help=_("periksa rantai hash log audit"))
    p.set_defaults(handler=cmd_verify)
    p = asub.add_parser("list", help=_("entri log audit terbaru"))
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_list)


def cmd_verify(args: argparse.Namespace) -> int:
    from caseapp.services.audit import verify_chain

    with common.open_session(args) as session:
        report = verify_chain(session)
    if report.ok:
        print(_("Log audit utuh: {n} entri, kepala rantai {h}.").format(n=report.entries, h=report.head[:16]))
        return 0
    reasons = {
        "missing": _("hilang"),
        "prev_hash": _("tidak tersambung dengan entri sebelumnya"),
        "content": _("isinya diubah"),
    }
    print(
        _("Log audit RUSAK: entri #{seq} {reason}. {n} entri sebelumnya utuh.").format(
            seq=report.broken_seq, reason=reasons.get(report.reason, report.reason), n=report.entries),
    )
    return EXIT_AUDIT_BROKEN


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.audit import recent_entries

    with common.open_session(args) as session:
        rows = recent_entries(session, limit=args.limit)
    common.print_table(["#", _("Waktu"), _("Pengguna"), _("Tindakan"), _("Rekaman")],
                       [[e.seq, e.ts, e.actor, e.action, f"{e.record_type}:{e.record_id}" if e.record_id else ""] for e in rows])
    return 0
