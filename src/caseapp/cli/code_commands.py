"""CLI: the office's code lists (list them; an admin adds or deactivates codes, never renames or drops them)."""

from __future__ import annotations

import argparse

from caseapp.cli import common
from caseapp.i18n import _, language


def register(sub: argparse._SubParsersAction) -> None:
    codes = sub.add_parser("codes", help=_("daftar kode (jenis kekerasan, tempat, layanan, …)"))
    csub = codes.add_subparsers(dest="codes_command", metavar="SUBCOMMAND")
    csub.required = True

    p = csub.add_parser("list", help=_("tampilkan daftar kode, atau nama semua daftar"))
    p.add_argument("list_name", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = csub.add_parser("add", help=_("tambah kode baru ke sebuah daftar (administrator)"))
    p.add_argument("list_name")
    p.add_argument("code", help=_("kode tetap: huruf kecil, angka, garis bawah"))
    p.add_argument("--id", dest="label_id", required=True, help=_("label dalam Bahasa Indonesia"))
    p.add_argument("--en", dest="label_en", required=True, help=_("label dalam bahasa Inggris"))
    p.add_argument("--parent", default=None)
    p.set_defaults(handler=cmd_add)

    p = csub.add_parser("deactivate", help=_("jangan tawarkan lagi sebuah kode (data lama tetap sah)"))
    p.add_argument("list_name")
    p.add_argument("code")
    p.set_defaults(handler=cmd_deactivate)


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.code_lists import registry

    with common.open_session(args) as session:
        reg = registry(session)
    if not args.list_name:
        print("\n".join(reg.names()))
        return 0
    entries = reg[args.list_name].entries
    if args.json:
        common.print_json([e.to_dict() for e in entries])
    else:
        common.print_table([_("Kode"), _("Label"), _("Status")],
                           [[e.code, e.label(language()), _("aktif") if e.active else _("nonaktif")] for e in entries])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from caseapp.services.code_lists import extend_code_list

    entry = {"code": args.code, "id": args.label_id, "en": args.label_en, "active": True}
    if args.parent:
        entry["parent"] = args.parent
    with common.open_session(args) as session:
        extend_code_list(session, args.list_name, [entry])
    print(_("Kode {code} ditambahkan ke daftar {list}.").format(code=args.code, list=args.list_name))
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    from caseapp.services.code_lists import extend_code_list, registry

    with common.open_session(args) as session:
        entry = registry(session)[args.list_name].get(args.code)
        if entry is None:
            from caseapp.domain.errors import NotFound

            raise NotFound(_("Kode {code} tidak ada di daftar {list}.").format(code=args.code, list=args.list_name))
        extend_code_list(session, args.list_name, [{**entry.to_dict(), "active": False}])
    print(_("Kode {code} tidak ditawarkan lagi; data lama yang memakainya tetap sah.").format(code=args.code))
    return 0
