"""Demo data: invented, realistic cases over the office's own region, generated from a seed and stored in batches."""

from __future__ import annotations

import datetime as dt
import random
import uuid as _uuid
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator, Sequence

from caseapp.cancel import is_cancelled
from caseapp.domain import demo_names as words
from caseapp.domain import regions
from caseapp.domain.accounts import Permission, Role
from caseapp.domain.case import (ANAK_SAKSI, KORBAN, PELAKU, PELAPOR, Assessment, Case, Consent, FollowUp, Guardian,
                                 Incident, InterventionItem, Note, Person, Relation, ServiceRecord)
from caseapp.domain.errors import ValidationError
from caseapp.domain.juvenile_justice import child_perpetrators
from caseapp.domain.legal_process import LegalProcess
from caseapp.domain.nik import make_nik
from caseapp.i18n import _
from caseapp.services import cases, clock
from caseapp.services.session import Session
from caseapp.store import accounts_repo, cases_repo

BATCH_SIZE = 1000
YEARS_BACK = 5
Progress = Callable[[int, int], None]  # (cases stored, cases asked for)


# The stages demo cases are spread over (outreach, penjangkauan, is optional and left out).
STATUSES = ("pengaduan", "asesmen", "rencana_intervensi", "layanan", "monitoring", "selesai")


def _weighted(pairs: Sequence[tuple[Any, float]]) -> Callable[[random.Random], Any]:
    """A picker for (value, weight) pairs, with cumulative weights computed once."""
    values = [v for v, _w in pairs]
    cum, total = [], 0.0
    for _v, w in pairs:
        total += w
        cum.append(total)
    return lambda rng: rng.choices(values, cum_weights=cum)[0]


CHANNEL = _weighted([("datang_langsung", 45), ("telepon_wa", 20), ("rujukan", 12), ("penjangkauan", 8),
                     ("sapa129", 6), ("surat", 4), ("media", 2), ("pelimpahan", 2), ("email", 1)])
VIOLENCE = _weighted([("seksual", 34), ("fisik", 30), ("psikis", 20), ("penelantaran", 9), ("eksploitasi", 2),
                      ("trafikking", 2), ("lainnya", 3)])
TRAFFICKING = _weighted([("trafikking", 3), ("trafikking_eksploitasi_seksual", 3), ("trafikking_perbudakan", 2),
                         ("trafikking_kerja_paksa", 1)])
SECOND_TYPE = {"fisik": "psikis", "seksual": "psikis", "penelantaran": "psikis", "psikis": "fisik",
               "eksploitasi": "fisik", "trafikking": "eksploitasi", "lainnya": "psikis"}
GBVIMS = {"seksual": ("rape", "sexual_assault"), "fisik": ("physical_assault",), "psikis": ("psychological_abuse",),
          "penelantaran": ("denial_of_resources",)}
PLACE = {
    "fisik": _weighted([("rumah_tangga", 75), ("fasilitas_umum", 10), ("sekolah", 5), ("tempat_kerja", 5), ("lainnya", 5)]),
    "seksual": _weighted([("rumah_tangga", 40), ("fasilitas_umum", 20), ("lainnya", 12), ("sekolah", 8),
                          ("daring", 10), ("lembaga_pendidikan", 7), ("darurat_bencana", 3)]),
    "other": _weighted([("rumah_tangga", 70), ("tempat_kerja", 8), ("daring", 7), ("fasilitas_umum", 10), ("lainnya", 5)]),
}
REL_ADULT = _weighted([("suami_istri", 68), ("pacar_teman", 10), ("keluarga", 8), ("tetangga", 6), ("majikan", 2),
                       ("rekan_kerja", 2), ("tidak_dikenal", 3), ("lainnya", 1)])
REL_CHILD = _weighted([("tetangga", 20), ("pacar_teman", 18), ("keluarga", 14), ("ayah_kandung", 10), ("ayah_tiri", 9),
                       ("ibu_kandung", 5), ("orang_tua", 3), ("guru", 6), ("tidak_dikenal", 9), ("lainnya", 6)])
RISK = _weighted([("tinggi", 20), ("sedang", 45), ("rendah", 25), (None, 10)])
CLOSURE = _weighted([("tujuan_tercapai", 55), ("dirujuk", 15), ("klien_menolak", 8), ("tidak_dapat_dihubungi", 8),
                     ("bukan_kewenangan", 5), ("dilimpahkan", 4), ("lainnya", 5)])
