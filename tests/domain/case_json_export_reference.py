"""Reference copy of the case export and of the stored case record as they were before they were made faster.

Frozen copy of ``caseapp.domain.case_json.case_to_json`` and ``caseapp.services.cases._record`` as of commit 634cba6,
kept so that ``test_case_json_export.py`` can check that the stored document text and every CaseRecord column
stay byte for byte the same. Not used by the application. When the export or the record changes on purpose,
change it here too (or retire the test). ``_record`` uses the application's helpers (deadlines, name keys,
initials, the document text), which were not part of the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caseapp.domain import case as case_rules
from caseapp.domain.ages import age_on, is_child
from caseapp.domain.case import KORBAN, PELAKU, PELAPOR, Case, Person
from caseapp.domain.case_json import FORMAT_NAME, FORMAT_VERSION
from caseapp.domain.case_list import name_key
from caseapp.services.cases import _document_text, _due_at, _incident_date
from caseapp.store.cases_repo import CaseRecord

def _d(value: dt.date | dt.datetime | dt.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person_json(p: Person) -> dict[str, Any]:
    birth, g = p.birth_date, p.guardian
    return {
        "uuid": p.uuid, "name": p.name, "alias": p.alias, "nik": p.nik, "sex": p.sex,
        "birth_date": None if birth is None else birth.isoformat(), "birth_date_estimated": p.birth_date_estimated,
        "education": p.education, "occupation": p.occupation, "marital_status": p.marital_status,
        "has_disability": p.has_disability, "disability_types": list(p.disability_types),
        "region_code": p.region_code, "street": p.street, "phone": p.phone,
        "guardian": None if g is None else {"name": g.name, "relationship": g.relationship, "phone": g.phone,
                                            "nik": g.nik},
    }


def case_to_json(case: Case) -> dict[str, Any]:
    """The full export of a case as a JSON-ready dict; ``case_from_json`` reads it back to an equal Case."""
    victims: list[Person] = []
    perpetrators: list[Person] = []
    reporters: list[Person] = []
    for p in case.persons:  # what case.victims, .perpetrators and .reporters give, in one pass
        if p.role == KORBAN:
            victims.append(p)
        elif p.role == PELAKU:
            perpetrators.append(p)
        elif p.role == PELAPOR:
            reporters.append(p)
    victim_index = {v.uuid: i for i, v in enumerate(victims)}
    perpetrator_items = []
    for p in perpetrators:
        item = _person_json(p)
        item["relationships"] = [{"victim": victim_index[r.victim], "relationship": r.relationship}
                                 for r in case.relations if r.perpetrator == p.uuid and r.victim in victim_index]
        perpetrator_items.append(item)
    intake_time, police = case.intake_time, case.police_reported_at
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
        "uuid": case.uuid, "case_number": case.case_number, "intake_date": _d(case.intake_date),
        "intake_time": None if intake_time is None else intake_time.isoformat(), "channel": case.channel,
        "status": case.status, "closure_reason": case.closure_reason, "risk_level": case.risk_level,
        "competent_office": case.competent_office, "confidential": case.confidential,
        "assigned_officers": list(case.assigned_officers), "version": case.version,
        "police_reported_at": None if police is None else police.isoformat(),
        "victims": [_person_json(p) for p in victims],
        "perpetrators": perpetrator_items,
        "reporters": [_person_json(p) for p in reporters],
        "incidents": [{"uuid": i.uuid, "date": None if (d := i.date) is None else d.isoformat(),
                       "date_approximate": i.date_approximate, "place": i.place, "region_code": i.region_code,
                       "violence_types": list(i.violence_types), "gbvims": list(i.gbvims),
                       "chronology": i.chronology} for i in case.incidents],
        "assessments": [{"uuid": a.uuid, "date": None if (d := a.date) is None else d.isoformat(),
                         "assessor": a.assessor, "physical": a.physical, "psychological": a.psychological,
                         "social": a.social, "family": a.family, "needs": a.needs, "risk_level": a.risk_level,
                         "notes": a.notes} for a in case.assessments],
        "interventions": [{"uuid": x.uuid, "service": x.service, "goal": x.goal, "provider": x.provider,
                           "responsible": x.responsible,
                           "target_date": None if (d := x.target_date) is None else d.isoformat(),
                           "agreed_with_client": x.agreed_with_client, "status": x.status}
                          for x in case.interventions],
        "services": [{"uuid": s.uuid, "service": s.service, "date": None if (d := s.date) is None else d.isoformat(),
                      "provider": s.provider, "officer": s.officer, "description": s.description,
                      "by_referral": s.by_referral} for s in case.services],
        "follow_ups": [{"uuid": f.uuid, "date": None if (d := f.date) is None else d.isoformat(),
                        "officer": f.officer, "method": f.method, "result": f.result,
                        "next_date": None if (d := f.next_date) is None else d.isoformat()}
                       for f in case.follow_ups],
        "notes": [{"uuid": n.uuid, "created_at": None if (d := n.created_at) is None else d.isoformat(),
                   "text": n.text, "author": n.author} for n in case.notes],
        "consents": [{"uuid": c.uuid, "basis": c.basis, "given_by": c.given_by, "giver_relation": c.giver_relation,
                      "scope": list(c.scope), "given_at": None if (d := c.given_at) is None else d.isoformat(),
                      "withdrawn_at": None if (d := c.withdrawn_at) is None else d.isoformat(), "note": c.note}
                     for c in case.consents],
    }



def _record(case: Case, owner_office: str, document: dict | None = None) -> CaseRecord:
    """What the store writes for ``case``; ``document`` is ``case_to_json(case)`` when the caller already has it."""
    victims, people, names, aliases, guardians, niks = [], [], [], [], [], []
    for p in case.persons:  # one pass for what the columns, case_people rows and search text need
        if p.role == KORBAN:
            victims.append(p)
        people.append((p.uuid, p.role, name_key(p.name), p.nik or None,
                       p.birth_date.isoformat() if p.birth_date else None))
        names.append(p.name)
        if p.alias:
            aliases.append(p.alias)
        if p.guardian:
            guardians.append(p.guardian.name)
        if p.nik:
            niks.append(p.nik)
    incident = _incident_date(case)
    child = any(p.birth_date and is_child(age_on(p.birth_date, incident)) for p in victims)
    body = [i.chronology for i in case.incidents] + [n.text for n in case.notes]
    due = _due_at(case)
    return CaseRecord(
        uuid=case.uuid, case_number=case.case_number or "", owner_office=owner_office, status=case.status,
        risk_level=case.risk_level, intake_date=case.intake_date.isoformat(),
        victim_initials=", ".join([case_rules.initials(v.name) for v in victims]),
        victim_count=len(victims), child_victim=child, violence_types=tuple(sorted(case.violence_types)),
        due_at=due.isoformat(timespec="minutes") if due else None,
        document=_document_text(case_to_json(case) if document is None else document), people=tuple(people),
        assignments=tuple(dict.fromkeys(case.assigned_officers)), search_names=" ".join(names + aliases + guardians),
        search_niks=" ".join(niks), search_body="\n".join(body),
    )
