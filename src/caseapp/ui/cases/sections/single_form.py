"""A section that is one form over top-level case fields (messages keyed by the field name)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.base import EditorSection


class FormSection(EditorSection):
    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(editor, parent)
        self.form = FieldForm()
        self.add(self.form)
        self.build(self.form)
        self.layout_.addStretch(1)

    def build(self, form: FieldForm) -> None:
        raise NotImplementedError

    def show_message(self, path: str, text: str, *, warning: bool = False) -> QWidget | None:
        key = path.split("[")[0]
        if self.form.has(key):
            return self.form.show_warning(key, text) if warning else self.form.show_error(key, text)
        return super().show_message(path, text, warning=warning)

    def clear_messages(self) -> None:
        super().clear_messages()
        self.form.clear_messages()
