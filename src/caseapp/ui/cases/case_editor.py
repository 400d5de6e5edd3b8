"""The case editor window: a section per part of the case, inline validation, save guard and duplicate warning."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from caseapp.domain.case import Case, Person
from caseapp.domain.codes import default_registry
from caseapp.domain.errors import CaseappError, ValidationError
from caseapp.i18n import _
from caseapp.services import cases, clock
from caseapp.ui import data_events
from caseapp.ui.cases import duplicate_warning, unsaved_guard
from caseapp.ui.cases.draft_autosave import DraftAutosave
from caseapp.ui.cases.fields import watch
from caseapp.ui.cases.police_clock import AbhNotice, PoliceClock
from caseapp.ui.cases.sections.assessments import AssessmentsSection
from caseapp.ui.cases.attachments_view import AttachmentsSection
from caseapp.ui.cases.sections.consents import ConsentsSection
from caseapp.ui.cases.sections.follow_ups import FollowUpsSection
from caseapp.ui.cases.sections.incidents import IncidentsSection
from caseapp.ui.cases.sections.intake import IntakeSection
from caseapp.ui.cases.sections.interventions import InterventionsSection
from caseapp.ui.cases.sections.notes import NotesSection
from caseapp.ui.cases.sections.legal_process import LegalProcessSection
from caseapp.ui.cases.sections.people import (ChildWitnessesSection, PerpetratorsSection, ReportersSection,
                                              VictimsSection)
from caseapp.ui.cases.sections.services_given import ServicesSection
from caseapp.ui.cases.sections.status import StatusSection
from caseapp.ui.messages import show_error
from caseapp.ui.widgets import primary_button

SECTION_TYPES = (IntakeSection, VictimsSection, PerpetratorsSection, ReportersSection, ChildWitnessesSection,
                 IncidentsSection, AssessmentsSection, InterventionsSection, ServicesSection, FollowUpsSection,
                 NotesSection, ConsentsSection, AttachmentsSection, LegalProcessSection, StatusSection)
CLOCK_REFRESH_MS = 30_000
_TOP = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?")


def new_case(session) -> Case:
    now = clock.now().replace(tzinfo=None)
    return Case(intake_date=now.date(), channel=None, intake_time=dt.time(now.hour, now.minute),
                competent_office=None, assigned_officers=())


class CaseEditor(QDialog):
    """Open with an existing Case (from ``cases.get_case``) or None for a new case."""

    saved = Signal(str)
    open_other = Signal(str)
    letter_saved = Signal(str)  # a draft referral letter was written from this case (its id)

    def __init__(self, session, case: Case | None, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("caseEditor")
        self.session = session
        self.case = case or new_case(session)
        self.acknowledged: set[tuple[str, str]] = set()
        self.letter_dialog = None  # the letter composer while open (tests reach it here)
        self.setMinimumSize(760, 460)
        self.resize(1340, 800)  # screen_fit makes it no larger than the screen (1366×768 laptops at 125 %)
        self.autosave = DraftAutosave(self)
        self._build_ui()
        self.load(self.case)
        from caseapp.ui.retention_dialog import legal_hold_notice

        self.hold_notice = legal_hold_notice(session, self.case.uuid if self.case.case_number else None)
        if self.hold_notice is not None:  # under the header band, above the other notices
            self.layout().insertWidget(1, self.hold_notice)
        if case is not None:
            self.acknowledged = {(h.person_uuid, h.other_case_uuid) for h in cases.find_duplicates(session, case)}
        self.timer = QTimer(self, interval=CLOCK_REFRESH_MS)
        self.timer.timeout.connect(self._refresh_header)
        self.timer.start()

    # -- layout ------------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.title = QLabel(objectName="editorTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold; color: #ffffff;")
        self.subtitle = QLabel(objectName="editorSubtitle")
        self.subtitle.setStyleSheet("color: #cfe3ef;")
        band = QWidget(objectName="HeaderBand")
        band.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        band_layout = QVBoxLayout(band)
        band_layout.setContentsMargins(20, 10, 20, 10)
        band_layout.setSpacing(2)
        band_layout.addWidget(self.title)
        band_layout.addWidget(self.subtitle)
        self.police_clock = PoliceClock()
        self.abh_notice = AbhNotice()
        self.banner = QLabel(objectName="editorBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.nav = QListWidget(objectName="editorNavigation")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet(
            "QListWidget { background: #eef2f7; border: none; border-right: 1px solid #d5dce6; outline: 0; }"
            "QListWidget::item { padding: 7px 12px; color: #1f3a5f; }"
            "QListWidget::item:selected { background: #1b7f79; color: white; }")
        self.stack = QStackedWidget()
        self.sections = [cls(self) for cls in SECTION_TYPES]
        self.section_for: dict[str, object] = {}
        for n, section in enumerate(self.sections):
            self.nav.addItem(f"{n + 1}. {section.title()}")
            self.stack.addWidget(section)
            if not section.watches_itself:
                watch(section, section.changed.emit)
            section.changed.connect(self._changed)
            for path in section.paths:
                self.section_for[path] = section
        self.nav.currentRowChanged.connect(self.show_section)
        self.save_button = primary_button(_("&Simpan"))
        self.save_button.setObjectName("saveCase")
        self.save_button.setToolTip(_("Simpan kasus (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("&Tutup"), objectName="closeEditor")
        self.close_button.setToolTip(_("Tutup (Esc)"))
        self.close_button.clicked.connect(self.close)
        self.letter_button = QPushButton(_("Buat surat &rujukan…"), objectName="caseLetterButton")
        self.letter_button.setToolTip(_("Tulis surat rujukan untuk kasus ini (kasus disimpan dahulu)"))
        self.letter_button.clicked.connect(self.new_letter)
        self.summary_button = QPushButton(_("Cetak r&esume kasus…"), objectName="caseSummaryButton")
        self.summary_button.setToolTip(_("Resume kasus untuk pembahasan kasus dan serah terima: pratinjau, lalu cetak "
                                         "(kasus disimpan dahulu)"))
        self.summary_button.clicked.connect(self.print_summary)
        for button in (self.save_button, self.close_button, self.letter_button, self.summary_button):
            button.setAutoDefault(False)
        self.state = QLabel(objectName="editorState")
        self.state.setStyleSheet("color: #5f6b7a;")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(16, 8, 16, 10)
        buttons.addWidget(self.state, 1)
        buttons.setSpacing(8)
        buttons.addWidget(self.letter_button)
        buttons.addWidget(self.summary_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        notices = QVBoxLayout()
        notices.setContentsMargins(16, 8, 16, 0)
        notices.addWidget(self.banner)
        # The 3×24 h clock sits above the action bar: appearing when Seksual is ticked, it must not shift the form
        # under the officer's mouse.
        clock_row = QVBoxLayout()
        clock_row.setContentsMargins(16, 6, 16, 0)
        clock_row.addWidget(self.police_clock)
        clock_row.addWidget(self.abh_notice)  # likewise: appears when a perpetrator's age is entered
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addLayout(notices)
        layout.addSpacing(6)
        layout.addLayout(body, 1)
        layout.addLayout(clock_row)
        layout.addLayout(buttons)

    def keyPressEvent(self, event) -> None:
        """Ctrl+S saves, Ctrl+PgDown/PgUp and Alt+1…9 move between sections (Esc closes, via reject)."""
        mods, key = event.modifiers(), event.key()
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
        elif mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._step(1 if key == Qt.Key.Key_PageDown else -1)
        elif mods == Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.show_section(key - Qt.Key.Key_1, focus=True)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _step(self, delta: int) -> None:
        self.show_section((self.nav.currentRow() + delta) % len(self.sections), focus=True)

    def show_section(self, row: int, *, focus: bool = False) -> None:
        if not 0 <= row < len(self.sections):
            return
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # re-enters through currentRowChanged
            if focus:
                self.sections[row].focusNextChild()
            return
        self.stack.setCurrentIndex(row)
        self.sections[row].entered()
        if focus:
            self.sections[row].scroll.widget().focusNextChild()

    def section(self, cls):
        return next(s for s in self.sections if isinstance(s, cls))

    # -- loading and building ---------------------------------------------------------------------------
    def load(self, case: Case) -> None:
        self.case = case
        row = max(self.nav.currentRow(), 0)
        for section in self.sections:
            section.blockSignals(True)
            section.load(case)
            section.blockSignals(False)
        self.baseline = self.build()
        self.show_section(row)
        self._refresh_header()

    def build(self) -> Case:
        """The case as the widgets show it now (not validated)."""
        case = self.case
        for section in self.sections:
            case = section.apply(case)
        return case

    def is_dirty(self) -> bool:
        return self.build() != self.baseline

    def reference_date(self) -> dt.date:
        return self.section(IncidentsSection).first_date() or self.section(IntakeSection).intake_date()

    def current_victims(self) -> list[Person]:
        victims = self.section(VictimsSection)
        victims.commit()
        return list(victims.items)

    def label(self) -> str:
        return self.case.case_number or _("kasus baru ini")

    def _changed(self) -> None:
        self._refresh_header()
        self.autosave.note_change()

    def restore_draft(self, info, draft: Case) -> None:
        """Show an autosaved draft (``services.drafts.load_draft``) over the case as opened, still unsaved.

        The draft keeps the version its editor had opened, so if the case was saved since, Simpan meets the
        usual "changed elsewhere" refusal instead of overwriting.
        """
        baseline = self.baseline
        self.load(draft)
        self.baseline = baseline
        self.autosave.adopt(info.id)
        changed = [n for n, section in enumerate(self.sections) if section.apply(baseline) != baseline]
        if changed:  # open where the officer was working
            self.show_section(changed[0])
        self._refresh_header()
        if info.case_changed:
            self.show_banner(_("Perubahan yang disimpan otomatis dipulihkan, tetapi kasus ini sudah diubah dan "
                               "disimpan lagi setelahnya. Menyimpan akan ditolak; salin isian yang Anda perlukan, "
                               "lalu tutup dan buka ulang kasus."), warning=True)
        else:
            self.show_banner(_("Perubahan yang disimpan otomatis dipulihkan dan belum tersimpan. Periksa, lalu "
                               "tekan Simpan."), ok=True)

    def _refresh_header(self) -> None:
        case = self.build()
        dirty = case != self.baseline
        registry = default_registry()
        number = self.case.case_number or _("Kasus baru")
        self.title.setText(number)
        initials = ", ".join(p.initials for p in case.victims if p.name) or "—"
        self.subtitle.setText(_("Tahap: {stage} · Korban: {who}").format(
            stage=registry.label("case_status", self.case.status), who=initials))
        self.setWindowTitle(("• " if dirty else "") + number + " — " + _("Formulir kasus"))
        self.state.setText(_("Ada perubahan yang belum disimpan.") if dirty else _("Semua perubahan tersimpan.")
                           if self.case.case_number else _("Kasus baru, belum disimpan."))
        self.police_clock.update_for(case, clock.now().replace(tzinfo=None))
        self.abh_notice.update_for(case)

    # -- messages ------------------------------------------------------------------------------------------
    def clear_messages(self) -> None:
        for section in self.sections:
            section.clear_messages()
        self.show_banner("")

    def show_banner(self, text: str, *, warning: bool = False, ok: bool = False) -> None:
        style = ("background: #fff4e0; color: #7a4b00; border: 1px solid #f0c36d;" if warning else
                 "background: #e8f4f3; color: #17645f; border: 1px solid #a9d3cf;" if ok else
                 "background: #fdecea; color: #b3261e; border: 1px solid #f2b8b5;")
        self.banner.setStyleSheet(style + " border-radius: 4px; padding: 6px 10px;")
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_field_error(self, path: str | None, message: str) -> QWidget | None:
        """Go to the section holding ``path`` (a validation path), show the message by the field, focus it."""
        m = _TOP.match(path or "")
        section = self.section_for.get(m.group(1)) if m else None
        if section is None:
            self.show_banner(message)
            return None
        self.show_section(self.sections.index(section))
        where = section.title()
        if m.group(2) is not None:
            where += f" {int(m.group(2)) + 1}"
        self.show_banner(f"{where}: {message}")
        widget = section.show_message(path, message)
        if widget is not None:
            section.scroll.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    # -- saving --------------------------------------------------------------------------------------------
    def save(self) -> bool:
        self.clear_messages()
        case = self.build()
        try:
            cases.validate(case)
        except ValidationError as exc:
            self.show_field_error(exc.field, exc.message)
            return False
        if not self._duplicates_accepted(case):
            return False
        try:
            stored = cases.create_case(self.session, case) if self.case.case_number is None \
                else cases.save_case(self.session, case)
        except ValidationError as exc:
            self.show_field_error(exc.field, exc.message)
            return False
        except CaseappError as exc:
            self.show_banner(exc.message)
            show_error(self, exc, _("Kasus tidak disimpan"))
            return False
        except Exception as exc:  # noqa: BLE001 - generic text; details may hold case data
            show_error(self, exc, _("Kasus tidak disimpan"))
            return False
        self.load(stored)
        self.autosave.forget()
        notes = [msg for _path, msg in cases.warnings(stored)]
        if notes:
            self.show_banner(_("Tersimpan. Periksa kembali: {notes}").format(notes=" ".join(dict.fromkeys(notes))),
                             warning=True)
        else:
            self.show_banner(_("Kasus {number} tersimpan.").format(number=stored.case_number), ok=True)
        self.saved.emit(stored.uuid)
        return True

    def _duplicates_accepted(self, case: Case) -> bool:
        hits = [h for h in cases.find_duplicates(self.session, case)
                if (h.person_uuid, h.other_case_uuid) not in self.acknowledged]
        if not hits:
            return True
        dialog = duplicate_warning.DuplicateWarningDialog(case, hits, self._can_open, self)
        dialog.exec()
        if dialog.choice == duplicate_warning.SAVE:
            self.acknowledged |= {(h.person_uuid, h.other_case_uuid) for h in hits}
            return True
        if dialog.choice == duplicate_warning.OPEN and dialog.chosen_case:
            self.open_other.emit(dialog.chosen_case)
        return False

    def _can_open(self, uuid: str, number: str) -> bool:
        """Whether the user may open the other case (checked without opening it or logging a view)."""
        return cases.can_view_case(self.session, uuid)

    def change_status(self, target: str) -> None:
        from caseapp.domain import case as case_rules
        from caseapp.ui.cases.closure_dialog import ClosureDialog, StageReasonDialog

        if self.is_dirty() and not self.save():
            return
        reason, text = None, ""
        if target == "selesai":
            registry = default_registry()
            dialog = ClosureDialog(
                self, needs_reason=case_rules.needs_police_report_reason(self.case, target),
                note_required_for=frozenset(e.code for e in registry["closure_reason"].entries
                                            if case_rules.needs_monitoring_record(self.case, e.code, registry)))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason, text = dialog.value(), dialog.reason_text()
        elif case_rules.is_back_step(self.case.status, target):
            back = StageReasonDialog(default_registry().label("case_status", target), self)
            if back.exec() != QDialog.DialogCode.Accepted:
                return
            text = back.reason_text()
        try:
            stored = cases.change_status(self.session, self.case.uuid, target, closure_reason=reason, reason=text)
        except CaseappError as exc:
            show_error(self, exc, _("Tahap kasus tidak diubah"))
            return
        self.load(stored)
        self.show_banner(_("Tahap kasus diubah menjadi {stage}.").format(
            stage=default_registry().label("case_status", stored.status)), ok=True)
        self.saved.emit(stored.uuid)

    # -- letters ---------------------------------------------------------------------------------------------
    def new_letter(self) -> None:
        """Buat surat rujukan: save the case if needed, then open the letter composer for it."""
        from caseapp.ui.letters.composer import ComposerDialog

        if (self.case.case_number is None or self.is_dirty()) and not self.save():
            return
        try:
            self.letter_dialog = ComposerDialog(self.session, case_ref=self.case.uuid, parent=self)
        except Exception as exc:  # noqa: BLE001 - generic text; details may hold case data
            show_error(self, exc, _("Surat rujukan tidak dapat dibuat"))
            return
        try:
            if self.letter_dialog.exec() == QDialog.DialogCode.Accepted:
                self.show_banner(_("Draf surat rujukan ke {dest} tersimpan. Setujui dan cetak di halaman Rujukan.")
                                 .format(dest=self.letter_dialog.letter.destination_name), ok=True)
                self.letter_saved.emit(self.letter_dialog.letter.id)
                data_events.hub().letters_changed.emit()
        finally:
            self.letter_dialog = None

    def print_summary(self) -> None:
        """Cetak resume kasus: save the case if needed (the resume shows what is stored), then profile and preview."""
        from caseapp.ui.letters.case_summary_dialog import print_case_summary

        if (self.case.case_number is None or self.is_dirty()) and not self.save():
            return
        print_case_summary(self, self.session, self.case.uuid)

    # -- closing ---------------------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to close: nothing changed, the user saved, or chose to discard."""
        if not self.is_dirty():
            return True
        answer = unsaved_guard.ask_save_changes(self, self.label())
        if answer == unsaved_guard.SAVE:
            return self.save()
        if answer == unsaved_guard.DISCARD:
            self.baseline = self.build()
            self.autosave.forget()
            return True
        return False

    def reject(self) -> None:  # Esc
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.maybe_save():
            self.timer.stop()
            self.autosave.stop()
            self.autosave.forget()  # nothing unsaved is left: saved, thrown away or never changed
            event.accept()
            self.done(QDialog.DialogCode.Rejected)
        else:
            event.ignore()
