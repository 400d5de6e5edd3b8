"""The UU TPKS 3×24 jam clock (time left to report sexual violence to the police, red once overdue), the 1×24 jam
protection clocks after the report (temporary protection, then the protection request), and the SPPA diversion
notice for a child perpetrator."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from caseapp.domain import case as case_rules
from caseapp.domain.case import Case
from caseapp.domain.juvenile_justice import diversion_clocks
from caseapp.domain.legal_warnings import may_be_complaint_offence
from caseapp.i18n import _, format_datetime

STYLE_RUNNING = "background: #fff4e0; color: #7a4b00; border: 1px solid #f0c36d;"
STYLE_OVERDUE = "background: #fdecea; color: #b3261e; border: 1px solid #f2b8b5; font-weight: bold;"
STYLE_DONE = "background: #e8f4f3; color: #17645f; border: 1px solid #a9d3cf;"


def duration_text(delta: dt.timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("{h} jam {m} menit").format(h=hours, m=minutes)


def _at(value: dt.datetime) -> str:
    return format_datetime(value.replace(tzinfo=None))


def protection_text(case: Case, now: dt.datetime) -> tuple[str, bool] | None:
    """(text, overdue) for the protection clocks once the police report is recorded: temporary protection within
    1×24 h of the report (UU TPKS Pasal 42 — the police *may*; UU PKDRT Pasal 16 — they *must*), then the
    protection request within 1×24 h of it (perintah perlindungan, UU PKDRT Pasal 16 ayat 3; LPSK, UU TPKS
    Pasal 43). None when neither law applies or nothing is reported yet."""
    due = case_rules.temporary_protection_deadline(case)
    if due is None:
        return None
    lp = case.legal_process
    given = case_rules.temporary_protection_given(case)
    now = now.replace(tzinfo=None)
    if given is None:
        late = case_rules.temporary_protection_required(case) and due.replace(tzinfo=None) < now
        if late:
            return _("Perlindungan sementara oleh polisi (1×24 jam, UU PKDRT Pasal 16): belum dicatat, TERLAMBAT "
                     "sejak {due}.").format(due=_at(due)), True
        return _("Perlindungan sementara oleh polisi paling lambat {due} (1×24 jam; UU TPKS Pasal 42, "
                 "UU PKDRT Pasal 16).").format(due=_at(due)), False
    text = _("Perlindungan sementara diberikan {when}").format(when=_at(given))
    if lp.temporary_protection_by:
        text += " " + _("oleh {who}").format(who=lp.temporary_protection_by)
    text += "."
    request = case_rules.protection_request_deadline(case)
    if lp.protection_requested_at is not None:
        return text + " " + _("Permintaan perlindungan diajukan {when}.").format(
            when=_at(lp.protection_requested_at)), False
    if request is None:
        return text, False
    left = request.replace(tzinfo=None) - now
    if left.total_seconds() < 0:
        return text + " " + _("Permintaan perlindungan (perintah perlindungan/LPSK, 1×24 jam): TERLAMBAT {d} — "
                              "batas {due}.").format(d=duration_text(left), due=_at(request)), True
    return text + " " + _("Permintaan perlindungan (perintah perlindungan/LPSK, 1×24 jam): sisa {d} — batas "
                          "{due}.").format(d=duration_text(left), due=_at(request)), False


def clock_text(case: Case, now: dt.datetime) -> tuple[str, str] | None:
    """(text, style) for the banner, or None when neither the police clock nor a protection clock applies."""
    deadline = case_rules.police_report_deadline(case)
    protection = protection_text(case, now)
    if deadline is None and protection is None:
        return None
    if case.police_reported_at is not None:
        if deadline is not None:
            text = _("Sudah dilaporkan ke polisi pada {when} (UU TPKS).").format(when=_at(case.police_reported_at))
        else:
            text = _("Sudah dilaporkan ke polisi pada {when}.").format(when=_at(case.police_reported_at))
        if protection is None:
            return text, STYLE_DONE
        return text + " " + protection[0], STYLE_OVERDUE if protection[1] else STYLE_DONE
    left = deadline - now
    due = format_datetime(deadline)
    if left.total_seconds() < 0:
        return _("Lapor polisi 3×24 jam (UU TPKS): TERLAMBAT {d} — batas {due}.").format(
            d=duration_text(left), due=due), STYLE_OVERDUE
    return _("Lapor polisi 3×24 jam (UU TPKS): sisa {d} — batas {due}.").format(
        d=duration_text(left), due=due), STYLE_RUNNING


class PoliceClock(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("policeClock")
        self.setWordWrap(True)
        self.overdue = False
        self.hide()

    def update_for(self, case: Case, now: dt.datetime) -> None:
        found = clock_text(case, now)
        if found is None:
            self.overdue = False
            self.hide()
            return
        text, style = found
        self.overdue = style is STYLE_OVERDUE
        self.setText(("⚠ " if self.overdue else "") + text)
        self.setStyleSheet(style + " border-radius: 4px; padding: 7px 10px; font-size: 10pt;")
        self.show()


def legal_notice_text(case: Case) -> str | None:
    """The SPPA notice for a perpetrator who was 12–17 at the incident (UU 11/2012), and the delik aduan notice
    for violence by a spouse (UU PKDRT Pasal 51–53); None when neither applies."""
    clocks = diversion_clocks(case)
    lines = []
    if may_be_complaint_offence(case):
        lines.append(_("Kemungkinan delik aduan (UU PKDRT Pasal 51–53): kekerasan fisik atau psikis ringan dan "
                       "kekerasan seksual oleh suami/istri hanya diproses atas pengaduan korban, dan pengaduan "
                       "dapat dicabut."))
    for clock in clocks:
        head = _("Pelaku anak berhadapan dengan hukum (ABH, UU 11/2012 SPPA): {n} tahun saat kejadian.").format(
            n=clock.age)
        if clock.seek_by is None:
            lines.append(head + " " + _("Penyidik wajib mengupayakan diversi paling lama 7 hari sejak penyidikan "
                                        "dimulai, dan diversi berlangsung paling lama 30 hari. Catat waktu laporan "
                                        "ke polisi agar batasnya dapat dihitung."))
        else:
            lines.append(head + " " + _("Diversi diupayakan paling lambat {seek} dan selesai paling lambat "
                                        "{end} (dihitung dari laporan ke polisi); minta litmas dari Bapas.").format(
                seek=format_datetime(clock.seek_by.replace(tzinfo=None)),
                end=format_datetime(clock.conclude_by.replace(tzinfo=None))))
    return "\n".join(lines) or None


class AbhNotice(QLabel):
    """Shown under the police clock when a perpetrator is a child in conflict with the law, or the case may be a
    delik aduan."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("abhNotice")
        self.setWordWrap(True)
        self.setStyleSheet(STYLE_RUNNING + " border-radius: 4px; padding: 7px 10px; font-size: 10pt;")
        self.hide()

    def update_for(self, case: Case) -> None:
        text = legal_notice_text(case)
        self.setText(text or "")
        self.setVisible(text is not None)
