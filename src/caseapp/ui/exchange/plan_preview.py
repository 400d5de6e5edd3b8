"""What a bundle is and what importing it would change: signed header, counts per action, missing earlier bundles."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from caseapp.i18n import _, format_datetime
from caseapp.services.exchange import ImportPlan
from caseapp.ui.exchange.labels import action_labels, kind_label, scope_label


WARNING_STYLE = ("color: #7a4f00; background-color: #fff8e1; border: 1px solid #e6c65c; border-radius: 4px; "
                 "padding: 6px 8px;")


def local_time(utc_text: str) -> str:
    """'2024-03-05T02:12:00Z' in this computer's time zone, as '5 Maret 2024 10.12'."""
    try:
        return format_datetime(dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone())
    except ValueError:
        return utc_text


def additions_text(plan: ImportPlan) -> str:
    """One line per case held here to which the bundle adds people, notes or attachments (counts only)."""
    lines = []
    for cp in plan.additions():
        parts = [text.format(n=cp.added[key]) for key, text in (
            ("people", _("{n} orang")), ("notes", _("{n} catatan")), ("attachments", _("{n} lampiran")))
            if cp.added.get(key)]
        lines.append(_("Kasus {number}: paket ini akan menambahkan {what}.").format(
            number=cp.case_number, what=", ".join(parts)))
    return "\n".join(lines)


def gap_text(gaps) -> str:
    """``gaps``: a SequenceGaps; each range is shown once (``5–9``), never number by number."""
    return _("Paket no. {n} belum diterima.").format(n=", ".join(gaps.labels()))


class BundlePreview(QWidget):
    """Filled from ``inspect`` (BundleInfo) and ``plan_import`` (ImportPlan); writes nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.header_box = QGroupBox(_("Paket"))
        self.signature = QLabel(objectName="previewSignature")
        self.sender = QLabel(objectName="previewSender")
        self.kind = QLabel(objectName="previewKind")
        self.sequence = QLabel(objectName="previewSequence")
        self.created = QLabel(objectName="previewCreated")
        self.scope = QLabel(objectName="previewScope")
        self.signature.setWordWrap(True)
        form = QFormLayout(self.header_box)
        form.addRow(_("Tanda tangan:"), self.signature)
        form.addRow(_("Pengirim:"), self.sender)
        form.addRow(_("Jenis:"), self.kind)
        form.addRow(_("Nomor paket:"), self.sequence)
        form.addRow(_("Dibuat:"), self.created)
        form.addRow(_("Isi:"), self.scope)
        self.plan_box = QGroupBox(_("Yang akan berubah di kantor ini"))
        grid = QGridLayout(self.plan_box)
        self.counts: dict[str, QLabel] = {}
        for column, (action, label) in enumerate(action_labels().items()):
            number = QLabel("0", objectName=f"count_{action}")
            caption = QLabel(label, objectName="HintLabel")
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.counts[action] = number
        self.additions = QLabel(objectName="previewAdditions")
        self.additions.setWordWrap(True)
        self.receipt_note = QLabel(objectName="previewReceiptNote")
        self.receipt_note.setWordWrap(True)
        self.gaps = QLabel(objectName="gapWarning")
        self.gaps.setWordWrap(True)
        self.gaps.setStyleSheet(WARNING_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header_box)
        layout.addWidget(self.plan_box)
        layout.addWidget(self.additions)
        layout.addWidget(self.receipt_note)
        layout.addWidget(self.gaps)
        self.clear()

    def clear(self) -> None:
        self.plan = None
        self.hide()

    def show_preview(self, info, plan: ImportPlan) -> None:
        self.plan = plan
        card = info.sender_card
        self.signature.setText("✔ " + _("Sah — ditandatangani oleh kunci {key} milik pengirim yang dipercaya.")
                               .format(key=info.header.sender_key_id))
        self.signature.setStyleSheet("color: #1b7f79; font-weight: bold;")
        self.sender.setText(f"{card.name} ({info.header.sender_code})")
        self.kind.setText(kind_label(info.header.kind))
        self.sequence.setText(str(info.header.sequence))
        self.created.setText(local_time(info.header.created_at))
        receipt = plan.kind == "receipt"
        text = scope_label(plan.scope)
        if plan.transfer:
            text += " · " + _("pelimpahan kasus")
        self.scope.setText(text)
        self.plan_box.setVisible(not receipt)
        for action, label in self.counts.items():
            n = plan.count(action)
            label.setText(str(n))
            color = "#9aa4b1" if not n else ("#8a5a00" if action == "conflict" else "#1f3a5f")
            label.setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {color};")
        added = "" if receipt else additions_text(plan)
        self.additions.setText(added)
        self.additions.setVisible(bool(added))
        if receipt:
            ack = plan.acknowledged[0] if plan.acknowledged else "?"
            self.receipt_note.setText(_("Tanda terima ini menyatakan bahwa {name} sudah mengimpor paket no. {n} "
                                        "dari kantor ini. Impor untuk mencatatnya.").format(name=card.name, n=ack))
        else:
            self.receipt_note.setText("")
        self.receipt_note.setVisible(receipt)
        if plan.gaps:
            self.gaps.setText("⚠ " + gap_text(plan.gaps) + " " + _(
                "Paket ini tetap dapat diimpor. Minta {name} mengirim ulang paket yang belum diterima.").format(
                name=card.name))
        self.gaps.setVisible(bool(plan.gaps))
        self.show()
