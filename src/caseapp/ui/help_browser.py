"""Bantuan → Panduan pengguna: the user guide, shipped with the app and shown offline; F1 opens the current page's part.

The guide is written in Bahasa Indonesia (``docs/user-guide*.md``); the app ships a copy under
``resources/help/id/`` (kept equal to ``docs/`` by ``tests/ui/test_help.py``) with the screenshots it shows.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QTimer, QUrl
from PySide6.QtGui import QImageReader, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from caseapp.i18n import _, language
from caseapp.resources import resource_path

GUIDE_FILES = ("user-guide.md", "user-guide-exchange.md")

# Main-window section key -> the start of the heading where that page is explained.
SECTION_HEADINGS = {
    "cases": "5. Kasus",
    "referrals": "6. Surat rujukan",
    "exchange": "Panduan Pengguna: Pertukaran Data",
    "reports": "3. Jendela utama",
    "settings": "4. Pengaturan",
}


def guide_folder():
    """The shipped guide in the UI language, else the Indonesian original (the only one written so far)."""
    folder = resource_path("help", language())
    return folder if (folder / GUIDE_FILES[0]).is_file() else resource_path("help", "id")


def guide_markdown() -> str:
    folder = guide_folder()
    return "\n\n---\n\n".join((folder / name).read_text(encoding="utf-8") for name in GUIDE_FILES
                              if (folder / name).is_file())


class HelpBrowser(QDialog):
    """A non-modal window with the whole guide; ``show_section(key)`` scrolls to a page's part."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpBrowser")
        self.setWindowTitle(_("Panduan pengguna"))
        self.browser = QTextBrowser(objectName="helpText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # links to other docs stay inside this window: no browser, no network
        folder = guide_folder()
        self.browser.setSearchPaths([str(folder)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
        self.browser.setMarkdown(guide_markdown())
        layout = QVBoxLayout(self)
        if language() != "id":
            note = QLabel(_("Panduan pengguna tersedia dalam Bahasa Indonesia."), objectName="SectionHint")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 760)
        self._image_width = 0
        self._natural: dict[str, int] = {}
        self._anchor: int | None = None
        self.browser.viewport().installEventFilter(self)
        self.browser.verticalScrollBar().actionTriggered.connect(
            lambda _action: QTimer.singleShot(0, self._remember_anchor))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._refit)  # after the browser has laid the text out for its new width
        return False

    def _refit(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.fit_images()
        if self._anchor is not None:  # the part the officer was reading stays at the top
            block = self.browser.document().findBlockByNumber(self._anchor)
            top = self.browser.document().documentLayout().blockBoundingRect(block).top()
            self.browser.verticalScrollBar().setValue(int(top))

    def _remember_anchor(self) -> None:
        """The block at the top of the view, after the officer scrolled."""
        if not shiboken6.isValid(self):
            return
        document, value = self.browser.document(), self.browser.verticalScrollBar().value()
        layout, block = document.documentLayout(), document.begin()
        while block.next().isValid() and layout.blockBoundingRect(block.next()).top() <= value:
            block = block.next()
        self._anchor = block.blockNumber()

    def _natural_width(self, name: str) -> int:
        if name not in self._natural:
            self._natural[name] = QImageReader(str(guide_folder() / name)).size().width()
        return self._natural[name]

    def fit_images(self) -> None:
        """Screenshots as wide as the window allows (no sideways scrolling); their height follows."""
        width = max(200, self.browser.viewport().width() - 30)
        if width == self._image_width:
            return
        self._image_width = width
        document = self.browser.document()

        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fragment.isValid() and fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    image.setWidth(min(width, self._natural_width(image.name()) or width))
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def show_section(self, key: str | None) -> bool:
        """Scroll so that the heading for main-window section ``key`` is at the top; False if there is none."""
        heading = SECTION_HEADINGS.get(key or "")
        if not heading:
            return False
        document = self.browser.document()
        cursor = document.find(heading, 0, QTextDocument.FindFlag.FindCaseSensitively)
        while not cursor.isNull() and cursor.block().blockFormat().headingLevel() == 0:
            cursor = document.find(heading, cursor, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            return False
        self.fit_images()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        self._anchor = cursor.block().blockNumber()
        self.browser.setTextCursor(cursor)
        top = document.documentLayout().blockBoundingRect(cursor.block()).top()
        self.browser.verticalScrollBar().setValue(int(top))
        return True

    def current_heading(self) -> str:
        """The heading nearest above the top of the view (what the officer sees first)."""
        document = self.browser.document()
        top = self.browser.verticalScrollBar().value()
        block, found = document.begin(), ""
        while block.isValid():
            if document.documentLayout().blockBoundingRect(block).top() > top + 2:
                break
            if block.blockFormat().headingLevel():
                found = block.text()
            block = block.next()
        return found
