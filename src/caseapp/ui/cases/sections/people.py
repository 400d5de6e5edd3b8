"""Korban, Pelaku, Pelapor and Anak saksi: one person section per role, with perpetrator-to-victim relationships."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from caseapp.domain.case import ANAK_SAKSI, KORBAN, PELAKU, PELAPOR, Case, Person, Relation
from caseapp.i18n import _
from caseapp.ui.cases.code_widgets import CodeCombo
from caseapp.ui.cases.sections.person_form import PersonForm
from caseapp.ui.cases.sections.repeating import RepeatingSection


class PeopleSection(RepeatingSection):
    role = KORBAN
    with_guardian = False

    def build_form(self) -> QWidget:
        self.person_form = PersonForm(self.editor.reference_date, with_guardian=self.with_guardian)
        return self.person_form

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        # Room for the form: the section less its margins, the list on the left and a scroll bar.
        self.person_form.arrange(self.width() - 40 - self.list.width() - 18 - 20)

    def entries(self, case: Case) -> list:
        return [p for p in case.persons if p.role == self.role]

    def with_entries(self, case: Case, entries: list) -> Case:
        others = tuple(p for p in case.persons if p.role != self.role)
        return replace(case, persons=others + tuple(entries))

    def new_entry(self):
        return Person(role=self.role, name="")

    def summary(self, entry: Person) -> str:
        return entry.name

    def show_entry(self, entry: Person) -> None:
        self.person_form.show_person(entry)

    def read_entry(self, entry: Person) -> Person:
        return self.person_form.read_person(entry)

    def entered(self) -> None:
        self.person_form.update_age()

    def focus_first(self) -> None:
        self.person_form.name.setFocus()


class VictimsSection(PeopleSection):
    paths = ("victims",)
    role = KORBAN
    with_guardian = True
    min_entries = 1

    def title(self) -> str:
        return _("Korban")

    def intro(self) -> str:
        return _("Satu kasus dapat memiliki lebih dari satu korban. NIK boleh dikosongkan; bila tanggal lahir "
                 "tidak diketahui, isi perkiraan umur.")

    def add_label(self) -> str:
        return _("Tambah &korban")

    def is_blank(self, entry: Person) -> bool:
        return False


class ReportersSection(PeopleSection):
    paths = ("reporters",)
    role = PELAPOR

    def title(self) -> str:
        return _("Pelapor")

    def intro(self) -> str:
        return _("Isi bila pengaduan disampaikan oleh orang lain selain korban.")

    def add_label(self) -> str:
        return _("Tambah &pelapor")

    def empty_text(self) -> str:
        return _("Belum ada pelapor. Korban melapor sendiri, atau klik \"Tambah pelapor\".")


class ChildWitnessesSection(PeopleSection):
    """Anak saksi (UU 11/2012 SPPA): a child under 18 who saw or heard the violence; a parent or guardian accompanies
    the child and consents for the child's data (UU PDP Pasal 25); outside the office the child is named by initials
    only."""

    paths = ("child_witnesses",)
    role = ANAK_SAKSI
    with_guardian = True

    def title(self) -> str:
        return _("Anak saksi")

    def intro(self) -> str:
        return _("Anak di bawah 18 tahun yang melihat atau mendengar kekerasan. Catat orang tua atau wali yang "
                 "mendampingi dan memberi persetujuan. Identitas anak saksi dirahasiakan: di luar kantor hanya "
                 "inisialnya yang dipakai.")

    def add_label(self) -> str:
        return _("Tambah &anak saksi")

    def empty_text(self) -> str:
        return _("Belum ada anak saksi. Klik \"Tambah anak saksi\" bila ada anak yang menyaksikan kejadian.")


class PerpetratorsSection(PeopleSection):
    paths = ("perpetrators",)
    role = PELAKU

    def __init__(self, editor, parent: QWidget | None = None):
        self.relations: dict[str, dict[str, str | None]] = {}
        self.relation_combos: dict[str, CodeCombo] = {}
        super().__init__(editor, parent)

    def title(self) -> str:
        return _("Pelaku")

    def intro(self) -> str:
        return _("Boleh kosong bila pelaku belum diketahui. Catat hubungan pelaku dengan setiap korban.")

    def add_label(self) -> str:
        return _("Tambah &pelaku")

    def empty_text(self) -> str:
        return _("Belum ada pelaku dicatat. Klik \"Tambah pelaku\".")

    def build_form(self) -> QWidget:
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        self.relation_box = QGroupBox(_("Hubungan dengan korban"))
        self.relation_grid = QGridLayout(self.relation_box)
        column.addWidget(self.relation_box)
        column.addWidget(super().build_form())
        host.has = self.person_form.has  # type: ignore[attr-defined]
        host.show_error = self._show_error  # type: ignore[attr-defined]
        host.show_warning = self.person_form.show_warning  # type: ignore[attr-defined]
        host.clear_messages = self.person_form.clear_messages  # type: ignore[attr-defined]
        return host

    def _show_error(self, key: str, text: str):
        if key.startswith("relationships"):
            self.show_section_message(text)
            return next(iter(self.relation_combos.values()), None)
        return self.person_form.show_error(key, text)

    def form_message(self, key: str, text: str, warning: bool):
        if key.startswith("relationships"):
            return self._show_error(key, text)
        return super().form_message(key, text, warning)

    def load(self, case: Case) -> None:
        self.relations = {}
        for rel in case.relations:
            self.relations.setdefault(rel.perpetrator, {})[rel.victim] = rel.relationship
        super().load(case)

    def _victims(self) -> list[Person]:
        return self.editor.current_victims()

    def _fill_relations(self, perpetrator: Person) -> None:
        while self.relation_grid.count():
            item = self.relation_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.relation_combos = {}
        chosen = self.relations.get(perpetrator.uuid, {})
        for n, victim in enumerate(self._victims()):
            label = QLabel(_("Korban {n}: {name}").format(n=n + 1, name=victim.name or _("(belum diisi)")))
            combo = CodeCombo("relationship")
            combo.setObjectName(f"relation_{n}")
            combo.set_value(chosen.get(victim.uuid))
            combo.currentIndexChanged.connect(self._relation_changed)
            self.relation_grid.addWidget(label, n, 0)
            self.relation_grid.addWidget(combo, n, 1)
            self.relation_combos[victim.uuid] = combo
        self.relation_grid.setColumnStretch(1, 1)

    def _relation_changed(self) -> None:
        if self._loading or not 0 <= self.current < len(self.items):
            return
        uuid = self.items[self.current].uuid
        self.relations[uuid] = {v: c.value() for v, c in self.relation_combos.items()}
        self.changed.emit()

    def show_entry(self, entry: Person) -> None:
        super().show_entry(entry)
        self._fill_relations(entry)

    def entered(self) -> None:
        super().entered()
        if 0 <= self.current < len(self.items):
            self._loading = True
            try:
                self._fill_relations(self.items[self.current])
            finally:
                self._loading = False

    def with_entries(self, case: Case, entries: list) -> Case:
        case = super().with_entries(case, entries)
        relations = tuple(
            Relation(p.uuid, v.uuid, code)
            for p in entries for v in case.victims if (code := self.relations.get(p.uuid, {}).get(v.uuid)))
        return replace(case, relations=relations)
