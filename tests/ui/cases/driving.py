"""Helpers that drive the case screens like an officer: clicks and typing on real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def go_to(qtbot, editor, title: str):
    """Click the section called ``title`` in the editor's left list; return the section."""
    for row in range(editor.nav.count()):
        item = editor.nav.item(row)
        if item.text().split(". ", 1)[-1] == title:
            rect = editor.nav.visualItemRect(item)
            qtbot.mouseClick(editor.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert editor.stack.currentIndex() == row
            return editor.sections[row]
    raise AssertionError(f"no section {title!r}")


def list_shown(qtbot, page) -> None:
    """Wait until the case list shows the rows and count of the latest request (they are read on a worker thread
    and arrive a moment later; the previous rows stay until then)."""
    qtbot.waitUntil(lambda: not page.model.refreshing and not page.model.count_pending, timeout=10_000)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def choose(qtbot, combo, label: str) -> None:
    """Pick a combo entry by typing the start of its label (keyboard search), as an officer would."""
    combo.setFocus()
    qtbot.keyClicks(combo, label.split(" ")[0])  # a space would open the popup
    for _n in range(combo.count()):
        if combo.currentText().startswith(label):
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(label), (combo.currentText(), label)


def tick(qtbot, checks, code: str) -> None:
    box = checks.boxes[code]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()


def when_modal(callback, *, tries: int = 200) -> None:
    """Run ``callback(dialog)`` on the next modal dialog that opens (they block in exec())."""
    def poll(left=tries):
        modal = QApplication.activeModalWidget()
        if modal is not None:
            callback(modal)
        elif left > 0:
            QTimer.singleShot(10, lambda: poll(left - 1))
    QTimer.singleShot(0, poll)


def press(name: str):
    """A ``when_modal`` callback clicking the dialog's button with object name ``name``."""
    def do(dialog):
        dialog.findChild(QPushButton, name).click()
    return do


def pick_region(qtbot, picker, text: str, label: str) -> None:
    """Type into the region search, wait for the suggestions, arrow down to ``label`` and press Enter."""
    type_into(qtbot, picker.edit, text)
    qtbot.waitUntil(lambda: label in picker.suggestions.stringList(), timeout=3000)
    popup = picker.completer.popup()
    for _n in range(picker.suggestions.rowCount()):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        if popup.currentIndex().data() == label:
            break
    qtbot.keyClick(popup, Qt.Key.Key_Return)