SERVICES_FOR = {"seksual": ("kesehatan", "psikologis", "penegakan_hukum", "bantuan_hukum", "penampungan_sementara"),
                "fisik": ("kesehatan", "psikologis", "bantuan_hukum", "mediasi"),
                "penelantaran": ("rehabilitasi_sosial", "reintegrasi_sosial", "mediasi", "pendampingan_tokoh_agama"),
                "other": ("psikologis", "bantuan_hukum", "rehabilitasi_sosial", "pemulangan", "reintegrasi_sosial")}
ADULT_OCCUPATION = _weighted([("ibu_rumah_tangga", 35), ("petani", 12), ("nelayan", 8), ("pedagang", 12),
                              ("buruh_karyawan", 12), ("tidak_bekerja", 12), ("asn", 2), ("lainnya", 7)])
ADULT_EDUCATION = _weighted([("sd", 30), ("smp", 25), ("sma_smk", 30), ("tidak_sekolah", 5), ("d1_d3", 4), ("s1", 6)])


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class DemoGenerator:
    """Invented cases for one office: same seed, office, officers and ``today`` give the same cases."""

    def __init__(self, office_code: str, *, seed: int = 0, today: dt.date | None = None,
                 officers: Sequence[str] = (), author: str = "admin"):
        self.rng = random.Random(seed)
        # The legal process and child witnesses draw from their own stream, so adding them changed no other value.
        self.legal_rng = random.Random(seed + 1_000_003)
        self.office = office_code
        self.today = today or clock.now().date()
        self.officers = tuple(officers)
        self.author = author
        area = (regions.name(office_code) or "").replace("Kabupaten ", "").replace("Kota ", "") or "Kabupaten"
        self.police_area = area.upper()                              # POLRES BOMBANA
        self.court_town = area.split()[0] if area else "Kabupaten"   # demo only: the court named after the area
        self.villages = [v for d in regions.children(office_code) for v in _villages_under(d.code)]
        if not self.villages:
            raise ValidationError(_("Wilayah kantor tidak memiliki desa/kelurahan dalam daftar wilayah."),
                                  field="office_code")

    # --- small helpers ------------------------------------------------------------------------------------------

    def uuid(self) -> str:
        return str(_uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def after(self, start: dt.date, lo: int, hi: int) -> dt.date:
        return min(start + dt.timedelta(days=self.rng.randint(lo, hi)), self.today)

    def intake_dates(self, n: int) -> list[dt.date]:
        """``n`` intake dates over the last few years, slightly more in recent years, in date order."""
        start = self.today.toordinal() - 365 * YEARS_BACK
        span = self.today.toordinal() - start
        return sorted(dt.date.fromordinal(start + int(span * self.rng.random() ** 0.8)) for _i in range(n))

    def name(self, sex: str, family: str | None = None) -> str:
        rng = self.rng
        given = rng.choice(words.FEMALE_GIVEN if sex == "P" else words.MALE_GIVEN)
        parts = [given]
        if self.chance(0.18):
            parts.insert(0, rng.choice(words.FEMALE_PREFIXES if sex == "P" else words.MALE_PREFIXES))
        elif self.chance(0.25):
            parts.append(rng.choice(words.FEMALE_GIVEN if sex == "P" else words.MALE_GIVEN))
        if self.chance(0.85):
            parts.append(family or rng.choice(words.FAMILY_NAMES))
        return " ".join(dict.fromkeys(parts))

    def phone(self) -> str:
        return "08" + "".join(str(self.rng.randint(0, 9)) for _i in range(10))

    # --- people -------------------------------------------------------------------------------------------------

    def person(self, role: str, sex: str, age: int, on: dt.date, village: str, *, nik_rate: float) -> Person:
        rng = self.rng
        birth = on - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        birth = min(birth, on)
        child = age < 18
        if child:
            education = ("tidak_sekolah" if age < 4 else "paud_tk" if age < 6 else "sd" if age < 13 else "smp" if age < 16
                         else "sma_smk")
            occupation = "pelajar_mahasiswa" if age >= 6 and self.chance(0.85) else None
            marital = "kawin_siri" if age >= 15 and self.chance(0.03) else "belum_kawin"
        else:
            education = ADULT_EDUCATION(rng)
            occupation = ADULT_OCCUPATION(rng) if sex == "P" else rng.choice(
                ("petani", "nelayan", "pedagang", "buruh_karyawan", "tidak_bekerja", "asn", "lainnya"))
            if occupation == "ibu_rumah_tangga" and sex == "L":
                occupation = "tidak_bekerja"
            marital = rng.choice(("kawin", "kawin", "kawin", "belum_kawin", "cerai_hidup", "cerai_mati", "kawin_siri"))
        disability = None if self.chance(0.35) else self.chance(0.05)
        return Person(
            role=role, name=self.name(sex), uuid=self.uuid(), sex=sex, birth_date=birth,
            birth_date_estimated=self.chance(0.1),
            nik=make_nik(village[:8], birth, sex, rng.randint(1, 9999)) if self.chance(nik_rate) else None,
            education=education if self.chance(0.9) else None, occupation=occupation, marital_status=marital,
            has_disability=disability,
            disability_types=(rng.choice(("fisik", "sensorik_netra", "sensorik_rungu", "sensorik_wicara",
                                          "intelektual")),)
            if disability else (),
            region_code=village, street=rng.choice(words.STREETS) if self.chance(0.6) else "",
            phone=self.phone() if not child and self.chance(0.6) else "",
        )

    def victim(self, on: dt.date, village: str, kind: str) -> Person:
        child = self.chance(0.62 if kind != "penelantaran" else 0.85)
        age = self.rng.choice((2, 4, 6, 8, 9, 10, 11, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17)) if child else \
            self.rng.randint(18, 62)
        sex = "P" if self.chance(0.9 if kind == "seksual" else 0.8 if child else 0.93) else "L"
        p = self.person(KORBAN, sex, age, on, village, nik_rate=0.15 if child else 0.5)
        if child and self.chance(0.8):
            g_sex = "P" if self.chance(0.7) else "L"
            family = p.name.split()[-1] if self.chance(0.5) else None
            relation = self.rng.choice(words.GUARDIAN_RELATIONS_FEMALE if g_sex == "P" else words.GUARDIAN_RELATIONS_MALE)
            p = replace(p, guardian=Guardian(self.name(g_sex, family), relation, self.phone() if self.chance(0.7) else ""))
        return p

    # --- the case -----------------------------------------------------------------------------------------------

    def case(self, intake: dt.date) -> Case:
        rng = self.rng
        village = rng.choice(self.villages)
        kind = VIOLENCE(rng)
        types = [TRAFFICKING(rng) if kind == "trafikking" else kind]
        if self.chance(0.25):
            types.append(SECOND_TYPE[kind])
        incident_date = intake - dt.timedelta(days=min(int(rng.expovariate(1 / 10)), 180))
        victims = [self.victim(incident_date, village if self.chance(0.8) else rng.choice(self.villages), kind)]
        extra = 0 if self.chance(0.85) else (1 if self.chance(0.8) else 2)
        victims += [self.victim(incident_date, victims[0].region_code, kind) for _i in range(extra)]
        perpetrators, relations = self.perpetrators(incident_date, village, victims, kind)
        reporters = [self.person(PELAPOR, rng.choice("LP"), rng.randint(25, 60), incident_date, village, nik_rate=0.3)] \
            if self.chance(0.35) else []
        place = PLACE.get(kind, PLACE["other"])(rng)
        chronology = rng.choice(words.CHRONOLOGY.get(kind, words.CHRONOLOGY["lainnya"])).format(
            hari=rng.choice(words.DAYS), waktu=rng.choice(words.TIMES_OF_DAY),
            desa=regions.name(village) or "") + rng.choice(words.CHRONOLOGY_TAIL)
        incidents = [Incident(date=incident_date, violence_types=tuple(types), uuid=self.uuid(),
                              date_approximate=self.chance(0.15), place=place, region_code=village,
                              gbvims=GBVIMS.get(kind, ())[:1] if self.chance(0.5) else (), chronology=chronology)]
        stage, closure = self.stage(intake)
        risk = RISK(rng)
        intake_time = dt.time(rng.randint(7, 15), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))) if self.chance(0.8) else None
        case = Case(
            intake_date=intake, channel=CHANNEL(rng), uuid=self.uuid(), intake_time=intake_time,
            status=STATUSES[stage], closure_reason=closure, risk_level=risk, competent_office=self.office,
            assigned_officers=tuple(sorted(set(rng.sample(self.officers, min(len(self.officers), rng.randint(1, 2))))))
            if self.officers else (),
            persons=tuple(victims + perpetrators + reporters), relations=tuple(relations), incidents=tuple(incidents),
            consents=(self.consent(intake, victims[0]),),
        )
        return self.progress(case, stage, kind)

    def perpetrators(self, on: dt.date, village: str, victims: list[Person], kind: str):
        rng = self.rng
        count = 0 if self.chance(0.07) else (1 if self.chance(0.88) else 2)
        child = victims[0].birth_date is not None and (on - victims[0].birth_date).days < 18 * 365
        people, relations = [], []
        for _i in range(count):
            sex = "L" if self.chance(0.9 if kind != "penelantaran" else 0.6) else "P"
            age = rng.randint(15, 25) if child and self.chance(0.35) else rng.randint(20, 65)
            p = self.person(PELAKU, sex, age, on, village if self.chance(0.75) else rng.choice(self.villages),
                            nik_rate=0.25)
            people.append(p)
            if self.chance(0.9):
                code = REL_CHILD(rng) if child else REL_ADULT(rng)
                relations += [Relation(p.uuid, v.uuid, code) for v in victims]
        return people, relations

    def stage(self, intake: dt.date) -> tuple[int, str | None]:
        """Index into STATUSES and a closure reason; older cases are further along and mostly closed."""
        age = (self.today - intake).days
        weights = ((45, 30, 15, 8, 2, 0) if age < 14 else (10, 15, 20, 25, 15, 15) if age < 90 else
                   (2, 4, 8, 18, 20, 48) if age < 365 else (0.5, 1, 1.5, 4, 8, 85))
        stage = self.rng.choices(range(len(STATUSES)), weights=weights)[0]
        if stage != len(STATUSES) - 1:
            return stage, None
        return stage, CLOSURE(self.rng)

    def consent(self, intake: dt.date, victim: Person) -> Consent:
        at = dt.datetime.combine(intake, dt.time(10, 0))
        if victim.guardian is not None and self.chance(0.85):
            return Consent(basis="persetujuan", uuid=self.uuid(), given_by=victim.guardian.name,
                           giver_relation="orang_tua" if "kandung" in victim.guardian.relationship else "wali",
                           scope=("pencatatan", "rujukan"), given_at=at)
        if self.chance(0.8):
            return Consent(basis="persetujuan", uuid=self.uuid(), given_by=victim.name, giver_relation="diri_sendiri",
                           scope=("pencatatan", "rujukan", "pelaporan"), given_at=at)
        return Consent(basis="kewajiban_hukum", uuid=self.uuid(),
                       note="Penanganan pengaduan adalah tugas UPTD PPA (Permen PPPA 4/2018).")

    def progress(self, case: Case, stage: int, kind: str) -> Case:
        """Fill the sections the case's stage implies: assessment, plan, services, follow-ups, notes."""
        rng, intake, closed = self.rng, case.intake_date, case.status == "selesai"
        officer = rng.choice(self.officers) if self.officers else self.author
        services = [ServiceRecord("pengaduan", intake, self.uuid(), "UPTD PPA", officer, "Penerimaan pengaduan.")]
        assessments, interventions, follow_ups = [], [], []
        reached = stage if not closed else rng.randint(1, 4)
        if reached >= 1:
            pick = words.ASSESSMENT_TEXT
            assessments.append(Assessment(self.after(intake, 0, 7), self.uuid(), officer,
                                          *(rng.choice(pick[k]) for k in ("physical", "psychological", "social", "family", "needs")),
                                          risk_level=case.risk_level))
        if reached >= 2:
            offered = SERVICES_FOR.get(kind, SERVICES_FOR["other"])
            for service in rng.sample(offered, rng.randint(1, min(3, len(offered)))):
                status = ("selesai" if self.chance(0.85) else "batal") if closed else \
                    "direncanakan" if reached == 2 else rng.choice(("berjalan", "selesai"))
                interventions.append(InterventionItem(
                    service, self.uuid(), "Pemulihan dan perlindungan korban.",
                    rng.choice(words.PROVIDERS.get(service, ("UPTD PPA",))), officer,
                    intake + dt.timedelta(days=rng.randint(14, 90)), self.chance(0.9), status))
        if reached >= 3:
            for item in interventions:
                if item.status != "direncanakan":
                    services.append(ServiceRecord(item.service, self.after(intake, 3, 60), self.uuid(), item.provider,
                                                  officer, item.goal, item.provider != "UPTD PPA"))
        if reached >= 4:
            for _i in range(rng.randint(1, 3)):
                day = self.after(intake, 20, 200)
                follow_ups.append(FollowUp(day, self.uuid(), officer, rng.choice(words.FOLLOW_UP_METHODS),
                                           rng.choice(words.FOLLOW_UP_RESULTS),
                                           None if closed else day + dt.timedelta(days=rng.randint(14, 45))))
        notes = tuple(Note(dt.datetime.combine(self.after(intake, 0, 120), dt.time(rng.randint(8, 16), rng.randint(0, 59))),
                           rng.choice(words.NOTE_TEXTS), self.uuid(), officer) for _i in range(rng.choice((0, 0, 1, 1, 2, 3))))
        police = None
        if case.violence_types & {"seksual", "trafikking_eksploitasi_seksual"} and self.chance(0.75):
            police = case.intake_datetime + dt.timedelta(hours=rng.randint(4, 70))
            police = police if police.date() < self.today else None
        case = replace(case, assessments=tuple(assessments), interventions=tuple(interventions),
                       services=tuple(services), follow_ups=tuple(sorted(follow_ups, key=lambda f: f.date)),
                       notes=notes, police_reported_at=police)
        return self.legal(self.child_witness(case))

    # --- legal process and child witnesses (own random stream) ------------------------------------------------

    def child_witness(self, case: Case) -> Case:
        """Now and then a brother or sister who saw the violence at home (anak saksi), with the victim's guardian."""
        rng = self.legal_rng
        victim = case.victims[0]
        incident = case.incidents[0]
        if incident.place != "rumah_tangga" or victim.guardian is None or rng.random() >= 0.12:
            return case
        age = rng.randint(8, 16)
        sex = rng.choice("LP")
        birth = incident.date - dt.timedelta(days=age * 365 + rng.randint(0, 300))
        family = victim.name.split()[-1]
        given = rng.choice(words.FEMALE_GIVEN if sex == "P" else words.MALE_GIVEN)
        witness = Person(role=ANAK_SAKSI, name=f"{given} {family}",
                         uuid=str(_uuid.UUID(int=rng.getrandbits(128), version=4)), sex=sex, birth_date=birth,
                         education="sd" if age < 13 else "smp" if age < 16 else "sma_smk",
                         occupation="pelajar_mahasiswa", marital_status="belum_kawin",
                         region_code=victim.region_code, street=victim.street, guardian=victim.guardian)
        return replace(case, persons=case.persons + (witness,))

    def legal(self, case: Case) -> Case:
        """For most cases reported to the police: the LP number, how far the process got, and for some a verdict,
        restitution and the temporary protection given."""
        rng, reported = self.legal_rng, case.police_reported_at
        if reported is None or rng.random() >= 0.8:
            return case
        days = (self.today - reported.date()).days
        stages = ("lapor_penyelidikan", "penyidikan", "pelimpahan_kejaksaan", "persidangan", "putusan")
        reached = min(len(stages) - 1, days // 45) if days > 0 else 0
        if reached and rng.random() < 0.3:
            reached -= 1
        stage = stages[reached]
        if reached == 0 and days > 200 and rng.random() < 0.3:
            stage = "dihentikan_sp3"
        elif reached >= 1 and any(c.abh for c in child_perpetrators(case)) and rng.random() < 0.5:
            stage = "diversi"
        year = reported.year
        lp = LegalProcess(police_report_number="LP/B/{n}/{m}/{y}/SPKT/POLRES {d}".format(
            n=rng.randint(10, 400), m=_ROMAN[reported.month - 1], y=year, d=self.police_area),
            stage=stage)
        if stage in ("persidangan", "putusan"):
            lp = replace(lp, court=f"Pengadilan Negeri {self.court_town}",
                         court_case_number=f"{rng.randint(1, 150)}/Pid.Sus/{year}/PN {self.court_town}")
        if stage == "putusan":
            verdict = min(reported.date() + dt.timedelta(days=rng.randint(150, 240)), self.today)
            years = rng.randint(5, 15)
            lp = replace(lp, verdict_date=verdict, verdict_final=(self.today - verdict).days > 14,
                         verdict_summary=f"Terdakwa terbukti bersalah; pidana penjara {years} tahun.")
            if rng.random() < 0.5:
                amount = rng.randint(5, 60) * 1_000_000
                paid = rng.random() < 0.4
                lp = replace(lp, restitution_requested_on=reported.date() + dt.timedelta(days=rng.randint(20, 60)),
                             restitution_lpsk_assessed_on=reported.date() + dt.timedelta(days=rng.randint(70, 120)),
                             restitution_amount=amount, restitution_paid_amount=amount if paid else None,
                             restitution_paid_on=min(verdict + dt.timedelta(days=30), self.today) if paid else None)
        if rng.random() < 0.6:
            given = reported + dt.timedelta(hours=rng.randint(2, 30))
            if given.date() <= self.today:
                lp = replace(lp, temporary_protection_at=given,
                             temporary_protection_by=f"Unit PPA Polres {self.police_area.title()}")
                asked = given + dt.timedelta(hours=rng.randint(3, 36))
                if rng.random() < 0.8 and asked.date() <= self.today:
                    lp = replace(lp, protection_requested_at=asked)
        return replace(case, legal_process=lp)

    def cases(self, n: int) -> Iterator[Case]:
        for intake in self.intake_dates(n):
            yield self.case(intake)


def _villages_under(code: str) -> list[str]:
    """Village codes under a district, or under every district of a regency (province offices)."""
    below = regions.children(code)
    if not below:
        return []
    if below[0].level == regions.VILLAGE:
        return [v.code for v in below]
    return [v for r in below for v in _villages_under(r.code)]


# --- storing --------------------------------------------------------------------------------------------------

def _batches(items: Iterable[Case], size: int) -> Iterator[list[Case]]:
    batch: list[Case] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def create_cases_bulk(session: Session, new_cases: Iterable[Case], *, total: int = 0, progress: Progress | None = None,
                      cancel: Any = None, batch_size: int = BATCH_SIZE) -> int:
    """Store already-valid cases exactly as ``cases.create_case`` would, one transaction and one audit entry per batch.

    Skips validation (the generator's cases are valid by construction; tests check it). A cancel stops before the
    next batch; batches already stored stay. Returns the number stored.
    """
    session.require(Permission.MANAGE_OFFICE)
    done = 0
    for batch in _batches(new_cases, batch_size):
        if is_cancelled(cancel):
            break
        with session.db.transaction() as c:
            now = clock.timestamp()
            for case in batch:
                number = cases._number(session, c, case.intake_date)
                case = replace(case, case_number=number, version=1,
                               competent_office=case.competent_office or session.office.code)
                cases_repo.insert_case(c, cases._record(case, session.office.code), user_id=session.user.id, now=now)
            session.audit("demo_cases_created", "case", f"{len(batch)}:{batch[0].uuid}..{batch[-1].uuid}", conn=c)
        done += len(batch)
        if progress is not None:
            progress(done, total or done)
    return done


def case_officers(session: Session) -> list[str]:
    """Active officers and supervisors, to whom demo cases are assigned."""
    return [u.username for u in accounts_repo.list_users(session.db.conn)
            if u.active and u.role in (Role.OFFICER, Role.SUPERVISOR)]


def make_demo_cases(session: Session, n: int, *, seed: int = 0, progress: Progress | None = None,
                    cancel: Any = None, today: dt.date | None = None) -> int:
    """Generate and store ``n`` invented cases (administrators only); returns how many were stored."""
    session.require(Permission.MANAGE_OFFICE)
    if n < 1:
        raise ValidationError(_("Jumlah kasus harus sekurang-kurangnya 1."), field="cases")
    gen = DemoGenerator(session.office.code, seed=seed, today=today, officers=case_officers(session),
                        author=session.user.username)
    batch = max(1, min(BATCH_SIZE, -(-n // 20)))  # at least ~20 progress steps
    return create_cases_bulk(session, gen.cases(n), total=n, progress=progress, cancel=cancel, batch_size=batch)
