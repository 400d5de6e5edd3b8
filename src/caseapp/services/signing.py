"""Who signs letters and how: an account's pangkat/golongan and signing authority (a.n. / Plt. / Plh.)."""

from __future__ import annotations

from caseapp.domain.accounts import Permission, User
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.domain.referral import Signatory
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import accounts_repo

SIGNS_AS = {"": "", "an": "a.n.", "plt": "Plt.", "plh": "Plh."}


def signs_as_label(code: str) -> str:
    return {"": _("Atas jabatan sendiri (kepala)"), "an": _("Atas nama kepala (a.n.)"),
            "plt": _("Pelaksana Tugas kepala (Plt.)"), "plh": _("Pelaksana Harian kepala (Plh.)")}[code]


def set_signing(session: Session, username: str, *, rank: str | None = None, signs_as: str | None = None) -> User:
    """Set an account's pangkat/golongan and signing authority (administrators)."""
    session.require(Permission.MANAGE_USERS)
    user = accounts_repo.get_user(session.db.conn, username)
    if user is None:
        raise NotFound(_("Pengguna {name} tidak ditemukan.").format(name=username))
    rank = " ".join((user.rank if rank is None else rank).split())
    signs_as = user.signs_as if signs_as is None else signs_as.strip().lower().replace(".", "")
    if signs_as not in SIGNS_AS:
        raise ValidationError(_("Kewenangan tanda tangan harus salah satu dari: kosong, an, plt, plh."),
                              field="signs_as")
    if len(rank) > 80:
        raise ValidationError(_("Pangkat/golongan terlalu panjang (maksimal 80 karakter)."), field="rank")
    with session.db.transaction() as c:
        accounts_repo.update_signing(c, username, rank=rank, signs_as=signs_as, now=clock.timestamp())
        session.audit("user_updated", "user", user.id, conn=c)
    return accounts_repo.get_user(session.db.conn, username)


def signatory_of(user: User, office_name: str, head_position: str) -> Signatory:
    """The signature block of ``user``: own position, or a.n. / Plt. / Plh. with the head's position."""
    position = user.position or head_position or _("Kepala {office}").format(office=office_name)
    on_behalf = SIGNS_AS.get(user.signs_as, "")
    return Signatory(position=position, name=user.full_name, nip=user.nip, rank=user.rank, on_behalf=on_behalf,
                     head_position=head_position if on_behalf else "")
