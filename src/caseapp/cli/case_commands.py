"""CLI: cases (add from JSON, list, show, export as JSON) and the demo-data generator."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.case import STATUSES
from caseapp.domain.errors import CaseappError, ValidationError
from caseapp.i18n import _, format_date


def register(sub: argparse._SubParsersAction) -> None:
    case = sub.add_parser("case", help=_("kelola kasus"))
    csub = case.add_subparsers(dest="case_command", metavar="SUBCOMMAND")
    csub.required = True

    p = csub.add_parser("add", help=_("catat kasus baru dari berkas JSON (format caseapp.case)"))
    p.add_argument("--from", dest="source", required=True, type=Path, metavar="FILE.json")
    p.set_defaults(handler=cmd_add)

    p = csub.add_parser("list", help=_("daftar kasus (korban hanya sebagai inisial)"))
    p.add_argument("--search", default="", metavar="TEXT", help=_("cari nama, NIK, nomor kasus atau kronologi"))
    p.add_argument("--status", action="append", choices=STATUSES, default=[], help=_("tahap kasus (boleh diulang)"))
    p.add_argument("--limit", type=int, default=100, help=_("jumlah baris paling banyak (bawaan 100)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = csub.add_parser("show", help=_("ringkasan satu kasus (tercatat di log audit)"))
    p.add_argument("ref", metavar="ID", help=_("UUID atau nomor kasus"))
    p.add_argument("--json", action="store_true", help=_("seluruh isi kasus sebagai JSON (dicatat sebagai ekspor)"))
    p.set_defaults(handler=cmd_show)

    p = csub.add_parser("export-json", help=_("seluruh isi kasus sebagai JSON ke keluaran standar (dicatat sebagai ekspor)"))
    p.add_argument("ref", metavar="ID", help=_("UUID atau nomor kasus"))
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("demo-data", help=_("buat kasus contoh rekaan untuk latihan dan uji (khusus administrator)"))
    p.add_argument("--cases", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.set_defaults(handler=cmd_demo)


def _with_field(exc: ValidationError) -> ValidationError:
    """The same refusal, with the JSON path of the offending value in front of the message."""
    return ValidationError(f"{exc.field}: {exc.message}" if exc.field else exc.message, field=exc.field)


def _read_json_file(path: Path):
    import json

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseappError(_("Berkas tidak ditemukan: {path}").format(path=path)) from None
    except (OSError, UnicodeDecodeError):
        raise CaseappError(_("Berkas tidak dapat dibaca sebagai teks UTF-8: {path}").format(path=path)) from None
    try:
        return json.loads(text)
    except ValueError:
        raise ValidationError(_("Berkas bukan JSON yang valid."), field="$") from None


def cmd_add(args: argparse.Namespace) -> int:
    from caseapp.services import cases

    data = _read_json_file(args.source)
    with common.open_session(args) as session:
        try:
            case = cases.create_case_from_json(session, data)
        except ValidationError as exc:
            raise _with_field(exc) from None
        for field, message in cases.warnings(case):
            print(_("peringatan: {field}: {message}").format(field=field, message=message), file=sys.stderr)
        for hit in cases.find_duplicates(session, case):
            print(_("peringatan: orang pada kasus ini mungkin sudah tercatat pada kasus {number}.").format(
                number=hit.other_case_number), file=sys.stderr)
    print(f"{case.uuid} {case.case_number}")
    return 0


_registry = None  # the office's code lists, read once the session is open (labels of an admin's added codes)


def _labels(list_name: str, codes) -> str:
    from caseapp.domain.codes import default_registry

    table = (_registry or default_registry())[list_name]
    return ", ".join(table.label(c) for c in codes)


def _load_labels(session) -> None:
    global _registry
    from caseapp.services.code_lists import registry

    _registry = registry(session)


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases

    flt = CaseFilter(text=args.search, statuses=tuple(args.status))
    with common.open_session(args) as session:
        _load_labels(session)
        rows = cases.list_cases(session, flt, limit=max(args.limit, 0))
        total = cases.count_cases(session, flt) if len(rows) >= args.limit else len(rows)
    if args.json:
        common.print_json([{"uuid": r.uuid, "case_number": r.case_number, "intake_date": r.intake_date.isoformat(),
                            "status": r.status, "victim_initials": r.victim_initials,
                            "violence_types": list(r.violence_types)} for r in rows])
    else:
        common.print_table(
            [_("Nomor kasus"), _("Tanggal pengaduan"), _("Tahap"), _("Korban"), _("Jenis kekerasan")],
            [[r.case_number, r.intake_date.isoformat(), _labels("case_status", [r.status]), r.victim_initials,
              _labels("violence_type", r.violence_types)] for r in rows],
        )
    if total > len(rows):
        print(_("Menampilkan {shown} dari {total} kasus; gunakan --limit atau --search.").format(
            shown=len(rows), total=total), file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from caseapp.services import cases

    with common.open_session(args) as session:
        if args.json:
            common.print_json(cases.export_case_json(session, args.ref))
            return 0
        case = cases.get_case(session, args.ref)
        _load_labels(session)
    print("\n".join(summary_lines(case)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from caseapp.services import cases

    with common.open_session(args) as session:
        data = cases.export_case_json(session, args.ref)
    common.print_json(data)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from caseapp.services.demo_data import make_demo_cases

    step = max(1, args.cases // 20)  # a line about every 5 %
    shown = {"next": step}

    def progress(done: int, total: int) -> None:
        if done >= shown["next"] or done == total:
            print(_("Membuat kasus contoh: {done}/{total} ({pct}%)").format(
                done=done, total=total, pct=done * 100 // max(total, 1)), file=sys.stderr, flush=True)
            shown["next"] = (done // step + 1) * step

    with common.open_session(args) as session:
        made = make_demo_cases(session, args.cases, seed=args.seed, progress=progress)
    print(_("{n} kasus contoh dibuat.").format(n=made))
    return 0



def _person_line(p, case) -> str:
    from caseapp.domain.ages import age_on
    from caseapp.domain.regions import full_path_label

    parts = [p.name, {"L": _("laki-laki"), "P": _("perempuan")}.get(p.sex or "", "")]
    first = min([i.date for i in case.incidents if i.date] or [case.intake_date])
    if p.birth_date and p.birth_date <= first:
        parts.append(_("{n} tahun saat kejadian").format(n=age_on(p.birth_date, first)))
    if p.nik:
        parts.append(f"NIK {p.nik}")
    if p.region_code:
        parts.append(full_path_label(p.region_code) or p.region_code)
    return ", ".join(x for x in parts if x)


def summary_lines(case) -> list[str]:
    """A readable summary of a case for the terminal (full names: only after an audited view)."""
    from caseapp.domain import case as rules

    lines = [
        f"{_('Nomor kasus')}: {case.case_number}   ({case.uuid})",
        f"{_('Tanggal pengaduan')}: {format_date(case.intake_date)}   {_('Saluran')}: {_labels('channel', [case.channel])}",
        f"{_('Tahap')}: {_labels('case_status', [case.status])}"
        + (f" ({_labels('closure_reason', [case.closure_reason])})" if case.closure_reason else "")
        + (f"   {_('Risiko')}: {_labels('risk_level', [case.risk_level])}" if case.risk_level else ""),
        f"{_('Jenis kekerasan')}: {_labels('violence_type', sorted(case.violence_types))}",
    ]
    deadline = rules.police_report_deadline(case)
    if deadline:
        done = case.police_reported_at
        lines.append(f"{_('Laporan ke polisi (UU TPKS, 3×24 jam)')}: "
                     + (_("dilaporkan {at}").format(at=done.isoformat(sep=" ", timespec="minutes")) if done else
                        _("batas {at}").format(at=deadline.isoformat(sep=" ", timespec="minutes"))))
    protection = rules.temporary_protection_deadline(case)
    given = rules.temporary_protection_given(case)
    if protection or given:
        lines.append(f"{_('Perlindungan sementara oleh polisi (1×24 jam)')}: "
                     + (_("diberikan {at}").format(at=given.isoformat(sep=" ", timespec="minutes")) if given else
                        _("batas {at}").format(at=protection.isoformat(sep=" ", timespec="minutes"))))
    request = rules.protection_request_deadline(case)
    if request:
        asked = case.legal_process.protection_requested_at
        lines.append(f"{_('Permintaan perlindungan (1×24 jam)')}: "
                     + (_("diajukan {at}").format(at=asked.isoformat(sep=" ", timespec="minutes")) if asked else
                        _("batas {at}").format(at=request.isoformat(sep=" ", timespec="minutes"))))
    from caseapp.domain.legal_process import legal_process_rows

    if case.legal_process is not None:
        lines.extend(f"{k}: {v}" for k, v in legal_process_rows(case, True)
                     if k not in (_("Perlindungan sementara"), _("Permintaan perlindungan")))
    from caseapp.domain.juvenile_justice import diversion_clocks
    from caseapp.domain.legal_warnings import may_be_complaint_offence

    if may_be_complaint_offence(case):
        lines.append(_("Kemungkinan delik aduan (UU PKDRT Pasal 51–53): diproses atas pengaduan korban, "
                       "pengaduan dapat dicabut"))

    for clock in diversion_clocks(case):
        lines.append(f"{_('Pelaku anak (ABH, UU 11/2012 SPPA)')}: " + _("{n} tahun saat kejadian").format(n=clock.age)
                     + ("; " + _("upaya diversi paling lambat {seek}, selesai paling lambat {end}").format(
                         seek=clock.seek_by.isoformat(sep=" ", timespec="minutes"),
                         end=clock.conclude_by.isoformat(sep=" ", timespec="minutes")) if clock.seek_by else
                        "; " + _("diversi diupayakan dalam 7 hari sejak penyidikan dimulai (paling lama 30 hari)")))
    for title, people in ((_("Korban"), case.victims), (_("Pelaku"), case.perpetrators), (_("Pelapor"), case.reporters),
                          (_("Anak saksi"), case.child_witnesses)):
        for p in people:
            line = f"{title}: {_person_line(p, case)}"
            rels = [_labels("relationship", [r.relationship]) for r in case.relations if r.perpetrator == p.uuid]
            if rels:
                line += f" — {_('hubungan')}: {', '.join(dict.fromkeys(rels))}"
            lines.append(line)
    for inc in case.incidents:
        lines.append(f"{_('Kejadian')}: {format_date(inc.date) if inc.date else '-'}"
                     + (f", {_labels('place', [inc.place])}" if inc.place else ""))
        if inc.chronology:
            lines.append(f"  {inc.chronology}")
    counts = [(_("asesmen"), case.assessments), (_("rencana intervensi"), case.interventions),
              (_("layanan"), case.services), (_("pemantauan"), case.follow_ups), (_("catatan"), case.notes)]
    lines.append(", ".join(f"{len(items)} {label}" for label, items in counts))
    if case.assigned_officers:
        lines.append(f"{_('Petugas')}: {', '.join(case.assigned_officers)}")
    return lines
