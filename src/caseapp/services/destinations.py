"""The referral destinations directory: add, edit and deactivate (supervisors and admins), list (everyone)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.domain.referral import DestinationType
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import letters_repo
from caseapp.store.letters_repo import DestinationRow


@dataclass(frozen=True)
class Destination:
    """A service a victim can be referred to; ``addressee`` is the position on the Yth. line (e.g. "Direktur")."""

    name: str
    type: DestinationType
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    addressee: str = ""
    id: str = ""
    active: bool = True
    city: str = ""  # the "di ..." line of the letter, e.g. "Rumbia" (empty: "Tempat")

    @property
    def type_label(self) -> str:
        return self.type.label


def _from_row(row: DestinationRow) -> Destination:
    try:
        kind = DestinationType(row.type)
    except ValueError:
        kind = DestinationType.LAINNYA
    return Destination(row.name, kind, row.address, row.contact_person, row.phone, row.addressee, row.id, row.active,
                       row.city)


def _validated(dest: Destination) -> Destination:
    name = " ".join((dest.name or "").split())
    if not name:
        raise ValidationError(_("Nama tujuan rujukan wajib diisi."), field="name")
    if len(name) > 200:
        raise ValidationError(_("Nama tujuan rujukan terlalu panjang (maksimal 200 karakter)."), field="name")
    try:
        kind = DestinationType(dest.type)
    except ValueError:
        raise ValidationError(_("Jenis tujuan rujukan tidak dikenal."), field="type") from None
    return replace(dest, name=name, type=kind, address=dest.address.strip(), contact_person=dest.contact_person.strip(),
                   phone=dest.phone.strip(), addressee=dest.addressee.strip(),
                   city=" ".join((dest.city or "").split()))


def _row(dest: Destination) -> DestinationRow:
    return DestinationRow(dest.id, dest.name, dest.type.value, dest.address, dest.contact_person, dest.phone,
                          dest.addressee, dest.active, dest.city)


def add_destination(session: Session, dest: Destination) -> Destination:
    session.require(Permission.MANAGE_DESTINATIONS)
    dest = replace(_validated(dest), id=str(uuid.uuid4()), active=True)
    with session.db.transaction() as c:
        letters_repo.insert_destination(c, _row(dest), clock.timestamp())
        session.audit("destination_added", "destination", dest.id, conn=c)
    return dest


def update_destination(session: Session, dest: Destination) -> Destination:
    session.require(Permission.MANAGE_DESTINATIONS)
    dest = _validated(dest)
    with session.db.transaction() as c:
        if not letters_repo.update_destination(c, _row(dest), clock.timestamp()):
            raise NotFound(_("Tujuan rujukan tidak ditemukan."))
        session.audit("destination_updated", "destination", dest.id, conn=c)
    return dest


def set_destination_active(session: Session, dest_id: str, active: bool) -> Destination:
    """Deactivate (or reactivate) a destination; letters already written to it keep it."""
    session.require(Permission.MANAGE_DESTINATIONS)
    with session.db.transaction() as c:
        row = letters_repo.get_destination(c, dest_id)
        if row is None:
            raise NotFound(_("Tujuan rujukan tidak ditemukan."))
        dest = replace(_from_row(row), active=active)
        letters_repo.update_destination(c, _row(dest), clock.timestamp())
        session.audit("destination_activated" if active else "destination_deactivated", "destination", dest_id, conn=c)
    return dest


def get_destination(session: Session, dest_id: str) -> Destination:
    row = letters_repo.get_destination(session.db.conn, dest_id)
    if row is None:
        raise NotFound(_("Tujuan rujukan tidak ditemukan."))
    return _from_row(row)


def list_destinations(session: Session, *, include_inactive: bool = False) -> list[Destination]:
    return [_from_row(r) for r in letters_repo.list_destinations(session.db.conn, include_inactive=include_inactive)]


def destination_types() -> list[DestinationType]:
    """The shipped destination types (no institutions are shipped: each office adds its own)."""
    return list(DestinationType)


def starter_destinations(office_code: str) -> list[Destination]:
    """The usual referral partners of an office in region ``office_code`` (a province or a kabupaten/kota).

    A start for the office's own directory, named after its region; officers check names and addresses and change
    or deactivate what does not fit (a puskesmas, for one, is named after its kecamatan). Names and addressees are
    letter content, so they are Indonesian whatever the interface language.
    """
    from caseapp.domain import regions

    own = regions.name(office_code) or office_code
    province_code = office_code.split(".")[0]
    province = regions.name(province_code) or province_code
    place = own.removeprefix("Kabupaten ").removeprefix("Kota ")
    T = DestinationType
    if "." not in office_code:  # a provincial office
        return [
            Destination(f"RSUD Provinsi {province}", T.RSUD_PUSKESMAS, addressee="Direktur"),
            Destination(f"Unit PPA Ditreskrimum Polda {province}", T.UNIT_PPA_POLRES,
                        addressee=f"Kapolda {province} u.p. Kasubdit IV Renakta"),
            Destination(f"Dinas Sosial Provinsi {province} (rumah aman)", T.DINSOS_RUMAH_AMAN,
                        addressee="Kepala Dinas"),
            Destination(f"LBH / Posbakum di Provinsi {province}", T.LBH_POSBAKUM, addressee="Pimpinan"),
            Destination(f"Psikolog Klinis RSUD Provinsi {province}", T.PSIKOLOG, addressee="Direktur"),
        ]
    return [
        Destination(f"RSUD {own}", T.RSUD_PUSKESMAS, addressee="Direktur"),
        Destination(f"Puskesmas di {own}", T.RSUD_PUSKESMAS, addressee="Kepala Puskesmas"),
        Destination(f"Unit PPA Satreskrim Polres {place}", T.UNIT_PPA_POLRES,
                    addressee=f"Kapolres {place} u.p. Kanit PPA Satreskrim"),
        Destination(f"Dinas Sosial {own} (rumah aman)", T.DINSOS_RUMAH_AMAN, addressee="Kepala Dinas"),
        Destination(f"LBH / Posbakum di {own}", T.LBH_POSBAKUM, addressee="Pimpinan"),
        Destination(f"Psikolog Klinis RSUD {own}", T.PSIKOLOG, addressee="Direktur"),
        Destination(f"UPTD PPA Provinsi {province}", T.UPTD_PPA_LAIN, addressee="Kepala UPTD PPA"),
    ]


def add_starter_destinations(session: Session) -> list[Destination]:
    """Fill an empty directory with ``starter_destinations`` for the session's office; nothing if it has entries."""
    session.require(Permission.MANAGE_DESTINATIONS)
    if list_destinations(session, include_inactive=True):
        return []
    return [add_destination(session, dest) for dest in starter_destinations(session.office.code)]
