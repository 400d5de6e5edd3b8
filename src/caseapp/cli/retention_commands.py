"""CLI: ``retention list`` / ``retention set``, and ``case hold`` / ``case unhold`` / ``case purge``."""

from __future__ import annotations

import argparse

from caseapp.cli import common
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    ret = sub.add_parser("retention", help=_("masa retensi kasus yang sudah ditutup"))
    rsub = ret.add_subparsers(dest="retention_command", metavar="SUBCOMMAND")
    rsub.required = True
    p = rsub.add_parser("list", help=_("kasus yang sudah melewati masa retensinya (supervisor/administrator)"))
    p.set_defaults(handler=cmd_list)
    p = rsub.add_parser("set", help=_("masa retensi (tahun) untuk satu alasan penutupan; tanpa TAHUN: hapus aturannya"))
    p.add_argument("reason", metavar="ALASAN", help=_("kode alasan penutupan, mis. tujuan_tercapai"))
    p.add_argument("years", metavar="TAHUN", type=int, nargs="?", default=None)
    p.set_defaults(handler=cmd_set)

    # The hold and purge commands belong with the other case commands (registered earlier by case_commands).
    case_parser = sub.choices.get("case")
    if case_parser is None:
        return
    csub = next(a for a in case_parser._actions if isinstance(a, argparse._SubParsersAction))
    p = csub.add_parser("hold", help=_("tahan kasus untuk keperluan hukum (tidak dapat dimusnahkan)"))
    p.add_argument("ref", metavar="ID", help=_("UUID atau nomor kasus"))
    p.add_argument("--reason", required=True, help=_("alasan penahanan, mis. nomor perkara"))
    p.set_defaults(handler=cmd_hold)
    p = csub.add_parser("unhold", help=_("cabut penahanan hukum kasus"))
    p.add_argument("ref", metavar="ID", help=_("UUID atau nomor kasus"))
    p.set_defaults(handler=cmd_unhold)
    p = csub.add_parser("purge", help=_("musnahkan kasus yang melewati masa retensi, untuk selamanya"))
    p.add_argument("ref", metavar="ID", help=_("UUID atau nomor kasus"))
    p.add_argument("--confirm", required=True, metavar="NOMOR",
                   help=_("ketik ulang nomor kasus sebagai konfirmasi kedua"))
    p.set_defaults(handler=cmd_purge)


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.retention import cases_past_retention

    with common.open_session(args) as session:
        due = cases_past_retention(session)
    common.print_table([_("Nomor kasus"), _("Alasan penutupan"), _("Ditutup"), _("Jatuh tempo"), _("Ditahan")],
                       [[d.case_number, d.closure_reason, d.closed_at[:10], d.due_on.isoformat(),
                         _("ya") if d.on_hold else ""] for d in due])
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from caseapp.services.retention import set_retention_years

    with common.open_session(args) as session:
        rules = set_retention_years(session, args.reason, args.years)
    for reason, years in sorted(rules.items()):
        print(_("{reason}: {years} tahun").format(reason=reason, years=years))
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    from caseapp.services.retention import hold_case

    with common.open_session(args) as session:
        hold_case(session, args.ref, args.reason)
    print(_("Kasus ditahan untuk keperluan hukum; kasus ini tidak dapat dimusnahkan."))
    return 0


def cmd_unhold(args: argparse.Namespace) -> int:
    from caseapp.services.retention import unhold_case

    with common.open_session(args) as session:
        unhold_case(session, args.ref)
    print(_("Penahanan hukum dicabut."))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from caseapp.services.retention import purge_case

    with common.open_session(args) as session:
        number = purge_case(session, args.ref, confirm_number=args.confirm)
    print(_("Kasus {number} dimusnahkan beserta lampiran, surat dan entri pencariannya.").format(number=number))
    return 0
