"""Whether a referral may go out: the lawful basis for sharing a victim's data (UU 27/2022 PDP Pasal 25).

A referral shares the victim's data with another service, so the case must record consent to referral (basis
*persetujuan*, scope *rujukan*, not withdrawn): from the victim, or for a child from a parent or guardian.
"""

from __future__ import annotations

import datetime as dt

from caseapp.domain.case import Case, Person
from caseapp.domain.referral import age_on
from caseapp.i18n import _

ADULT_AGE = 18


def is_child(person: Person, on: dt.date) -> bool:
    return person.birth_date is not None and age_on(person.birth_date, on) < ADULT_AGE


def consent_problem(case: Case, victim_uuid: str, on: dt.date) -> str | None:
    """Why a referral may not go out yet (UU 27/2022 PDP): no consent to sharing for referral, or for a child
    none from a parent or guardian; None when the case records it."""
    victim = next((p for p in case.victims if p.uuid == victim_uuid), case.victims[0] if case.victims else None)
    child = victim is not None and is_child(victim, on)
    valid = [c for c in case.consents if c.basis == "persetujuan" and "rujukan" in c.scope and c.withdrawn_at is None]
    if child:
        if any(c.giver_relation in ("orang_tua", "wali") for c in valid):
            return None
        return _("Surat belum dapat disetujui: korban masih anak, dan kasus belum mencatat persetujuan orang tua "
                 "atau wali untuk berbagi data bagi rujukan. Catat di bagian Persetujuan kasus: dasar "
                 "\"Persetujuan\", pemberi \"Orang tua\" atau \"Wali\", cakupan \"Berbagi data untuk rujukan "
                 "layanan\".")
    if any(c.giver_relation in ("diri_sendiri", None, "") for c in valid):
        return None
    return _("Surat belum dapat disetujui: kasus belum mencatat persetujuan korban untuk berbagi data bagi rujukan. "
             "Catat di bagian Persetujuan kasus: dasar \"Persetujuan\", pemberi \"Yang bersangkutan\", cakupan "
             "\"Berbagi data untuk rujukan layanan\".")
