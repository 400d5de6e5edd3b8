"""Self-test: prove on this machine that the installed program can store, find, print and exchange a case.

Everything happens in a throwaway folder under the system's temporary directory: two fictitious offices
with made-up data, removed again at the end whatever happened. The officer's own data folder is never
opened. The caller prints each step as it finishes (``report``) and may add the check that opens the main
window (``window_check``; the services do not import Qt).

Why cheap Argon2id parameters are acceptable here: the temporary stores hold only invented records, live
for a few seconds and are deleted; the password is random and never shown. What is tested is that the
KDF, SQLCipher, reportlab and age work in this build — not how hard the password is to guess. Real
offices are always enrolled with ``KdfPolicy.product()``.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain.accounts import NewUser, OfficeLevel, Role
from caseapp.domain.case_list import CaseFilter
from caseapp.domain.errors import CaseappError
from caseapp.i18n import _

# Throwaway stores only (see the module docstring); never used for an office's real data.
SELFTEST_KDF = KdfPolicy(memory_kib=1024, iterations=1, lanes=1, calibrate=False)
ADMIN = "ujimandiri"
VICTIM_NAME = "Uji Mandiri Fiktif"


@dataclass(frozen=True)
class StepResult:
    title: str
    ok: bool
    detail: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class TempOffice:
    """What a window check needs to open the temporary office on its own (the session is closed by then)."""

    data_dir: DataDir
    username: str
    password: str


WindowCheck = Callable[[TempOffice], None]


class SelftestFailed(CaseappError):
    """A step's result was not what it should be (the message says which)."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelftestFailed(message)


def _describe(exc: BaseException) -> str:
    """A short reason without record contents: our own messages, or only the kind of error."""
    if isinstance(exc, CaseappError):
        return exc.message
    if isinstance(exc, ModuleNotFoundError) and exc.name:  # an incomplete installation: say what is missing
        return _("bagian program tidak ada ({module}); pasang ulang caseapp").format(module=exc.name)
    return _("kesalahan tak terduga ({kind})").format(kind=type(exc).__name__)


def _case_json() -> dict:
    return {"intake_date": "2024-01-22", "channel": "datang_langsung",
            "victims": [{"name": VICTIM_NAME, "sex": "P", "birth_date": "2012-03-04",
                         "region_code": "74.06.01.1007", "street": "Jl. Contoh Fiktif No. 0"}],
            "perpetrators": [{"name": "Pelaku Fiktif", "sex": "L", "relationship": "tetangga"}],
            "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
            "chronology": "Catatan uji mandiri; semua data ini karangan."}


