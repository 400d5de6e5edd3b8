"""Which window is up: setup wizard, unlock window or main window; locking, idle lock, language switch;
keeping unsaved case edits as encrypted drafts before a lock and offering them back after unlock."""

from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain.accounts import Office
from caseapp.i18n import set_language
from caseapp.services import office_settings
from caseapp.services.preferences import Preferences, load_preferences, save_preferences
from caseapp.services.session import Session
from caseapp.ui import qt_language
from caseapp.ui.idle_lock import IdleLock
from caseapp.ui.jobs import JobRunner


class AppController(QObject):
    """Owns the open Session (if any) and the windows around it.

    ``kdf_policy`` and ``idle_interval_ms`` are injectable for tests; the product passes neither.
    """

    def __init__(self, data_dir: DataDir, *, kdf_policy: KdfPolicy | None = None,
                 idle_interval_ms: int | None = None, on_quit: Callable[[], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        from caseapp.ui import screen_fit

        screen_fit.install()  # every window fits the screen (1366×768 laptops, often at 125 %)
        self.data_dir, self.kdf_policy = data_dir, kdf_policy
        self.idle_interval_override = idle_interval_ms
        self.on_quit = on_quit or QApplication.quit
        self.jobs = JobRunner(self)
        self.session: Session | None = None
        self.wizard = None
        self.unlock_window = None
        self.main_window = None
        self.password_dialog = None
        self.about_dialog = None
        self.backup_dialog = None
        self.draft_offers = None
        self.audit_warning_box = None
        self.idle = IdleLock(idle_interval_ms or IdleLock.minutes_to_ms(office_settings.DEFAULT_IDLE_MINUTES), self)
        self.idle.timed_out.connect(self.lock)
        self._lock_when_idle = False
        self.jobs.busyChanged.connect(self._busy_changed)
        self.preferences = Preferences()
        self._office: Office | None = None  # the last office unlocked in this process

    # -- start -------------------------------------------------------------------------------------
    def start(self) -> None:
        self.preferences = load_preferences(self.data_dir)
        set_language(self.preferences.language)
        qt_language.apply(self.preferences.language)
        if self.data_dir.is_initialized():
            self.show_unlock()
        else:
            self.show_wizard()

    def show_wizard(self) -> None:
        from caseapp.ui.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.data_dir, self.jobs, kdf_policy=self.kdf_policy)
        self.wizard.completed.connect(lambda result: self._enter(result.session))
        self.wizard.restored.connect(self._restored_from_backup)
        self.wizard.rejected.connect(self.quit)
        self.wizard.show()

    def _restored_from_backup(self, _result) -> None:
        """The setup wizard restored an office from a backup: close the wizard and unlock as usual."""
        if self.wizard is not None:
            wizard, self.wizard = self.wizard, None
            wizard.hide()
            wizard.deleteLater()
        self.show_unlock()

    def show_unlock(self) -> None:
        from caseapp.ui.unlock_window import UnlockWindow

        if self.unlock_window is None:
            self.unlock_window = UnlockWindow(self.data_dir, self.jobs, kdf_policy=self.kdf_policy)
            self.unlock_window.unlocked.connect(self._unlocked)
            self.unlock_window.recovered.connect(self._enter)
            self.unlock_window.closed.connect(self.quit)
        name, code = _known_office(self.preferences)
        if not name and self._office is not None:
            name, code = self._office.name, self._office.code
        self.unlock_window.set_office(name, code)
        self.unlock_window.reload_users(self.preferences.last_user)
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()

    # -- unlock --------------------------------------------------------------------------------------
    def _unlocked(self, session: Session, password: str) -> None:
        if not session.user.must_change_password:
            self._enter(session)
            return
        from caseapp.ui.password_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(session, self.jobs, old_password=password, forced=True,
                                      parent=self.unlock_window)
        self.password_dialog = dialog
        dialog.accepted.connect(lambda: self._enter(session))
        dialog.rejected.connect(lambda: session.close())
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        dialog.open()

    def _forget_dialog(self, dialog) -> None:
        if self.password_dialog is dialog:
            self.password_dialog = None
        dialog.deleteLater()

    def _enter(self, session: Session) -> None:
        self.session = session
        self._office = session.office
        self.preferences = _remember(self.preferences, session.user.username, session.office)
        save_preferences(self.data_dir, self.preferences)
        minutes = office_settings.idle_lock_minutes(session)
        self.idle.set_interval(self.idle_interval_override or IdleLock.minutes_to_ms(minutes))
        self._build_main_window(minutes)
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.idle.start()
        self._warn_audit_tail()
        self._offer_drafts()

    def _build_main_window(self, minutes: int, section: str | None = None) -> None:
        from caseapp.ui.main_window import MainWindow
        from caseapp.ui.sections import PageContext

        context = PageContext(self.session, self.jobs, office_changed=self._office_changed,
                              language_changed=self.change_language,
                              idle_minutes_changed=self._idle_minutes_changed, lock=self.lock)
        window = MainWindow(context, idle_minutes=minutes)
        window.lock_requested.connect(self.request_lock)
        window.quit_requested.connect(self.quit)
        window.about_requested.connect(self.show_about)
        window.selftest_requested.connect(self.show_selftest)
        window.backup_requested.connect(self.show_backup)
        window.restore_requested.connect(self.show_restore)
        window.retention_requested.connect(self.show_retention)
        window.access_request_requested.connect(lambda: self._show_dialog("AccessRequestDialog"))
        window.breach_requested.connect(lambda: self._show_dialog("BreachDialog"))
        self.main_window = window
        if section:
            window.show_section(section)
        window.show()
        window.activateWindow()

    def _office_changed(self) -> None:
        self._office = self.session.office
        if self.main_window is not None:
            self.main_window.refresh_identity()
        self.preferences = _remember(self.preferences, self.preferences.last_user, self.session.office)
        save_preferences(self.data_dir, self.preferences)

    def _idle_minutes_changed(self, minutes: int) -> None:
        if self.idle_interval_override is None:
            self.idle.set_interval(IdleLock.minutes_to_ms(minutes))
        if self.main_window is not None:
            self.main_window.set_idle_minutes(minutes)

    # -- lock and quit -------------------------------------------------------------------------------
    def _busy_changed(self, busy: bool) -> None:
        if not busy and self._lock_when_idle:
            self._lock_when_idle = False
            self.lock()

    def _warn_audit_tail(self) -> None:
        """The unlock found the audit log shorter than (or different from) its seal: say so, without blocking."""
        text = self.session.audit_warning
        if not text:
            return
        from PySide6.QtWidgets import QMessageBox

        from caseapp.i18n import _

        box = QMessageBox(QMessageBox.Icon.Warning, _("Peringatan log audit"), text,
                          QMessageBox.StandardButton.Ok, self.main_window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_warning_box = box
        box.finished.connect(lambda _r: setattr(self, "audit_warning_box", None))
        box.open()

    def _offer_drafts(self) -> None:
        """Ask about the user's autosaved case drafts (after unlock, or a crash): Pulihkan / Buang / Nanti."""
        from caseapp.ui.cases.draft_offer import DraftOffers

        window = self.main_window
        self.draft_offers = DraftOffers(self.session, window, lambda draft_id: window.show_section("cases")
                                        .restore_draft(draft_id))
        self.draft_offers.start()

    def _save_drafts(self) -> None:
        """Keep open editors' unsaved changes as encrypted drafts; quick, never asks, never fails the lock."""
        if self.draft_offers is not None:
            self.draft_offers.withdraw()
            self.draft_offers = None
        if self.main_window is not None and self.session is not None:
            try:
                self.main_window.save_drafts()
            except Exception:  # noqa: BLE001 - locking must go on; details may hold case data
                pass

    def _close_main_window(self) -> None:
        window, self.main_window = self.main_window, None
        if window is not None:
            window.clear_pages()
            window.close_for_lock()
            window.deleteLater()

    def request_lock(self) -> None:
        """Lock asked for by the officer (Ctrl+L, button): open editors first offer to save their changes.

        The idle lock does not ask: an unattended screen is locked at once, because confidentiality comes
        before convenience. Unsaved case edits are not lost, though: ``lock`` first keeps them as an encrypted
        draft in the store (services.drafts), and the same user is offered to restore them after unlocking.
        """
        if self.main_window is not None and not self.main_window.confirm_leave():
            return
        self.lock()

    def lock(self) -> None:
        """Keep unsaved edits as drafts, close the session and destroy every page; a job still writing finishes first."""
        if self.session is None:
            return
        if self.jobs.busy:
            self._lock_when_idle = True
            return
        self.idle.stop()
        self._save_drafts()
        if self.about_dialog is not None:
            self.about_dialog.close()
        self.show_unlock()
        self._close_main_window()
        session, self.session = self.session, None
        session.close()

    def quit(self) -> None:
        self.idle.stop()
        self.jobs.cancel_all()
        self.jobs.wait()
        self._save_drafts()
        self._close_main_window()
        if self.session is not None:
            session, self.session = self.session, None
            session.close(action="logout")
        self.on_quit()

    def change_language(self, lang: str) -> None:
        """Apply at once by rebuilding the main window; the session stays open."""
        set_language(lang)
        qt_language.apply(lang)
        self.preferences = dataclasses.replace(self.preferences, language=lang)
        save_preferences(self.data_dir, self.preferences)
        if self.unlock_window is not None:
            self.unlock_window.deleteLater()
            self.unlock_window = None
        if self.session is not None and self.main_window is not None:
            minutes = self.main_window.idle_minutes
            self._save_drafts()  # open editors are rebuilt too: their unsaved edits are offered back
            self._close_main_window()
            self._build_main_window(minutes, section="settings")
            page = self.main_window.current_page()
            if hasattr(page, "display_tab"):
                page.show_tab(page.display_tab)
            self._offer_drafts()

    def show_backup(self) -> None:
        from caseapp.ui.backup_dialogs import BackupDialog

        dialog = BackupDialog(self.session, self.jobs, self.main_window)
        dialog.backed_up.connect(lambda _r: self.main_window and self.main_window.refresh_backup_reminder())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog = dialog
        dialog.open()

    def show_restore(self) -> None:
        """From the main window: into another, empty data folder (this office's own folder is never overwritten)."""
        from caseapp.ui.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.jobs, self.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog = dialog
        dialog.open()

    def show_retention(self) -> None:
        from caseapp.ui.retention_dialog import RetentionDialog

        dialog = RetentionDialog(self.session, self.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog = dialog
        dialog.open()

    def _show_dialog(self, name: str) -> None:
        from caseapp.ui import pdp_dialogs

        dialog = getattr(pdp_dialogs, name)(self.session, self.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        from caseapp.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.main_window)
        self.about_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog.destroyed.connect(lambda: setattr(self, "about_dialog", None))
        self.about_dialog.open()

    def show_selftest(self) -> None:
        from caseapp.ui.selftest_dialog import SelftestDialog

        dialog = SelftestDialog(self.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _known_office(prefs: Preferences) -> tuple[str, str]:
    """Office name and code for the unlock window, if preferences keep them (public letterhead data only)."""
    return getattr(prefs, "office_name", "") or "", getattr(prefs, "office_code", "") or ""


def _remember(prefs: Preferences, username: str, office: Office) -> Preferences:
    changes = {"last_user": username}
    fields = {f.name for f in dataclasses.fields(prefs)}
    if {"office_name", "office_code"} <= fields:
        changes.update(office_name=office.name, office_code=office.code)
    return dataclasses.replace(prefs, **changes)
