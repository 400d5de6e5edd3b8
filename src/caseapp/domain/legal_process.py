"""The legal process of a case (proses hukum): what the police, the prosecutor and the court did with it.

One record per case, kept in the case document under ``legal_process`` (absent when nothing is recorded, so a
case without one reads, saves and exports exactly as before it existed):

- the police report (Laporan Polisi): its number here; its time is the case's ``police_reported_at``, which the
  3×24 h clock (UU 12/2022 TPKS Pasal 41) and the closing rule already use — it is not kept twice;
- the stage of the legal process (``legal_stage`` code list), the court and the court case number (nomor perkara);
- the verdict (putusan): date, summary, and whether it is final (berkekuatan hukum tetap, inkracht);
- restitution (UU TPKS Pasal 30): when it was requested, when LPSK assessed it, the amount decided, what was paid;
- protection: when the police gave temporary protection (perlindungan sementara) and by whom — within 1×24 h of
  the report (UU TPKS Pasal 42 ayat 1: "dapat"; UU 23/2004 PKDRT Pasal 16 ayat 1: "wajib") — and when protection
  was requested, which the police must do within 1×24 h of giving temporary protection: the protection order
  (perintah perlindungan) from the court under UU PKDRT Pasal 16 ayat 3, protection from LPSK under UU TPKS
  Pasal 43.

The clocks themselves are in ``domain/case.py`` (``temporary_protection_deadline``, ``protection_request_deadline``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Callable

from caseapp import i18n
from caseapp.domain.codes import default_registry
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

if TYPE_CHECKING:
    from caseapp.domain.case import Case

# An amount of rupiah is a whole number; the bound keeps it far below what JSON encoders and SQLite handle (2^63)
# and far above any restitution (a thousand trillion rupiah).
MAX_RUPIAH = 10 ** 15


@dataclass(frozen=True)
class LegalProcess:
    police_report_number: str = ""                    # nomor Laporan Polisi, e.g. LP/B/12/I/2024/SPKT/POLRES BOMBANA
    stage: str | None = None                          # legal_stage code
    court: str = ""                                   # e.g. Pengadilan Negeri Pasarwajo
    court_case_number: str = ""                       # nomor perkara, e.g. 12/Pid.Sus/2024/PN Psw
    verdict_date: dt.date | None = None
    verdict_summary: str = ""
    verdict_final: bool = False                       # berkekuatan hukum tetap (inkracht)
    restitution_requested_on: dt.date | None = None
    restitution_lpsk_assessed_on: dt.date | None = None
    restitution_amount: int | None = None             # rupiah decided by the court
    restitution_paid_amount: int | None = None        # rupiah paid so far
    restitution_paid_on: dt.date | None = None
    temporary_protection_at: dt.datetime | None = None
    temporary_protection_by: str = ""                 # e.g. Unit PPA Polres Bombana
    protection_requested_at: dt.datetime | None = None

    @property
    def is_empty(self) -> bool:
        return self == EMPTY

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for what does not hold together; empty when the record is consistent."""
        out: list[tuple[str, str]] = []
        if self.verdict_final and self.verdict_date is None:
            out.append(("verdict_date", _("Putusan berkekuatan hukum tetap harus mencatat tanggal putusan.")))
        for name in ("restitution_amount", "restitution_paid_amount"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_RUPIAH:
                out.append((name, _("Jumlah rupiah harus bilangan bulat dari 0 sampai 1.000.000.000.000.000.")))
        if self.restitution_paid_on is not None and not self.restitution_paid_amount:
            out.append(("restitution_paid_amount", _("Tanggal pembayaran restitusi diisi, tetapi jumlah yang "
                                                     "dibayar belum diisi.")))
        if (self.protection_requested_at is not None and self.temporary_protection_at is not None
                and _naive(self.protection_requested_at) < _naive(self.temporary_protection_at)):
            out.append(("protection_requested_at", _("Permintaan perlindungan tidak boleh sebelum perlindungan "
                                                     "sementara diberikan.")))
        if self.temporary_protection_by.strip() and self.temporary_protection_at is None:
            out.append(("temporary_protection_at", _("Isi waktu perlindungan sementara diberikan.")))
        return out

    def check(self, path: str = "legal_process") -> None:
        """Raise the first problem as a ValidationError naming ``path.field``."""
        for name, message in self.problems():
            raise ValidationError(message, field=f"{path}.{name}")


EMPTY = LegalProcess()
FIELD_NAMES = tuple(f.name for f in fields(LegalProcess))


def _naive(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def rupiah_text(amount: int | None) -> str:
    """'Rp15.000.000' (Indonesian thousands separator); '' for None."""
    if amount is None:
        return ""
    return "Rp" + f"{amount:,}".replace(",", ".")


def legal_process_rows(case: "Case", full: bool, text: Callable[[str], str] = lambda v: v) -> list[tuple[str, str]]:
    """The legal process as (label, value) rows, for the resume kasus and ``case show``. With ``full`` False (a
    case conference) the police report and court case numbers are left out, and ``text`` masks the verdict
    summary."""
    lp = case.legal_process or LegalProcess()

    def when(value: dt.datetime | None) -> str:
        return i18n.format_datetime(value.replace(tzinfo=None)) if value else ""

    def day(value: dt.date | None) -> str:
        return i18n.format_date(value) if value else ""

    verdict = day(lp.verdict_date)
    if verdict and lp.verdict_final:
        verdict += " — " + _("berkekuatan hukum tetap")
    paid = ", ".join(x for x in (rupiah_text(lp.restitution_paid_amount), day(lp.restitution_paid_on)) if x)
    rows = [
        (_("Laporan Polisi"), " — ".join(x for x in ((lp.police_report_number if full else ""),
                                                     when(case.police_reported_at)) if x)),
        (_("Tahap proses hukum"), (default_registry()["legal_stage"].label(lp.stage, "id") if lp.stage else "")),
        (_("Pengadilan"), lp.court),
        (_("Nomor perkara"), lp.court_case_number if full else ""),
        (_("Putusan"), verdict),
        (_("Isi putusan"), text(lp.verdict_summary.strip())),
        (_("Restitusi diajukan"), day(lp.restitution_requested_on)),
        (_("Penilaian LPSK"), day(lp.restitution_lpsk_assessed_on)),
        (_("Restitusi diputus"), rupiah_text(lp.restitution_amount)),
        (_("Restitusi dibayar"), paid),
        (_("Perlindungan sementara"), ", ".join(x for x in (when(lp.temporary_protection_at),
                                                            lp.temporary_protection_by) if x)),
        (_("Permintaan perlindungan"), when(lp.protection_requested_at)),
    ]
    return [(k, v) for k, v in rows if v]
