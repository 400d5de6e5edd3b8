"""Masking names and villages in free text a referral letter copies from a case (minimum necessary disclosure).

The chronology, assessment and services of a case are written for the case file: they name the mother, the
perpetrator, the neighbour and the village. A letter's text is prefilled from them with every such name replaced
by the person's role ("korban", "terlapor", "pelapor", "orang tua/wali") and every village by "[desa]"; the
officer then edits it, and ``find_names`` warns when a name or village is typed back in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from caseapp.domain import regions
from caseapp.domain.case import Case
from caseapp.i18n import _

_PARTICLES = {"bin", "binti", "van", "de", "al", "la", "wa", "ibu", "bapak", "pak", "bu"}
_VILLAGE_PREFIX = r"(?:(?:desa|kelurahan|kel\.|ds\.)\s+)?"


@dataclass(frozen=True)
class Sensitive:
    """Names to mask: (text, replacement) pairs; longest first when applied."""

    names: tuple[tuple[str, str], ...] = ()
    villages: tuple[str, ...] = ()


def name_terms(full_name: str) -> list[str]:
    """The full name and each of its words that can identify someone (3+ letters, not a particle)."""
    full = " ".join(full_name.split())
    if not full:
        return []
    words = [w.strip(".,") for w in full.split()]
    return [full] + [w for w in words if len(w) >= 3 and w.lower() not in _PARTICLES and w != full]


def build(people: Iterable[tuple[str, str]], villages: Iterable[str]) -> Sensitive:
    """``people``: (full name or alias, role label); ``villages``: village names without "Desa"/"Kel."."""
    pairs: dict[str, str] = {}
    for name, label in people:
        for term in name_terms(name):
            pairs.setdefault(term.lower(), label)
    names = tuple(sorted(((k, v) for k, v in pairs.items()), key=lambda kv: -len(kv[0])))
    vill = tuple(sorted({" ".join(v.split()) for v in villages if v and len(v.strip()) >= 3}, key=len, reverse=True))
    return Sensitive(names, vill)


def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in term.split()) + r"(?![\w])", re.IGNORECASE)


def mask(text: str, sensitive: Sensitive) -> str:
    """``text`` with villages replaced by "[desa]" and names by the person's role in brackets."""
    if not text:
        return text
    village_label = "[" + _("desa") + "]"
    for village in sensitive.villages:
        text = re.compile(r"(?<![\w])" + _VILLAGE_PREFIX + r"\s+".join(re.escape(w) for w in village.split())
                          + r"(?![\w])", re.IGNORECASE).sub(village_label, text)
    for term, label in sensitive.names:
        text = _pattern(term).sub(f"[{label}]", text)
    # "korban [korban]" / "suaminya, [terlapor]" read fine; a role said twice is said once
    return re.sub(r"(?i)\b(\w+)\s+\[\1\]", r"\1", text)


def find_names(text: str, sensitive: Sensitive) -> list[str]:
    """The names and villages of the case that ``text`` contains (for a warning), in order of first mention."""
    found: list[tuple[int, str]] = []
    for village in sensitive.villages:
        m = _pattern(village).search(text or "")
        if m:
            found.append((m.start(), m.group(0)))
    for term, _label in sensitive.names:
        m = _pattern(term).search(text or "")
        if m and not any(m.start() >= s and m.group(0).lower() in f.lower() for s, f in found):
            found.append((m.start(), m.group(0)))
    return [t for _s, t in sorted(found)]


def _role_label(role: str) -> str:
    return {"korban": _("korban"), "pelaku": _("terlapor"), "pelapor": _("pelapor"),
            "anak_saksi": _("anak saksi")}.get(role, _("saksi"))


def case_terms(case: Case) -> Sensitive:
    """Every person's name in the case (aliases and guardians too) and the villages the case records."""
    people: list[tuple[str, str]] = []
    villages: set[str] = set()
    for p in case.persons:
        label = _role_label(p.role)
        people += [(p.name, label)] + ([(p.alias, label)] if p.alias else [])
        if p.guardian and p.guardian.name:
            people.append((p.guardian.name, _("orang tua/wali")))
    for code in [p.region_code for p in case.persons] + [i.region_code for i in case.incidents]:
        if code and code.count(".") == 3:  # a village code: 74.06.03.2008
            name = regions.name(code)
            if name:
                villages.add(name)
    return build(people, villages)
