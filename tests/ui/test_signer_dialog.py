"""Pengaturan › Pengguna › Tanda tangan surat: pangkat/golongan and a.n. / Plt. / Plh. of an account."""

from __future__ import annotations

from caseapp.domain.accounts import NewUser, Role
from caseapp.services import accounts
from caseapp.store import accounts_repo
from tests.helpers import OFFICER_PASSWORD, make_office


def test_admin_sets_rank_and_signing_for_the_head(qtbot, tmp_path):
    from caseapp.ui.signer_dialog import SignerDialog

    _dd, result = make_office(tmp_path / "o")
    with result.session as s:
        user = accounts.add_user(s, NewUser("sekretaris", "Contoh Sekretaris", Role.SUPERVISOR), OFFICER_PASSWORD)
        dialog = SignerDialog(s, user)
        qtbot.addWidget(dialog)
        dialog.rank.setText("Penata (III/c)")
        dialog.signs_as.setCurrentIndex(dialog.signs_as.findData("an"))
        dialog.save()
        assert dialog.result() == dialog.DialogCode.Accepted
        saved = accounts_repo.get_user(s.db.conn, "sekretaris")
        assert (saved.rank, saved.signs_as) == ("Penata (III/c)", "an")
        dialog = SignerDialog(s, saved)
        qtbot.addWidget(dialog)
        dialog.rank.setText("x" * 81)
        dialog.save()
        assert "terlalu panjang" in dialog.error.text()
        assert accounts_repo.get_user(s.db.conn, "sekretaris").rank == "Penata (III/c)"