class _Run:
    """State shared by the steps of one self-test."""

    def __init__(self, root: Path):
        self.root = root
        self.password = secrets.token_urlsafe(18)
        self.district = None   # SetupResult session of the sending office
        self.province = None   # session of the receiving office
        self.case = None
        self.bundle: Path | None = None

    def _office(self, folder: str, code: str, name: str, level: OfficeLevel):
        from caseapp.services.setup import OfficeProfile, initialize_office

        result = initialize_office(DataDir(self.root / folder), OfficeProfile(code, name, level),
                                   NewUser(ADMIN, "Petugas Uji Mandiri", Role.ADMIN), self.password,
                                   kdf_policy=SELFTEST_KDF)
        return result.session

    # -- steps -------------------------------------------------------------------------------------
    def create_store(self) -> None:
        self.district = self._office("kantor-kabupaten", "74.06", "UPTD PPA Uji Mandiri Kabupaten",
                                     OfficeLevel.KABUPATEN)
        _check(self.district.data_dir.is_initialized(), _("Penyimpanan sementara tidak terbentuk."))

    def write_case(self) -> None:
        from caseapp.services import cases

        self.case = cases.create_case_from_json(self.district, _case_json())
        _check(bool(self.case.case_number), _("Kasus tersimpan tanpa nomor."))

    def search_case(self) -> None:
        from caseapp.services import cases

        found = cases.list_cases(self.district, CaseFilter(text="Mandiri Fiktif"))
        _check([c.case_number for c in found] == [self.case.case_number], _("Pencarian tidak menemukan kasus uji."))

    def read_case(self) -> None:
        from caseapp.services import cases

        again = cases.get_case(self.district, self.case.case_number)
        _check(again.uuid == self.case.uuid and [p.name for p in again.victims] == [VICTIM_NAME]
               and again.incidents[0].chronology == _case_json()["chronology"],
               _("Kasus yang dibaca kembali tidak sama dengan yang disimpan."))

    def render_letter(self) -> None:
        from caseapp.domain.referral import DestinationType
        from caseapp.services import destinations, referrals

        dest = destinations.add_destination(self.district, destinations.Destination(
            "Puskesmas Uji Mandiri", DestinationType.RSUD_PUSKESMAS, "Jl. Contoh Fiktif No. 1", "Kontak Uji", "0800",
            addressee="Kepala"))
        letter = referrals.create_letter(self.district, self.case.case_number, destination_id=dest.id)
        pdf = referrals.render_letter(self.district, letter.id)
        _check(pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:] and len(pdf) > 2000,
               _("Surat rujukan tidak menghasilkan PDF yang utuh."))

    def write_bundle(self) -> None:
        from caseapp.services import exchange, offices

        self.province = self._office("kantor-provinsi", "74", "UPTD PPA Uji Mandiri Provinsi", OfficeLevel.PROVINSI)
        for a, b in ((self.district, self.province), (self.province, self.district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        self.bundle = self.root / "uji.casebundle"
        result = exchange.export_bundle(self.district, self.province.office.code, self.bundle)
        _check(result.case_count == 1 and self.bundle.stat().st_size > 0, _("Berkas pertukaran tidak berisi kasus uji."))

    def read_bundle(self) -> None:
        from caseapp.services import cases, exchange

        exchange.import_bundle(self.province, self.bundle, receipt_out=self.root / "uji.receipt")
        received = cases.get_case(self.province, self.case.uuid)
        _check([p.name for p in received.victims] == [VICTIM_NAME] and received.case_number == self.case.case_number,
               _("Kasus di kantor penerima tidak sama dengan yang dikirim."))
        exchange.import_bundle(self.district, self.root / "uji.receipt")

    def close(self) -> None:
        for session in (self.district, self.province):
            if session is not None and not session.closed:
                session.close(action=None)


def _steps() -> list[tuple[str, str]]:
    """(title, method of _Run), translated when called (the language may change between runs)."""
    return [
        (_("Membuat penyimpanan kantor sementara (terenkripsi)"), "create_store"),
        (_("Menyimpan kasus"), "write_case"),
        (_("Mencari kasus"), "search_case"),
        (_("Membaca kasus"), "read_case"),
        (_("Membuat surat rujukan (PDF)"), "render_letter"),
        (_("Menulis berkas pertukaran untuk kantor kedua"), "write_bundle"),
        (_("Membaca berkas pertukaran di kantor kedua"), "read_bundle"),
    ]


def window_step_title() -> str:
    return _("Membuka jendela utama")


def cleanup_step_title() -> str:
    return _("Menghapus semua berkas uji")


def selftest_steps(*, with_window: bool = True) -> list[str]:
    """The titles, in order, as the GUI lists them before a run."""
    titles = [title for title, _name in _steps()]
    if with_window:
        titles.append(window_step_title())
    return titles + [cleanup_step_title()]


def run_selftest(report: Callable[[StepResult], None] = lambda r: None, *,
                 window_check: WindowCheck | None = None) -> list[StepResult]:
    """Run every step; returns (and reports, one by one) a result per step. Never raises for a failed step."""
    results: list[StepResult] = []

    def record(result: StepResult) -> None:
        results.append(result)
        report(result)

    def attempt(title: str, fn: Callable[[], None], *, needs_ok: bool = True) -> None:
        if needs_ok and results and not all(r.ok for r in results):
            record(StepResult(title, False, _("dilewati karena langkah sebelumnya gagal")))
            return
        start = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a failed step is reported, the next steps still run
            record(StepResult(title, False, _describe(exc), time.perf_counter() - start))
        else:
            record(StepResult(title, True, "", time.perf_counter() - start))

    root = Path(tempfile.mkdtemp(prefix="caseapp-selftest-"))
    run = _Run(root)
    try:
        for title, name in _steps():
            attempt(title, getattr(run, name))
        run.close()  # the window check opens the store itself; the lock must be free
        if window_check is not None:
            attempt(window_step_title(),
                    lambda: window_check(TempOffice(DataDir(root / "kantor-kabupaten"), ADMIN, run.password)))
    finally:
        run.close()

        def remove() -> None:
            shutil.rmtree(root, ignore_errors=True)
            _check(not root.exists(), _("Folder sementara {path} tidak dapat dihapus.").format(path=root))

        attempt(cleanup_step_title(), remove, needs_ok=False)
    return results
