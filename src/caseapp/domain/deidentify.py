"""De-identification of a case document for exchange: no names, NIK, phone, street or free text.

Dates of birth become an estimate from the age at intake; villages are reduced to their kecamatan.
Free text (chronology, notes, assessments) can name people, so it is left out entirely.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from caseapp.domain.ages import age_on, estimated_birth_date

_ROLE_LABEL = {"victims": "Korban", "perpetrators": "Pelaku", "reporters": "Pelapor"}
_FREE_TEXT = {
    "incidents": ("chronology",),
    "assessments": ("assessor", "physical", "psychological", "social", "family", "needs", "notes"),
    "interventions": ("goal", "provider", "responsible"),
    "services": ("provider", "officer", "description"),
    "follow_ups": ("officer", "method", "result"),
    "consents": ("given_by", "note"),
}


def _reduce_region(code: Any) -> Any:
    if isinstance(code, str) and code.count(".") >= 3:
        return ".".join(code.split(".")[:3])
    return code


def _person(p: dict, label: str, intake: dt.date) -> dict:
    q = dict(p)
    q["name"] = label
    q["alias"] = ""
    q["nik"] = None
    q["phone"] = ""
    q["street"] = ""
    q["region_code"] = _reduce_region(q.get("region_code"))
    birth = q.get("birth_date")
    if birth:
        try:
            age = age_on(dt.date.fromisoformat(birth), intake)
            q["birth_date"] = estimated_birth_date(age, intake).isoformat()
            q["birth_date_estimated"] = True
        except ValueError:
            q["birth_date"] = None
    if q.get("guardian"):
        q["guardian"] = {"name": "Wali", "relationship": q["guardian"].get("relationship", ""), "phone": "", "nik": None}
    return q


# The legal process: the numbers and names that point at the police file or the court case, and the verdict text.
_LEGAL_PROCESS_TEXT = ("police_report_number", "court_case_number", "verdict_summary", "temporary_protection_by")


def deidentify_case_document(document: dict) -> dict:
    doc = copy.deepcopy(document)
    intake = dt.date.fromisoformat(doc["intake_date"])
    for key, label in _ROLE_LABEL.items():
        doc[key] = [_person(p, f"{label} {i + 1}", intake) for i, p in enumerate(doc.get(key) or [])]
    if doc.get("child_witnesses"):  # written only when the case has them (older documents stay as they were)
        doc["child_witnesses"] = [_person(p, f"Anak saksi {i + 1}", intake)
                                  for i, p in enumerate(doc["child_witnesses"])]
    if isinstance(doc.get("legal_process"), dict):
        for f in _LEGAL_PROCESS_TEXT:
            if f in doc["legal_process"]:
                doc["legal_process"][f] = ""
    for key, fields in _FREE_TEXT.items():
        for item in doc.get(key) or []:
            for f in fields:
                if f in item:
                    item[f] = ""
    for inc in doc.get("incidents") or []:
        inc["region_code"] = _reduce_region(inc.get("region_code"))
    doc["notes"] = []
    doc["assigned_officers"] = []
    return doc
