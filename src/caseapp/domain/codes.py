"""Code lists (jenis kekerasan, layanan, …) loaded from data files, with stable codes an admin can extend."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from caseapp.domain.errors import ValidationError
from caseapp.i18n import _, language
from caseapp.resources import resource_path

# Keys every entry may carry; anything else is an extra attribute (response_hours, min_age, order, …).
_BASE_KEYS = {"code", "id", "en", "parent", "active"}
# Codes an admin adds must be lowercase snake case; shipped lists may use fixed codes such as "L"/"P".
_NEW_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,47}$")


@dataclass(frozen=True)
class CodeEntry:
    code: str
    label_id: str
    label_en: str
    parent: str | None = None
    active: bool = True
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, lang: str | None = None) -> str:
        lang = lang or language()
        return self.label_en if lang == "en" and self.label_en else self.label_id

    @property
    def replaced_by(self) -> str | None:
        """For a deprecated code: the code new records use instead (the old one stays valid and readable)."""
        value = self.extra.get("replaced_by")
        return value if isinstance(value, str) and value else None

    @property
    def former_labels(self) -> tuple[str, ...]:
        """Labels this code carried in earlier versions (same meaning, corrected wording)."""
        value = self.extra.get("former_labels") or ()
        return tuple(v for v in value if isinstance(v, str))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "id": self.label_id, "en": self.label_en}
        if self.parent:
            out["parent"] = self.parent
        out.update(self.extra)
        out["active"] = self.active
        return out


def _entry_from_dict(raw: Mapping[str, Any], where: str) -> CodeEntry:
    if not isinstance(raw, Mapping):
        raise ValidationError(_("Entri daftar kode harus berupa objek."), field=where)
    code, label_id = raw.get("code"), raw.get("id")
    if not isinstance(code, str) or not code:
        raise ValidationError(_("Entri daftar kode tidak memiliki kode."), field=f"{where}.code")
    if not isinstance(label_id, str) or not label_id.strip():
        raise ValidationError(_("Entri daftar kode tidak memiliki label bahasa Indonesia."), field=f"{where}.id")
    label_en = raw.get("en") or ""
    active = raw.get("active", True)
    if not isinstance(label_en, str) or not isinstance(active, bool):
        raise ValidationError(_("Entri daftar kode tidak valid."), field=where)
    extra = {k: v for k, v in raw.items() if k not in _BASE_KEYS}
    return CodeEntry(code, label_id.strip(), label_en.strip(), raw.get("parent") or None, active,
                     MappingProxyType(extra))


@dataclass(frozen=True)
class CodeList:
    """One list, in display order; entries are never removed, only deactivated."""

    name: str
    entries: tuple[CodeEntry, ...]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {e.code: e for e in self.entries})

    def get(self, code: str) -> CodeEntry | None:
        return self._by_code.get(code)  # type: ignore[attr-defined]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code  # type: ignore[attr-defined]

    def codes(self) -> list[str]:
        return [e.code for e in self.entries]

    def offered(self, parent: str | None = None) -> list[CodeEntry]:
        """Active entries to offer for a new record (optionally only the children of ``parent``)."""
        return [e for e in self.entries if e.active and (parent is None or e.parent == parent)]

    def children(self, code: str) -> list[CodeEntry]:
        return [e for e in self.entries if e.parent == code]

    def lineage(self, code: str) -> list[CodeEntry]:
        """The entry for ``code`` followed by its parent, grandparent, …; empty for an unknown code."""
        out: list[CodeEntry] = []
        entry = self.get(code)
        while entry is not None and entry not in out:
            out.append(entry)
            entry = self.get(entry.parent) if entry.parent else None
        return out

    def is_under(self, code: str, ancestor: str) -> bool:
        """True when ``code`` is ``ancestor`` or lies below it in the hierarchy."""
        return any(e.code == ancestor for e in self.lineage(code))

    def inherited(self, code: str, key: str, default: Any = None) -> Any:
        """The extra attribute ``key`` of ``code`` or, if it has none, of its nearest ancestor that has it."""
        for entry in self.lineage(code):
            if key in entry.extra:
                return entry.extra[key]
        return default

    def current(self, code: str) -> str:
        """The code new records use for ``code``: follows ``replaced_by`` of deprecated codes."""
        seen = {code}
        entry = self.get(code)
        while entry is not None and entry.replaced_by and entry.replaced_by not in seen and entry.replaced_by in self:
            seen.add(entry.replaced_by)
            entry = self.get(entry.replaced_by)
        return entry.code if entry is not None else code

    def label(self, code: str, lang: str | None = None) -> str:
        entry = self.get(code)
        return entry.label(lang) if entry else code

    def extend(self, additions: Iterable[Mapping[str, Any]], *, stored: bool = False) -> "CodeList":
        """A new list with admin additions merged in; refuses to drop, rename or re-parent an existing code.

        ``stored``: the additions were accepted by an earlier version and are being re-applied over the shipped
        lists of this version. A shipped code may since carry a corrected label (the old one is in
        ``former_labels``) or a label an office had already given its own code (e.g. an office that added
        "Pelecehan seksual fisik" itself): such clashes keep both codes and the shipped wording instead of
        refusing to open the office's lists.
        """
        entries = list(self.entries)
        index = {e.code: i for i, e in enumerate(entries)}
        for n, raw in enumerate(additions):
            where = f"{self.name}[{n}]"
            new = _entry_from_dict(raw, where)
            if new.code in index:
                old = entries[index[new.code]]
                if new.label_id != old.label_id and new.label_id not in old.former_labels and not stored:
                    raise ValidationError(
                        _("Kode yang sudah ada tidak boleh diganti labelnya; tambahkan kode baru dan nonaktifkan yang lama."),
                        field=f"{where}.id")
                if new.parent != old.parent and not stored:
                    raise ValidationError(_("Induk kode yang sudah ada tidak boleh diubah."), field=f"{where}.parent")
                merged_extra = {**old.extra, **new.extra}
                active = new.active
                shipped = self.get(new.code)
                if stored and shipped is not None and not shipped.active:
                    active = False  # a code this version retired stays retired, whatever an old addition said
                entries[index[new.code]] = replace(old, label_en=new.label_en or old.label_en, active=active,
                                                   extra=MappingProxyType(merged_extra))
                continue
            if not _NEW_CODE.match(new.code):
                raise ValidationError(
                    _("Kode baru hanya boleh berisi huruf kecil, angka dan garis bawah."), field=f"{where}.code")
            if not stored and any(e.label_id.casefold() == new.label_id.casefold() for e in entries):
                raise ValidationError(_("Label ini sudah dipakai kode lain dalam daftar yang sama."),
                                      field=f"{where}.id")
            if new.parent is not None and new.parent not in index:
                raise ValidationError(_("Induk kode tidak ada dalam daftar."), field=f"{where}.parent")
            index[new.code] = len(entries)
            entries.append(new)
        result = CodeList(self.name, tuple(entries), self.description)
        result.check_parents()
        return result

    def check_parents(self) -> None:
        for n, e in enumerate(self.entries):
            if e.parent is not None and (e.parent not in self or e.parent == e.code):
                raise ValidationError(_("Induk kode tidak ada dalam daftar."), field=f"{self.name}[{n}].parent")


class _CodeSets(dict):
    """List name -> the frozenset of its codes (inactive ones included), made on first use."""

    def __init__(self, registry: "CodeRegistry"):
        super().__init__()
        self._registry = registry

    def __missing__(self, list_name: str) -> frozenset[str]:
        codes = self[list_name] = frozenset(e.code for e in self._registry[list_name].entries)
        return codes


class CodeRegistry:
    """All code lists by name; immutable — ``extend`` returns a new registry."""

    def __init__(self, lists: Mapping[str, CodeList]):
        self._lists = dict(lists)
        # For checking many codes quickly (the case JSON parser): ``code_sets[list_name]`` is a frozenset of
        # the list's codes; an unknown list name raises like ``registry[list_name]``.
        self.code_sets: Mapping[str, frozenset[str]] = _CodeSets(self)

    @classmethod
    def load(cls, folder: Path | None = None) -> "CodeRegistry":
        folder = folder or resource_path("codelists")
        lists: dict[str, CodeList] = {}
        for path in sorted(folder.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            name = doc.get("list", path.stem)
            entries = tuple(_entry_from_dict(raw, f"{name}[{n}]") for n, raw in enumerate(doc["entries"]))
            if len({e.code for e in entries}) != len(entries):
                raise ValidationError(_("Daftar kode berisi kode ganda."), field=name)
            lists[name] = CodeList(name, entries, doc.get("description", ""))
            lists[name].check_parents()
        return cls(lists)

    def names(self) -> list[str]:
        return sorted(self._lists)

    def __getitem__(self, name: str) -> CodeList:
        try:
            return self._lists[name]
        except KeyError:
            raise ValidationError(_("Daftar kode tidak dikenal."), field=name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._lists

    def label(self, list_name: str, code: str, lang: str | None = None) -> str:
        return self[list_name].label(code, lang)

    def is_valid(self, list_name: str, code: str) -> bool:
        """True for every known code, inactive ones included (old records stay valid)."""
        return code in self.code_sets[list_name]

    def offered(self, list_name: str, parent: str | None = None) -> list[CodeEntry]:
        return self[list_name].offered(parent)

    def extend(self, list_name: str, entries: Iterable[Mapping[str, Any]], *, stored: bool = False) -> "CodeRegistry":
        lists = dict(self._lists)
        lists[list_name] = self[list_name].extend(entries, stored=stored)
        return CodeRegistry(lists)

    def inherited(self, list_name: str, code: str, key: str, default: Any = None) -> Any:
        """An extra attribute of a code or of its nearest ancestor (e.g. ``police_clock`` of a violence type)."""
        return self[list_name].inherited(code, key, default)

    def current(self, list_name: str, code: str) -> str:
        """The code to use today for ``code`` (deprecated codes point at their replacement)."""
        return self[list_name].current(code)


@lru_cache(maxsize=1)
def default_registry() -> CodeRegistry:
    """The shipped lists, without admin additions (services pass their own extended registry)."""
    return CodeRegistry.load()


def label(list_name: str, code: str, lang: str | None = None, registry: CodeRegistry | None = None) -> str:
    return (registry or default_registry()).label(list_name, code, lang)


def is_valid(list_name: str, code: str, registry: CodeRegistry | None = None) -> bool:
    return (registry or default_registry()).is_valid(list_name, code)
