"""CLI: ``breach add``, ``breach list``, ``breach notified ID``, ``breach pdf ID --out FILE.pdf``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _


def _when(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("waktu harus berformat YYYY-MM-DDTHH:MM")) from None


def register(sub: argparse._SubParsersAction) -> None:
    br = sub.add_parser("breach", help=_("kegagalan pelindungan data pribadi (pemberitahuan 3 × 24 jam)"))
    bsub = br.add_subparsers(dest="breach_command", metavar="SUBCOMMAND")
    bsub.required = True
    p = bsub.add_parser("add", help=_("catat kegagalan pelindungan data (administrator)"))
    p.add_argument("--discovered", type=_when, required=True, metavar="YYYY-MM-DDTHH:MM",
                   help=_("kapan diketahui (jam mulai 3 × 24 jam)"))
    p.add_argument("--occurred", type=_when, default=None, metavar="YYYY-MM-DDTHH:MM", help=_("kapan terjadi"))
    p.add_argument("--what", required=True, help=_("apa yang terjadi dan bagaimana data terungkap"))
    p.add_argument("--data", required=True, help=_("data pribadi apa yang terungkap"))
    p.add_argument("--people", type=int, required=True, help=_("jumlah orang yang terdampak"))
    p.add_argument("--measures", required=True, help=_("upaya penanganan dan pemulihan"))
    p.add_argument("--contact", default="", help=_("narahubung"))
    p.set_defaults(handler=cmd_add)
    p = bsub.add_parser("list", help=_("laporan kegagalan dan sisa waktu pemberitahuan"))
    p.set_defaults(handler=cmd_list)
    p = bsub.add_parser("notified", help=_("tandai pemberitahuan sudah dikirim"))
    p.add_argument("id")
    p.set_defaults(handler=cmd_notified)
    p = bsub.add_parser("pdf", help=_("surat pemberitahuan berkop sebagai PDF"))
    p.add_argument("id")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_pdf)


def _left(hours: float) -> str:
    if hours < 0:
        return _("lewat {h:.0f} jam").format(h=-hours)
    return _("sisa {h:.0f} jam").format(h=hours)


def cmd_add(args: argparse.Namespace) -> int:
    from caseapp.services import clock
    from caseapp.services.breaches import BreachInput, record_breach

    with common.open_session(args) as session:
        b = record_breach(session, BreachInput(args.discovered, args.what, args.data, args.people, args.measures,
                                               args.occurred, args.contact))
    print(b.id)
    print(_("Pemberitahuan paling lambat {deadline} ({left}).").format(
        deadline=b.deadline.isoformat(timespec="minutes"), left=_left(b.hours_left(clock.now()))))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services import clock
    from caseapp.services.breaches import list_breaches

    with common.open_session(args) as session:
        rows = list_breaches(session)
    now = clock.now()
    common.print_table(["ID", _("Diketahui"), _("Batas"), _("Pemberitahuan")],
                       [[b.id, b.row.discovered_at, b.deadline.isoformat(timespec="minutes"),
                         b.row.notified_at or _left(b.hours_left(now))] for b in rows])
    return 0


def cmd_notified(args: argparse.Namespace) -> int:
    from caseapp.services.breaches import mark_notified

    with common.open_session(args) as session:
        b = mark_notified(session, args.id)
    on_time = b.notified_at <= b.deadline
    print(_("Pemberitahuan dicatat {when}: tepat waktu.").format(when=b.row.notified_at) if on_time else
          _("Pemberitahuan dicatat {when}: TERLAMBAT dari batas 3 × 24 jam.").format(when=b.row.notified_at))
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes, writing_to
    from caseapp.services.breaches import breach_pdf

    if args.out.suffix.lower() != ".pdf":
        raise ValidationError(_("Nama berkas keluaran harus berakhiran .pdf."), field="out")
    with common.open_session(args) as session:
        pdf = breach_pdf(session, args.id)
    with writing_to(args.out):
        atomic_write_bytes(args.out, pdf)
    print(_("Disimpan ke {path}.").format(path=args.out))
    return 0
