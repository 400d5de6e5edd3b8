"""The printable recovery kit: the recovery key with instructions, as a PDF."""

from __future__ import annotations

from pathlib import Path

from caseapp.atomic import atomic_write_bytes, writing_to
from caseapp.services import clock
from caseapp.services.session import Session


def recovery_kit_pdf(session: Session, recovery_key: str) -> bytes:
    from caseapp.letters.recovery_kit import render_recovery_kit

    return render_recovery_kit(
        office_name=session.office.name,
        office_code=session.office.code,
        database_id=session.office.db_id,
        recovery_key=recovery_key,
        created_at=clock.now(),
    )


def save_recovery_kit(session: Session, recovery_key: str, path: Path) -> None:
    """Write the kit where the admin asked (explicit save); logged without the key."""
    with writing_to(Path(path)):
        atomic_write_bytes(Path(path), recovery_kit_pdf(session, recovery_key))
    session.audit("recovery_kit_saved")
