"""An office set up as Bombana's UPTD PPA (city Rumbia, dinas DP2KBP3A, a logo, F4) with three referral letters.

Used by the tests of issue 11 and, with ``python -m tests.services.bombana_letters OUTDIR``, to render the PNGs in
docs/img/. All people and numbers are fictitious.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.case import Case, Consent, Guardian, Incident, Person, Relation
from caseapp.domain.referral import DestinationType
from caseapp.services import accounts, cases, clock, destinations, letterhead, referrals, signing
from caseapp.services.destinations import Destination
from tests.helpers import OFFICER_PASSWORD, make_office, unlock
from tests.letters.sample import sample_logo

AGENCY = ("DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK "
          "(DP2KBP3A)")
KEPALA = "Dra. Contoh Kepala, M.Si."
KEPALA_NIP = "197805122005012003"
KEPALA_RANK = "Pembina (IV/a)"
SEKRETARIS = "Contoh Sekretaris, S.E."
CHILD = "Wulan Sekar Fiktiani"
MOTHER = "Hasnah Contohwati"
CHILD_PERP = "Baharudin Contohlaki"
REPORTER = "Sitti Pelapora"
ADULT = "Nurmala Contohsari"
HUSBAND = "Rahmat Suamifiktif"
CHILD_VILLAGE = "74.06.03.2008"     # Ladumpi
INCIDENT_VILLAGE = "74.06.03.2011"  # Lakomea
ADULT_VILLAGE = "74.06.02.2003"     # Teppoe
VILLAGES = ("Ladumpi", "Lakomea")
OTHER_NAMES = (MOTHER, CHILD_PERP, REPORTER)


def at(year: int, month: int, day: int) -> None:
    moment = dt.datetime(year, month, day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    clock.set_for_tests(lambda: moment)


@dataclass
class Office:
    data_dir: object
    child_case: str
    adult_case: str
    dests: dict


def child_case() -> Case:
    victim = Person("korban", CHILD, sex="P", birth_date=dt.date(2012, 5, 20), region_code=CHILD_VILLAGE,
                    nik="7406036005120001", street="Lorong Contoh No. 3",
                    guardian=Guardian(MOTHER, "ibu kandung", "0812-0000-1111"))
    perp = Person("pelaku", CHILD_PERP, sex="L", birth_date=dt.date(1980, 1, 1), region_code=CHILD_VILLAGE)
    reporter = Person("pelapor", REPORTER, sex="P", region_code=CHILD_VILLAGE)
    chronology = (f"Pada malam hari korban {CHILD} dibawa oleh {CHILD_PERP} ke kebun di Desa Lakomea. "
                  f"Ibu korban, {MOTHER}, mengetahui kejadian dari tetangga, {REPORTER}, lalu melapor ke UPTD PPA. "
                  f"Korban kini tinggal bersama ibunya di Ladumpi. (Contoh fiktif.)")
    return Case(
        intake_date=dt.date(2026, 11, 20), channel="datang_langsung", persons=(victim, perp, reporter),
        relations=(Relation(perp.uuid, victim.uuid, "tetangga"),), assigned_officers=("petugas1",),
        incidents=(Incident(dt.date(2026, 11, 18), ("seksual",), region_code=INCIDENT_VILLAGE,
                            chronology=chronology),),
        consents=(Consent("persetujuan", given_by=MOTHER, giver_relation="orang_tua", scope=("rujukan",),
                          given_at=dt.datetime(2026, 11, 20, 9, 0)),),
    )


def adult_case() -> Case:
    victim = Person("korban", ADULT, sex="P", birth_date=dt.date(1994, 2, 2), region_code=ADULT_VILLAGE,
                    nik="7406024202940002", street="Jl. Contoh Pantai No. 7")
    husband = Person("pelaku", HUSBAND, sex="L", birth_date=dt.date(1990, 6, 6), region_code=ADULT_VILLAGE,
                     street="Jl. Contoh Pantai No. 7")
    return Case(
        intake_date=dt.date(2026, 11, 25), channel="datang_langsung", persons=(victim, husband),
        relations=(Relation(husband.uuid, victim.uuid, "suami_istri"),), assigned_officers=("petugas1",),
        incidents=(Incident(dt.date(2026, 11, 24), ("fisik", "psikis"), region_code=ADULT_VILLAGE,
                            chronology=f"Korban dipukul oleh suaminya, {HUSBAND}, di rumah mereka. (Contoh fiktif.)"),),
        consents=(Consent("persetujuan", given_by=ADULT, giver_relation="diri_sendiri", scope=("rujukan",),
                          given_at=dt.datetime(2026, 11, 25, 9, 0)),),
    )


def make(root: Path) -> Office:
    at(2026, 12, 1)
    data_dir, result = make_office(root)
    with result.session as s:
        letterhead.update(s, government="PEMERINTAH KABUPATEN BOMBANA", agency=AGENCY,
                          unit="UPTD PERLINDUNGAN PEREMPUAN DAN ANAK", short_name="UPTD PPA Kabupaten Bombana",
                          city="Rumbia", postal_code="73771", logo=sample_logo(), paper="F4",
                          address="Jl. Poros Kasipute No. 1, Rumbia", phone="0401-000000",
                          email="uptdppa@example.go.id", head_position="Kepala UPTD PPA Kabupaten Bombana")
        letterhead.set_classification_code(s, "400.2.4")
        accounts.add_user(s, NewUser("kepala", KEPALA, Role.SUPERVISOR, KEPALA_NIP,
                                     "Kepala UPTD PPA Kabupaten Bombana"), OFFICER_PASSWORD)
        signing.set_signing(s, "kepala", rank=KEPALA_RANK)
        accounts.add_user(s, NewUser("sekretaris", SEKRETARIS, Role.SUPERVISOR, "198203032009022004",
                                     "Kepala Subbagian Tata Usaha"), OFFICER_PASSWORD)
        signing.set_signing(s, "sekretaris", rank="Penata (III/c)", signs_as="an")
        accounts.add_user(s, NewUser("petugas1", "Nur Contoh, S.Psi.", Role.OFFICER), OFFICER_PASSWORD)
        child = cases.create_case(s, child_case())
        adult = cases.create_case(s, adult_case())
        dests = {
            DestinationType.RSUD_PUSKESMAS: Destination("RSUD Kabupaten Bombana", DestinationType.RSUD_PUSKESMAS,
                                                        "Jl. Contoh Rumah Sakit No. 1", addressee="Direktur",
                                                        city="Rumbia"),
            DestinationType.UNIT_PPA_POLRES: Destination("Polres Bombana", DestinationType.UNIT_PPA_POLRES,
                                                         "Jl. Contoh Bhayangkara No. 2",
                                                         addressee="Kepala Unit PPA Satreskrim Polres Bombana",
                                                         city="Rumbia"),
            DestinationType.DINSOS_RUMAH_AMAN: Destination("Rumah Aman Dinas Sosial Kabupaten Bombana",
                                                           DestinationType.DINSOS_RUMAH_AMAN,
                                                           addressee="Kepala Dinas Sosial Kabupaten Bombana",
                                                           city="Rumbia"),
        }
        ids = {t: destinations.add_destination(s, d).id for t, d in dests.items()}
    return Office(data_dir, child.case_number, adult.case_number, ids)


def draft_for(session, office: Office, kind: DestinationType) -> referrals.LetterDraft:
    """The officer's draft: prefilled from the case, with the purpose and services typed in."""
    import dataclasses

    case_no = office.adult_case if kind is DestinationType.UNIT_PPA_POLRES else office.child_case
    case = cases.get_case(session, cases.case_state(session, case_no).uuid)
    draft = referrals.suggest_draft(session, case, office.dests[kind])
    typed = {
        DestinationType.RSUD_PUSKESMAS: dict(
            purpose="Pemeriksaan kesehatan korban anak dan visum et repertum.",
            services_requested=("Pemeriksaan fisik dan visum et repertum;", "Pemeriksaan kesehatan reproduksi."),
            visum=True, investigator_request="B/45/XII/2026/Reskrim", urgency="segera",
            attachments=("Formulir persetujuan orang tua;", "Surat permintaan visum dari penyidik.")),
        DestinationType.UNIT_PPA_POLRES: dict(
            purpose="Pendampingan korban dalam membuat laporan polisi atas kekerasan dalam rumah tangga.",
            services_requested=("Penerimaan laporan dan pemeriksaan korban;", "Perlindungan sementara."),
            victim_birth_place="Kasipute", attachments=("Formulir persetujuan korban.",)),
        DestinationType.DINSOS_RUMAH_AMAN: dict(
            purpose="Penempatan sementara korban anak di rumah aman demi keselamatannya.",
            services_requested=("Tempat tinggal sementara;", "Pendampingan sosial."), urgency="sangat_segera"),
    }[kind]
    return dataclasses.replace(draft, **typed)


def approved_pdf(office: Office, kind: DestinationType, approver: str = "kepala") -> tuple[referrals.Letter, bytes]:
    case_no = office.adult_case if kind is DestinationType.UNIT_PPA_POLRES else office.child_case
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, draft_for(s, office, kind))
    at(2026, 12, 3)
    with unlock(office.data_dir, approver, OFFICER_PASSWORD) as s:
        letter = referrals.approve_letter(s, letter.id)
        return letter, referrals.render_letter(s, letter.id, purpose="print")


if __name__ == "__main__":  # pragma: no cover - docs helper
    import subprocess
    import sys
    import tempfile

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        office = make(Path(tmp) / "bombana")
        for kind, name in ((DestinationType.RSUD_PUSKESMAS, "letter-rsud"),
                           (DestinationType.UNIT_PPA_POLRES, "letter-polres"),
                           (DestinationType.DINSOS_RUMAH_AMAN, "letter-rumah-aman")):
            _letter, pdf = approved_pdf(office, kind)
            pdf_path = Path(tmp) / f"{name}.pdf"
            pdf_path.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf_path), str(out / name)], check=True)
