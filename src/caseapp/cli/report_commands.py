"""CLI: statistics (stats), printable and spreadsheet reports (report), SIMFONI-PPA recap, pending list and flag."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

BY_AREA = {"district": "office", "kecamatan": "kecamatan"}
BY_TABLE = {"violence_type": "violence_cases", "age_group": "sex_age", "sex": "sex_age", "place": "place",
            "relationship": "relationship", "service": "service", "status": "status", "education": "education",
            "disability": "disability", "occupation": "occupation", "marital_status": "marital_status",
            "referral": "referrals", "police": "police"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("tanggal harus berbentuk TTTT-BB-HH")) from None


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", type=_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=_date, required=True, metavar="DATE")
    p.add_argument("--office", action="append", default=[], metavar="CODE",
                   help=_("hanya kasus milik kantor ini (boleh diulang; di provinsi: kode kabupaten)"))
    p.add_argument("--kecamatan", default=None, metavar="CODE", help=_("hanya kasus di kecamatan ini"))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help=_("statistik kasus untuk satu periode (hanya jumlah)"))
    _period_args(p)
    p.add_argument("--by", choices=sorted([*BY_AREA, *BY_TABLE, "month"]), default=None,
                   help=_("per wilayah (district, kecamatan) atau hanya satu tabel"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("report", help=_("laporan PDF, XLSX atau CSV (angka kecil disembunyikan)"))
    _period_args(p)
    p.add_argument("--by", choices=sorted(BY_AREA), default=None, help=_("per kabupaten (district) atau kecamatan"))
    p.add_argument("--simfoni", action="store_true", help=_("hanya rekap SIMFONI-PPA"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.xlsx|FILE.csv")
    p.set_defaults(handler=cmd_report)

    simfoni = sub.add_parser("simfoni", help=_("SIMFONI-PPA: rekap, lembar input, kasus yang belum diinput"))
    ssub = simfoni.add_subparsers(dest="simfoni_command", metavar="SUBCOMMAND")
    ssub.required = True
    p = ssub.add_parser("recap", help=_("rekap dalam kategori dan urutan SIMFONI-PPA"))
    _period_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recap)
    p = ssub.add_parser("pending", help=_("kasus yang belum diinput ke SIMFONI-PPA"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pending)
    p = ssub.add_parser("mark", help=_("tandai kasus sudah diinput ke SIMFONI-PPA"))
    p.add_argument("ref", metavar="CASE", help=_("UUID atau nomor kasus"))
    p.add_argument("--date", type=_date, default=None, help=_("tanggal input (bawaan: hari ini)"))
    p.add_argument("--undo", action="store_true", help=_("hapus tanda sudah diinput"))
    p.set_defaults(handler=cmd_mark)
    p = ssub.add_parser("sheet", help=_("lembar input SIMFONI-PPA untuk satu kasus (tercatat di log audit)"))
    p.add_argument("ref", metavar="CASE", help=_("UUID atau nomor kasus"))
    p.set_defaults(handler=cmd_sheet)


def _area(args) -> dict:
    return {"offices": tuple(args.office), "kecamatan": args.kecamatan}


def _print_tables(report, tables) -> None:
    from caseapp.services import reports

    print(_("Jumlah kasus: {cases}  Jumlah korban: {victims}  Jumlah pelaku: {perps}").format(
        cases=report.total_cases, victims=report.total_victims, perps=report.total_perpetrators))
    for table in tables:
        print()
        print(f"{table.title} ({table.unit_text})")
        cols = [c for c, _l in table.columns]
        many = len(cols) > 1
        rows = [[label] + [str(table.value(r, c)) for c in cols] + ([str(table.row_total(r))] if many else [])
                for r, label in table.rows]
        total = [_("Jumlah") if table.additive else _("Jumlah {unit}").format(unit=reports.unit_noun(table.unit))] + \
            [str(table.column_totals.get(c, 0)) for c in cols] + ([str(table.grand_total)] if many else [])
        common.print_table([""] + [label for _c, label in table.columns] + ([_("Jumlah")] if many else []),
                           rows + [total])
        if table.note:
            print(table.note)


def cmd_stats(args: argparse.Namespace) -> int:
    from caseapp.services import reports

    group = BY_AREA.get(args.by or "", "")
    with common.open_session(args) as session:
        report = reports.make_report(session, args.date_from, args.date_to, group=group, **_area(args))
    if args.json:
        data = report.to_json()
        if args.by in BY_TABLE:
            data["tables"] = [t for t in data["tables"] if t["key"] == BY_TABLE[args.by]]
        elif args.by == "month":
            data["tables"] = []
        common.print_json(data)
        return 0
    if args.by == "month":
        print(_("Jumlah kasus: {cases}").format(cases=report.total_cases))
        common.print_table([_("Bulan"), _("Kasus")], [[m, str(n)] for m, n in report.month_totals.items()])
        return 0
    tables = [report.table(BY_TABLE[args.by])] if args.by in BY_TABLE else report.tables
    _print_tables(report, tables)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes
    from caseapp.services import report_exports, reports, simfoni_entry

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in report_exports.FORMATS:
        raise ValidationError(_("Nama berkas keluaran harus berakhiran .pdf, .xlsx atau .csv."), field="out")
    group = BY_AREA.get(args.by or "", "")
    with common.open_session(args) as session:
        if args.simfoni:
            report = simfoni_entry.recap(session, args.date_from, args.date_to, group=group, **_area(args))
            title = _("Rekap Data untuk SIMFONI-PPA")
        else:
            report = reports.make_report(session, args.date_from, args.date_to, group=group, **_area(args))
            title = None
        data = report_exports.export(session, report, fmt, title=title)
    atomic_write_bytes(args.out, data)
    print(_("Laporan disimpan: {path}. Angka kecil disembunyikan; berkas tidak memuat nama, NIK, atau nomor "
            "kasus.").format(path=args.out), file=sys.stderr)
    return 0


def cmd_recap(args: argparse.Namespace) -> int:
    from caseapp.services import simfoni_entry

    with common.open_session(args) as session:
        report = simfoni_entry.recap(session, args.date_from, args.date_to, **_area(args))
    if args.json:
        common.print_json(report.to_json())
    else:
        _print_tables(report, report.tables)
    return 0


def cmd_pending(args: argparse.Namespace) -> int:
    from caseapp.services import simfoni_entry

    with common.open_session(args) as session:
        rows = simfoni_entry.pending(session)
    if args.json:
        common.print_json([{"uuid": r.uuid, "case_number": r.case_number, "intake_date": r.intake_date.isoformat(),
                            "violence_types": list(r.violence_types)} for r in rows])
    else:
        common.print_table([_("Nomor kasus"), _("Tanggal pengaduan")],
                           [[r.case_number, r.intake_date.isoformat()] for r in rows])
        print(_("{n} kasus belum diinput ke SIMFONI-PPA.").format(n=len(rows)), file=sys.stderr)
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from caseapp.services import simfoni_entry

    with common.open_session(args) as session:
        if args.undo:
            simfoni_entry.unmark_entered(session, args.ref)
            print(_("Tanda sudah diinput ke SIMFONI-PPA dihapus."), file=sys.stderr)
        else:
            on = simfoni_entry.mark_entered(session, args.ref, args.date)
            print(_("Kasus ditandai sudah diinput ke SIMFONI-PPA pada {date}.").format(date=on.isoformat()),
                  file=sys.stderr)
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from caseapp.services import simfoni_entry

    with common.open_session(args) as session:
        sections = simfoni_entry.input_sheet(session, args.ref)
    for title, fields in sections:
        print(title)
        for name, value in fields:
            print(f"  {name}: {value}")
    return 0
