"""Status: the case's stage, buttons for the allowed next stages, and the police report (UU TPKS)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from caseapp.domain import case as case_rules
from caseapp.domain.case import Case
from caseapp.domain.codes import default_registry
from caseapp.i18n import _
from caseapp.ui.cases.code_widgets import OptionalDateTime
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.sections.base import EditorSection


def transition_text(current: str, target: str) -> str:
    if target == case_rules.CLOSED:
        return _("Tutup kasus…")
    if current == case_rules.CLOSED:
        return _("Buka kembali kasus")
    if case_rules.is_back_step(current, target):
        return _("Kembali ke: {stage}…").format(stage=default_registry().label("case_status", target))
    return _("Lanjut ke: {stage}").format(stage=default_registry().label("case_status", target))


class StatusSection(EditorSection):
    paths = ("status", "closure_reason", "police_reported_at")

    def __init__(self, editor, parent=None):
        super().__init__(editor, parent)
        self.stage = QLabel(objectName="currentStage")
        self.stage.setStyleSheet("font-size: 12pt; font-weight: bold; color: #1b7f79;")
        self.add(self.stage)
        self.reason = QLabel(objectName="closureReason")
        self.add(self.reason)
        self.buttons_row = QHBoxLayout()
        self.layout_.addLayout(self.buttons_row)
        self.unsaved_hint = QLabel(_("Simpan kasus baru terlebih dahulu sebelum mengubah tahapnya."),
                                   objectName="SectionHint")
        self.add(self.unsaved_hint)
        self.form = FieldForm()
        self.police = self.form.add("police_reported_at", _("&Dilaporkan ke polisi pada:"), OptionalDateTime(),
                                    hint=_("UU 12/2022 (TPKS): kekerasan seksual dilaporkan ke polisi dalam 3×24 jam."))
        self.police.setObjectName("policeReportedAt")
        now = QPushButton(_("Se&karang"), objectName="policeNow")
        now.clicked.connect(self.police.set_now)
        self.form.add_row("", now)
        self.add(self.form)
        self.layout_.addStretch(1)
        self.buttons: list[QPushButton] = []

    def title(self) -> str:
        return _("Status")

    def load(self, case: Case) -> None:
        registry = default_registry()
        self.stage.setText(_("Tahap saat ini: {stage}").format(stage=registry.label("case_status", case.status)))
        self.reason.setText(_("Alasan penutupan: {reason}").format(
            reason=registry.label("closure_reason", case.closure_reason)) if case.closure_reason else "")
        self.reason.setVisible(bool(case.closure_reason))
        while self.buttons_row.count():
            item = self.buttons_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = []
        new = case.case_number is None
        order = list(case_rules.STATUSES)
        for target in sorted(case_rules.allowed_transitions(case.status), key=order.index):
            button = QPushButton(transition_text(case.status, target), objectName=f"to_{target}")
            button.setProperty("danger", target == case_rules.CLOSED)
            button.setEnabled(not new)
            button.clicked.connect(lambda _c=False, t=target: self.editor.change_status(t))
            self.buttons_row.addWidget(button)
            self.buttons.append(button)
        self.buttons_row.addStretch(1)
        self.unsaved_hint.setVisible(new)
        self.police.set_value(case.police_reported_at)

    def apply(self, case: Case) -> Case:
        return replace(case, police_reported_at=self.police.value())

    def show_message(self, path: str, text: str, *, warning: bool = False) -> QWidget | None:
        if path == "police_reported_at":
            return self.form.show_error(path, text)
        return super().show_message(path, text, warning=warning)

    def clear_messages(self) -> None:
        super().clear_messages()
        self.form.clear_messages()
