"""Cetak resume kasus from the case editor and the case list (issue 11, part 8): the disclosure profile, then the
in-app preview of a PDF held in memory; an officer who may not open the case cannot print it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QMessageBox, QPushButton

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.errors import PermissionDenied
from caseapp.services import accounts, audit, cases
from caseapp.services.case_summary import render_case_summary_pdf
from caseapp.ui.cases.case_editor import CaseEditor
from caseapp.ui.cases.case_list_page import CaseListPage
from caseapp.ui.letters.case_summary_dialog import SummaryProfileDialog, print_case_summary
from caseapp.ui.pdf_preview import PdfPreviewDialog
from tests.helpers import OFFICER_PASSWORD, make_office, unlock
from tests.letters.pdfutil import flat
from tests.services.test_referrals import VICTIM, new_case
from tests.ui.cases.driving import click, when_modal


@pytest.fixture
def office(tmp_path):
    """(data_dir, case number); the case is assigned to petugas1; petugas2 is an officer of the same office."""
    data_dir, result = make_office(tmp_path / "office")
    with result.session as s:
        for user, name in (("petugas1", "Petugas Satu"), ("petugas2", "Petugas Dua")):
            accounts.add_user(s, NewUser(user, name, Role.OFFICER), OFFICER_PASSWORD)
        case = new_case(s)
    return data_dir, case.case_number


def _files(root: Path) -> set[str]:
    return {str(p) for p in Path(root).rglob("*") if p.is_file()}


def _choose_then_look(qtbot, profile: str, seen: dict):
    """when_modal callbacks: pick ``profile`` in the profile dialog, then read the preview's PDF and close it."""
    def look(preview):
        seen["class"] = type(preview)
        qtbot.waitUntil(lambda: preview.pdf.document.status() == QPdfDocument.Status.Ready, timeout=5000)
        seen["pages"] = preview.pdf.document.pageCount()
        seen["pdf"] = bytes(preview.pdf.buffer.data())
        seen["title"] = preview.windowTitle()
        seen["status"] = preview.status.text()
        click(qtbot, preview.close_button)

    def choose(dialog):
        seen["profile dialog"] = type(dialog)
        assert dialog.initials.isChecked()  # the safer profile is the default
        (dialog.full if profile == "full" else dialog.initials).click()
        when_modal(look)
        click(qtbot, dialog.findChild(QPushButton, "summaryPreviewButton"))
    return choose


def test_case_editor_prints_the_resume_with_initials_only(qtbot, office):
    data_dir, number = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        editor = CaseEditor(s, cases.get_case(s, number))
        qtbot.addWidget(editor)
        editor.show()
        assert editor.summary_button.isVisible() and editor.summary_button.text() == "Cetak r&esume kasus…"
        before = _files(data_dir.root)
        seen = {}
        when_modal(_choose_then_look(qtbot, "initials", seen))
        click(qtbot, editor.summary_button)
        qtbot.waitUntil(lambda: "status" in seen, timeout=10000)
        editor.close()
    with unlock(data_dir) as s:
        actions = [(e.action, e.record_type) for e in audit.recent_entries(s, limit=20)]
    assert seen["profile dialog"] is SummaryProfileDialog and seen["class"] is PdfPreviewDialog
    assert seen["title"] == "Pratinjau resume kasus" and seen["pages"] >= 1
    assert number in seen["status"] and "inisial saja" in seen["status"]
    text = flat(seen["pdf"])
    assert "RESUMEKASUS" in text and number in text and "W.S.F." in text
    for part in VICTIM.split():
        assert part not in text, part
    assert "7406055403100001" not in text  # no NIK in the initials profile
    assert ("case_summary_previewed", "case") in actions
    new = {f for f in _files(data_dir.root) - before if not f.endswith(("-wal", "-shm", ".keys"))}
    assert not any(f.lower().endswith(".pdf") for f in new), new  # the preview wrote no PDF anywhere


def test_case_list_menu_prints_the_full_profile(qtbot, office):
    data_dir, number = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        page = CaseListPage(s)
        qtbot.addWidget(page)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
        page._context_menu(page.table.visualRect(page.model.index(0, 0)).center())
        actions = {a.text(): a for a in page.menu.actions()}
        assert "Cetak resume kasus…" in actions
        page.menu.hide()
        seen = {}
        when_modal(_choose_then_look(qtbot, "full", seen))
        actions["Cetak resume kasus…"].trigger()
        qtbot.waitUntil(lambda: "status" in seen, timeout=10000)
    text = flat(seen["pdf"])
    assert number in text and "".join(VICTIM.split()) in text and "7406055403100001" in text
    assert "identitas lengkap" in seen["status"]


def test_an_officer_who_may_not_open_the_case_cannot_print_it(qtbot, office):
    data_dir, number = office
    with unlock(data_dir, "petugas2", OFFICER_PASSWORD) as s:
        with pytest.raises(PermissionDenied):
            render_case_summary_pdf(s, number, "initials")
        seen = []

        def read(box):
            seen.append((type(box), box.text()))
            box.close()

        when_modal(read)
        print_case_summary(None, s, number)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    with unlock(data_dir) as s:
        actions = [e.action for e in audit.recent_entries(s, limit=20)]
    assert seen[0][0] is QMessageBox  # the message, not the profile dialog nor a preview
    assert "tidak berwenang membuka kasus ini" in seen[0][1]
    assert "case_access_denied" in actions
    assert not any(a.startswith("case_summary_") for a in actions)
