"""Letter screens: register, composer, approve, in-app preview, printing with no file on disk, batch with cancel."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QItemSelectionModel
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtPdf import QPdfDocument

from caseapp.domain.referral import DestinationType, LetterStatus
from caseapp.services import audit, referrals
from tests.services.test_referrals import VICTIM


def make_page(qtbot, session, jobs=None):
    from caseapp.ui.letters import create_page
    from caseapp.ui.sections import PageContext

    page = create_page(PageContext(session=session, jobs=jobs)) if jobs else None
    if page is None:
        from caseapp.ui.letters.page import ReferralsPage

        page = ReferralsPage(session)
    qtbot.addWidget(page)
    return page


def select(page, letter_id: str) -> None:
    row = page.model.row_of(letter_id)
    assert row >= 0
    page.table.selectRow(row)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_model_passes_qt_model_tester(qtbot, kepala, qtmodeltester):
    from caseapp.ui.letters.register_model import LettersModel

    model = LettersModel()
    model.set_letters(referrals.list_letters(kepala))
    qtmodeltester.check(model)


def test_register_lists_searches_and_shows_no_victim_data(qtbot, kepala, letter_office, jobs):
    _dd, case_no, _dests, approved, draft = letter_office
    page = make_page(qtbot, kepala, jobs)
    assert page.model.rowCount() == 2
    cells = [page.model.index(r, c).data() for r in range(2) for c in range(page.model.columnCount())]
    assert VICTIM not in " ".join(cells) and "W.S.F." not in " ".join(cells)
    assert any(c and c.startswith("400.2.4/001/") for c in cells)
    page.search.setText("Sekolah")
    page.refresh()
    assert [page.model.letter_at(r).id for r in range(page.model.rowCount())] == [draft]
    page.search.clear()
    page.status.setCurrentIndex(page.status.findData("disetujui"))
    assert [page.model.letter_at(r).id for r in range(page.model.rowCount())] == [approved]


def test_officer_sees_no_approve_button(qtbot, petugas):
    page = make_page(qtbot, petugas)
    assert page.approve_button.isHidden()


def test_composer_creates_draft_with_initials_default(qtbot, petugas, letter_office, monkeypatch):
    from caseapp.ui.letters.composer import ComposerDialog

    _dd, case_no, dests, _a, _d = letter_office
    dialog = ComposerDialog(petugas, case_ref=case_no)
    qtbot.addWidget(dialog)
    dialog.destination.setCurrentIndex(dialog.destination.findData(dests[DestinationType.SEKOLAH]))
    assert dialog.level_combos["name"].currentData() == "initials"
    dialog.purpose.setPlainText("Pendampingan belajar di sekolah.")
    dialog.tembusan.setPlainText("Kepala Dinas P3A\nArsip")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    letter = dialog.letter
    assert letter.status is LetterStatus.DRAF and letter.draft.disclosure == {}
    assert letter.draft.tembusan == ("Kepala Dinas P3A", "Arsip")
    assert letter.content["victim"]["name"] == "W.S.F."


def test_approve_from_page(qtbot, kepala, letter_office, monkeypatch):
    import caseapp.ui.letters.page as page_module
    from PySide6.QtCore import QTimer

    draft = letter_office[4]
    shown = []
    monkeypatch.setattr(page_module, "show_info", lambda parent, title, text: shown.append(text))
    page = make_page(qtbot, kepala)
    select(page, draft)
    assert page.approve_button.isEnabled()
    QTimer.singleShot(0, lambda: page.dialog.buttons.accepted.emit())
    page.approve_button.click()
    assert referrals.get_letter(kepala, draft).number.startswith("400.2.4/002/")
    assert "400.2.4/002/" in shown[0]


def test_approve_dialog_typed_number_and_code_asked_once(qtbot, kepala, letter_office):
    from caseapp.domain.accounts import Permission
    from caseapp.services import letterhead
    from caseapp.ui.letters.approve_dialog import ApproveDialog

    _dd, case_no, dests, approved, draft = letter_office
    dialog = ApproveDialog(kepala, referrals.get_letter(kepala, draft))
    qtbot.addWidget(dialog)
    assert not dialog.code.isVisible() or not dialog.needs_code  # the fixture's office has its code
    dialog.typed.setChecked(True)
    dialog.number.setText(referrals.get_letter(kepala, approved).number)  # already used
    dialog.approve()
    assert dialog.approved is None and "sudah dipakai" in dialog.error.text()
    assert referrals.get_letter(kepala, draft).number is None
    dialog.number.setText("400.2.4/555/DP2KBP3A/I/2024")
    dialog.approve()
    assert dialog.approved.number == "400.2.4/555/DP2KBP3A/I/2024"

    other = referrals.create_letter(kepala, case_no, destination_id=dests[DestinationType.SEKOLAH])
    with kepala.db.transaction() as c:
        letterhead.set_classification_code(kepala, "", conn=c, permission=Permission.APPROVE_LETTERS)
    dialog = ApproveDialog(kepala, other)
    qtbot.addWidget(dialog)
    assert dialog.needs_code and not dialog.code.isHidden()
    dialog.code.setText("400.2.x")
    dialog.approve()
    assert dialog.approved is None and dialog.error.text()
    dialog.code.setText("400.2.6")
    dialog.approve()
    assert dialog.approved.number.startswith("400.2.6/")
    third = referrals.create_letter(kepala, case_no, destination_id=dests[DestinationType.SEKOLAH])
    assert not ApproveDialog(kepala, third).needs_code  # asked once: kept for later letters


def test_approve_dialog_says_what_consent_to_record(qtbot, kepala, letter_office):
    import dataclasses

    from caseapp.services import cases
    from caseapp.ui.letters.approve_dialog import ApproveDialog

    _dd, case_no, _dests, _approved, draft = letter_office
    case = cases.get_case(kepala, cases.case_state(kepala, case_no).uuid)
    cases.save_case(kepala, dataclasses.replace(case, consents=()))
    dialog = ApproveDialog(kepala, referrals.get_letter(kepala, draft))
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    assert "orang tua atau wali" in dialog.problems.text() and "Berbagi data untuk rujukan" in dialog.problems.text()


def _files(root: Path) -> set[str]:
    return {str(p) for p in Path(root).rglob("*") if p.is_file()} if Path(root).exists() else set()


def test_preview_and_print_write_no_file(qtbot, kepala, letter_office, tmp_path, monkeypatch):
    """Preview (QPdfView over a QBuffer) and printing leave no new file anywhere but the printer's own output."""
    from caseapp.ui.letters import pdf_output
    from caseapp.ui.letters.preview import PreviewDialog

    data_dir, _case, _dests, approved, _draft = letter_office
    real_tmp = Path(tempfile.gettempdir())
    sandbox_tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    sandbox_tmp.mkdir(), cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(sandbox_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(sandbox_tmp))
    monkeypatch.chdir(cwd)
    printer_out = tmp_path / "printer" / "out.pdf"
    printer_out.parent.mkdir()
    before = {"data": _files(data_dir.root), "tmp": _files(sandbox_tmp), "cwd": _files(cwd)}
    real_before = set(os.listdir(real_tmp))
    started = time.time()

    letter = referrals.get_letter(kepala, approved)
    dialog = PreviewDialog(kepala, letter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pdf.document.status() == QPdfDocument.Status.Ready)
    assert dialog.pdf.document.pageCount() >= 1
    qtbot.wait(100)
    dialog.accept()

    pages = pdf_output.print_letter_to(pdf_printer(printer_out), kepala, approved)
    assert pages >= 1

    after = {"data": _files(data_dir.root), "tmp": _files(sandbox_tmp), "cwd": _files(cwd)}
    for where in after:
        assert after[where] - before[where] == set(), where
    assert _files(printer_out.parent) == {str(printer_out)}
    from pypdf import PdfReader

    assert len(PdfReader(str(printer_out)).pages) == pages
    for name in set(os.listdir(real_tmp)) - real_before:  # anything new in the real temp dir is not ours
        path = real_tmp / name
        if path.is_file() and path.stat().st_mtime >= started:
            head = path.read_bytes()[:5]
            assert head != b"%PDF-", path
    actions = [(e.action, e.record_id) for e in audit.recent_entries(kepala, limit=100)]
    assert ("letter_previewed", approved) in actions and ("letter_printed", approved) in actions


