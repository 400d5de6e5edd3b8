"""Bantuan → Panduan pengguna: the user guide shipped with the app, offline; F1 opens the current page's part."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from tests.helpers import REPO


def test_the_shipped_guide_is_the_documented_guide_with_its_pictures():
    from caseapp.ui.help_browser import GUIDE_FILES

    shipped = REPO / "resources" / "help" / "id"
    for name in GUIDE_FILES:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        assert (shipped / name).read_text(encoding="utf-8") == text, f"docs/{name} changed: run python packaging/dev/sync_help.py"
        for image in re.findall(r"\]\((img/[^)]+\.png)\)", text):
            assert (shipped / image).read_bytes() == (REPO / "docs" / image).read_bytes(), image


@pytest.fixture
def window(qtbot, tmp_path):
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext
    from tests.helpers import make_office

    _data_dir, result = make_office(tmp_path / "office")
    jobs = JobRunner()
    main = MainWindow(PageContext(result.session, jobs))
    qtbot.addWidget(main)
    main.resize(1280, 720)
    main.show()
    yield main
    if main.help_window is not None:
        main.help_window.close()
    jobs.wait(5000)
    result.session.close()


def test_bantuan_menu_opens_the_user_guide_offline(qtbot, window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    actions = [a.text() for a in menus["Ban&tuan"].actions() if a.text()]
    assert actions[0] == "&Panduan pengguna"
    window.help_action.trigger()
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    assert guide.windowTitle() == "Panduan pengguna"
    text = guide.browser.toPlainText()
    assert "Panduan Pengguna caseapp" in text and "Panduan Pengguna: Pertukaran Data" in text
    assert not guide.browser.openExternalLinks() and not guide.browser.openLinks()  # nothing leaves the laptop
    images = re.findall(r'<img src="([^"]+)"', guide.browser.toHtml())
    assert "img/ui-case-list.png" in images
    picture = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("img/ui-case-list.png"))
    assert picture is not None and not QImage.fromData(picture).isNull()  # the screenshots are shipped and shown


@pytest.mark.parametrize("section,heading", [("referrals", "6. Surat rujukan"), ("cases", "5. Kasus"),
                                             ("exchange", "Panduan Pengguna: Pertukaran Data")])
def test_f1_opens_the_part_about_the_current_page(qtbot, window, section, heading):
    window.show_section(section)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    qtbot.waitUntil(lambda: guide.current_heading().startswith(heading), timeout=3000)
    guide.resize(640, 600)  # pictures shrink to the new width; the part being read stays in view
    qtbot.wait(50)
    assert guide.current_heading().startswith(heading)
    assert guide.browser.horizontalScrollBar().maximum() == 0  # no sideways scrolling for the screenshots
