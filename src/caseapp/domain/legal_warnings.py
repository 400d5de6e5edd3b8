"""Warnings the law gives reason for, shown after saving; they never block a save.

- UU 12/2022 (TPKS) Pasal 23: a case of sexual violence may not be settled outside court, except when the
  perpetrator is a child. Mediation planned or given in such a case with an adult (or unknown-age) perpetrator
  is flagged.
- UU 27/2022 (PDP) Pasal 25: a child's personal data is processed with the consent of a parent or guardian; a
  companion (pendamping) or the child alone cannot give it.

``may_be_complaint_offence`` is information, not a warning: under UU 23/2004 (PKDRT) Pasal 51–53, light physical
or psychological violence and sexual violence between spouses are prosecuted only on the victim's complaint
(delik aduan), and the complaint may be withdrawn.
"""

from __future__ import annotations

from caseapp.domain.ages import CHILD_AGE_LIMIT, age_on
from caseapp.domain.case import Case, involves_sexual_violence
from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.domain.errors import ValidationError
from caseapp.domain.juvenile_justice import child_perpetrators
from caseapp.i18n import _

MEDIATION = "mediasi"
SPOUSE = "suami_istri"
FORMER_SPOUSE = "mantan_suami_istri"
COMPLAINT_OFFENCE_TYPES = ("fisik", "psikis", "seksual")
CHILD_CONSENT_GIVERS = frozenset({"orang_tua", "wali"})


def _mediation_paths(case: Case) -> list[str]:
    paths = [f"interventions[{i}].service" for i, item in enumerate(case.interventions)
             if item.service == MEDIATION and item.status != "batal"]
    paths += [f"services[{i}].service" for i, item in enumerate(case.services) if item.service == MEDIATION]
    return paths


def _only_child_perpetrators(case: Case) -> bool:
    children = {c.person_uuid for c in child_perpetrators(case)}
    return bool(case.perpetrators) and all(p.uuid in children for p in case.perpetrators)


def _child_victim(case: Case) -> bool:
    for victim in case.victims:
        if victim.birth_date is None:
            continue
        try:
            if age_on(victim.birth_date, case.intake_date) < CHILD_AGE_LIMIT:
                return True
        except ValidationError:
            continue
    return False


def legal_warnings(case: Case, registry: CodeRegistry | None = None) -> list[tuple[str, str]]:
    """(field path, message) for what the law says should not be so; empty when nothing is wrong."""
    out: list[tuple[str, str]] = []
    paths = _mediation_paths(case)
    if paths and involves_sexual_violence(case, registry) and not _only_child_perpetrators(case):
        out.append((paths[0], _("Mediasi pada kasus kekerasan seksual: UU TPKS Pasal 23 melarang penyelesaian di "
                                "luar pengadilan, kecuali pelakunya anak.")))
    if _child_victim(case):
        for i, consent in enumerate(case.consents):
            if consent.basis == "persetujuan" and consent.withdrawn_at is None \
                    and consent.giver_relation not in CHILD_CONSENT_GIVERS:
                out.append((f"consents[{i}].giver_relation",
                            _("Persetujuan untuk korban anak harus diberikan orang tua atau wali (UU PDP Pasal 25).")))
    for i, witness in enumerate(case.child_witnesses):
        if witness.guardian is None or not witness.guardian.name.strip():
            out.append((f"child_witnesses[{i}].guardian",
                        _("Anak saksi: catat orang tua atau wali yang mendampinginya; persetujuan atas data anak "
                          "diberikan orang tua atau wali (UU PDP Pasal 25).")))
    return out


def may_be_complaint_offence(case: Case, registry: CodeRegistry | None = None) -> bool:
    """True when a spouse (not a former one) is the perpetrator and every violence type is physical,
    psychological or sexual: possibly a delik aduan under UU PKDRT Pasal 51–53."""
    registry = registry or default_registry()
    relationships = registry["relationship"]
    spouse = any(r.relationship != FORMER_SPOUSE and relationships.is_under(r.relationship, SPOUSE)
                 for r in case.relations)
    violence = registry["violence_type"]
    return spouse and bool(case.violence_types) and all(
        any(violence.is_under(t, kind) for kind in COMPLAINT_OFFENCE_TYPES) for t in case.violence_types)