def test_save_as_pdf_is_explicit_and_audited(qtbot, kepala, letter_office, tmp_path):
    from caseapp.ui.letters import pdf_output

    approved = letter_office[3]
    letter = referrals.get_letter(kepala, approved)
    saved = pdf_output.save_letter_as(None, kepala, letter, path=str(tmp_path / "surat"))
    assert saved == tmp_path / "surat.pdf" and saved.read_bytes().startswith(b"%PDF")
    assert "TIDAK terenkripsi" in pdf_output.unencrypted_warning()
    assert ("letter_saved_pdf", approved) in [(e.action, e.record_id) for e in audit.recent_entries(kepala, limit=50)]


@pytest.fixture
def many_approved(kepala, letter_office):
    _dd, case_no, dests, approved, _draft = letter_office
    ids = [approved]
    for _ in range(11):
        ids.append(referrals.approve_letter(kepala, referrals.create_letter(
            kepala, case_no, destination_id=dests[DestinationType.RSUD_PUSKESMAS]).id).id)
    return ids


def test_batch_print_progress(qtbot, kepala, many_approved, jobs, tmp_path):
    from caseapp.ui.letters.batch_dialog import BatchPrintDialog

    dialog = BatchPrintDialog(kepala, many_approved, jobs=jobs)
    qtbot.addWidget(dialog)
    out = tmp_path / "batch.pdf"
    dialog.start(printer=pdf_printer(out))
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60000)
    assert dialog.outcome == "printed", dialog.error.text()
    assert dialog.progress.value() == dialog.progress.maximum() == len(many_approved)
    assert dialog.pages >= len(many_approved)


