"""Open every top-level window and dialog of the app on the screen Qt was started with; print one JSON line per window.

Run by ``tests/ui/test_window_fit.py`` in a subprocess per screen size (the offscreen platform's screen size is
fixed when Qt starts): ``QT_QPA_PLATFORM=offscreen:configfile=screen.json [QT_SCALE_FACTOR=1.25] python -m
tests.ui.window_fit_probe <data-root>``. Each line: name, window frame, available area, and per primary button
whether it is fully visible inside the window.

WINDOWS is the list of every window and dialog: a new window must be added here.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget, QWizard

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.referral import DestinationType
from caseapp.services import accounts, cases, destinations, letterhead, referrals
from caseapp.services.destinations import Destination
from caseapp.ui import qt_runtime, screen_fit
from caseapp.ui.jobs import JobRunner
from caseapp.ui.style import apply_style
from tests.helpers import TEST_KDF, make_office


def _case():
    from caseapp.domain.case import Case, Incident, Person

    today = dt.date.today()
    victim = Person(role="korban", name="Wa Ode Fitriani", sex="P", birth_date=dt.date(2012, 3, 4))
    from tests.services.test_referrals import PARENT_CONSENT

    return Case(intake_date=today, channel="datang_langsung", intake_time=dt.time(9, 30), persons=(victim,),
                incidents=(Incident(date=today, violence_types=("seksual",)),), risk_level="tinggi",
                consents=(PARENT_CONSENT,))


def _button(window: QWidget, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    if found is None:
        raise LookupError(name)
    return found


ACTION_WORDS = ("Simpan", "Tutup", "Batal", "Setujui", "Impor", "Cetak", "Buka", "OK", "Tambah")


def _box_buttons(window: QWidget) -> list[QPushButton]:
    """The dialog's action buttons: its button boxes, primary buttons and buttons named for an action."""
    found = [b for box in window.findChildren(QDialogButtonBox) for b in box.buttons()]
    for button in window.findChildren(QPushButton):
        text = button.text().replace("&", "")
        if button.property("primary") or text.startswith(ACTION_WORDS):
            found.append(button)
    return [b for b in dict.fromkeys(found) if b.isVisibleTo(window)]


def _wizard_buttons(wizard: QWizard) -> list[QPushButton]:
    return [wizard.button(QWizard.WizardButton.NextButton), wizard.button(QWizard.WizardButton.CancelButton)]


