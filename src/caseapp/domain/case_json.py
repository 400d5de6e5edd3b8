"""The case JSON format (docs/case-json-format.md): strict parsing into the case dataclasses, and full export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any, Callable, NoReturn, TypeVar

from caseapp.domain.ages import CHILD_AGE_LIMIT, age_on
from caseapp.domain.case import (ANAK_SAKSI, KORBAN, PELAKU, PELAPOR, Assessment, Case, Consent, FollowUp, Guardian,
                                 Incident, InterventionItem, Note, Person, Relation, ServiceRecord, new_uuid)
from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.domain.entry_limits import ADDRESS_CHARS, MAX_TEXT_CHARS, NIK_CHARS, SHORT_TEXT_CHARS, TextTooLong
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
# Incident field -> key, for the single-incident keys at the top level and for an item of the incidents list.
_SHORTHAND_FIELDS = {model: key for key, model in _INCIDENT_SHORTHAND.items()}
_LISTED_FIELDS = {model: model for model in _INCIDENT_SHORTHAND.values()} | {"uuid": "uuid"}

# The keys each kind of object may have (anything else is refused).
_PERSON_KEYS = frozenset({"uuid", "name", "alias", "nik", "sex", "birth_date", "birth_date_estimated", "education",
                          "occupation", "marital_status", "has_disability", "disability_types", "region_code",
                          "street", "phone", "guardian"})
_PERPETRATOR_KEYS = _PERSON_KEYS | {"relationship", "relationships"}
_GUARDIAN_KEYS = frozenset({"name", "relationship", "phone", "nik"})
_RELATIONSHIP_KEYS = frozenset({"victim", "relationship"})
_INCIDENT_KEYS = frozenset(_LISTED_FIELDS)
_CONSENT_KEYS = frozenset({"uuid", "basis", "given_by", "giver_relation", "scope", "given_at", "withdrawn_at",
                           "note"})
_ASSESSMENT_KEYS = frozenset({"uuid", "date", "assessor", "physical", "psychological", "social", "family", "needs",
                              "risk_level", "notes"})
_INTERVENTION_KEYS = frozenset({"uuid", "service", "goal", "provider", "responsible", "target_date",
                                "agreed_with_client", "status"})
_SERVICE_KEYS = frozenset({"uuid", "service", "date", "provider", "officer", "description", "by_referral"})
_FOLLOW_UP_KEYS = frozenset({"uuid", "date", "officer", "method", "result", "next_date"})
_NOTE_KEYS = frozenset({"uuid", "created_at", "text", "author"})
_LEGAL_PROCESS_KEYS = frozenset({"police_report_number", "stage", "court", "court_case_number", "verdict_date",
                                 "verdict_summary", "verdict_final", "restitution_requested_on",
                                 "restitution_lpsk_assessed_on", "restitution_amount", "restitution_paid_amount",
                                 "restitution_paid_on", "temporary_protection_at", "temporary_protection_by",
                                 "protection_requested_at"})
_CASE_KEYS = frozenset({"format", "format_version", "uuid", "case_number", "intake_date", "intake_time", "channel",
                        "status", "closure_reason", "risk_level", "competent_office", "confidential",
                        "assigned_officers", "version", "police_reported_at", "victims", "perpetrators", "reporters",
                        "incidents", "assessments", "interventions", "services", "follow_ups", "notes", "consents",
                        "child_witnesses", "legal_process", *_INCIDENT_SHORTHAND})

# Texts that passed a format check, kept because they repeat across the cases of a bundle (dates, region codes).
# Bounded: emptied when full.
_DATES: dict[str, dt.date] = {}          # date text -> the date (format and calendar checked)
_REGION_TEXTS: set[str] = set()          # region codes of the right shape (existence is still asked every time)
_DATE_TEXTS: dict[dt.date, str] = {}     # date -> its isoformat() (export: the same dates recur across cases)
_CACHE_MAX = 20_000

_T = TypeVar("_T")
_new = object.__new__
_set = object.__setattr__
_date = dt.date


def _build(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of one of the frozen case dataclasses from all its field values, without running ``__init__``.

    A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``; for the ~15 objects of a
    case that was a third of the parse time. ``fields`` itself becomes the instance dict (so pass a fresh dict,
    as every caller's dict display is), which gives the same object (equal, same hash, still frozen) as long as the
    class is plain — no slots, every field an ``__init__`` field, no ``__post_init__`` (or the caller runs it) —
    which ``_check_buildable`` makes sure of at import, and ``fields`` names every field exactly once
    (tests/domain/test_case_json.py checks every kind the parser builds).

    A plain dict costs a few hundred bytes more per object than the compact shared-key table that filling
    ``obj.__dict__`` gives, but the interpreter (3.11) can only specialise attribute reads on a plain one: on the
    shared-key table every later read of a parsed case (``case_to_json``, ``cases._record``, the editor) took the
    slow generic path, about four times slower, and filling that table cost more than handing over ``fields``.
    """
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    return obj


def _check_buildable(*classes: type, post_init: bool = False) -> None:
    for cls in classes:
        if (not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") != post_init
                or "__slots__" in cls.__dict__ or not all(f.init for f in dataclasses.fields(cls))):
            raise TypeError(f"{cls.__name__} can no longer be built by case_json._build; use its constructor")


_check_buildable(Guardian, Person, Relation, Incident, Assessment, InterventionItem, ServiceRecord, FollowUp, Note,
                 Consent)
_check_buildable(Case, post_init=True)


