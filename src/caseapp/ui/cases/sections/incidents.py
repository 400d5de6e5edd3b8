"""Kejadian: date (possibly approximate), place, region, violence types with trafficking sub-types, GBVIMS, chronology."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from caseapp.domain.case import Case, Incident
from caseapp.domain.codes import default_registry
from caseapp.i18n import _, format_date
from caseapp.ui.cases.code_widgets import CodeChecks, CodeCombo, OptionalDate
from caseapp.ui.cases.fields import FieldForm
from caseapp.ui.cases.region_picker import RegionPicker
from caseapp.ui.cases.sections.repeating import RepeatingSection


class IncidentsSection(RepeatingSection):
    paths = ("incidents",)
    min_entries = 1

    def title(self) -> str:
        return _("Kejadian")

    def intro(self) -> str:
        return _("Kekerasan seksual memulai batas waktu 3×24 jam untuk melapor ke polisi (UU 12/2022 TPKS).")

    def add_label(self) -> str:
        return _("Tambah &kejadian")

    def build_form(self) -> QWidget:
        form = FieldForm()
        self.date = form.add("date", _("&Tanggal kejadian:"), OptionalDate())
        self.date.setObjectName("incidentDate")
        self.approximate = form.add("date_approximate", "", QCheckBox(_("Tanggal &perkiraan"),
                                                                      objectName="incidentApproximate"))
        self.place = form.add("place", _("Te&mpat kejadian:"), CodeCombo("place"))
        self.place.setObjectName("incidentPlace")
        self.region = form.add("region_code", _("&Wilayah kejadian:"), RegionPicker())
        self.types = form.add("violence_types", _("&Jenis kekerasan:"), CodeChecks("violence_type"))
        self.types.setObjectName("violenceTypes")
        self.gbvims = form.add("gbvims", _("Klasifikasi &GBVIMS:"), CodeChecks("gbvims"))
        self.chronology = form.add("chronology", _("&Kronologi:"), QPlainTextEdit(objectName="chronology"))
        self.chronology.setTabChangesFocus(True)
        self.chronology.setMinimumHeight(140)
        self.chronology.setPlaceholderText(_("Ceritakan kejadian secara singkat: siapa, apa, kapan, di mana, bagaimana."))
        return form

    def entries(self, case: Case) -> list:
        return list(case.incidents)

    def with_entries(self, case: Case, entries: list) -> Case:
        return replace(case, incidents=tuple(entries))

    def new_entry(self) -> Incident:
        return Incident(date=None, violence_types=())

    def is_blank(self, e: Incident) -> bool:
        return not (e.date or e.violence_types or e.place or e.region_code or e.gbvims or e.chronology.strip()
                    or e.date_approximate)

    def summary(self, e: Incident) -> str:
        registry = default_registry()
        kinds = ", ".join(registry.label("violence_type", c) for c in e.violence_types)
        when = format_date(e.date, long=False) if e.date else ""
        return " · ".join(x for x in (when, kinds) if x)

    def show_entry(self, e: Incident) -> None:
        self.date.set_value(e.date)
        self.approximate.setChecked(e.date_approximate)
        self.place.set_value(e.place)
        self.region.set_value(e.region_code)
        self.types.set_value(e.violence_types)
        self.gbvims.set_value(e.gbvims)
        self.chronology.setPlainText(e.chronology)

    def read_entry(self, e: Incident) -> Incident:
        return replace(e, date=self.date.value(), date_approximate=self.approximate.isChecked(),
                       place=self.place.value(), region_code=self.region.value(), violence_types=self.types.value(),
                       gbvims=self.gbvims.value(), chronology=self.chronology.toPlainText().strip())

    def first_date(self) -> dt.date | None:
        self.commit()
        dates = [e.date for e in self.items if e.date]
        return min(dates) if dates else None
