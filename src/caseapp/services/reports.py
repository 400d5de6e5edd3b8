"""Statistics and the SIMFONI-PPA recap for a period and an area, from the report rows (counts only).

Every table says what it counts (cases, victims, perpetrators, letters). A report never holds a name, NIK,
address or case number. Users who may not see every case get figures over the cases they may see. Suppression
of small numbers (``exportable``) applies to what leaves the office; on screen and in ``stats --json`` the
figures are exact.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from caseapp.domain import regions
from caseapp.domain import simfoni_recap as simfoni
from caseapp.domain.accounts import Permission
from caseapp.domain.codes import default_registry
from caseapp.domain.errors import ValidationError
from caseapp.domain.report_facts import report_rows
from caseapp.domain.suppression import DEFAULT_THRESHOLD, Grid, shown, suppress
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import accounts_repo, reports_repo

THRESHOLD_KEY = "report_suppression_threshold"
UNKNOWN = ""

# What each table counts.
PER_CASE, PER_VICTIM, PER_PERPETRATOR, PER_LETTER = "kasus", "korban", "pelaku", "surat"


def unit_label(unit: str) -> str:
    return {PER_CASE: _("dihitung per kasus"), PER_VICTIM: _("dihitung per korban"),
            PER_PERPETRATOR: _("dihitung per pelaku"), PER_LETTER: _("dihitung per surat rujukan")}[unit]


def unit_noun(unit: str) -> str:
    return {PER_CASE: _("kasus"), PER_VICTIM: _("korban"), PER_PERPETRATOR: _("pelaku"),
            PER_LETTER: _("surat")}[unit]


@dataclass
class Table:
    key: str
    title: str
    unit: str                                   # PER_CASE, PER_VICTIM, ...
    rows: list[tuple[str, str]]                 # (code, label)
    columns: list[tuple[str, str]]              # (code, label): areas, or the sexes for sex × age
    cells: dict[tuple[str, str], int]
    column_totals: dict[str, int]               # per column: the sum of the rows, or the distinct count (see additive)
    additive: bool = True                       # False: one case/victim may fall in several rows
    note: str = ""

    def value(self, row: str, col: str) -> int:
        return self.cells.get((row, col), 0)

    def row_total(self, row: str) -> int:
        return sum(self.value(row, c) for c, _l in self.columns)

    @property
    def grand_total(self) -> int:
        return sum(self.column_totals.values())

    @property
    def unit_text(self) -> str:
        return unit_label(self.unit)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "counted_per": self.unit, "counted_per_text": self.unit_text,
                "additive": self.additive, "note": self.note,
                "columns": [{"code": c, "label": label} for c, label in self.columns],
                "rows": [{"code": r, "label": label, "values": {c: self.value(r, c) for c, _l in self.columns},
                          "total": self.row_total(r)} for r, label in self.rows],
                "column_totals": dict(self.column_totals), "total": self.grand_total}

    def printed(self, threshold: int = DEFAULT_THRESHOLD) -> list[list[str]]:
        """The table as printed outside the office: header, rows, total row; small numbers hidden.

        A table over several columns gets a "Jumlah" column; every table gets a total row.
        """
        cols = [c for c, _l in self.columns]
        many = len(cols) > 1
        grid = Grid(tuple(tuple(self.value(r, c) for c in cols) for r, _l in self.rows),
                    tuple(self.row_total(r) for r, _l in self.rows) if many else None,
                    tuple(self.column_totals.get(c, 0) for c in cols), self.grand_total if many else None)
        hidden = suppress(grid, threshold)
        n_rows, n_cols = len(self.rows), len(cols)
        header = [self.title] + [label for _c, label in self.columns] + ([_("Jumlah")] if many else [])
        out = [header]
        for i, (r, label) in enumerate(self.rows):
            line = [label] + [shown(grid.cells[i][j], (i, j) in hidden, threshold) for j in range(n_cols)]
            if many:
                line.append(shown(grid.row_totals[i], (i, n_cols) in hidden, threshold))
            out.append(line)
        total_label = _("Jumlah") if self.additive else _("Jumlah {unit}").format(unit=unit_noun(self.unit))
        line = [total_label] + [shown(grid.col_totals[j], (n_rows, j) in hidden, threshold) for j in range(n_cols)]
        if many:
            line.append(shown(grid.grand, (n_rows, n_cols) in hidden, threshold))
        out.append(line)
        return out


@dataclass
class Report:
    office_code: str
    office_name: str
    date_from: dt.date
    date_to: dt.date
    group: str                                  # "", "office", "kecamatan"
    areas: list[tuple[str, str]]
    total_cases: int
    total_victims: int
    total_perpetrators: int
    tables: list[Table]
    months: dict[str, dict[str, int]] = field(default_factory=dict)   # "YYYY-MM" -> violence category -> cases
    month_totals: dict[str, int] = field(default_factory=dict)        # "YYYY-MM" -> cases
    area_months: dict[str, dict[str, int]] = field(default_factory=dict)  # area -> "YYYY-MM" -> cases
    mean_days_to_closure: float | None = None
    restricted: bool = False                    # figures cover only the cases this user may see
    generated_at: str = ""

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"office": self.office_code, "period": {"from": self.date_from.isoformat(),
                                                        "to": self.date_to.isoformat()},
                "counted_by": "intake_date", "group": self.group or None,
                "areas": [{"code": c, "label": label} for c, label in self.areas],
                "total_cases": self.total_cases, "total_victims": self.total_victims,
                "total_perpetrators": self.total_perpetrators,
                "mean_days_to_closure": self.mean_days_to_closure, "restricted_to_own_cases": self.restricted,
                "months": self.months, "month_totals": self.month_totals, "area_months": self.area_months,
                "tables": [t.to_json() for t in self.tables]}


# --- making a report ----------------------------------------------------------------------------------------------

def threshold(session: Session) -> int:
    value = accounts_repo.get_setting(session.db.conn, THRESHOLD_KEY)
    try:
        return max(2, int(value)) if value else DEFAULT_THRESHOLD
    except ValueError:
        return DEFAULT_THRESHOLD


# Open stores whose cases all have report rows. Every case written since is written with its rows (cases._record),
# so the check runs once per open store: counting 100,000 cases costs little itself, but it pushes the summaries
# out of SQLCipher's page cache and made the next recap twice as slow.
_ROWS_COMPLETE: "weakref.WeakSet" = weakref.WeakSet()


def ensure_rows(session: Session, batch: int = 1000) -> int:
    """Give cases stored before the report rows existed their rows; returns how many were filled."""
    from caseapp.domain.case_json import case_from_json
    from caseapp.services.code_lists import registry

    if session.db in _ROWS_COMPLETE:
        return 0
    if not reports_repo.rows_missing(session.db.conn):
        _ROWS_COMPLETE.add(session.db)
        return 0
    done = 0
    reg = registry(session)
    while True:
        missing = reports_repo.cases_without_rows(session.db.conn, batch)
        if not missing:
            _ROWS_COMPLETE.add(session.db)
            return done
        rows = [report_rows(case_from_json(doc, today=dt.date.max, region_exists=lambda _c: True, registry=reg),
                            owner, reg) for _uuid, owner, doc in missing]
        with session.db.transaction() as c:
            reports_repo.write_rows(c, rows, replace=True)
        done += len(rows)


def _area_label(code: str, group: str) -> str:
    if group == "" or code == "":
        return _("Jumlah") if group == "" else _("Wilayah tidak diketahui")
    return regions.name(code) or code


def _maps(session: Session) -> dict[str, list[tuple[str, str]]]:
    from caseapp.services.code_lists import registry

    reg = registry(session)
    return {name: simfoni.code_pairs(name, reg[name].codes(), reg)
            for name in ("violence_type", *reports_repo.MAPPED_CASE_CODES, *reports_repo.MAPPED_VICTIM_CODES)}


def _age_bands() -> list[tuple[str, int, int | None]]:
    return [(e.code, e.extra.get("min_age"), e.extra.get("max_age"))
            for e in default_registry()["age_group_detailed"].entries if e.extra.get("min_age") is not None]


def make_report(session: Session, date_from: dt.date, date_to: dt.date, *, group: str = "",
                offices: tuple[str, ...] = (), kecamatan: str | None = None) -> Report:
    """All statistics for cases received from ``date_from`` to ``date_to`` (inclusive) in the chosen area."""
    if date_to < date_from:
        raise ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."), field="to")
    if group not in ("", "office", "kecamatan"):
        raise ValidationError(_("Pengelompokan wilayah tidak dikenal."), field="by")
    ensure_rows(session)
    restricted = not session.user.can(Permission.VIEW_ALL_CASES)
    scope = reports_repo.Scope(date_from.isoformat(), date_to.isoformat(), group, tuple(offices), kecamatan,
                               (session.user.id, session.user.username) if restricted else None)
    now = clock.now().replace(tzinfo=None).isoformat(timespec="minutes")
    raw = reports_repo.aggregate(session.db.conn, scope, maps=_maps(session), age_bands=_age_bands(), now=now)
    report = _build(session, raw, date_from, date_to, group, restricted)
    session.audit("report_made", "report", f"{date_from.isoformat()}..{date_to.isoformat()}")
    return report


def _build(session: Session, raw, date_from, date_to, group: str, restricted: bool) -> Report:
    by: dict[str, dict[tuple[str, str, str], int]] = defaultdict(lambda: defaultdict(int))
    for tab, g, a, b, n, n2, n3 in raw:
        g = g or ""
        if tab == "people":
            role, sex, band = a.split("|")
            education, occupation, marital, disability = b.split("|")
            by["victims" if role == "korban" else "perpetrators"][(g, "", "")] += n
            if role == "korban":
                by["sex_age"][(g, sex, band)] += n
                for name, value in (("education", education), ("occupation", occupation),
                                    ("marital_status", marital), ("disability", disability)):
                    by[name][(g, value, "")] += n
        elif tab == "coded":
            kind, cat = a.split("|", 1)
            if kind == "violence":
                by["violence_cases"][(g, cat, "")] += n
                by["violence_people"][(g, cat, "korban")] += n2 or 0
                by["violence_people"][(g, cat, "pelaku")] += n3 or 0
                if b:  # the summaries give the months in rows of their own ("month")
                    by["month"][(g, b, cat)] += n
            else:
                by[kind][(g, cat, "")] += n
        else:
            by[tab][(g, a or "", b or "")] += n
            if tab == "closure_days":
                by["closure_days_sum"][(g, "", "")] += n2 or 0
    area_codes = sorted({g for g, _a, _b in by["cases"]}) or [""]
    areas = [(g, _area_label(g, group)) for g in area_codes]
    cases_in = {g: by["cases"].get((g, "", ""), 0) for g in area_codes}
    victims_in = {g: by["victims"].get((g, "", ""), 0) for g in area_codes}
    perps_in = {g: by["perpetrators"].get((g, "", ""), 0) for g in area_codes}
    reg = default_registry()

    def area_table(key, title, unit, rows, source, *, additive=True, sub="", base=None, note=""):
        cells = {(r, g): source.get((g, r, sub), 0) for r, _l in rows for g in area_codes}
        if additive:
            totals = {g: sum(cells[(r, g)] for r, _l in rows) for g in area_codes}
        else:
            totals = dict(base)
        return Table(key, title, unit, list(rows), list(areas), cells, totals, additive, note)

    def simfoni_rows(list_name):
        return list(simfoni.recap_list(list_name).categories)

    def mapped_attr(list_name, tab):
        """Person attributes grouped by caseapp code in SQL, mapped here (one value per person)."""
        out: dict[tuple[str, str, str], int] = defaultdict(int)
        for (g, code, sub), n in by[tab].items():
            cats = simfoni.code_pairs(list_name, [code]) if code else []
            target = cats[0][1] if cats else UNKNOWN
            out[(g, target, sub)] += n
        return out

    def with_unknown(rows, source):
        if any(k[1] == UNKNOWN and v for k, v in source.items()):
            rows = rows + [(UNKNOWN, simfoni.unknown_label())]
        return rows

    multi = _("Satu kasus dapat masuk lebih dari satu kategori; baris tidak dijumlahkan.")
    multi_v = _("Satu korban dapat masuk lebih dari satu kategori; baris tidak dijumlahkan.")
    tables: list[Table] = []
    vt = simfoni_rows("violence_type")
    tables.append(area_table("violence_cases", _("Kasus menurut jenis kekerasan"), PER_CASE, vt, by["violence_cases"],
                             additive=False, base=cases_in, note=multi))
    tables.append(area_table("violence_victims", _("Korban menurut jenis kekerasan"), PER_VICTIM, vt,
                             by["violence_people"], sub="korban", additive=False, base=victims_in, note=multi_v))
    tables.append(area_table("violence_perpetrators", _("Pelaku menurut jenis kekerasan"), PER_PERPETRATOR, vt,
                             by["violence_people"], sub="pelaku", additive=False, base=perps_in,
                             note=_("Satu pelaku dapat masuk lebih dari satu kategori; baris tidak dijumlahkan.")))
    # Victims by sex × age group, over the whole selection.
    sex_age = mapped_attr("sex", "sex_age")
    age_src: dict[tuple[str, str], int] = defaultdict(int)
    for (g, sex_cat, age_code), n in sex_age.items():
        age_cats = simfoni.code_pairs("age_group_detailed", [age_code]) if age_code else []
        age_src[(age_cats[0][1] if age_cats else UNKNOWN, sex_cat)] += n
    sex_cols = list(simfoni.recap_list("sex").categories)
    if any(s == UNKNOWN and v for (_a, s), v in age_src.items()):
        sex_cols.append((UNKNOWN, simfoni.unknown_label()))
    age_rows = simfoni_rows("age_group_detailed")
    if any(a == UNKNOWN and v for (a, _s), v in age_src.items()):
        age_rows.append((UNKNOWN, simfoni.unknown_label()))
    cells = {(a, s): age_src.get((a, s), 0) for a, _l in age_rows for s, _sl in sex_cols}
    tables.append(Table("sex_age", _("Korban menurut jenis kelamin dan kelompok umur"), PER_VICTIM, age_rows,
                        sex_cols, cells, {s: sum(cells[(a, s)] for a, _l in age_rows) for s, _sl in sex_cols}))
    place = by["place"]
    tables.append(area_table("place", _("Kasus menurut tempat kejadian"), PER_CASE, simfoni_rows("place"), place,
                             additive=False, base=cases_in, note=multi))
    tables.append(area_table("relationship", _("Korban menurut hubungan pelaku dengan korban"), PER_VICTIM,
                             simfoni_rows("relationship"), by["relationship"], additive=False, base=victims_in,
                             note=multi_v))
    for list_name, tab, title in (("education", "education", _("Korban menurut pendidikan")),
                                  ("occupation", "occupation", _("Korban menurut pekerjaan")),
                                  ("marital_status", "marital_status", _("Korban menurut status perkawinan"))):
        src = mapped_attr(list_name, tab)
        tables.append(area_table(tab, title, PER_VICTIM, with_unknown(simfoni_rows(list_name), src), src))
    dis_rows = [("ya", _("Penyandang disabilitas")), ("tidak", _("Bukan penyandang disabilitas")),
                (UNKNOWN, simfoni.unknown_label())]
    tables.append(area_table("disability", _("Korban menurut disabilitas"), PER_VICTIM, dis_rows, by["disability"]))
    tables.append(area_table("disability_type", _("Korban penyandang disabilitas menurut jenis disabilitas"),
                             PER_VICTIM, simfoni_rows("disability_type"), by["disability_type"], additive=False,
                             base={g: by["disability"].get((g, "ya", ""), 0) for g in area_codes}, note=multi_v))
    tables.append(area_table("service", _("Kasus menurut layanan yang diberikan"), PER_CASE, simfoni_rows("service"),
                             by["service"], additive=False, base=cases_in, note=multi))
    # Referrals: by destination type, then by how far the tracking got.
    ref_types = sorted({a for (_g, a, _b) in by["referrals"]})
    from caseapp.domain.referral import DestinationType
    from caseapp.services.referrals import TrackingEvent

    def dest_label(code):
        try:
            return DestinationType(code).label
        except ValueError:
            return code

    ref_by_type: dict[tuple[str, str, str], int] = defaultdict(int)
    ref_by_state: dict[tuple[str, str, str], int] = defaultdict(int)
    for (g, a, b), n in by["referrals"].items():
        ref_by_type[(g, a, "")] += n
        ref_by_state[(g, b, "")] += n
    tables.append(area_table("referrals", _("Surat rujukan menurut tujuan"), PER_LETTER,
                             [(t, dest_label(t)) for t in ref_types], ref_by_type))
    states = [("belum_dikirim", _("Belum dikirim"))] + [(e.value, e.label) for e in TrackingEvent]
    tables.append(area_table("referral_outcomes", _("Surat rujukan menurut tindak lanjut terakhir"), PER_LETTER,
                             states, ref_by_state))
    statuses = [(e.code, e.label_id) for e in reg["case_status"].entries]
    tables.append(area_table("status", _("Kasus menurut tahap penanganan"), PER_CASE, statuses, by["status"]))
    tables.append(area_table("closure_days", _("Kasus selesai menurut lama penanganan (pengaduan sampai selesai)"),
                             PER_CASE, [("0_30", _("0–30 hari")), ("31_90", _("31–90 hari")),
                                        ("91_180", _("91–180 hari")), ("181_plus", _("Lebih dari 180 hari"))],
                             by["closure_days"]))
    tables.append(area_table("police", _("Kekerasan seksual: laporan ke polisi dalam 3×24 jam (UU TPKS)"), PER_CASE,
                             [("tepat_waktu", _("Dilaporkan tepat waktu")),
                              ("terlambat", _("Terlambat atau belum dilaporkan setelah batas waktu")),
                              ("berjalan", _("Belum dilaporkan, batas waktu belum lewat"))], by["police"]))
    closed = sum(v for (_g, _a, _b), v in by["closure_days"].items())
    days = sum(v for v in by["closure_days_sum"].values())
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_g, month, cat), n in by["month"].items():
        months[month][cat] += n
    month_totals: dict[str, int] = defaultdict(int)
    area_months: dict[str, dict[str, int]] = defaultdict(dict)
    for (g, month, _b), n in by["month_cases"].items():
        month_totals[month] += n
        area_months[g][month] = n
    return Report(session.office.code, session.office.name, date_from, date_to, group, areas,
                  sum(cases_in.values()), sum(victims_in.values()), sum(perps_in.values()), tables,
                  {m: dict(v) for m, v in sorted(months.items())}, dict(sorted(month_totals.items())),
                  {g: dict(sorted(v.items())) for g, v in area_months.items()},
                  round(days / closed, 1) if closed else None, restricted, clock.timestamp())


def group_count(session: Session, date_from: dt.date, date_to: dt.date) -> list[tuple[str, int]]:
    return reports_repo.group_count(session.db.conn, date_from.isoformat(), date_to.isoformat())


# --- periods ------------------------------------------------------------------------------------------------------

def period(kind: str, on: dt.date) -> tuple[dt.date, dt.date]:
    """The month, quarter or year containing ``on``."""
    if kind == "month":
        start = on.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    elif kind == "quarter":
        q = (on.month - 1) // 3
        start = dt.date(on.year, 3 * q + 1, 1)
        end = (dt.date(on.year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
    elif kind == "year":
        start, end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    else:
        raise ValidationError(_("Jenis periode tidak dikenal."), field="period")
    return start, end
