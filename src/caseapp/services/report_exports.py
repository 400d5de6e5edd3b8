"""Reports that leave the office: XLSX, CSV and PDF, with small numbers hidden (see ``domain/suppression.py``).

Only counts and category names are written: the report rows hold no name, NIK, address or case number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from caseapp.domain.suppression import Grid, shown, suppress
from caseapp.i18n import _, format_date
from caseapp.services import reports
from caseapp.services.reports import Report, Table
from caseapp.services.session import Session

FORMATS = ("pdf", "xlsx", "csv")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def period_text(report: Report) -> str:
    return _("Periode {start} s.d. {end} (menurut tanggal pengaduan)").format(
        start=format_date(report.date_from), end=format_date(report.date_to))


def area_text(report: Report) -> str:
    if report.group == "office":
        return _("per kabupaten/kota dan jumlah")
    if report.group == "kecamatan":
        return _("per kecamatan dan jumlah")
    return ""


def headline(report: Report, threshold: int) -> list[tuple[str, str]]:
    """Total cases, victims and perpetrators, each hidden when small."""
    figures = [(_("Jumlah kasus"), report.total_cases), (_("Jumlah korban"), report.total_victims),
               (_("Jumlah pelaku"), report.total_perpetrators)]
    return [(label, shown(n, 0 < n < threshold, threshold)) for label, n in figures]


def month_values(report: Report, threshold: int) -> list[tuple[str, str, int, bool]]:
    """(YYYY-MM, short label, count, hidden) for every month of the period; a lone small month hides another."""
    months, day = [], report.date_from.replace(day=1)
    while day <= report.date_to:
        months.append(day.strftime("%Y-%m"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    values = [report.month_totals.get(m, 0) for m in months]
    hidden = suppress(Grid(tuple((v,) for v in values), None, (report.total_cases,), None), threshold)
    return [(m, f"{_MONTHS[int(m[5:]) - 1]} {m[2:4]}", v, (i, 0) in hidden) for i, (m, v) in enumerate(zip(months, values))]


def printed_tables(report: Report, threshold: int) -> list[tuple[Table, list[list[str]]]]:
    return [(t, t.printed(threshold)) for t in report.tables]


def footnotes(report: Report, threshold: int) -> list[str]:
    notes = [_("Angka 1 sampai {last} ditulis \"<{t}\"; angka yang ditulis \"x\" disembunyikan agar angka kecil tidak "
               "dapat dihitung dari jumlah baris atau kolom.").format(last=threshold - 1, t=threshold),
             _("Laporan ini hanya memuat jumlah; tidak memuat nama, NIK, alamat, atau nomor kasus."),
             _("Lama penanganan kasus selesai dihitung sampai langkah terakhir yang tercatat.")]
    if report.restricted:
        notes.append(_("Hanya mencakup kasus yang dapat Anda buka."))
    return notes


# --- CSV ------------------------------------------------------------------------------------------------------------

def to_csv(report: Report, threshold: int, title: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([title])
    w.writerow([period_text(report) + (", " + area_text(report) if area_text(report) else "")])
    for label, value in headline(report, threshold):
        w.writerow([label, value])
    w.writerow([])
    w.writerow([_("Kasus per bulan"), _("dihitung per kasus")])
    for _m, label, value, hidden in month_values(report, threshold):
        w.writerow([label, shown(value, hidden, threshold)])
    for table, rows in printed_tables(report, threshold):
        w.writerow([])
        w.writerow([table.unit_text] + ([table.note] if table.note else []))
        w.writerows(rows)
    w.writerow([])
    for note in footnotes(report, threshold):
        w.writerow([note])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


# --- XLSX -----------------------------------------------------------------------------------------------------------

def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28].strip()
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def to_xlsx(report: Report, threshold: int, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Ringkasan")
    used = {ws.title}
    bold = Font(bold=True)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([period_text(report)])
    if area_text(report):
        ws.append([area_text(report)])
    ws.append([])
    for label, value in headline(report, threshold):
        ws.append([label, int(value) if value.isdigit() else value])
    ws.append([])
    ws.append([_("Kasus per bulan"), _("dihitung per kasus")])
    for _m, label, value, hidden in month_values(report, threshold):
        ws.append([label, shown(value, hidden, threshold) if hidden else value])
    ws.append([])
    for note in footnotes(report, threshold):
        ws.append([note])
    ws.column_dimensions["A"].width = 48
    for table, rows in printed_tables(report, threshold):
        sh = wb.create_sheet(_sheet_name(table.title, used))
        sh.append([table.title])
        sh["A1"].font = bold
        sh.append([table.unit_text + (". " + table.note if table.note else "")])
        sh.append([])
        for r, row in enumerate(rows):
            sh.append([c if j == 0 or r == 0 or not c.isdigit() else int(c) for j, c in enumerate(row)])
            if r in (0, len(rows) - 1):
                for cell in sh[sh.max_row]:
                    cell.font = bold
        sh.column_dimensions["A"].width = 48
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------------------

def to_pdf(session: Session, report: Report, threshold: int, title: str) -> bytes:
    from caseapp.letters.report_pdf import MonthBar, PrintedReport, PrintedTable, render_report
    from caseapp.services.referrals import office_letterhead, paper

    subtitle = period_text(report) + (", " + area_text(report) if area_text(report) else "")
    months = [MonthBar(label, None if hidden else value) for _m, label, value, hidden in month_values(report, threshold)]
    tables = [PrintedTable(t.title, t.unit_text, rows, t.note) for t, rows in printed_tables(report, threshold)]
    printed = PrintedReport(office_letterhead(session), title, subtitle, headline(report, threshold), months, tables,
                            footnotes(report, threshold), threshold,
                            _("{title}, {start} s.d. {end}").format(title=title, start=report.date_from.strftime("%d-%m-%Y"),
                                                                   end=report.date_to.strftime("%d-%m-%Y")))
    return render_report(printed, paper=paper(session))


def default_title() -> str:
    return _("Laporan Data Kekerasan terhadap Perempuan dan Anak")


def export(session: Session, report: Report, fmt: str, *, title: str | None = None) -> bytes:
    """The report as a file's bytes in ``fmt`` (pdf, xlsx, csv), small numbers hidden; the export is audited."""
    from caseapp.domain.errors import ValidationError

    if fmt not in FORMATS:
        raise ValidationError(_("Format laporan harus pdf, xlsx atau csv."), field="out")
    threshold = reports.threshold(session)
    title = title or default_title()
    data = {"pdf": lambda: to_pdf(session, report, threshold, title), "xlsx": lambda: to_xlsx(report, threshold, title),
            "csv": lambda: to_csv(report, threshold, title)}[fmt]()
    session.audit("report_exported", "report", f"{fmt}:{report.date_from.isoformat()}..{report.date_to.isoformat()}")
    return data
