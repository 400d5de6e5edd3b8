"""A frozen copy of what the importer before issue 16 (one list of records, numbers looked up for the whole bundle
at once) stored for a case the province did not hold: its number made unique, version 1, the validated document.

Used to check that the streamed import (records read again chunk by chunk, numbers looked up per chunk) stores
the same cases. Do not "fix" this to follow the importer: it is the reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from caseapp.domain.case_json import case_from_json, case_to_json


def reference_new_cases(records: list[dict], numbers_in_store: set[str], sender: str) -> dict[str, dict]:
    """uuid → the document the pre-issue-16 importer stored, for bundle ``records`` all new to the store."""
    taken = set(numbers_in_store)
    out: dict[str, dict] = {}
    for record in records:
        u = record["uuid"]
        case = case_from_json(record["document"], today=dt.date.today() + dt.timedelta(days=2),
                              region_exists=lambda _c: True)
        if case.version != 1 or not case.case_number:
            case = replace(case, case_number=case.case_number or u[:8], version=1)
        number, candidate, n = case.case_number, case.case_number, 1
        while candidate in taken:
            n += 1
            candidate = f"{number}@{sender}" if n == 2 else f"{number}@{sender}-{n - 1}"
        taken.add(candidate)
        out[u] = case_to_json(replace(case, case_number=candidate))
    return out