def windows(ctx):
    """(name, open() -> window, buttons(window) -> the primary action buttons). Keep every window here."""
    from caseapp.ui.about_dialog import AboutDialog
    from caseapp.ui.backup_dialogs import BackupDialog, RestoreDialog
    from caseapp.ui.pdp_dialogs import AccessRequestDialog, BreachDialog
    from caseapp.ui.retention_dialog import ConfirmPurgeDialog, HoldDialog, RetentionDialog, RetentionPeriodsDialog
    from caseapp.ui.cases.attachment_viewer import AttachmentViewer
    from caseapp.ui.cases.case_editor import CaseEditor
    from caseapp.ui.cases.closure_dialog import ClosureDialog, StageReasonDialog
    from caseapp.ui.cases.draft_offer import DraftOffer
    from caseapp.ui.cases.duplicate_warning import DuplicateWarningDialog
    from caseapp.ui.exchange.case_picker import CasePickerDialog
    from caseapp.ui.exchange.trust_dialog import TrustCardDialog
    from caseapp.ui.help_browser import HelpBrowser
    from caseapp.ui.letters.approve_dialog import ApproveDialog
    from caseapp.ui.letters.batch_dialog import BatchPrintDialog
    from caseapp.ui.letters.case_summary_dialog import SummaryProfileDialog, summary_preview
    from caseapp.ui.letters.case_chooser import CaseChooserDialog
    from caseapp.ui.letters.composer import ComposerDialog
    from caseapp.ui.letters.destinations_dialog import DestinationForm, DestinationsDialog
    from caseapp.ui.letters.police_report_dialog import PoliceReportTimeDialog
    from caseapp.ui.letters.preview import PreviewDialog
    from caseapp.ui.letters.tracking_dialog import TrackingDialog
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.password_dialogs import ChangePasswordDialog, ResetPasswordDialog
    from caseapp.ui.recovery_dialog import RecoveryDialog
    from caseapp.ui.selftest_dialog import SelftestDialog
    from caseapp.ui.sections import SECTIONS, PageContext
    from caseapp.ui.setup_wizard import SetupWizard
    from caseapp.ui.signer_dialog import SignerDialog
    from caseapp.ui.unlock_window import UnlockWindow
    from caseapp.ui.user_dialog import AddUserDialog

    s, jobs = ctx["session"], ctx["jobs"]

    def main_window(section, tab=None):
        def make():
            window = MainWindow(PageContext(s, jobs))
            page = window.show_section(section)
            if tab:
                page.show_tab(getattr(page, tab))
            return window
        return make

    def main_buttons(section):
        names = {"home": [], "cases": ["newCaseButton"], "referrals": ["newLetterButton", "destinations_button"],
                 "exchange": ["exportButton", "chooseFolderButton"], "reports": [],
                 "settings": ["saveOfficeButton"], "settings:users": ["addUserButton", "removeUserButton"],
                 "settings:display": ["applyLanguageButton", "saveIdleButton"],
                 "settings:letterhead": ["saveLetterheadButton"]}[section]

        def get(window):
            return [_button(window, n) for n in names] + [window.lock_button]
        return get

    def editor_with_banner():
        editor = CaseEditor(s, cases.get_case(s, ctx["case"].uuid))
        editor.show_banner("Tersimpan. Periksa kembali: " + "contoh peringatan panjang " * 8, warning=True)
        return editor

    def editor_buttons(editor):
        from caseapp.ui.cases.sections.assessments import AssessmentsSection

        section = editor.section(AssessmentsSection)
        editor.show_section(editor.sections.index(section))
        return [editor.save_button, editor.close_button, editor.letter_button, editor.summary_button,
                section.add_button]

    def legal_process_fields(editor):
        """Proses hukum: its last fields reachable by scrolling and wholly in view, the action bar too."""
        from caseapp.ui.cases.sections.legal_process import LegalProcessSection

        section = editor.section(LegalProcessSection)
        editor.show_section(editor.sections.index(section))
        QApplication.processEvents()
        section.scroll.ensureWidgetVisible(section.paid_on)
        QApplication.processEvents()
        return [section.paid_amount, section.paid_on, editor.save_button, editor.close_button]

    def victim_form_fields(editor):
        """The victim form's right-hand fields (address, guardian) must not be cut off at the window's edge."""
        from caseapp.ui.cases.sections.people import VictimsSection

        section = editor.section(VictimsSection)
        editor.show_section(editor.sections.index(section))
        QApplication.processEvents()
        form = section.person_form
        section.scroll.ensureWidgetVisible(form.region.edit)
        QApplication.processEvents()
        fields = [form.region.edit]
        section.scroll.ensureWidgetVisible(form.g_name)
        QApplication.processEvents()
        return fields + [form.g_name, editor.save_button]

    letter = referrals.get_letter(s, ctx["approved"])
    draft = referrals.get_letter(s, ctx["draft"])
    hits = cases.find_duplicates(s, ctx["case"])
    info = ctx["draft_info"]
    def wizard_at(page: int):
        def make():
            wizard = SetupWizard(ctx["empty_dir"], jobs, kdf_policy=TEST_KDF)
            wizard.show()
            if page >= 1:
                wizard.next()
                wizard.office_page.code.setText("74.06")
            if page >= 2:
                wizard.next()
                admin = wizard.admin_page
                admin.username.setText("andi")
                admin.full_name.setText("Andi Pratama")
                admin.nip.setText("1980")  # a wrong NIP: its red message takes room too
            if page >= 3:
                admin.nip.clear()
                admin.passwords.password.setText("kata-sandi-panjang-1")
                admin.passwords.confirm.setText("kata-sandi-panjang-1")
                wizard.next()
            return wizard
        return make

    out = [("wizard", lambda: SetupWizard(ctx["empty_dir"], jobs, kdf_policy=TEST_KDF), _wizard_buttons),
           ("wizard:office", wizard_at(1), _wizard_buttons), ("wizard:admin", wizard_at(2), _wizard_buttons),
           ("wizard:summary", wizard_at(3), lambda w: [w.button(QWizard.WizardButton.CommitButton),
                                                       w.button(QWizard.WizardButton.CancelButton)]),
           ("unlock", lambda: UnlockWindow(ctx["data_dir"], jobs, kdf_policy=TEST_KDF),
            lambda w: [w.unlock_button])]
    out += [(f"main:{sec.key}", main_window(sec.key), main_buttons(sec.key)) for sec in SECTIONS]
    out += [("main:settings:users", main_window("settings", "users_tab"), main_buttons("settings:users")),
            ("main:settings:display", main_window("settings", "display_tab"), main_buttons("settings:display")),
            ("main:settings:letterhead", main_window("settings", "letterhead_tab"),
             main_buttons("settings:letterhead"))]
    out += [
        ("case editor", editor_with_banner, editor_buttons),
        ("case editor (victim)", editor_with_banner, victim_form_fields),
        ("case editor (legal process)", editor_with_banner, legal_process_fields),
        ("attachment viewer", lambda: AttachmentViewer("foto.png", "image/png", ctx["png"]), _box_buttons),
        ("duplicate warning", lambda: DuplicateWarningDialog(ctx["case"], hits, lambda *_a: True), _box_buttons),
        ("closure", lambda: ClosureDialog(), _box_buttons),
        ("draft offer", lambda: DraftOffer(info), lambda w: w.buttons()),
        ("letter composer", lambda: ComposerDialog(s, case_ref=ctx["case"].case_number), _box_buttons),
        ("letter composer (edit)", lambda: ComposerDialog(s, letter=draft), _box_buttons),
        ("letter preview", lambda: PreviewDialog(s, letter), _box_buttons),
        ("case summary profile", lambda: SummaryProfileDialog(ctx["case"].case_number), _box_buttons),
        ("case summary preview", lambda: summary_preview(s, ctx["case"].uuid, "initials"), _box_buttons),
        ("letter tracking", lambda: TrackingDialog(s, letter), _box_buttons),
        ("letter case chooser", lambda: CaseChooserDialog(s), _box_buttons),
        ("batch print", lambda: BatchPrintDialog(s, [ctx["approved"]], jobs=jobs), _box_buttons),
        ("destinations", lambda: DestinationsDialog(s), _box_buttons),
        ("destination form", lambda: DestinationForm(s), _box_buttons),
        ("exchange case picker", lambda: CasePickerDialog(s, []), _box_buttons),
        ("trust card", lambda: TrustCardDialog(s), _box_buttons),
        ("change password", lambda: ChangePasswordDialog(s, jobs), _box_buttons),
        ("reset password", lambda: ResetPasswordDialog(s, jobs, "siti", "Siti Rahma"), _box_buttons),
        ("recovery", lambda: RecoveryDialog(ctx["data_dir"], jobs, ["admin"], kdf_policy=TEST_KDF), _box_buttons),
        ("add user", lambda: AddUserDialog(s, jobs), _box_buttons),
        ("about", lambda: AboutDialog(), _box_buttons),
        ("user guide", lambda: HelpBrowser(), _box_buttons),
        ("approve letter", lambda: ApproveDialog(s, draft), _box_buttons),
        ("signer", lambda: SignerDialog(s, s.user), _box_buttons),
        ("selftest", lambda: SelftestDialog(), _box_buttons),
        ("backup", lambda: BackupDialog(s, jobs), _box_buttons),
        ("restore", lambda: RestoreDialog(jobs, data_dir=ctx["empty_dir"]), _box_buttons),
        ("retention", lambda: RetentionDialog(s), _box_buttons),
        ("retention periods", lambda: RetentionPeriodsDialog(s), _box_buttons),
        ("legal hold", lambda: HoldDialog(ctx["case"].case_number), _box_buttons),
        ("confirm purge", lambda: ConfirmPurgeDialog(ctx["case"].case_number), _box_buttons),
        ("access request", lambda: AccessRequestDialog(s), _box_buttons),
        ("breach", lambda: BreachDialog(s), _box_buttons),
        ("stage reason", lambda: StageReasonDialog("Asesmen"), _box_buttons),
        ("police report time", lambda: PoliceReportTimeDialog(dt.datetime(2026, 12, 3, 14, 30)), _box_buttons),
    ]
    return out


