"""Make the "store filled before the SIMFONI/TPKS code lists" fixture, once, with the version before that change.

    git archive c8c8979 src resources tests | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src:/tmp/old python tests/store/make_pre_codes_store.py

The fixture (``fixtures/pre-codes-store/``) holds an office's encrypted store and key file (test password, cheap
test KDF: published on purpose), filled with demo cases and with cases that use every code this change replaced
or relabelled, an office's own code-list additions (one reusing a label the new lists ship, one a code name),
and ``canonical.json``: what that version read back from it. ``test_pre_codes_store.py`` opens a copy with the
current code and compares. Never regenerate it to make a test pass.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "pre-codes-store"
TODAY = dt.date(2026, 11, 30)

# Codes the new lists replace or relabel, all on one record, with a victim whose name carries a noble title.
OLD_CODES_CASE = {
    "uuid": "0c0de000-0000-4000-8000-000000000001", "intake_date": "2025-03-10", "intake_time": "10:15",
    "channel": "email", "status": "selesai", "closure_reason": "klien_menolak", "risk_level": "sedang",
    "victims": [{"uuid": "0c0de000-0000-4000-8000-0000000000a1", "name": "Wa Ode Hasniah", "sex": "P",
                 "birth_date": "2011-02-03", "education": "tk", "has_disability": True,
                 "disability_types": ["melihat", "mengingat", "mengurus_diri"], "region_code": "74.06.01"}],
    "perpetrators": [{"uuid": "0c0de000-0000-4000-8000-0000000000b1", "name": "La Ode Fulan", "sex": "L",
                      "birth_date": "1980-05-06", "occupation": "pns_tni_polri", "relationship": "suami_istri"},
                     {"uuid": "0c0de000-0000-4000-8000-0000000000b2", "name": "Andi Fulan", "sex": "L",
                      "occupation": "petani_nelayan", "education": "sma_smk", "relationship": "pacar_teman"}],
    "incidents": [{"uuid": "0c0de000-0000-4000-8000-0000000000c1", "date": "2025-03-01",
                   "violence_types": ["trafikking", "trafikking_narkoba", "eksploitasi"], "place": "lainnya",
                   "chronology": "Contoh fiktif untuk uji migrasi daftar kode."}],
    "services": [{"uuid": "0c0de000-0000-4000-8000-0000000000d1", "service": "psikologis", "date": "2025-03-12"}],
}
# A case coded with the office's own sub-type of "seksual" (which the old version gave no police clock).
OWN_CODE_CASE = {
    "uuid": "0c0de000-0000-4000-8000-000000000002", "intake_date": "2026-11-20", "intake_time": "08:00",
    "channel": "datang_langsung",
    "victims": [{"uuid": "0c0de000-0000-4000-8000-0000000000a2", "name": "Hj. Siti Aminah", "sex": "P",
                 "birth_date": "1990-01-01"}],
    "perpetrators": [{"uuid": "0c0de000-0000-4000-8000-0000000000b3", "name": "Fulan", "sex": "L",
                      "relationship": "kakek"}],
    "incidents": [{"uuid": "0c0de000-0000-4000-8000-0000000000c2", "date": "2026-11-19",
                   "violence_types": ["pelecehan_fisik_kantor"], "place": "rumah_tangga"}],
}
OFFICE_ADDITIONS = {
    "violence_type": [
        {"code": "pelecehan_fisik_kantor", "id": "Pelecehan seksual fisik", "en": "Physical sexual harassment",
         "parent": "seksual"},
        {"code": "trafikking_narkoba", "id": "Trafikking: perdagangan narkoba", "en": "Trafficking: drug trade",
         "parent": "trafikking", "active": True},
    ],
    "relationship": [{"code": "kakek", "id": "Kakek kandung", "en": "Grandfather", "parent": "keluarga"}],
    "channel": [{"code": "email", "id": "Email", "en": "E-mail"}],
}
DEMO_CASES = 30


def canonical_dump(session) -> dict:
    """Every case as the services read it: the case JSON, stored version and the list row (no initials)."""
    from caseapp.domain.case_json import case_to_json
    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases

    out = {}
    for row in sorted(cases.list_cases(session, CaseFilter(), limit=100_000), key=lambda r: r.uuid):
        case = cases.get_case(session, row.uuid)
        out[row.uuid] = {
            "document": case_to_json(case), "version": case.version,
            "row": {"case_number": row.case_number, "intake_date": row.intake_date.isoformat(), "status": row.status,
                    "risk_level": row.risk_level, "victim_count": row.victim_count,
                    "child_victim": row.child_victim, "violence_types": list(row.violence_types),
                    "due_at": row.due_at.isoformat() if row.due_at else None, "read_only": row.read_only},
        }
    return out


def main() -> int:
    sys.path.insert(0, str(HERE.parents[1]))
    from caseapp.services import cases, clock
    from caseapp.services.code_lists import extend_code_list
    from caseapp.services.demo_data import make_demo_cases
    from tests.helpers import make_office

    if FIXTURE.exists():
        print(f"{FIXTURE} exists; the fixture is made once and never regenerated", file=sys.stderr)
        return 1
    work = HERE / "fixtures" / "pre-codes-store.tmp"
    shutil.rmtree(work, ignore_errors=True)
    fixed = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    clock._now = lambda: fixed  # noqa: SLF001 - reproducible timestamps in the fixture
    _data_dir, result = make_office(work)
    session = result.session
    for list_name, entries in OFFICE_ADDITIONS.items():
        extend_code_list(session, list_name, entries)
    make_demo_cases(session, DEMO_CASES, seed=12, today=TODAY)
    for data in (OLD_CODES_CASE, OWN_CODE_CASE):
        cases.create_case_from_json(session, data)
    dump = canonical_dump(session)
    session.close()
    for extra in ("caseapp.lock", "unlock-state.json", "preferences.json"):
        (work / extra).unlink(missing_ok=True)
    (work / "canonical.json").write_text(json.dumps(dump, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
    work.rename(FIXTURE)
    print(f"wrote {FIXTURE}: {len(dump)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
