"""Choosing a region down to the village: a search box with completion at every level, or cascading combos."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget,
)

from caseapp.domain import regions
from caseapp.i18n import _

SEARCH_DELAY_MS = 150
MAX_SUGGESTIONS = 40


class RegionPicker(QWidget):
    """``value()`` is the chosen region code (any level, ideally a village) or None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._code: str | None = None
        self._codes: list[str] = []
        self.edit = QLineEdit(objectName="regionSearch")
        self.edit.setPlaceholderText(_("Ketik nama desa, kecamatan, kabupaten atau provinsi…"))
        self.edit.setClearButtonEnabled(True)
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self._chosen_text)
        self.toggle = QToolButton(objectName="regionCascadeToggle")
        self.toggle.setText(_("Pilih per tingkat"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(_("Pilih wilayah per tingkat: provinsi, kabupaten/kota, kecamatan, desa/kelurahan"))
        self.path = QLabel(objectName="HintLabel")
        self.path.setWordWrap(True)
        self.cascade = CascadingRegionCombos()
        self.cascade.hide()
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._search)
        self.edit.textEdited.connect(lambda _t: self.timer.start())
        self.edit.editingFinished.connect(self._finished)
        self.toggle.toggled.connect(self._toggle_cascade)
        self.cascade.changed.connect(lambda: self._set(self.cascade.value(), from_cascade=True))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.edit, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.cascade)
        layout.addWidget(self.path)
        self.setFocusProxy(self.edit)
        self._show_path()

    # -- searching -------------------------------------------------------------------------------
    def _search(self) -> None:
        text = self.edit.text().strip()
        found = regions.search(text, limit=MAX_SUGGESTIONS) if len(text) >= 2 else []
        self._codes = [r.code for r in found]
        labels = [regions.full_path_label(r.code) for r in found]
        self.suggestions.setStringList(labels)
        if found and self.edit.hasFocus():
            # Wide enough for the full path ("Kel. …, Kec. …, Kabupaten …, Provinsi"), never wider than the screen.
            popup = self.completer.popup()
            room = self.screen().availableGeometry().width() - 40 if self.screen() else 600
            wanted = max(popup.fontMetrics().horizontalAdvance(s) for s in labels) + 40
            rect = self.edit.rect()
            rect.setWidth(max(self.edit.width(), min(wanted, room)))
            self.completer.complete(rect)

    def _chosen_text(self, text: str) -> None:
        labels = self.suggestions.stringList()
        if text in labels:
            self._set(self._codes[labels.index(text)])

    def _finished(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._set(None)
        elif self._code is None or text != regions.full_path_label(self._code):
            labels = self.suggestions.stringList()
            if text in labels:
                self._set(self._codes[labels.index(text)])

    def _toggle_cascade(self, on: bool) -> None:
        self.cascade.setVisible(on)
        if on:
            self.cascade.set_value(self._code)

    # -- value -----------------------------------------------------------------------------------
    def value(self) -> str | None:
        return self._code

    def set_value(self, code: str | None) -> None:
        self._set(code, notify=False)

    def _set(self, code: str | None, *, notify: bool = True, from_cascade: bool = False) -> None:
        changed = code != self._code
        self._code = code
        label = regions.full_path_label(code) if code else ""
        if self.edit.text() != label:
            self.edit.setText(label if code else "")
            self.edit.setCursorPosition(0)
        self.edit.setToolTip(label)
        if not from_cascade and self.cascade.isVisible():
            self.cascade.set_value(code)
        self._show_path()
        if changed and notify:
            self.changed.emit()

    def _show_path(self) -> None:
        if not self._code:
            self.path.setText(_("Belum dipilih."))
        elif regions.level(self._code) < regions.VILLAGE:
            self.path.setText(_("Kode {code} — pilih sampai desa/kelurahan bila diketahui.").format(code=self._code))
        else:
            self.path.setText(f"{regions.full_path_label(self._code)} ({self._code})")


class CascadingRegionCombos(QWidget):
    """Four combos: provinsi → kabupaten/kota → kecamatan → desa/kelurahan; each fills the next."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        titles = (_("Provinsi"), _("Kabupaten/kota"), _("Kecamatan"), _("Desa/kelurahan"))
        self.combos = [QComboBox(objectName=f"regionLevel{n + 1}") for n in range(4)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (title, combo) in enumerate(zip(titles, self.combos)):
            # Compact: long region names are not allowed to push the form past the window's edge; the open
            # list is as wide as its longest name.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.setMaxVisibleItems(15)
            grid.addWidget(QLabel(title, objectName="HintLabel"), (n // 2) * 2, n % 2)
            grid.addWidget(combo, (n // 2) * 2 + 1, n % 2)
            combo.activated.connect(lambda _i, level=n: self._picked(level))
        self._fill(0, None)

    def _fill(self, level: int, parent_code: str | None) -> None:
        for n in range(level, 4):
            self.combos[n].clear()
        if level > 0 and not parent_code:
            return
        combo = self.combos[level]
        combo.addItem("—", "")
        for region in regions.children(parent_code):
            combo.addItem(region.name, region.code)
        view = combo.view()
        view.setMinimumWidth(min(view.sizeHintForColumn(0) + 30, 460))

    def _picked(self, level: int) -> None:
        code = self.combos[level].currentData() or None
        if level < 3:
            self._fill(level + 1, code)
        self.changed.emit()

    def value(self) -> str | None:
        for combo in reversed(self.combos):
            code = combo.currentData()
            if code:
                return code
        return None

    def set_value(self, code: str | None) -> None:
        chain = [r.code for r in regions.parents(code)] + [code] if code else []
        self._fill(0, None)
        for level, part in enumerate(chain[:4]):
            combo = self.combos[level]
            index = combo.findData(part)
            if index < 0:
                break
            combo.setCurrentIndex(index)
            if level < 3:
                self._fill(level + 1, part)
