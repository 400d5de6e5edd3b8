"""CLI: ``person report --nik NIK | --name NAME --out FILE.pdf`` (UU PDP access request)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    person = sub.add_parser("person", help=_("data pribadi satu orang di semua kasus"))
    psub = person.add_subparsers(dest="person_command", metavar="SUBCOMMAND")
    psub.required = True
    p = psub.add_parser("report", help=_("PDF semua data yang disimpan tentang satu orang (permintaan akses UU PDP)"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--nik", help=_("NIK orang itu"))
    who.add_argument("--name", help=_("nama orang itu"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes, writing_to
    from caseapp.services.person_report import person_report_pdf

    with common.open_session(args) as session:
        pdf, found = person_report_pdf(session, nik=args.nik, name=args.name)
    with writing_to(args.out):
        atomic_write_bytes(args.out, pdf)
    print(_("Laporan disimpan ke {path}: {n} kasus.").format(path=args.out, n=found))
    print(_("Peringatan: berkas PDF ini TIDAK terenkripsi. Serahkan kepada yang berhak lalu hapus berkasnya."),
          file=sys.stderr)
    return 0
