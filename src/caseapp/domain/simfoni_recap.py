"""The one place where reports turn caseapp codes into SIMFONI-PPA categories, in SIMFONI's own order.

Everything in the reports goes through ``recap_list`` and ``categories_for``. When the SIMFONI-PPA mapping data
file (``resources/simfoni/mapping.json`` with ``caseapp.domain.simfoni``) is present it is used as is; until then
the categories are today's code lists themselves (sub-codes of the relationship list count under their parent,
sex codes read as SIMFONI's words). Only the mapping lives here: the SQL groups by caseapp code, so a changed
mapping needs no recomputation of stored rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.i18n import _

# The SIMFONI-PPA lists a recap shows, in the order of its entry form.
RECAP_LISTS = ("violence_type", "sex", "age_group_detailed", "place", "relationship", "education", "occupation",
               "marital_status", "disability_type", "service")

_FIELDS = {
    "violence_type": "Jenis kekerasan", "sex": "Jenis kelamin", "age_group_detailed": "Kelompok umur",
    "place": "Tempat kejadian", "relationship": "Hubungan pelaku dengan korban", "education": "Pendidikan",
    "occupation": "Pekerjaan", "marital_status": "Status perkawinan", "disability_type": "Jenis disabilitas",
    "service": "Layanan", "channel": "Saluran pengaduan",
}
_SEX_WORDS = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass(frozen=True)
class RecapList:
    name: str                                   # the caseapp code list
    field: str                                  # SIMFONI-PPA field name
    categories: tuple[tuple[str, str], ...]     # (category code, label) in SIMFONI's order


def _shipped_mapping():
    """``caseapp.domain.simfoni``'s mapping when its data file exists, else None."""
    try:
        from caseapp.domain import simfoni  # the SIMFONI mapping data file and its API (code-list work)
    except ImportError:
        return None
    try:
        return simfoni.default_mapping()
    except (OSError, ValueError, KeyError):
        return None


@lru_cache(maxsize=None)
def recap_list(list_name: str) -> RecapList:
    mapping = _shipped_mapping()
    if mapping is not None and list_name in mapping:
        simfoni = mapping[list_name]
        return RecapList(list_name, simfoni.field, tuple((c.code, c.label) for c in simfoni.categories))
    entries = default_registry()[list_name].entries
    if list_name == "relationship":
        entries = tuple(e for e in entries if e.parent is None)
    labels = [(e.code, _SEX_WORDS.get(e.code, e.label_id)) for e in entries]
    return RecapList(list_name, _FIELDS.get(list_name, list_name), tuple(labels))


def categories_for(list_name: str, code: str, registry: CodeRegistry | None = None) -> tuple[str, ...] | None:
    """SIMFONI categories a caseapp code counts under; ``()`` deliberately not reported, None unmapped."""
    mapping = _shipped_mapping()
    if mapping is not None and list_name in mapping:
        return mapping.categories_for(list_name, code, registry)
    registry = registry or default_registry()
    known = {c for c, _label in recap_list(list_name).categories}
    seen = set()
    while code and code not in seen:
        if code in known:
            return (code,)
        seen.add(code)
        entry = registry[list_name].get(code) if list_name in registry else None
        code = entry.parent if entry else None
    return None


def code_pairs(list_name: str, codes, registry: CodeRegistry | None = None) -> list[tuple[str, str]]:
    """(caseapp code, SIMFONI category) for each of ``codes``; an unmapped code goes to "lainnya" if the list has it."""
    known = {c for c, _label in recap_list(list_name).categories}
    out = []
    for code in codes:
        cats = categories_for(list_name, code, registry)
        if cats is None and "lainnya" in known:
            cats = ("lainnya",)
        out += [(code, cat) for cat in cats or ()]
    return out


def unknown_label() -> str:
    return _("Tidak diketahui")
