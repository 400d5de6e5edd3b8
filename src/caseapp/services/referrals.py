"""Referral letters: draft from a case, approve with numbering, render in Indonesian, register, verify, track.

The work is split into modules named for what they do; this module re-exports their public names, so callers
(the GUI, the CLI, the case summary, the tests) keep importing ``caseapp.services.referrals``:

- ``letter_records``: what a stored letter holds, reading it back with the case access check, the register;
- ``letter_drafting``: the prefilled draft, minimum disclosure, the persons a destination receives, create / update;
- ``letter_approval``: consent and VeR rules, the number and verification code in one transaction, verification;
- ``letter_numbering``: the office's number pattern with its kode klasifikasi arsip, or a typed agenda number;
- ``letter_rendering``: the renderable content in Bahasa Indonesia and the audited preview / print / save;
- ``letter_tracking``: sent → received → service given → feedback.
"""

from __future__ import annotations

from caseapp.services.letter_approval import (
    approval_problems, approve_letter, normalize_code, verification_code, verify_code,
)
from caseapp.services.letter_drafting import (
    create_letter, disclosure_warnings, incident_date, signatories, suggest_draft, update_letter, user_name,
)
from caseapp.services.letter_records import (
    CODE_LENGTH, DEFAULT_HAL, DEFAULT_RESPONSE_DAYS, NEXT_EVENTS, NUMBER_PATTERN_KEY, PAPER_KEY, RESPONSE_DAYS_KEY,
    SECRET_KEY, URGENCY, Letter, LetterDraft, LetterLocked, TrackingEvent, Verification, get_letter, list_letters,
    office_letterhead, overdue_letters, paper, response_days, urgency_label,
)
from caseapp.services.letter_numbering import ClassificationCodeMissing, number_pattern, take_number
from caseapp.services.letter_rendering import (
    RenderPurpose, indonesian, letter_content, render_content, render_letter, sifat_text,
)
from caseapp.services.letter_tracking import letter_events, record_event

__all__ = [
    "CODE_LENGTH", "DEFAULT_HAL", "DEFAULT_RESPONSE_DAYS", "NEXT_EVENTS", "NUMBER_PATTERN_KEY", "PAPER_KEY",
    "RESPONSE_DAYS_KEY", "SECRET_KEY", "URGENCY", "ClassificationCodeMissing", "Letter", "LetterDraft",
    "LetterLocked", "RenderPurpose", "TrackingEvent", "Verification", "approval_problems", "approve_letter",
    "create_letter", "disclosure_warnings", "get_letter", "incident_date", "indonesian", "letter_content",
    "letter_events", "list_letters", "normalize_code", "number_pattern", "office_letterhead", "overdue_letters",
    "paper", "record_event", "render_content", "render_letter", "response_days", "sifat_text", "signatories",
    "suggest_draft", "take_number", "update_letter", "urgency_label", "user_name", "verification_code", "verify_code",
]
