"""Reference copy of the strict case JSON parser as it was before it was made faster (for the differential test).

Frozen copy of ``caseapp.domain.case_json`` parsing as of commit 38ed0ce (with the draft ``partial`` mode), kept so
that ``test_case_json_equivalence.py`` can check that the faster parser accepts exactly the same documents, builds
equal cases and refuses with the same first error (field and message). Not used by the application. When a
parsing rule changes on purpose, change it here too (or retire the differential test).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from caseapp.domain.ages import CHILD_AGE_LIMIT, age_on
from caseapp.domain.case import (ANAK_SAKSI, KORBAN, PELAKU, PELAPOR, Assessment, Case, Consent, FollowUp, Guardian, Incident,
                                 InterventionItem, Note, Person, Relation, ServiceRecord, new_uuid)
from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.domain.errors import ValidationError
from caseapp.domain.legal_process import MAX_RUPIAH, LegalProcess
from caseapp.domain.nik import parse_nik
from caseapp.i18n import _

FORMAT_NAME = "caseapp.case"
FORMAT_VERSION = 1

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_REGION_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")

_INCIDENT_SHORTHAND = {"incident_date": "date", "incident_date_approximate": "date_approximate",
                       "place": "place", "incident_region_code": "region_code",
                       "violence_types": "violence_types", "gbvims": "gbvims", "chronology": "chronology"}

_PERSON_KEYS = {"uuid", "name", "alias", "nik", "sex", "birth_date", "birth_date_estimated", "education",
                "occupation", "marital_status", "has_disability", "disability_types", "region_code", "street",
                "phone", "guardian"}
_CASE_KEYS = {"format", "format_version", "uuid", "case_number", "intake_date", "intake_time", "channel", "status",
              "closure_reason", "risk_level", "competent_office", "confidential", "assigned_officers", "version",
              "police_reported_at", "victims", "perpetrators", "reporters", "incidents", "assessments",
              "interventions", "services", "follow_ups", "notes", "consents", "child_witnesses", "legal_process",
              *_INCIDENT_SHORTHAND}


@dataclass
class _Ctx:
    registry: CodeRegistry
    today: dt.date
    region_exists: Callable[[str], bool]
    partial: bool = False  # an unfinished editor state (a draft): shapes and codes are checked, rules are not


class _Obj:
    """A JSON object under a path: typed getters that raise ValidationError naming ``path.key``."""

    def __init__(self, raw: Any, path: str, allowed: set[str], ctx: _Ctx):
        if not isinstance(raw, Mapping):
            raise ValidationError(_("Harus berupa objek JSON."), field=path or "$")
        for key in raw:
            if key not in allowed:
                raise ValidationError(_("Kolom tidak dikenal."), field=self._join(path, str(key)))
        self.raw, self.path, self.ctx = raw, path, ctx

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def at(self, key: str) -> str:
        return self._join(self.path, key)

    def has(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def _value(self, key: str, required: bool) -> Any:
        value = self.raw.get(key)
        if value is None and required and not self.ctx.partial:
            raise ValidationError(_("Kolom ini wajib diisi."), field=self.at(key))
        return value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._value(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ValidationError(_("Harus berupa teks."), field=self.at(key))
        if required and not value.strip() and not self.ctx.partial:
            raise ValidationError(_("Kolom ini wajib diisi."), field=self.at(key))
        return value

    def opt_text(self, key: str) -> str | None:
        value = self.text(key, default="")
        return value or None

    def boolean(self, key: str, default: bool | None = False) -> bool | None:
        value = self._value(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ValidationError(_("Harus berupa true atau false."), field=self.at(key))
        return value

    def integer(self, key: str, default: int) -> int:
        value = self._value(key, False)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError(_("Harus berupa bilangan bulat positif."), field=self.at(key))
        return value

    def date(self, key: str, *, required: bool = False, not_future: bool = True) -> dt.date | None:
        value = self._value(key, required)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _DATE_RE.match(value):
                raise ValueError
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Tanggal harus berformat TTTT-BB-HH dan merupakan tanggal yang ada."),
                                  field=self.at(key)) from None
        if not_future and parsed > self.ctx.today and not self.ctx.partial:
            raise ValidationError(_("Tanggal tidak boleh di masa depan."), field=self.at(key))
        return parsed

    def time(self, key: str) -> dt.time | None:
        value = self._value(key, False)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _TIME_RE.match(value):
                raise ValueError
            return dt.time.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Jam harus berformat JJ:MM."), field=self.at(key)) from None

    def datetime(self, key: str) -> dt.datetime | None:
        value = self._value(key, False)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _DATE_RE.match(value[:10]) or len(value) < 16:
                raise ValueError
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Waktu harus berformat TTTT-BB-HHTJJ:MM."), field=self.at(key)) from None

    def code(self, key: str, list_name: str, *, required: bool = False) -> str | None:
        value = self._value(key, required)
        if value is None:
            return None
        return _check_code(value, list_name, self.at(key), self.ctx)

    def codes(self, key: str, list_name: str, *, required: bool = False) -> tuple[str, ...]:
        items = self.array(key, required=required)
        out = tuple(_check_code(v, list_name, f"{self.at(key)}[{i}]", self.ctx) for i, v in enumerate(items))
        if len(set(out)) != len(out):
            raise ValidationError(_("Kode tidak boleh diulang."), field=self.at(key))
        return out

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.array(key)
        for i, v in enumerate(items):
            if not isinstance(v, str):
                raise ValidationError(_("Harus berupa teks."), field=f"{self.at(key)}[{i}]")
        return tuple(items)

    def array(self, key: str, *, required: bool = False) -> list:
        value = self._value(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(_("Harus berupa daftar (array JSON)."), field=self.at(key))
        if required and not value and not self.ctx.partial:
            raise ValidationError(_("Daftar ini tidak boleh kosong."), field=self.at(key))
        return value

    def objects(self, key: str, allowed: set[str]) -> list["_Obj"]:
        return [_Obj(item, f"{self.at(key)}[{i}]", allowed, self.ctx) for i, item in enumerate(self.array(key))]

    def uuid(self) -> str:
        value = self.text("uuid")
        if not value:
            return new_uuid()
        if not _UUID_RE.match(value):
            raise ValidationError(_("UUID tidak valid."), field=self.at("uuid"))
        return value

    def region(self, key: str) -> str | None:
        value = self.opt_text(key)
        if value is None:
            return None
        if not _REGION_RE.match(value) or not (self.ctx.partial or self.ctx.region_exists(value)):
            raise ValidationError(_("Kode wilayah tidak dikenal."), field=self.at(key))
        return value


def _check_code(value: Any, list_name: str, path: str, ctx: _Ctx) -> str:
    if not isinstance(value, str) or not ctx.registry.is_valid(list_name, value):
        raise ValidationError(_("Kode tidak dikenal untuk daftar {daftar}.").format(daftar=list_name), field=path)
    return value


# --- parsing ----------------------------------------------------------------------------------------------------

def _nik(obj: _Obj) -> str | None:
    nik = obj.opt_text("nik")
    if nik is not None and not obj.ctx.partial:
        try:
            parse_nik(nik, today=obj.ctx.today)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=obj.at("nik")) from None
    return nik


def _person(obj: _Obj, role: str) -> Person:
    nik = _nik(obj)
    guardian = None
    if obj.has("guardian"):
        g = _Obj(obj.raw["guardian"], obj.at("guardian"), {"name", "relationship", "phone", "nik"}, obj.ctx)
        guardian = Guardian(name=g.text("name", required=True), relationship=g.text("relationship"),
                            phone=g.text("phone"), nik=_nik(g))
    has_disability = obj.boolean("has_disability", default=None)
    disability_types = obj.codes("disability_types", "disability_type")
    if disability_types and has_disability is False:
        raise ValidationError(_("Jenis disabilitas diisi padahal disabilitas dinyatakan tidak ada."),
                              field=obj.at("disability_types"))
    return Person(
        role=role, name=obj.text("name", required=True), uuid=obj.uuid(), alias=obj.text("alias"), nik=nik,
        sex=obj.code("sex", "sex"), birth_date=obj.date("birth_date"),
        birth_date_estimated=bool(obj.boolean("birth_date_estimated")),
        education=obj.code("education", "education"), occupation=obj.code("occupation", "occupation"),
        marital_status=obj.code("marital_status", "marital_status"), has_disability=has_disability,
        disability_types=disability_types, region_code=obj.region("region_code"), street=obj.text("street"),
        phone=obj.text("phone"), guardian=guardian)


def _incident(obj: _Obj, keymap: Mapping[str, str]) -> Incident:
    k = {model: key for key, model in keymap.items()}
    return Incident(
        date=obj.date(k["date"]), violence_types=obj.codes(k["violence_types"], "violence_type", required=True),
        uuid=obj.uuid() if "uuid" in k else new_uuid(),
        date_approximate=bool(obj.boolean(k["date_approximate"])), place=obj.code(k["place"], "place"),
        region_code=obj.region(k["region_code"]), gbvims=obj.codes(k["gbvims"], "gbvims"),
        chronology=obj.text(k["chronology"]))


def _incidents(top: _Obj) -> tuple[Incident, ...]:
    shorthand = [key for key in _INCIDENT_SHORTHAND if key in top.raw]
    if shorthand and "incidents" in top.raw:
        raise ValidationError(_("Gunakan daftar incidents atau kolom kejadian tunggal, bukan keduanya."),
                              field="incidents")
    if shorthand:
        return (_incident(top, _INCIDENT_SHORTHAND),)
    keymap = {m: m for m in _INCIDENT_SHORTHAND.values()} | {"uuid": "uuid"}
    return tuple(_incident(o, keymap) for o in top.objects("incidents", set(keymap)))


def _relations(top: _Obj, victims: list[Person], perpetrators: list[tuple[_Obj, Person]]) -> tuple[Relation, ...]:
    out: list[Relation] = []
    for obj, person in perpetrators:
        if obj.has("relationship") and obj.has("relationships"):
            raise ValidationError(_("Gunakan relationship atau relationships, bukan keduanya."),
                                  field=obj.at("relationships"))
        if obj.has("relationship"):
            code = obj.code("relationship", "relationship")
            out.extend(Relation(person.uuid, v.uuid, code) for v in victims)
            continue
        seen: set[int] = set()
        for rel in obj.objects("relationships", {"victim", "relationship"}):
            index = rel.raw.get("victim")
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(victims):
                raise ValidationError(_("Nomor urut korban tidak ada."), field=rel.at("victim"))
            if index in seen:
                raise ValidationError(_("Hubungan dengan korban ini sudah diisi."), field=rel.at("victim"))
            seen.add(index)
            out.append(Relation(person.uuid, victims[index].uuid,
                                rel.code("relationship", "relationship", required=True)))
    return tuple(out)


def _check_dates(case: Case, paths: Mapping[str, str], *, incident_list: bool) -> None:
    for i, inc in enumerate(case.incidents):
        if inc.date is not None and inc.date > case.intake_date:
            raise ValidationError(_("Tanggal kejadian tidak boleh setelah tanggal pengaduan."),
                                  field=f"incidents[{i}].date" if incident_list else "incident_date")
    incident_dates = [inc.date for inc in case.incidents if inc.date is not None]
    first = min(incident_dates) if incident_dates else case.intake_date
    message = (_("Tanggal lahir tidak boleh setelah tanggal kejadian.") if incident_dates
               else _("Tanggal lahir tidak boleh setelah tanggal pengaduan."))
    for person in case.persons:
        if person.birth_date is not None and person.birth_date > first:
            raise ValidationError(message, field=f"{paths[person.uuid]}.birth_date")


def case_from_json(data: str | bytes | Mapping[str, Any], *, registry: CodeRegistry | None = None,
                   today: dt.date | None = None, region_exists: Callable[[str], bool] | None = None,
                   partial: bool = False) -> Case:
    """Parse and validate one case; raises ValidationError whose ``field`` is the JSON path (``victims[0].nik``).

    ``partial`` reads an unfinished case as the editor holds it (an autosaved draft): the JSON shape, types and
    codes are still checked, but required fields, NIK checksums, date order, region existence, closure and
    consent rules are not, since a draft is by definition not yet valid. Never use it for data that is stored
    as a case.
    """
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError:
            raise ValidationError(_("Berkas bukan JSON yang valid."), field="$") from None
    if region_exists is None:
        from caseapp.domain.regions import exists as region_exists
    ctx = _Ctx(registry or default_registry(), today or dt.date.today(), region_exists, partial)
    top = _Obj(data, "", _CASE_KEYS, ctx)
    if top.has("format") and top.raw["format"] != FORMAT_NAME:
        raise ValidationError(_("Format berkas tidak dikenal."), field="format")
    if top.has("format_version") and top.raw["format_version"] != FORMAT_VERSION:
        raise ValidationError(_("Versi format berkas tidak didukung."), field="format_version")

    victims = [_person(o, KORBAN) for o in top.objects("victims", _PERSON_KEYS)]
    if not victims and not partial:
        raise ValidationError(_("Kasus harus memiliki sekurang-kurangnya satu korban."), field="victims")
    perp_objs = top.objects("perpetrators", _PERSON_KEYS | {"relationship", "relationships"})
    perpetrators = [(o, _person(_Obj({k: v for k, v in o.raw.items() if k in _PERSON_KEYS}, o.path,
                                     _PERSON_KEYS, ctx), PELAKU)) for o in perp_objs]
    reporters = [_person(o, PELAPOR) for o in top.objects("reporters", _PERSON_KEYS)]
    witnesses = [_person(o, ANAK_SAKSI) for o in top.objects("child_witnesses", _PERSON_KEYS)]
    persons = victims + [p for _o, p in perpetrators] + reporters + witnesses
    paths = {p.uuid: f"{group}[{i}]" for group, people in
             (("victims", victims), ("perpetrators", [p for _o, p in perpetrators]), ("reporters", reporters),
              ("child_witnesses", witnesses))
             for i, p in enumerate(people)}
    if len(paths) != len(persons):
        raise ValidationError(_("UUID orang tidak boleh sama."), field="victims")

    status = top.code("status", "case_status") or "pengaduan"
    closure_reason = top.code("closure_reason", "closure_reason")
    if status == "selesai" and closure_reason is None and not partial:
        raise ValidationError(_("Alasan penutupan kasus wajib diisi."), field="closure_reason")
    if status != "selesai" and closure_reason is not None and not partial:
        raise ValidationError(_("Alasan penutupan hanya diisi untuk kasus yang selesai."), field="closure_reason")

    consents = []
    for o in top.objects("consents", {"uuid", "basis", "given_by", "giver_relation", "scope", "given_at",
                                      "withdrawn_at", "note"}):
        consent = Consent(basis=o.code("basis", "lawful_basis", required=True), uuid=o.uuid(),
                          given_by=o.text("given_by"), giver_relation=o.code("giver_relation", "consent_giver"),
                          scope=o.codes("scope", "consent_scope"), given_at=o.datetime("given_at"),
                          withdrawn_at=o.datetime("withdrawn_at"), note=o.text("note"))
        for fld, message in () if partial else consent.problems():
            raise ValidationError(message, field=o.at(fld))
        consents.append(consent)

    case = Case(
        intake_date=top.date("intake_date", required=True), channel=top.code("channel", "channel", required=True),
        uuid=top.uuid(), case_number=top.opt_text("case_number"), intake_time=top.time("intake_time"),
        status=status, closure_reason=closure_reason, risk_level=top.code("risk_level", "risk_level"),
        competent_office=top.opt_text("competent_office"), confidential=bool(top.boolean("confidential", True)),
        assigned_officers=top.texts("assigned_officers"), version=top.integer("version", 1),
        police_reported_at=top.datetime("police_reported_at"), persons=tuple(persons),
        relations=_relations(top, victims, perpetrators), incidents=_incidents(top),
        assessments=tuple(
            Assessment(date=o.date("date", required=True), uuid=o.uuid(), assessor=o.text("assessor"),
                       physical=o.text("physical"), psychological=o.text("psychological"), social=o.text("social"),
                       family=o.text("family"), needs=o.text("needs"),
                       risk_level=o.code("risk_level", "risk_level"), notes=o.text("notes"))
            for o in top.objects("assessments", {"uuid", "date", "assessor", "physical", "psychological",
                                                 "social", "family", "needs", "risk_level", "notes"})),
        interventions=tuple(
            InterventionItem(service=o.code("service", "service", required=True), uuid=o.uuid(),
                             goal=o.text("goal"), provider=o.text("provider"), responsible=o.text("responsible"),
                             target_date=o.date("target_date", not_future=False),
                             agreed_with_client=bool(o.boolean("agreed_with_client")),
                             status=o.code("status", "intervention_status") or "direncanakan")
            for o in top.objects("interventions", {"uuid", "service", "goal", "provider", "responsible",
                                                   "target_date", "agreed_with_client", "status"})),
        services=tuple(
            ServiceRecord(service=o.code("service", "service", required=True), date=o.date("date", required=True),
                          uuid=o.uuid(), provider=o.text("provider"), officer=o.text("officer"),
                          description=o.text("description"), by_referral=bool(o.boolean("by_referral")))
            for o in top.objects("services", {"uuid", "service", "date", "provider", "officer", "description",
                                              "by_referral"})),
        follow_ups=tuple(
            FollowUp(date=o.date("date", required=True), uuid=o.uuid(), officer=o.text("officer"),
                     method=o.text("method"), result=o.text("result"),
                     next_date=o.date("next_date", not_future=False))
            for o in top.objects("follow_ups", {"uuid", "date", "officer", "method", "result", "next_date"})),
        notes=tuple(
            Note(created_at=_required_datetime(o, "created_at"), text=o.text("text", required=True),
                 uuid=o.uuid(), author=o.text("author"))
            for o in top.objects("notes", {"uuid", "created_at", "text", "author"})),
        consents=tuple(consents),
        legal_process=_legal_process(top) if top.has("legal_process") else None,
    )
    if not partial:
        _check_dates(case, paths, incident_list=top.has("incidents"))
        dates = [inc.date for inc in case.incidents if inc.date is not None]
        on = min(dates) if dates else case.intake_date
        for i, person in enumerate(witnesses):
            if person.birth_date is not None and age_on(person.birth_date, on) >= CHILD_AGE_LIMIT:
                raise ValidationError(_("Anak saksi harus berusia di bawah 18 tahun saat kejadian; catat orang "
                                        "dewasa sebagai pelapor atau dalam catatan."),
                                      field=f"child_witnesses[{i}].birth_date")
    return case


def _legal_process(top: _Obj) -> LegalProcess | None:
    (o,) = [_Obj(top.raw["legal_process"], top.at("legal_process"), _LEGAL_PROCESS_KEYS, top.ctx)]

    def rupiah(key):
        value = o.raw.get(key)
        if value is not None and (type(value) is not int or not 0 <= value <= MAX_RUPIAH):
            raise ValidationError(_("Jumlah rupiah harus bilangan bulat dari 0 sampai 1.000.000.000.000.000."),
                                  field=o.at(key))
        return value

    lp = LegalProcess(
        police_report_number=o.text("police_report_number"), stage=o.code("stage", "legal_stage"),
        court=o.text("court"), court_case_number=o.text("court_case_number"),
        verdict_date=o.date("verdict_date"), verdict_summary=o.text("verdict_summary"),
        verdict_final=bool(o.boolean("verdict_final")),
        restitution_requested_on=o.date("restitution_requested_on"),
        restitution_lpsk_assessed_on=o.date("restitution_lpsk_assessed_on"),
        restitution_amount=rupiah("restitution_amount"), restitution_paid_amount=rupiah("restitution_paid_amount"),
        restitution_paid_on=o.date("restitution_paid_on"),
        temporary_protection_at=o.datetime("temporary_protection_at"),
        temporary_protection_by=o.text("temporary_protection_by"),
        protection_requested_at=o.datetime("protection_requested_at"))
    if lp == LegalProcess():
        return None
    if not o.ctx.partial:
        for name, message in lp.problems():
            raise ValidationError(message, field=o.at(name))
        for name in ("temporary_protection_at", "protection_requested_at"):
            value = getattr(lp, name)
            if value is not None and value.date() > o.ctx.today:
                raise ValidationError(_("Tanggal tidak boleh di masa depan."), field=o.at(name))
    return lp


_LEGAL_PROCESS_KEYS = {"police_report_number", "stage", "court", "court_case_number", "verdict_date",
                       "verdict_summary", "verdict_final", "restitution_requested_on", "restitution_lpsk_assessed_on",
                       "restitution_amount", "restitution_paid_amount", "restitution_paid_on",
                       "temporary_protection_at", "temporary_protection_by", "protection_requested_at"}


def _required_datetime(obj: _Obj, key: str) -> dt.datetime:
    value = obj.datetime(key)
    if value is None:
        raise ValidationError(_("Kolom ini wajib diisi."), field=obj.at(key))
    return value
