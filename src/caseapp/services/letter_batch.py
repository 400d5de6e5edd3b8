"""Rendering many referral letters as one job, with progress and a cancel token; PDF bytes only, no files."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from caseapp.domain.errors import CaseappError
from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.services.session import Session

Progress = Callable[..., None]


class BatchCancelled(CaseappError):
    """The user cancelled the batch; nothing it rendered is kept."""

    exit_code = 130


def _check(cancel: Any) -> None:
    if cancel is not None and getattr(cancel, "cancelled", False):
        raise_if = getattr(cancel, "raise_if_cancelled", None)
        if raise_if is not None:
            raise_if()  # the GUI job runner's own token reports "cancelled" through its own exception
        raise BatchCancelled(_("Pencetakan surat dibatalkan."))


def iter_letters(session: Session, letter_ids: Iterable[str], *, progress: Progress | None = None,
                 cancel: Any = None) -> Iterator[tuple[str, bytes]]:
    """Yield (letter id, PDF bytes) one by one; checks ``cancel.cancelled`` before each letter."""
    ids = list(dict.fromkeys(letter_ids))
    total = len(ids)
    if progress:
        progress(0, total)
    contents = []
    for letter_id in ids:  # read (and check access to) everything first, so a refusal comes before any work
        _check(cancel)
        letter = referrals.get_letter(session, letter_id)
        contents.append((letter.id, referrals.letter_content(session, letter)))
    for done, (letter_id, content) in enumerate(contents, start=1):
        _check(cancel)
        yield letter_id, referrals.render_content(content)
        if progress:
            progress(done, total)


def render_letters(session: Session, letter_ids: Iterable[str], *, progress: Progress | None = None,
                   cancel: Any = None) -> list[tuple[str, bytes]]:
    """Render every letter, then log each one as printed in one transaction; a cancelled batch logs nothing."""
    out = list(iter_letters(session, letter_ids, progress=progress, cancel=cancel))
    _check(cancel)
    with session.db.transaction() as c:
        for letter_id, _pdf in out:
            session.audit("letter_printed", "letter", letter_id, conn=c)
    return out
