"""docs/img/ui-legal-process.png: the case editor's Proses hukum section on a 1366×768 screen, filled in, with the
1×24 h protection-request clock running in the banner.

Run like ``tests/ui/laptop_screenshots.sh`` (Xvfb at 1366×768 with openbox), with this module:
    DISPLAY=:97 QT_QPA_PLATFORM=xcb PYTHONPATH=src:. python -m tests.ui.cases.legal_process_screenshot
Uses a throw-away data directory and invented data only.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.legal_process import LegalProcess
from caseapp.services import accounts, cases, clock
from caseapp.ui import qt_language, qt_runtime, screen_fit
from caseapp.ui.style import apply_style
from tests.helpers import make_office
from tests.ui.cases.case_screenshots import showcase_case
from tests.ui.laptop_screenshots import shoot


def main() -> int:
    qt_runtime.apply()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    screen_fit.install(app)
    qt_language.apply("id")
    root = Path(tempfile.mkdtemp(prefix="caseapp-legal-shot-"))
    _data_dir, result = make_office(root / "office", admin="andi", admin_full_name="Andi Pratama, S.Sos.")
    session = result.session
    accounts.add_user(session, NewUser("rahmi", "Rahmi Sulastri, S.Psi.", Role.OFFICER), "kata-sandi-contoh-1")
    now = clock.now().replace(tzinfo=None, second=0, microsecond=0)
    case = showcase_case(session)
    reported = now - dt.timedelta(hours=26)
    case = replace(case, police_reported_at=reported, legal_process=LegalProcess(
        police_report_number=f"LP/B/57/{['I','II','III','IV','V','VI','VII','VIII','IX','X','XI','XII'][reported.month - 1]}"
                             f"/{reported.year}/SPKT/POLRES BOMBANA",
        stage="penyidikan", temporary_protection_at=reported + dt.timedelta(hours=5),
        temporary_protection_by="Unit PPA Polres Bombana"))
    stored = cases.create_case(session, case)

    from caseapp.ui.cases.case_editor import CaseEditor
    from caseapp.ui.cases.sections.legal_process import LegalProcessSection

    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    editor.resize(1366, 768)
    editor.show()
    section = editor.section(LegalProcessSection)
    editor.show_section(editor.sections.index(section))
    shoot(app, "ui-legal-process.png")
    editor.baseline = editor.build()
    editor.close()
    session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
