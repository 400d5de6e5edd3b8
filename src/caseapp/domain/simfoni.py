"""The mapping of caseapp codes onto SIMFONI-PPA categories (resources/simfoni/mapping.json).

SIMFONI-PPA is the ministry's reporting system; every case must be entered there. The mapping is data: a code
listed in a list's ``map`` goes to the category (or categories) given; a code not listed follows its parent
(so an office's own sub-type of ``seksual`` is reported as Seksual); ``null`` means deliberately not reported
(e.g. case management is not a SIMFONI service). ``approximate`` marks old codes whose mapping only comes close
(a Washington Group difficulty onto a UU 8/2016 kind).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.resources import resource_path

_NOT_REPORTED = ()


@dataclass(frozen=True)
class SimfoniCategory:
    code: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class SimfoniList:
    name: str                                   # the caseapp code list it maps
    field: str                                  # SIMFONI-PPA field name
    categories: tuple[SimfoniCategory, ...]
    mapping: Mapping[str, tuple[str, ...]]      # caseapp code -> SIMFONI category codes (empty: not reported)
    approximate: frozenset[str]

    def category(self, code: str) -> SimfoniCategory | None:
        return next((c for c in self.categories if c.code == code), None)


class SimfoniMapping:
    def __init__(self, lists: Mapping[str, SimfoniList], description: str = ""):
        self._lists = dict(lists)
        self.description = description

    @classmethod
    def load(cls, path: Path | None = None) -> "SimfoniMapping":
        doc = json.loads((path or resource_path("simfoni", "mapping.json")).read_text(encoding="utf-8"))
        lists = {}
        for name, raw in doc["lists"].items():
            cats = tuple(SimfoniCategory(c["code"], c["label"], c.get("parent")) for c in raw["categories"])
            known = {c.code for c in cats}
            mapping: dict[str, tuple[str, ...]] = {}
            for code, target in raw["map"].items():
                targets = _NOT_REPORTED if target is None else (target,) if isinstance(target, str) else tuple(target)
                unknown = set(targets) - known
                if unknown:
                    raise ValueError(f"simfoni mapping {name}.{code}: unknown categories {sorted(unknown)}")
                mapping[code] = targets
            lists[name] = SimfoniList(name, raw["field"], cats, mapping, frozenset(raw.get("approximate", ())))
        return cls(lists, doc.get("description", ""))

    def names(self) -> list[str]:
        return list(self._lists)

    def __getitem__(self, name: str) -> SimfoniList:
        return self._lists[name]

    def __contains__(self, name: object) -> bool:
        return name in self._lists

    def categories_for(self, list_name: str, code: str, registry: CodeRegistry | None = None) -> tuple[str, ...] | None:
        """SIMFONI categories for a caseapp code: its own mapping, else its nearest mapped ancestor's.

        ``()`` means deliberately not reported; None means no mapping at all (an office's own top-level code).
        """
        simfoni = self._lists[list_name]
        if code in simfoni.mapping:
            return simfoni.mapping[code]
        registry = registry or default_registry()
        if list_name in registry:
            for entry in registry[list_name].lineage(code)[1:]:
                if entry.code in simfoni.mapping:
                    return simfoni.mapping[entry.code]
        return None

    def is_approximate(self, list_name: str, code: str) -> bool:
        return code in self._lists[list_name].approximate


@lru_cache(maxsize=1)
def default_mapping() -> SimfoniMapping:
    return SimfoniMapping.load()


def simfoni_categories(list_name: str, code: str, registry: CodeRegistry | None = None) -> tuple[str, ...] | None:
    """Shortcut over the shipped mapping: see ``SimfoniMapping.categories_for``."""
    return default_mapping().categories_for(list_name, code, registry)