EXPECTED_WINDOWS = (
    "wizard", "wizard:office", "wizard:admin", "wizard:summary", "unlock", "main:home", "main:cases", "main:referrals", "main:exchange", "main:reports", "main:settings",
    "main:settings:users", "main:settings:display", "main:settings:letterhead",
    "case editor", "case editor (victim)", "case editor (legal process)", "attachment viewer", "duplicate warning", "closure", "draft offer", "letter composer",
    "letter composer (edit)", "letter preview", "case summary profile", "case summary preview", "letter tracking", "letter case chooser", "batch print", "destinations", "destination form",
    "exchange case picker", "trust card", "change password", "reset password", "recovery", "add user", "about",
    "user guide", "approve letter", "signer", "selftest", "backup", "restore", "retention", "retention periods",
    "legal hold", "confirm purge", "access request", "breach", "stage reason", "police report time",
)


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def probe(app: QApplication, window: QWidget, buttons) -> dict:
    window.show()
    for _n in range(5):
        app.processEvents()
    chosen = buttons(window)
    for _n in range(3):
        app.processEvents()
    result = {"frame": _rect(window.frameGeometry()), "area": _rect(screen_fit.available_geometry(window)),
              "buttons": {}}
    for button in chosen:
        seen = button.visibleRegion().boundingRect()
        top_left = button.mapTo(window, seen.topLeft())
        inside = window.rect().contains(QRect(top_left, seen.size()))
        shown = button.isVisible() and not seen.isEmpty() and seen.size() == button.size() and inside
        label = button.text().replace("&", "") if isinstance(button, QPushButton) else ""
        result["buttons"][label or button.objectName()] = shown
    page = window.current_page() if hasattr(window, "current_page") else None
    table = getattr(page, "table", None)
    if table is not None:  # a list page: its key columns (the last, Tenggat, included) lie within the table
        header = table.horizontalHeader()
        last = header.count() - 1
        right = header.sectionViewportPosition(last) + min(header.sectionSize(last), header.sectionSizeHint(last))
        result["buttons"]["all columns in view"] = header.sectionViewportPosition(0) >= 0 and \
            right <= table.viewport().width() and all(header.sectionSize(c) >= 50 for c in range(header.count()))
    return result