class _Ctx:
    __slots__ = ("registry", "codes", "today", "region_exists", "partial", "limits")

    def __init__(self, registry: CodeRegistry, today: dt.date, region_exists: Callable[[str], bool],
                 partial: bool = False, limits: bool = True):
        self.registry = registry
        self.codes = registry.code_sets  # list name -> its codes (inactive ones included)
        self.today = today
        self.region_exists = region_exists
        self.partial = partial  # an unfinished editor state (a draft): shapes and codes are checked, rules are not
        self.limits = limits and not partial  # text lengths (domain/entry_limits.py) are checked


class _Obj:
    """A JSON object under a path: typed getters that apply every rule and raise ValidationError naming ``path.key``.

    The getters are the rules. The parse functions below read each value inline and accept it when it is the
    common valid case (an exact ``str`` for a text, a known code, a cached date, …) — where the getter would return
    it unchanged — and otherwise call the getter, which handles absent values, drafts and errors. The path
    (parent, key, list index) is only put together when an error names it.
    """

    __slots__ = ("raw", "ctx", "_parent", "_key", "_index")

    def __init__(self, raw: Any, ctx: _Ctx, allowed: frozenset[str], parent: _Obj | None = None, key: str = "",
                 index: int | None = None):
        self.raw = raw
        self.ctx = ctx
        self._parent = parent
        self._key = key
        self._index = index
        if type(raw) is dict:
            if raw.keys() <= allowed:
                return
        elif not isinstance(raw, Mapping):
            raise ValidationError(_("Harus berupa objek JSON."), field=self.path or "$")
        for name in raw:
            if name not in allowed:
                raise ValidationError(_("Kolom tidak dikenal."), field=self.at(str(name)))

    @property
    def path(self) -> str:
        if self._parent is None:
            return ""
        path = self._parent.at(self._key)
        return path if self._index is None else f"{path}[{self._index}]"

    def at(self, key: str) -> str:
        path = self.path
        return f"{path}.{key}" if path else key

    def fail(self, key: str, message: str) -> NoReturn:
        raise ValidationError(message, field=self.at(key))

    def has(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def _required(self, key: str) -> ValidationError:
        return ValidationError(_("Kolom ini wajib diisi."), field=self.at(key))

    def _not_text(self, key: str) -> ValidationError:
        return ValidationError(_("Harus berupa teks."), field=self.at(key))

    def _too_long(self, key: str, value: str, limit: int) -> None:
        if len(value) > limit and self.ctx.limits:
            raise TextTooLong(self.at(key), limit, len(value))

    def text(self, key: str, required: bool = False, default: str = "", *, limit: int = MAX_TEXT_CHARS) -> str:
        value = self.raw.get(key)
        if value is None:
            if required and not self.ctx.partial:
                raise self._required(key)
            return default
        if not isinstance(value, str):
            raise self._not_text(key)
        if required and not value.strip() and not self.ctx.partial:
            raise self._required(key)
        self._too_long(key, value, limit)
        return value

    def opt_text(self, key: str, *, limit: int = SHORT_TEXT_CHARS) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._not_text(key)
        self._too_long(key, value, limit)
        return value or None

    def boolean(self, key: str, default: bool | None = False) -> bool | None:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ValidationError(_("Harus berupa true atau false."), field=self.at(key))
        return value

    def integer(self, key: str, default: int) -> int:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError(_("Harus berupa bilangan bulat positif."), field=self.at(key))
        return value

    def date(self, key: str, required: bool = False, not_future: bool = True) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            if required and not self.ctx.partial:
                raise self._required(key)
            return None
        parsed = _DATES.get(value) if type(value) is str else None
        if parsed is None:
            try:
                if not isinstance(value, str) or not _DATE_RE.match(value):
                    raise ValueError
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                raise ValidationError(_("Tanggal harus berformat TTTT-BB-HH dan merupakan tanggal yang ada."),
                                      field=self.at(key)) from None
            if type(value) is str:
                if len(_DATES) >= _CACHE_MAX:
                    _DATES.clear()
                _DATES[value] = parsed
        if not_future and parsed > self.ctx.today and not self.ctx.partial:
            raise ValidationError(_("Tanggal tidak boleh di masa depan."), field=self.at(key))
        return parsed

    def time(self, key: str) -> dt.time | None:
        value = self.raw.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _TIME_RE.match(value):
                raise ValueError
            return dt.time.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Jam harus berformat JJ:MM."), field=self.at(key)) from None

    def datetime(self, key: str) -> dt.datetime | None:
        value = self.raw.get(key)
        if value is None:
            return None
        try:
            # A text whose first ten characters are a cached date passed _DATE_RE (only such texts are cached).
            if (not isinstance(value, str) or not (value[:10] in _DATES or _DATE_RE.match(value[:10]))
                    or len(value) < 16):
                raise ValueError
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Waktu harus berformat TTTT-BB-HHTJJ:MM."), field=self.at(key)) from None

    def code(self, key: str, list_name: str, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required and not self.ctx.partial:
                raise self._required(key)
            return None
        if not isinstance(value, str) or value not in self.ctx.codes[list_name]:
            raise _unknown_code(list_name, self.at(key))
        return value

    def codes(self, key: str, list_name: str, required: bool = False) -> tuple[str, ...]:
        items = self.array(key, required)
        codes = self.ctx.codes
        if items and type(items[0]) is str:  # the common case, checked as a whole: distinct known codes
            try:
                distinct = set(items)
            except TypeError:  # an unhashable item, named below
                distinct = None
            if distinct is not None and len(distinct) == len(items) and distinct <= codes[list_name]:
                return tuple(items)
        for i, value in enumerate(items):
            if not isinstance(value, str) or value not in codes[list_name]:
                raise _unknown_code(list_name, f"{self.at(key)}[{i}]")
        out = tuple(items)
        if len(set(out)) != len(out):
            raise ValidationError(_("Kode tidak boleh diulang."), field=self.at(key))
        return out

    def texts(self, key: str, *, limit: int = SHORT_TEXT_CHARS) -> tuple[str, ...]:
        items = self.array(key)
        for i, v in enumerate(items):
            if not isinstance(v, str):
                raise ValidationError(_("Harus berupa teks."), field=f"{self.at(key)}[{i}]")
            self._too_long(f"{key}[{i}]", v, limit)
        return tuple(items)

    def array(self, key: str, required: bool = False) -> list | tuple:
        value = self.raw.get(key)
        if value is None:
            if required and not self.ctx.partial:
                raise self._required(key)
            return ()
        if not isinstance(value, list):
            raise ValidationError(_("Harus berupa daftar (array JSON)."), field=self.at(key))
        if required and not value and not self.ctx.partial:
            raise ValidationError(_("Daftar ini tidak boleh kosong."), field=self.at(key))
        return value

    def objects(self, key: str, allowed: frozenset[str]) -> list[_Obj]:
        """Every item checked as an object with only allowed keys, before any of their fields is read."""
        items = self.raw.get(key)
        if items is None:
            return []
        if type(items) is not list:
            items = self.array(key)
        ctx = self.ctx
        out = []
        for i, item in enumerate(items):
            if type(item) is dict and item.keys() <= allowed:  # what _Obj() checks, without its call
                obj = _new(_Obj)
                obj.raw, obj.ctx, obj._parent, obj._key, obj._index = item, ctx, self, key, i
            else:
                obj = _Obj(item, ctx, allowed, self, key, i)  # another kind of mapping, or refused
            out.append(obj)
        return out

    def uuid(self) -> str:
        value = self.raw.get("uuid")
        if value is None:
            return new_uuid()
        if not isinstance(value, str):
            raise self._not_text("uuid")
        if not value:
            return new_uuid()
        if not _UUID_RE.match(value):
            raise ValidationError(_("UUID tidak valid."), field=self.at("uuid"))
        return value

    def region(self, key: str) -> str | None:
        value = self.raw.get(key)
        if type(value) is str and value in _REGION_TEXTS:
            shaped = True
        else:
            value = self.opt_text(key)
            if value is None:
                return None
            shaped = _REGION_RE.match(value) is not None
            if shaped and type(value) is str:
                if len(_REGION_TEXTS) >= _CACHE_MAX:
                    _REGION_TEXTS.clear()
                _REGION_TEXTS.add(value)
        if not shaped or not (self.ctx.partial or self.ctx.region_exists(value)):
            raise ValidationError(_("Kode wilayah tidak dikenal."), field=self.at(key))
        return value


def _unknown_code(list_name: str, path: str) -> ValidationError:
    return ValidationError(_("Kode tidak dikenal untuk daftar {daftar}.").format(daftar=list_name), field=path)


# --- parsing ----------------------------------------------------------------------------------------------------
#
# Each line below reads one value and keeps it when it is plainly valid, else asks the _Obj getter (same key, same
# arguments), which returns the value for the other valid cases (absent, a draft, …) or raises. The getters are
# called in the order the fields are listed, so the first problem in a document is the one reported.

_uuid_ok = _UUID_RE.match
# Text lengths (domain/entry_limits.py): a text within its limit is kept at once, a longer one goes to the getter,
# which refuses it (or keeps it when the limits are off: a stored case read back, a draft).
_SHORT, _ADDRESS, _LONG = SHORT_TEXT_CHARS, ADDRESS_CHARS, MAX_TEXT_CHARS


def _plainly_valid_nik(nik: str, today: dt.date) -> bool:
    """Whether ``parse_nik(nik, today=today)`` is sure to accept ``nik``, checked without decoding it (decoding
    was over half the time of parsing a person with a NIK): 16 ASCII digits, month 01–12, day 01–28 (41–68 for a
    woman), which every month has, serial not 0000, and ``today`` in 2000 or later, so the 19yy reading of the
    birth date is past. Any other NIK goes to parse_nik, which accepts it or says why not. Only ever a subset of
    what parse_nik accepts (tests/domain/test_case_json_export.py checks): tighten it if those rules tighten.
    """
    return (len(nik) == 16 and nik.isascii() and nik.isdigit() and "01" <= nik[8:10] <= "12"
            and ("01" <= (day := nik[6:8]) <= "28" or "41" <= day <= "68") and nik[12:] != "0000"
            and today.year >= 2000)


def _nik(obj: _Obj) -> str | None:
    nik = obj.opt_text("nik", limit=_LONG)
    if nik is not None and not obj.ctx.partial and not _plainly_valid_nik(nik, obj.ctx.today):
        try:
            parse_nik(nik, today=obj.ctx.today)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=obj.at("nik")) from None
        obj._too_long("nik", nik, NIK_CHARS)  # the NIK rule allows spaces around the 16 digits, but not many
    return nik


def _guardian(person: _Obj) -> Guardian:
    g = _Obj(person.raw["guardian"], person.ctx, _GUARDIAN_KEYS, person, "guardian")
    get = g.raw.get
    return _build(Guardian, {
        "name": (v if type(v := get("name")) is str and len(v) <= _SHORT and v.strip()
                 else g.text("name", True, limit=_SHORT)),
        "relationship": (v if type(v := get("relationship")) is str and len(v) <= _SHORT
                         else g.text("relationship", limit=_SHORT)),
        "phone": v if type(v := get("phone")) is str and len(v) <= _SHORT else g.text("phone", limit=_SHORT),
        "nik": None if get("nik") is None else _nik(g)})


def _person(o: _Obj, role: str) -> Person:
    get, codes, today = o.raw.get, o.ctx.codes, o.ctx.today
    nik = None if get("nik") is None else _nik(o)
    guardian = None if get("guardian") is None else _guardian(o)
    has_disability = (v if (v := get("has_disability")) is None or v is True or v is False
                      else o.boolean("has_disability", None))
    disability_types = (() if (v := get("disability_types")) is None or (type(v) is list and not v)
                        else o.codes("disability_types", "disability_type"))
    if disability_types and has_disability is False:
        o.fail("disability_types", _("Jenis disabilitas diisi padahal disabilitas dinyatakan tidak ada."))
    return _build(Person, {
        "role": role,
        "name": (v if type(v := get("name")) is str and len(v) <= _SHORT and v.strip()
                 else o.text("name", True, limit=_SHORT)),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "alias": v if type(v := get("alias")) is str and len(v) <= _SHORT else o.text("alias", limit=_SHORT),
        "nik": nik,
        "sex": v if (v := get("sex")) is None or type(v) is str and v in codes["sex"] else o.code("sex", "sex"),
        "birth_date": (None if (v := get("birth_date")) is None
                       else d if type(v) is str and (d := _DATES.get(v)) and d <= today else o.date("birth_date")),
        "birth_date_estimated": v if (v := get("birth_date_estimated")) is True or v is False
        else bool(o.boolean("birth_date_estimated")),
        "education": v if (v := get("education")) is None or type(v) is str and v in codes["education"]
        else o.code("education", "education"),
        "occupation": v if (v := get("occupation")) is None or type(v) is str and v in codes["occupation"]
        else o.code("occupation", "occupation"),
        "marital_status": v if (v := get("marital_status")) is None or type(v) is str and v in codes["marital_status"]
        else o.code("marital_status", "marital_status"),
        "has_disability": has_disability,
        "disability_types": disability_types,
        "region_code": None if get("region_code") is None else o.region("region_code"),
        "street": v if type(v := get("street")) is str and len(v) <= _ADDRESS else o.text("street", limit=_ADDRESS),
        "phone": v if type(v := get("phone")) is str and len(v) <= _SHORT else o.text("phone", limit=_SHORT),
        "guardian": guardian})


def _incident(o: _Obj, k: Mapping[str, str]) -> Incident:
    """One incident; ``k`` maps each Incident field to its key in ``o`` (without "uuid" a new one is made)."""
    get, codes, today = o.raw.get, o.ctx.codes, o.ctx.today
    return _build(Incident, {
        "date": (None if (v := get(k["date"])) is None
                 else d if type(v) is str and (d := _DATES.get(v)) and d <= today else o.date(k["date"])),
        "violence_types": o.codes(k["violence_types"], "violence_type", True),
        "uuid": (v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid()) if "uuid" in k else new_uuid(),
        "date_approximate": v if (v := get(k["date_approximate"])) is True or v is False
        else bool(o.boolean(k["date_approximate"])),
        "place": v if (v := get(k["place"])) is None or type(v) is str and v in codes["place"]
        else o.code(k["place"], "place"),
        "region_code": None if get(k["region_code"]) is None else o.region(k["region_code"]),
        "gbvims": (() if (v := get(k["gbvims"])) is None or (type(v) is list and not v)
                   else o.codes(k["gbvims"], "gbvims")),
        "chronology": (v if type(v := get(k["chronology"])) is str and len(v) <= _LONG
                       else o.text(k["chronology"]))})


def _incidents(top: _Obj) -> tuple[Incident, ...]:
    raw = top.raw
    shorthand = [key for key in _INCIDENT_SHORTHAND if key in raw]
    if shorthand and "incidents" in raw:
        raise ValidationError(_("Gunakan daftar incidents atau kolom kejadian tunggal, bukan keduanya."),
                              field="incidents")
    if shorthand:
        return (_incident(top, _SHORTHAND_FIELDS),)
    return tuple([_incident(o, _LISTED_FIELDS) for o in top.objects("incidents", _INCIDENT_KEYS)])


def _relations(victims: list[Person], perpetrators: list[tuple[_Obj, Person]]) -> tuple[Relation, ...]:
    out: list[Relation] = []
    for obj, person in perpetrators:
        if obj.has("relationship") and obj.has("relationships"):
            raise ValidationError(_("Gunakan relationship atau relationships, bukan keduanya."),
                                  field=obj.at("relationships"))
        if obj.has("relationship"):
            code = obj.code("relationship", "relationship")
            out.extend(_build(Relation, {"perpetrator": person.uuid, "victim": v.uuid, "relationship": code})
                       for v in victims)
            continue
        seen: set[int] = set()
        for rel in obj.objects("relationships", _RELATIONSHIP_KEYS):
            index = rel.raw.get("victim")
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(victims):
                raise ValidationError(_("Nomor urut korban tidak ada."), field=rel.at("victim"))
            if index in seen:
                raise ValidationError(_("Hubungan dengan korban ini sudah diisi."), field=rel.at("victim"))
            seen.add(index)
            code = v if type(v := rel.raw.get("relationship")) is str and v in rel.ctx.codes["relationship"] \
                else rel.code("relationship", "relationship", True)
            out.append(_build(Relation, {"perpetrator": person.uuid, "victim": victims[index].uuid,
                                         "relationship": code}))
    return tuple(out)


def _consent(o: _Obj) -> Consent:
    get, codes = o.raw.get, o.ctx.codes
    consent = _build(Consent, {
        "basis": v if type(v := get("basis")) is str and v in codes["lawful_basis"]
        else o.code("basis", "lawful_basis", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "given_by": v if type(v := get("given_by")) is str and len(v) <= _SHORT else o.text("given_by", limit=_SHORT),
        "giver_relation": v if (v := get("giver_relation")) is None or type(v) is str and v in codes["consent_giver"]
        else o.code("giver_relation", "consent_giver"),
        "scope": o.codes("scope", "consent_scope"),
        "given_at": None if get("given_at") is None else o.datetime("given_at"),
        "withdrawn_at": None if get("withdrawn_at") is None else o.datetime("withdrawn_at"),
        "note": v if type(v := get("note")) is str and len(v) <= _LONG else o.text("note")})
    if not o.ctx.partial:
        for fld, message in consent.problems():
            o.fail(fld, message)
    return consent


def _assessment(o: _Obj) -> Assessment:
    get, codes, today = o.raw.get, o.ctx.codes, o.ctx.today
    return _build(Assessment, {
        "date": d if type(v := get("date")) is str and (d := _DATES.get(v)) and d <= today else o.date("date", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "assessor": v if type(v := get("assessor")) is str and len(v) <= _SHORT else o.text("assessor", limit=_SHORT),
        "physical": v if type(v := get("physical")) is str and len(v) <= _LONG else o.text("physical"),
        "psychological": v if type(v := get("psychological")) is str and len(v) <= _LONG else o.text("psychological"),
        "social": v if type(v := get("social")) is str and len(v) <= _LONG else o.text("social"),
        "family": v if type(v := get("family")) is str and len(v) <= _LONG else o.text("family"),
        "needs": v if type(v := get("needs")) is str and len(v) <= _LONG else o.text("needs"),
        "risk_level": v if (v := get("risk_level")) is None or type(v) is str and v in codes["risk_level"]
        else o.code("risk_level", "risk_level"),
        "notes": v if type(v := get("notes")) is str and len(v) <= _LONG else o.text("notes")})


def _intervention(o: _Obj) -> InterventionItem:
    get, codes = o.raw.get, o.ctx.codes
    return _build(InterventionItem, {
        "service": v if type(v := get("service")) is str and v in codes["service"]
        else o.code("service", "service", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "goal": v if type(v := get("goal")) is str and len(v) <= _SHORT else o.text("goal", limit=_SHORT),
        "provider": v if type(v := get("provider")) is str and len(v) <= _SHORT else o.text("provider", limit=_SHORT),
        "responsible": (v if type(v := get("responsible")) is str and len(v) <= _SHORT
                        else o.text("responsible", limit=_SHORT)),
        "target_date": (None if (v := get("target_date")) is None
                        else d if type(v) is str and (d := _DATES.get(v)) else o.date("target_date", not_future=False)),
        "agreed_with_client": v if (v := get("agreed_with_client")) is True or v is False
        else bool(o.boolean("agreed_with_client")),
        "status": v if type(v := get("status")) is str and v in codes["intervention_status"]
        else o.code("status", "intervention_status") or "direncanakan"})


def _service(o: _Obj) -> ServiceRecord:
    get, codes, today = o.raw.get, o.ctx.codes, o.ctx.today
    return _build(ServiceRecord, {
        "service": v if type(v := get("service")) is str and v in codes["service"]
        else o.code("service", "service", True),
        "date": d if type(v := get("date")) is str and (d := _DATES.get(v)) and d <= today else o.date("date", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "provider": v if type(v := get("provider")) is str and len(v) <= _SHORT else o.text("provider", limit=_SHORT),
        "officer": v if type(v := get("officer")) is str and len(v) <= _SHORT else o.text("officer", limit=_SHORT),
        "description": v if type(v := get("description")) is str and len(v) <= _LONG else o.text("description"),
        "by_referral": v if (v := get("by_referral")) is True or v is False else bool(o.boolean("by_referral"))})


def _follow_up(o: _Obj) -> FollowUp:
    get, today = o.raw.get, o.ctx.today
    return _build(FollowUp, {
        "date": d if type(v := get("date")) is str and (d := _DATES.get(v)) and d <= today else o.date("date", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "officer": v if type(v := get("officer")) is str and len(v) <= _SHORT else o.text("officer", limit=_SHORT),
        "method": v if type(v := get("method")) is str and len(v) <= _SHORT else o.text("method", limit=_SHORT),
        "result": v if type(v := get("result")) is str and len(v) <= _LONG else o.text("result"),
        "next_date": (None if (v := get("next_date")) is None
                      else d if type(v) is str and (d := _DATES.get(v)) else o.date("next_date", not_future=False))})


def _note(o: _Obj) -> Note:
    get = o.raw.get
    return _build(Note, {
        "created_at": _required_datetime(o, "created_at"),
        "text": v if type(v := get("text")) is str and len(v) <= _LONG and v.strip() else o.text("text", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else o.uuid(),
        "author": v if type(v := get("author")) is str and len(v) <= _SHORT else o.text("author", limit=_SHORT)})


def _rupiah(o: _Obj, key: str) -> int | None:
    value = o.raw.get(key)
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= MAX_RUPIAH:
        o.fail(key, _("Jumlah rupiah harus bilangan bulat dari 0 sampai 1.000.000.000.000.000."))
    return value


def _legal_process(top: _Obj) -> LegalProcess | None:
    """The legal-process record; an object with nothing in it reads as None (no record), as the export writes it."""
    o = _Obj(top.raw["legal_process"], top.ctx, _LEGAL_PROCESS_KEYS, top, "legal_process")
    lp = _build(LegalProcess, {
        "police_report_number": o.text("police_report_number", limit=_SHORT),
        "stage": o.code("stage", "legal_stage"),
        "court": o.text("court", limit=_SHORT),
        "court_case_number": o.text("court_case_number", limit=_SHORT),
        "verdict_date": o.date("verdict_date"),
        "verdict_summary": o.text("verdict_summary"),
        "verdict_final": bool(o.boolean("verdict_final")),
        "restitution_requested_on": o.date("restitution_requested_on"),
        "restitution_lpsk_assessed_on": o.date("restitution_lpsk_assessed_on"),
        "restitution_amount": _rupiah(o, "restitution_amount"),
        "restitution_paid_amount": _rupiah(o, "restitution_paid_amount"),
        "restitution_paid_on": o.date("restitution_paid_on"),
        "temporary_protection_at": o.datetime("temporary_protection_at"),
        "temporary_protection_by": o.text("temporary_protection_by", limit=_SHORT),
        "protection_requested_at": o.datetime("protection_requested_at")})
    if lp.is_empty:
        return None
    if not o.ctx.partial:
        for name, message in lp.problems():
            o.fail(name, message)
        for name in ("temporary_protection_at", "protection_requested_at"):
            value = getattr(lp, name)
            if value is not None and value.date() > o.ctx.today:
                o.fail(name, _("Tanggal tidak boleh di masa depan."))
    return lp


def _check_child_witnesses(case: Case, witnesses: list[Person]) -> None:
    """An anak saksi is a child (under 18) at the incident, or at intake when no incident is dated (UU SPPA)."""
    dates = [inc.date for inc in case.incidents if inc.date is not None]
    on = min(dates) if dates else case.intake_date
    for i, person in enumerate(witnesses):
        if person.birth_date is not None and age_on(person.birth_date, on) >= CHILD_AGE_LIMIT:
            raise ValidationError(_("Anak saksi harus berusia di bawah 18 tahun saat kejadian; catat orang dewasa "
                                    "sebagai pelapor atau dalam catatan."), field=f"child_witnesses[{i}].birth_date")


def _required_datetime(obj: _Obj, key: str) -> dt.datetime:
    value = obj.datetime(key)
    if value is None:
        raise ValidationError(_("Kolom ini wajib diisi."), field=obj.at(key))
    return value


def _check_dates(case: Case, groups: tuple[tuple[str, list[Person]], ...], *, incident_list: bool) -> None:
    for i, inc in enumerate(case.incidents):
        if inc.date is not None and inc.date > case.intake_date:
            raise ValidationError(_("Tanggal kejadian tidak boleh setelah tanggal pengaduan."),
                                  field=f"incidents[{i}].date" if incident_list else "incident_date")
    incident_dates = [inc.date for inc in case.incidents if inc.date is not None]
    first = min(incident_dates) if incident_dates else case.intake_date
    for person in case.persons:
        if person.birth_date is not None and person.birth_date > first:
            message = (_("Tanggal lahir tidak boleh setelah tanggal kejadian.") if incident_dates
                       else _("Tanggal lahir tidak boleh setelah tanggal pengaduan."))
            path = next(f"{group}[{i}]" for group, people in groups for i, p in enumerate(people)
                        if p.uuid == person.uuid)
            raise ValidationError(message, field=f"{path}.birth_date")


def case_from_json(data: str | bytes | Mapping[str, Any], *, registry: CodeRegistry | None = None,
                   today: dt.date | None = None, region_exists: Callable[[str], bool] | None = None,
                   partial: bool = False, limits: bool = True) -> Case:
    """Parse and validate one case; raises ValidationError whose ``field`` is the JSON path (``victims[0].nik``).

    ``partial`` reads an unfinished case as the editor holds it (an autosaved draft): the JSON shape, types and
    codes are still checked, but required fields, NIK checksums, date order, region existence, closure and
    consent rules are not, since a draft is by definition not yet valid. Never use it for data that is stored
    as a case.

    Every text is held to its length (``domain/entry_limits.py``; a longer one raises ``TextTooLong``, a
    ValidationError) unless ``limits`` is False or ``partial`` is set. Turn them off only to read back what is
    already stored: a case saved before the limits existed must still open, and saving it again applies them.
    """
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError:
            raise ValidationError(_("Berkas bukan JSON yang valid."), field="$") from None
    if region_exists is None:
        from caseapp.domain.regions import exists as region_exists
    ctx = _Ctx(registry or default_registry(), today or dt.date.today(), region_exists, partial, limits)
    top = _Obj(data, ctx, _CASE_KEYS)
    get, codes, today = top.raw.get, ctx.codes, ctx.today
    if (v := get("format")) is not None and v != FORMAT_NAME:
        raise ValidationError(_("Format berkas tidak dikenal."), field="format")
    if (v := get("format_version")) is not None and v != FORMAT_VERSION:
        raise ValidationError(_("Versi format berkas tidak didukung."), field="format_version")

    victims = [_person(o, KORBAN) for o in top.objects("victims", _PERSON_KEYS)]
    if not victims and not partial:
        raise ValidationError(_("Kasus harus memiliki sekurang-kurangnya satu korban."), field="victims")
    # A perpetrator object also holds its relationships (read by _relations); _person reads only the person keys.
    perpetrators = [(o, _person(o, PELAKU)) for o in top.objects("perpetrators", _PERPETRATOR_KEYS)]
    reporters = [_person(o, PELAPOR) for o in top.objects("reporters", _PERSON_KEYS)]
    witnesses = [] if get("child_witnesses") is None else [
        _person(o, ANAK_SAKSI) for o in top.objects("child_witnesses", _PERSON_KEYS)]
    perpetrator_persons = [p for _o, p in perpetrators]
    persons = victims + perpetrator_persons + reporters + witnesses
    if len({p.uuid for p in persons}) != len(persons):
        raise ValidationError(_("UUID orang tidak boleh sama."), field="victims")

    status = (v if type(v := get("status")) is str and v in codes["case_status"]
              else top.code("status", "case_status")) or "pengaduan"
    closure_reason = (v if (v := get("closure_reason")) is None or type(v) is str and v in codes["closure_reason"]
                      else top.code("closure_reason", "closure_reason"))
    if status == "selesai" and closure_reason is None and not partial:
        raise ValidationError(_("Alasan penutupan kasus wajib diisi."), field="closure_reason")
    if status != "selesai" and closure_reason is not None and not partial:
        raise ValidationError(_("Alasan penutupan hanya diisi untuk kasus yang selesai."), field="closure_reason")
    consents = tuple([_consent(o) for o in top.objects("consents", _CONSENT_KEYS)])

    case = _build(Case, {
        "intake_date": d if type(v := get("intake_date")) is str and (d := _DATES.get(v)) and d <= today
        else top.date("intake_date", True),
        "channel": v if type(v := get("channel")) is str and v in codes["channel"]
        else top.code("channel", "channel", True),
        "uuid": v if type(v := get("uuid")) is str and _uuid_ok(v) else top.uuid(),
        "case_number": (v if type(v := get("case_number")) is str and v and len(v) <= _SHORT
                        else top.opt_text("case_number")),
        "intake_time": None if get("intake_time") is None else top.time("intake_time"),
        "status": status,
        "closure_reason": closure_reason,
        "risk_level": v if (v := get("risk_level")) is None or type(v) is str and v in codes["risk_level"]
        else top.code("risk_level", "risk_level"),
        "competent_office": (v if type(v := get("competent_office")) is str and v and len(v) <= _SHORT
                             else top.opt_text("competent_office")),
        "confidential": v if (v := get("confidential")) is True or v is False
        else bool(top.boolean("confidential", True)),
        "assigned_officers": (() if (v := get("assigned_officers")) is None or (type(v) is list and not v)
                              else top.texts("assigned_officers")),
        "version": v if type(v := get("version")) is int and v >= 1 else top.integer("version", 1),
        "police_reported_at": None if get("police_reported_at") is None else top.datetime("police_reported_at"),
        "persons": tuple(persons),
        "relations": _relations(victims, perpetrators),
        "incidents": _incidents(top),
        "assessments": tuple([_assessment(o) for o in top.objects("assessments", _ASSESSMENT_KEYS)]),
        "interventions": tuple([_intervention(o) for o in top.objects("interventions", _INTERVENTION_KEYS)]),
        "services": tuple([_service(o) for o in top.objects("services", _SERVICE_KEYS)]),
        "follow_ups": tuple([_follow_up(o) for o in top.objects("follow_ups", _FOLLOW_UP_KEYS)]),
        "notes": tuple([_note(o) for o in top.objects("notes", _NOTE_KEYS)]),
        "consents": consents,
        "legal_process": None if get("legal_process") is None else _legal_process(top),
    })
    case.__post_init__()  # what Case.__init__ would do last (keep persons in role order)
    if not partial:
        _check_dates(case, (("victims", victims), ("perpetrators", perpetrator_persons), ("reporters", reporters),
                            ("child_witnesses", witnesses)),
                     incident_list=top.has("incidents"))
        if witnesses:
            _check_child_witnesses(case, witnesses)
    return case


# --- export -----------------------------------------------------------------------------------------------------
# Every case stored or sent goes through case_to_json, so it reads each attribute once and writes the (recurring)
# dates from a cache.

def _date_text(value: dt.date | None) -> str | None:
    """``value.isoformat()`` (None for None); a plain date's text comes from a cache, since date.isoformat costs
    more than the rest of writing the field and a bundle's cases share most of their dates. Anything else (a
    datetime, a subclass, a wrong type) is asked as before."""
    if value is None:
        return None
    if type(value) is not _date:
        return value.isoformat()
    text = _DATE_TEXTS.get(value)
    if text is None:
        if len(_DATE_TEXTS) >= _CACHE_MAX:
            _DATE_TEXTS.clear()
        text = _DATE_TEXTS[value] = value.isoformat()
    return text


def _person_json(p: Person) -> dict[str, Any]:
    g = p.guardian
    return {
        "uuid": p.uuid, "name": p.name, "alias": p.alias, "nik": p.nik, "sex": p.sex,
        "birth_date": _date_text(p.birth_date), "birth_date_estimated": p.birth_date_estimated,
        "education": p.education, "occupation": p.occupation, "marital_status": p.marital_status,
        "has_disability": p.has_disability, "disability_types": list(p.disability_types),
        "region_code": p.region_code, "street": p.street, "phone": p.phone,
        "guardian": None if g is None else {"name": g.name, "relationship": g.relationship, "phone": g.phone,
                                            "nik": g.nik},
    }


def _datetime_text(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def legal_process_json(lp: LegalProcess) -> dict[str, Any]:
    return {
        "police_report_number": lp.police_report_number, "stage": lp.stage, "court": lp.court,
        "court_case_number": lp.court_case_number, "verdict_date": _date_text(lp.verdict_date),
        "verdict_summary": lp.verdict_summary, "verdict_final": lp.verdict_final,
        "restitution_requested_on": _date_text(lp.restitution_requested_on),
        "restitution_lpsk_assessed_on": _date_text(lp.restitution_lpsk_assessed_on),
        "restitution_amount": lp.restitution_amount, "restitution_paid_amount": lp.restitution_paid_amount,
        "restitution_paid_on": _date_text(lp.restitution_paid_on),
        "temporary_protection_at": _datetime_text(lp.temporary_protection_at),
        "temporary_protection_by": lp.temporary_protection_by,
        "protection_requested_at": _datetime_text(lp.protection_requested_at),
    }


def case_to_json(case: Case) -> dict[str, Any]:
    """The full export of a case as a JSON-ready dict; ``case_from_json`` reads it back to an equal Case.

    ``child_witnesses`` and ``legal_process`` are written only when the case has them, so a case without them
    exports (and is stored and sent) exactly as before they existed.
    """
    victims: list[Person] = []
    perpetrators: list[Person] = []
    reporters: list[Person] = []
    witnesses: list[Person] = []
    for p in case.persons:  # what case.victims, .perpetrators and .reporters give, in one pass
        if p.role == KORBAN:
            victims.append(p)
        elif p.role == PELAKU:
            perpetrators.append(p)
        elif p.role == PELAPOR:
            reporters.append(p)
        elif p.role == ANAK_SAKSI:
            witnesses.append(p)
    victim_index = {v.uuid: i for i, v in enumerate(victims)}
    perpetrator_items = []
    for p in perpetrators:
        item = _person_json(p)
        item["relationships"] = [{"victim": victim_index[r.victim], "relationship": r.relationship}
                                 for r in case.relations if r.perpetrator == p.uuid and r.victim in victim_index]
        perpetrator_items.append(item)
    intake_time, police = case.intake_time, case.police_reported_at
    out = {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
        "uuid": case.uuid, "case_number": case.case_number, "intake_date": _date_text(case.intake_date),
        "intake_time": None if intake_time is None else intake_time.isoformat(), "channel": case.channel,
        "status": case.status, "closure_reason": case.closure_reason, "risk_level": case.risk_level,
        "competent_office": case.competent_office, "confidential": case.confidential,
        "assigned_officers": list(case.assigned_officers), "version": case.version,
        "police_reported_at": None if police is None else police.isoformat(),
        "victims": [_person_json(p) for p in victims],
        "perpetrators": perpetrator_items,
        "reporters": [_person_json(p) for p in reporters],
        "incidents": [{"uuid": i.uuid, "date": _date_text(i.date),
                       "date_approximate": i.date_approximate, "place": i.place, "region_code": i.region_code,
                       "violence_types": list(i.violence_types), "gbvims": list(i.gbvims),
                       "chronology": i.chronology} for i in case.incidents],
        "assessments": [{"uuid": a.uuid, "date": _date_text(a.date),
                         "assessor": a.assessor, "physical": a.physical, "psychological": a.psychological,
                         "social": a.social, "family": a.family, "needs": a.needs, "risk_level": a.risk_level,
                         "notes": a.notes} for a in case.assessments],
        "interventions": [{"uuid": x.uuid, "service": x.service, "goal": x.goal, "provider": x.provider,
                           "responsible": x.responsible,
                           "target_date": _date_text(x.target_date),
                           "agreed_with_client": x.agreed_with_client, "status": x.status}
                          for x in case.interventions],
        "services": [{"uuid": s.uuid, "service": s.service, "date": _date_text(s.date),
                      "provider": s.provider, "officer": s.officer, "description": s.description,
                      "by_referral": s.by_referral} for s in case.services],
        "follow_ups": [{"uuid": f.uuid, "date": _date_text(f.date),
                        "officer": f.officer, "method": f.method, "result": f.result,
                        "next_date": _date_text(f.next_date)}
                       for f in case.follow_ups],
        "notes": [{"uuid": n.uuid, "created_at": None if (d := n.created_at) is None else d.isoformat(),
                   "text": n.text, "author": n.author} for n in case.notes],
        "consents": [{"uuid": c.uuid, "basis": c.basis, "given_by": c.given_by, "giver_relation": c.giver_relation,
                      "scope": list(c.scope), "given_at": None if (d := c.given_at) is None else d.isoformat(),
                      "withdrawn_at": None if (d := c.withdrawn_at) is None else d.isoformat(), "note": c.note}
                     for c in case.consents],
    }
    if witnesses:
        out["child_witnesses"] = [_person_json(p) for p in witnesses]
    if case.legal_process is not None:
        out["legal_process"] = legal_process_json(case.legal_process)
    return out


def dumps_case(case: Case) -> str:
    return json.dumps(case_to_json(case), ensure_ascii=False, indent=2)
