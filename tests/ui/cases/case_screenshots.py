"""Save docs/img/ui-case-list.png and docs/img/ui-case-editor.png from the real screens with invented demo data.

Run under Xvfb: ``Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 python -m tests.ui.cases.case_screenshots``.
Uses a throw-away data directory and cheap test KDF parameters; every name is invented.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from caseapp.domain.case import Case, Consent, Guardian, Incident, Note, Person, Relation
from caseapp.domain.nik import make_nik
from caseapp.domain.accounts import NewUser, Role
from caseapp.services import accounts, cases, clock, demo_data
from caseapp.ui import qt_runtime
from caseapp.ui.jobs import JobRunner
from caseapp.ui.style import apply_style
from tests.helpers import make_office

OUT = Path(__file__).resolve().parents[3] / "docs" / "img"


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print("saved", OUT / name)


def settle(app: QApplication, rounds: int = 20) -> None:
    for _n in range(rounds):
        app.processEvents()


def showcase_case(session) -> Case:
    """A fresh sexual-violence complaint with two child victims, so the 3×24 h clock is running."""
    now = clock.now().replace(tzinfo=None)
    intake = now - dt.timedelta(hours=30)
    v1 = Person(role="korban", name="Wa Ode Fitriani", alias="Fitri", sex="P", birth_date=dt.date(2011, 9, 14),
                nik=make_nik("74.06.04", dt.date(2011, 9, 14), "P", 213), education="smp",
                occupation="pelajar_mahasiswa", marital_status="belum_kawin", has_disability=False,
                region_code="74.06.04.1005", street="Jl. Poros Kasipute, RT 03/RW 01", phone="0812-4455-0917",
                guardian=Guardian("Hasnawati", "ibu kandung", "0812-4455-0917"))
    v2 = Person(role="korban", name="Sitti Rahmawati", sex="P", birth_date=dt.date(2015, 6, 1),
                birth_date_estimated=True, education="sd", region_code="74.06.04.1005",
                guardian=Guardian("La Ode Hamsah", "ayah kandung"))
    perp = Person(role="pelaku", name="Mansur Laode", sex="L", birth_date=dt.date(1983, 1, 1), birth_date_estimated=True,
                  occupation="petani_nelayan", region_code="74.06.04.1005")
    return Case(
        intake_date=intake.date(), intake_time=dt.time(intake.hour, intake.minute), channel="datang_langsung",
        risk_level="tinggi", assigned_officers=("rahmi",), persons=(v1, v2, perp),
        relations=(Relation(perp.uuid, v1.uuid, "tetangga"), Relation(perp.uuid, v2.uuid, "tetangga")),
        incidents=(Incident(date=intake.date() - dt.timedelta(days=2), violence_types=("seksual", "psikis"),
                            place="rumah_tangga", region_code="74.06.04.1005", gbvims=("sexual_assault",),
                            chronology="Korban diajak ke rumah terlapor dengan alasan membantu memetik kelapa. "
                                       "Ibu korban melapor setelah korban bercerita kepada guru kelas."),),
        notes=(Note(intake, "Korban dan ibu datang langsung ke kantor, didampingi guru kelas.", author="rahmi"),),
        consents=(Consent("persetujuan", given_by="Hasnawati", giver_relation="orang_tua",
                          scope=("pencatatan", "rujukan"), given_at=intake),),
    )


def main() -> int:
    qt_runtime.apply()
    app = QApplication(sys.argv)
    apply_style(app)
    root = Path(tempfile.mkdtemp(prefix="caseapp-case-shots-"))
    _data_dir, result = make_office(root / "office", admin="andi", admin_full_name="Andi Pratama, S.Sos.")
    session = result.session
    for username, name, role in (("rahmi", "Rahmi Sulastri, S.Psi.", Role.OFFICER),
                                 ("yusuf", "Yusuf Baharuddin, S.H.", Role.OFFICER),
                                 ("nurul", "Nurul Hidayah, S.Tr.Sos.", Role.SUPERVISOR)):
        accounts.add_user(session, NewUser(username, name, role), "kata-sandi-contoh-1")
    demo_data.make_demo_cases(session, 200, seed=29)
    showcase = cases.create_case(session, showcase_case(session))

    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext

    window = MainWindow(PageContext(session, JobRunner()))
    window.resize(1366, 768)
    window.show()
    page = window.show_section("cases")
    settle(app)
    page.table.selectRow(2)
    settle(app)
    save(window, "ui-case-list.png")

    editor = page.open_case(showcase.uuid)
    editor.resize(1280, 860)
    editor.show_section(1)
    settle(app)
    save(editor, "ui-case-editor.png")
    editor.baseline = editor.build()
    editor.close()
    window.clear_pages()
    session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