def make_context(root: Path) -> dict:
    from caseapp.datadir import DataDir
    from caseapp.services import drafts

    data_dir, result = make_office(root / "office")
    s = result.session
    accounts.add_user(s, NewUser("siti", "Siti Rahma", Role.OFFICER), "sandi-petugas-rahasia")
    case = cases.create_case(s, _case())
    twin = cases.create_case(s, _case())
    dest = destinations.add_destination(s, Destination("RSUD Bombana", DestinationType.RSUD_PUSKESMAS, "Jl. Poros"))
    letterhead.set_classification_code(s, "400.2.4")
    draft = referrals.create_letter(s, case.case_number, destination_id=dest.id)
    approved = referrals.approve_letter(s, referrals.create_letter(s, case.case_number, destination_id=dest.id).id)
    drafts.save_draft(s, case)
    info = drafts.list_drafts(s)[0]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return {"session": s, "data_dir": data_dir, "empty_dir": DataDir(root / "empty"), "case": twin,
            "approved": approved.id, "draft": draft.id, "draft_info": info, "png": bytes(data.data())}


def main(argv: list[str]) -> int:
    qt_runtime.apply()
    app = QApplication(argv[:1])
    apply_style(app)
    names = argv[2:]
    if "--no-fit" in names:  # only for the test that shows the check can fail
        names.remove("--no-fit")
    else:
        screen_fit.install(app)
    ctx = make_context(Path(argv[1]))
    ctx["jobs"] = JobRunner()
    only = set(names)
    for name, make, buttons in windows(ctx):
        if only and name not in only:
            continue
        try:
            window = make()
            result = probe(app, window, buttons)
        except Exception as exc:  # noqa: BLE001 - reported as a failure of this window
            result = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            window.hide()
            window.deleteLater()
            app.processEvents()
        result["class"] = type(window).__name__ if "error" not in result else ""
        print(json.dumps({"name": name, **result}), flush=True)
    ctx["jobs"].wait(5000)
    ctx["session"].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
