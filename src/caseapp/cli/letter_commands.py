"""CLI: referral destinations and letters (create, approve, render, list, verify, track)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.referral import DestinationType
from caseapp.i18n import _, format_date


def register(sub: argparse._SubParsersAction) -> None:
    dest = sub.add_parser("destination", help=_("kelola daftar tujuan rujukan"))
    dsub = dest.add_subparsers(dest="destination_command", metavar="SUBCOMMAND")
    dsub.required = True
    p = dsub.add_parser("add", help=_("tambah tujuan rujukan (kepala UPTD atau admin)"))
    p.add_argument("name")
    p.add_argument("--type", required=True, choices=[t.value for t in DestinationType])
    p.add_argument("--address", default="")
    p.add_argument("--contact", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--addressee", default="", help=_("jabatan penerima pada baris Yth., misalnya Direktur"))
    p.add_argument("--city", default="", help=_("kota tujuan untuk baris \"di ...\", misalnya Rumbia"))
    p.set_defaults(handler=cmd_destination_add)
    p = dsub.add_parser("list", help=_("daftar tujuan rujukan"))
    p.add_argument("--all", action="store_true", help=_("termasuk yang nonaktif"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_destination_list)
    p = dsub.add_parser("deactivate", help=_("nonaktifkan tujuan rujukan"))
    p.add_argument("destination_id")
    p.set_defaults(handler=cmd_destination_deactivate)

    letter = sub.add_parser("letter", help=_("surat rujukan"))
    lsub = letter.add_subparsers(dest="letter_command", metavar="SUBCOMMAND")
    lsub.required = True
    p = lsub.add_parser("create", help=_("buat draf surat rujukan dari kasus"))
    p.add_argument("case_id")
    p.add_argument("--destination", required=True)
    p.add_argument("--purpose", default="")
    p.set_defaults(handler=cmd_create)
    p = lsub.add_parser("approve", help=_("setujui surat dan beri nomor (kepala UPTD)"))
    p.add_argument("letter_id")
    p.add_argument("--number", default=None, help=_("nomor surat dari agenda dinas atau SRIKANDI (diketik)"))
    p.add_argument("--classification-code", dest="classification_code", default=None,
                   help=_("kode klasifikasi arsip, bila kantor belum mengaturnya (disimpan untuk surat berikutnya)"))
    p.set_defaults(handler=cmd_approve)
    p = lsub.add_parser("render", help=_("simpan surat sebagai PDF (berkas tidak terenkripsi)"))
    p.add_argument("letter_id")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=cmd_render)
    p = lsub.add_parser("resume", help=_("simpan resume kasus sebagai PDF (berkas tidak terenkripsi)"))
    p.add_argument("case_id")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--full", action="store_true",
                   help=_("identitas lengkap (bawaan: inisial saja, nama dan desa dalam teks disamarkan)"))
    p.set_defaults(handler=cmd_resume)
    p = lsub.add_parser("list", help=_("buku agenda surat keluar"))
    p.add_argument("--search", default="")
    p.add_argument("--overdue", action="store_true", help=_("hanya rujukan yang belum dijawab melewati batas"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = lsub.add_parser("verify", help=_("periksa kode verifikasi surat"))
    p.add_argument("code")
    p.set_defaults(handler=cmd_verify)
    p = lsub.add_parser("track", help=_("catat tindak lanjut rujukan"))
    p.add_argument("letter_id")
    p.add_argument("event", choices=["dikirim", "diterima", "layanan_diberikan", "umpan_balik", "tidak_ada_respons"])
    p.add_argument("--date", type=dt.date.fromisoformat, default=None)
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_track)


def cmd_destination_add(args: argparse.Namespace) -> int:
    from caseapp.services.destinations import Destination, add_destination

    with common.open_session(args) as session:
        dest = add_destination(session, Destination(args.name, DestinationType(args.type), args.address, args.contact,
                                                    args.phone, args.addressee, city=args.city))
    print(dest.id)
    return 0


def cmd_destination_list(args: argparse.Namespace) -> int:
    from caseapp.services.destinations import list_destinations

    with common.open_session(args) as session:
        found = list_destinations(session, include_inactive=args.all)
    if args.json:
        common.print_json([{"id": d.id, "name": d.name, "type": d.type.value, "address": d.address,
                            "contact_person": d.contact_person, "phone": d.phone, "addressee": d.addressee,
                            "active": d.active} for d in found])
    else:
        common.print_table([_("ID"), _("Nama tujuan"), _("Jenis tujuan"), _("Telepon"), _("Status")],
                           [[d.id, d.name, d.type_label, d.phone, _("aktif") if d.active else _("nonaktif")]
                            for d in found])
    return 0


def cmd_destination_deactivate(args: argparse.Namespace) -> int:
    from caseapp.services.destinations import set_destination_active

    with common.open_session(args) as session:
        set_destination_active(session, args.destination_id, False)
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    from caseapp.services.referrals import create_letter

    with common.open_session(args) as session:
        letter = create_letter(session, args.case_id, destination_id=args.destination, purpose=args.purpose)
    print(letter.id)
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from caseapp.services.referrals import approve_letter

    with common.open_session(args) as session:
        letter = approve_letter(session, args.letter_id, number=args.number,
                                classification_code=args.classification_code)
    print(letter.number)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes
    from caseapp.services.referrals import render_letter

    with common.open_session(args) as session:
        pdf = render_letter(session, args.letter_id, purpose="save")
        atomic_write_bytes(args.out, pdf)
    print("caseapp-cli: " + _("Peringatan: {path} TIDAK terenkripsi; simpan di tempat aman dan hapus setelah "
                              "dipakai.").format(path=args.out), file=sys.stderr)
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes
    from caseapp.services.case_summary import render_case_summary_pdf

    with common.open_session(args) as session:
        pdf = render_case_summary_pdf(session, args.case_id, "full" if args.full else "initials")
        atomic_write_bytes(args.out, pdf)
    print("caseapp-cli: " + _("Peringatan: {path} TIDAK terenkripsi; simpan di tempat aman dan hapus setelah "
                              "dipakai.").format(path=args.out), file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.referrals import list_letters

    with common.open_session(args) as session:
        letters = list_letters(session, text=args.search, overdue_only=args.overdue)
    if args.json:
        common.print_json([{"id": x.id, "number": x.number, "date": x.letter_date, "status": x.status.value,
                            "case_number": x.case_number, "destination": x.destination_name,
                            "destination_type": x.destination_type.value, "hal": x.hal, "tracking": x.tracking,
                            "sent_date": x.sent_date, "overdue": x.overdue, "verification_code": x.display_code}
                           for x in letters])
    else:
        common.print_table(
            [_("Nomor"), _("Tanggal"), _("Nomor kasus"), _("Tujuan"), _("Status"), _("Tindak lanjut"), _("ID")],
            [[x.number or "-", format_date(x.letter_date, long=False), x.case_number, x.destination_name,
              x.status.label, x.tracking_label + (" ⚠" if x.overdue else ""), x.id] for x in letters])
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from caseapp.services.referrals import verify_code

    with common.open_session(args) as session:
        result = verify_code(session, args.code)
    print(_("Kode verifikasi sah."))
    print(_("Nomor: {v}").format(v=result.number))
    print(_("Tanggal: {v}").format(v=format_date(result.letter_date)))
    print(_("Jenis tujuan: {v}").format(v=result.destination_type.label))
    print(_("Status: {v}").format(v=result.status.label))
    return 0


def cmd_track(args: argparse.Namespace) -> int:
    from caseapp.services import clock
    from caseapp.services.referrals import record_event

    with common.open_session(args) as session:
        letter = record_event(session, args.letter_id, args.event, args.date or clock.now().date(), args.note)
    print(letter.tracking_label)
    return 0
