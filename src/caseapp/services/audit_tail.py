"""The audit log's sealed tail: deleting the newest entries is noticed at unlock and by ``audit verify``.

After every commit the session seals the audit log's newest entry number and head hash into the key
file, authenticated with a key derived from the data key (``KeySlotFile.seal_audit_tail``). The seal
is written only after the commit, so a crash can leave it *behind* the log, never ahead of it. At
unlock the seal is compared with the log: the log may be longer than the seal (a crash between commit
and seal, or a key file restored from an older copy), but it must still contain the sealed entry
with the sealed hash. A log shorter than the seal, or one whose entry at the sealed number has another
hash, means entries were deleted or rewritten. A seal that is present but not authentic, or missing
after the log says sealing began, is reported as well.

Someone who holds the data key can rewrite the log *and* re-seal it; only the heads a partner office
received in bundles expose that (``audit verify --against-heads``, see ``docs/security.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

from caseapp.crypto.keyslots import KeySlotFile
from caseapp.i18n import _
from caseapp.store import audit_log

SEAL_STARTED = "audit_tail_sealed"  # logged once, when a store's first seal is written
ALARM = "audit_tail_alarm"  # logged at each unlock that finds the seal and the log disagree


@dataclass(frozen=True)
class TailCheck:
    status: str  # ok | unsealed | shorter | diverged | seal_invalid | seal_removed
    sealed_count: int | None = None
    found_count: int = 0

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "unsealed")

    @property
    def record_id(self) -> str:
        """What the alarm entry records: the kind of mismatch and both entry numbers (no content)."""
        return f"{self.status}:{self.sealed_count if self.sealed_count is not None else '-'}:{self.found_count}"

    def message(self) -> str:
        """A plain Indonesian warning for the officer and the administrator."""
        if self.status == "shorter":
            text = _("Log audit lebih pendek daripada yang tercatat saat terakhir disimpan: seharusnya ada "
                     "setidaknya {sealed} entri, sekarang hanya {found}. Entri terbaru mungkin telah dihapus.")
        elif self.status == "diverged":
            text = _("Entri log audit no. {sealed} tidak sama dengan yang tercatat saat terakhir disimpan. "
                     "Log audit mungkin telah diubah.")
        elif self.status == "seal_invalid":
            text = _("Segel log audit di berkas kunci rusak atau dipalsukan. Penghapusan entri terbaru tidak "
                     "dapat diperiksa.")
        elif self.status == "seal_removed":
            text = _("Segel log audit hilang dari berkas kunci, padahal log audit menunjukkan segel pernah "
                     "dibuat. Penghapusan entri terbaru tidak dapat diperiksa.")
        else:
            return ""
        return text.format(sealed=self.sealed_count, found=self.found_count) + " " + _(
            "Data tetap dapat dibuka. Beri tahu administrator; kejadian ini dicatat di log audit.")


def check(keyfile: KeySlotFile, conn, db_id: str, data_keys: list[bytes]) -> TailCheck:
    """Compare the key file's sealed tail with the committed log (read-only)."""
    found, _head = audit_log.head(conn, db_id)
    try:
        sealed = keyfile.sealed_audit_tail(data_keys)
    except ValueError:
        return TailCheck("seal_invalid", None, found)
    if sealed is None:
        started = bool(audit_log.entries_with_action(conn, SEAL_STARTED))
        return TailCheck("seal_removed" if started else "unsealed", None, found)
    count, head = sealed
    if found < count:
        return TailCheck("shorter", count, found)
    at_count = audit_log.genesis_hash(db_id) if count == 0 else audit_log.hash_at(conn, count)
    if at_count != head:
        return TailCheck("diverged", count, found)
    return TailCheck("ok", count, found)


def recorded_alarms(conn) -> list[audit_log.AuditEntry]:
    """Earlier unlocks' alarms, kept in the log itself (the seal is renewed after an alarm is logged)."""
    return audit_log.entries_with_action(conn, ALARM)
