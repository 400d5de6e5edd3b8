"""The Laporan page: period and area, a dashboard (monthly bars by type, trend lines, per area), the tables,
the SIMFONI-PPA tab (cases not yet entered, input sheet, mark as entered) and exports (PDF, XLSX, CSV)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from caseapp.i18n import _
from caseapp.services import report_exports, reports, simfoni_entry
from caseapp.ui.messages import show_error, user_message
from caseapp.ui.reports.charts import ChartCard, HorizontalBars, Lines, StackedBars
from caseapp.ui.widgets import ErrorLabel, primary_button

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
TREND_MONTHS = 24


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def month_keys(end: dt.date, n: int) -> list[str]:
    y, m = end.year, end.month
    out = []
    for _i in range(n):
        out.append(f"{y:04}-{m:02}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def month_label(key: str) -> str:
    return f"{_MONTHS[int(key[5:]) - 1]} {key[2:4]}"


def change_text(now: int, before: int) -> str:
    if before == 0:
        return _("tidak dapat dibandingkan (sebelumnya 0)") if now else _("tetap 0")
    pct = (now - before) * 100 / before
    word = _("naik") if pct > 0 else _("turun") if pct < 0 else _("tetap")
    return f"{word} {abs(pct):.0f}% ({before} → {now})"


def _compute(session, start: dt.date, end: dt.date, trend_start: dt.date, group: str):
    """On the worker: the report for the period, the 24-month trend, and the SIMFONI-PPA pending list."""
    return (reports.make_report(session, start, end, group=group),
            reports.make_report(session, trend_start, end, group=group), simfoni_entry.pending(session))


class ReportsPage(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PageSurface")
        self.context = context
        self.session = context.session
        self.report: reports.Report | None = None
        self.trend: reports.Report | None = None
        self.loading = False
        province = "." not in self.session.office.code
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(dt.date(today.year, 1, 1)), objectName="reportFrom", calendarPopup=True)
        self.date_to = QDateEdit(_qdate(today), objectName="reportTo", calendarPopup=True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd-MM-yyyy")
        self.quick = QComboBox(objectName="reportQuick")
        for key, text in (("", _("Pilih periode…")), ("month", _("Bulan ini")), ("last_month", _("Bulan lalu")),
                          ("quarter", _("Triwulan ini")), ("year", _("Tahun ini")), ("last_year", _("Tahun lalu"))):
            self.quick.addItem(text, key)
        self.quick.activated.connect(self._quick_period)
        self.group = QComboBox(objectName="reportGroup")
        if province:
            self.group.addItem(_("Per kabupaten/kota"), "office")
        self.group.addItem(_("Per kecamatan"), "kecamatan")
        self.group.addItem(_("Seluruh wilayah kantor"), "")
        self.show_button = primary_button(_("&Tampilkan"))
        self.show_button.setObjectName("reportShow")
        self.show_button.clicked.connect(self.refresh)
        self.export_buttons = {}
        controls = QHBoxLayout()
        for w in (QLabel(_("Dari")), self.date_from, QLabel(_("sampai")), self.date_to, self.quick,
                  QLabel(_("Wilayah")), self.group, self.show_button):
            controls.addWidget(w)
        controls.addStretch(1)
        exports = QHBoxLayout()
        for fmt, text in (("pdf", _("Simpan &PDF…")), ("xlsx", _("Simpan &XLSX…")), ("csv", _("Simpan &CSV…"))):
            button = QPushButton(text, objectName=f"reportExport_{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            button.setToolTip(_("Berkas untuk dikirim keluar kantor: hanya jumlah, angka kecil ditulis \"<5\"."))
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        exports.addStretch(1)
        self.summary = QLabel(objectName="reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.error = ErrorLabel()
        self.tabs = QTabWidget(objectName="reportTabs")
        self.tabs.addTab(self._dashboard(), _("&Dasbor"))
        self.tabs.addTab(self._tables(), _("Ta&bel"))
        self.tabs.addTab(self._simfoni(), _("&SIMFONI-PPA"))
        title = QLabel(_("Laporan"), objectName="PageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addLayout(exports)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # --- building ---------------------------------------------------------------------------------------------------

    def _dashboard(self) -> QWidget:
        w = QWidget()
        grid = QGridLayout(w)
        self.monthly = ChartCard(_("Kasus per bulan menurut jenis kekerasan (24 bulan terakhir, per kasus)"),
                                 StackedBars())
        self.lines = ChartCard(_("Tren kasus per bulan: semua kasus dan dua jenis terbanyak"), Lines())
        self.areas = ChartCard(_("Kasus per wilayah dalam periode"), HorizontalBars())
        self.area_lines = ChartCard(_("Tren per wilayah: lima wilayah dengan kasus terbanyak (24 bulan terakhir)"),
                                    Lines())
        self.area_lines.chart.setFixedHeight(260)
        self.monthly.chart.setFixedHeight(280)
        self.lines.chart.setFixedHeight(260)
        grid.addWidget(self.monthly, 0, 0, 1, 2)
        grid.addWidget(self.lines, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.areas, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.area_lines, 2, 0, 1, 2)
        return w

    def _tables(self) -> QWidget:
        w = QWidget()
        self.table_choice = QComboBox(objectName="reportTableChoice")
        self.table_choice.currentIndexChanged.connect(self._show_table)
        self.table_unit = QLabel(objectName="SectionHint")
        self.table_unit.setWordWrap(True)
        self.table_view = QTableWidget(objectName="reportTable")
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(w)
        layout.addWidget(self.table_choice)
        layout.addWidget(self.table_unit)
        layout.addWidget(self.table_view, 1)
        return w

    def _simfoni(self) -> QWidget:
        w = QWidget()
        hint = QLabel(_("Kasus dalam daftar ini belum ditandai sudah diinput ke SIMFONI-PPA. Buka lembar input, "
                        "salin isiannya ke SIMFONI-PPA, lalu tandai kasusnya."), objectName="SectionHint")
        hint.setWordWrap(True)
        self.pending = QTableWidget(0, 2, objectName="simfoniPending")
        self.pending.setHorizontalHeaderLabels([_("Nomor kasus"), _("Tanggal pengaduan")])
        self.pending.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pending.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pending.horizontalHeader().setStretchLastSection(True)
        self.sheet_button = QPushButton(_("&Lembar input…"), objectName="simfoniSheet")
        self.sheet_button.clicked.connect(self.show_sheet)
        self.mark_button = QPushButton(_("Tandai &sudah diinput"), objectName="simfoniMark")
        self.mark_button.clicked.connect(self.mark)
        self.recap_button = QPushButton(_("Simpan &rekap SIMFONI (XLSX)…"), objectName="simfoniRecap")
        self.recap_button.clicked.connect(lambda: self.export("xlsx", simfoni=True))
        buttons = QHBoxLayout()
        for b in (self.sheet_button, self.mark_button, self.recap_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(w)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.pending, 1)
        return w

    # --- data -------------------------------------------------------------------------------------------------------

    def period(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def _quick_period(self) -> None:
        key = self.quick.currentData()
        today = dt.date.today()
        if not key:
            return
        if key == "last_month":
            start, end = reports.period("month", today.replace(day=1) - dt.timedelta(days=1))
        elif key == "last_year":
            start, end = reports.period("year", dt.date(today.year - 1, 1, 1))
        else:
            start, end = reports.period(key, today)
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))
        self.refresh()

    def refresh(self) -> None:
        """Compute the report on the job runner's worker (a recap over 100,000 cases takes seconds)."""
        if self.loading:
            return
        start, end = self.period()
        trend_start = dt.date.fromisoformat(month_keys(end, TREND_MONTHS)[0] + "-01")
        self.loading = True
        self.show_button.setEnabled(False)
        self.summary.setText(_("Menghitung laporan…"))
        self.context.jobs.start(_compute, self.session, start, end, trend_start, self.group.currentData(),
                                on_success=lambda result: self._computed(result, end), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.show_button.setEnabled(True)
        self.summary.clear()
        self.error.show_message(user_message(exc))

    def _computed(self, result, end: dt.date) -> None:
        self.loading = False
        self.show_button.setEnabled(True)
        self.report, self.trend, pending = result
        self.error.clear_message()
        self._fill_summary(end)
        self._fill_charts(end)
        self._fill_table_choice()
        self._fill_pending(pending)

    def _fill_summary(self, end: dt.date) -> None:
        r, t = self.report, self.trend
        keys = month_keys(end, TREND_MONTHS)
        totals = [t.month_totals.get(k, 0) for k in keys]
        mom = change_text(totals[-1], totals[-2])
        yoy = change_text(sum(totals[-12:]), sum(totals[:12]))
        lines = [_("<b>{cases}</b> kasus, <b>{victims}</b> korban, <b>{perps}</b> pelaku dalam periode ini "
                   "(menurut tanggal pengaduan).").format(cases=r.total_cases, victims=r.total_victims,
                                                          perps=r.total_perpetrators),
                 _("Bulan {m} dibanding bulan sebelumnya: {change}.").format(m=month_label(keys[-1]), change=mom),
                 _("12 bulan terakhir dibanding 12 bulan sebelumnya: {change}.").format(change=yoy)]
        if r.mean_days_to_closure is not None:
            lines.append(_("Rata-rata lama penanganan kasus yang selesai: {d} hari.").format(
                d=str(r.mean_days_to_closure).replace(".", ",")))
        if r.restricted:
            lines.append(_("Hanya mencakup kasus yang dapat Anda buka."))
        self.summary.setText("<br>".join(lines))

    def _fill_charts(self, end: dt.date) -> None:
        t = self.trend
        keys = month_keys(end, TREND_MONTHS)
        labels = [month_label(k) for k in keys]
        cats = [(c, label) for c, label in t.table("violence_cases").rows
                if any(t.months.get(k, {}).get(c) for k in keys)]
        series = [(label, [t.months.get(k, {}).get(c, 0) for k in keys]) for c, label in cats]
        self.monthly.chart.set_data(labels, series)
        self.monthly.set_numbers(labels, [label for label, _v in series],
                                 [[v[i] for _l, v in series] for i in range(len(keys))])
        line_series = [(_("Semua kasus"), [t.month_totals.get(k, 0) for k in keys])]
        top = sorted(series, key=lambda s: -sum(s[1]))[:2]
        line_series += [(_("Kasus {type}").format(type=label.lower()), values) for label, values in top]
        self.lines.chart.set_data(labels, line_series)
        self.lines.set_numbers(labels, [n for n, _v in line_series],
                               [[v[i] for _n, v in line_series] for i in range(len(keys))])
        names = dict(t.areas)
        top_areas = sorted(t.area_months, key=lambda a: -sum(t.area_months[a].values()))[:5]
        area_series = [(names.get(a, a), [t.area_months[a].get(k, 0) for k in keys]) for a in top_areas]
        self.area_lines.setVisible(len(t.areas) > 1)
        self.area_lines.chart.set_data(labels, area_series)
        self.area_lines.set_numbers(labels, [n for n, _v in area_series],
                                    [[v[i] for _n, v in area_series] for i in range(len(keys))])
        r = self.report
        status = r.table("status")
        items = [(label, status.column_totals.get(code, 0)) for code, label in r.areas]
        items.sort(key=lambda x: -x[1])
        self.areas.chart.set_data(items)
        self.areas.set_numbers([label for label, _v in items], [_("Kasus")], [[v] for _l, v in items])

    def _fill_table_choice(self) -> None:
        current = self.table_choice.currentData()
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        for t in self.report.tables:
            self.table_choice.addItem(t.title, t.key)
        index = self.table_choice.findData(current)
        self.table_choice.setCurrentIndex(max(0, index))
        self.table_choice.blockSignals(False)
        self._show_table()

    def _show_table(self) -> None:
        if self.report is None or self.table_choice.currentData() is None:
            return
        t = self.report.table(self.table_choice.currentData())
        self.table_unit.setText(t.unit_text.capitalize() + (". " + t.note if t.note else ""))
        cols = [c for c, _l in t.columns]
        many = len(cols) > 1
        headers = [label for _c, label in t.columns] + ([_("Jumlah")] if many else [])
        rows = [(label, [t.value(r, c) for c in cols] + ([t.row_total(r)] if many else [])) for r, label in t.rows]
        total_label = _("Jumlah") if t.additive else _("Jumlah {unit}").format(unit=reports.unit_noun(t.unit))
        rows.append((total_label, [t.column_totals.get(c, 0) for c in cols] + ([t.grand_total] if many else [])))
        self.table_view.clear()
        self.table_view.setRowCount(len(rows))
        self.table_view.setColumnCount(len(headers))
        self.table_view.setHorizontalHeaderLabels(headers)
        self.table_view.setVerticalHeaderLabels([label for label, _v in rows])
        for i, (_label, values) in enumerate(rows):
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table_view.setItem(i, j, item)
        self.table_view.resizeColumnsToContents()

    def _fill_pending(self, pending) -> None:
        self.pending_rows = pending
        self.pending.setRowCount(len(pending))
        for i, p in enumerate(pending):
            self.pending.setItem(i, 0, QTableWidgetItem(p.case_number))
            self.pending.setItem(i, 1, QTableWidgetItem(p.intake_date.strftime("%d-%m-%Y")))
        self.tabs.setTabText(2, _("&SIMFONI-PPA") + (f" ({len(pending)})" if pending else ""))

    # --- actions ----------------------------------------------------------------------------------------------------

    def selected_pending(self):
        rows = self.pending.selectionModel().selectedRows()
        return self.pending_rows[rows[0].row()] if rows else None

    def show_sheet(self) -> None:
        item = self.selected_pending()
        if item is None:
            return
        try:
            sections = simfoni_entry.input_sheet(self.session, item.uuid)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        text = "\n".join(f"{title}\n" + "\n".join(f"    {k}: {v}" for k, v in fields) for title, fields in sections)
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Lembar input SIMFONI-PPA"))
        view = QPlainTextEdit(text, objectName="simfoniSheetText")
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(520, 560)
        self.sheet_dialog = dialog
        dialog.exec()
        self.sheet_dialog = None

    def mark(self) -> None:
        item = self.selected_pending()
        if item is None:
            return
        try:
            simfoni_entry.mark_entered(self.session, item.uuid)
            self._fill_pending(simfoni_entry.pending(self.session))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def export(self, fmt: str, *, simfoni: bool = False, path: str | None = None) -> Path | None:
        """Write the shown report (or the SIMFONI recap) to a file the user picks; small numbers are hidden."""
        from caseapp.atomic import atomic_write_bytes, writing_to

        start, end = self.period()
        if path is None:
            stem = (_("rekap-simfoni") if simfoni else _("laporan")) + f"-{start.isoformat()}-{end.isoformat()}"
            filters = {"pdf": _("Berkas PDF (*.pdf)"), "xlsx": _("Buku kerja Excel (*.xlsx)"),
                       "csv": _("Berkas CSV (*.csv)")}
            path, _filter = QFileDialog.getSaveFileName(self, _("Simpan laporan"), f"{stem}.{fmt}", filters[fmt])
            if not path:
                return None
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            group = self.group.currentData()
            if simfoni:
                report = simfoni_entry.recap(self.session, start, end, group=group)
                data = report_exports.export(self.session, report, fmt, title=_("Rekap Data untuk SIMFONI-PPA"))
            else:
                data = report_exports.export(self.session, self.report, fmt)
            with writing_to(Path(path)):
                atomic_write_bytes(Path(path), data)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        return Path(path)