def test_batch_print_cancel(qtbot, kepala, many_approved, jobs, tmp_path):
    from caseapp.ui.letters.batch_dialog import BatchPrintDialog

    dialog = BatchPrintDialog(kepala, many_approved * 3, jobs=jobs)
    qtbot.addWidget(dialog)
    out = tmp_path / "batch.pdf"
    dialog.start(printer=pdf_printer(out))
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60000)
    assert dialog.outcome == "cancelled"
    assert not out.exists()


def test_composer_sifat_visum_and_name_warning(qtbot, petugas, letter_office):
    from caseapp.ui.letters.composer import ComposerDialog

    _dd, case_no, dests, _a, _d = letter_office
    dialog = ComposerDialog(petugas, case_ref=case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.destination.setCurrentIndex(dialog.destination.findData(dests[DestinationType.SEKOLAH]))
    assert dialog.hal.text() == DestinationType.SEKOLAH.default_hal and dialog.visum.isHidden()
    dialog.destination.setCurrentIndex(dialog.destination.findData(dests[DestinationType.RSUD_PUSKESMAS]))
    assert dialog.hal.text() == "Permohonan Pemeriksaan Medis" and not dialog.visum.isHidden()
    assert not dialog.investigator_request.isEnabled()
    dialog.visum.setChecked(True)
    assert dialog.investigator_request.isEnabled() and "KUHAP Pasal 133" in dialog.visum_hint.text()
    dialog.investigator_request.setText("B/12/I/2024/Reskrim")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("sangat_segera"))
    assert dialog.check_names() == [] and dialog.name_warning.isHidden()
    dialog.chronology.setPlainText("Korban Wulandari datang ke kantor.")
    assert dialog.check_names() == ["Wulandari"] and not dialog.name_warning.isHidden()
    dialog.save()
    letter = dialog.letter
    assert (letter.draft.urgency, letter.draft.visum, letter.draft.investigator_request) == (
        "sangat_segera", True, "B/12/I/2024/Reskrim")
    assert "Rahasia, Sangat Segera" in referrals.letter_content(petugas, letter).sifat
