"""Forging bundles as a hostile but trusted partner office would: with the keys ``office export-keys`` writes.

The forger holds only the files of the recovery kit (minisign secret key, age identity, office card; read back by
``tests/bundles/forge.stolen_identity``) and writes bundles that follow ``docs/bundle-format.md`` with the
application's own writer, so the signature, the recipient and the sequence are all valid: only the authority rules
can refuse them. (``tests/bundles/forge.forge`` writes bundles that break the format's bounds instead.)
"""

from __future__ import annotations

from pathlib import Path

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.writer import BundleWriter
from caseapp.crypto.office_identity import OfficeIdentity
from caseapp.domain.merge import comparable
from caseapp.services import offices
from caseapp.store import exchange_repo
from tests.bundles.forge import stolen_identity


def exported_identity(session, folder: Path) -> OfficeIdentity:
    """The office's identity rebuilt from the files of ``offices.export_private_keys`` (as a thief would)."""
    folder.mkdir(parents=True, exist_ok=True)
    offices.export_private_keys(session, folder)
    return stolen_identity(folder)


def record(document: dict, *, origin: str, owner: str, transfer: bool = False, attachments=()) -> bytes:
    """One case record line, as ``export_bundle`` writes it."""
    return fmt.case_record_line(uuid=document["uuid"], document=fmt.canonical_document(comparable(document)),
                                origin_office=origin, owner_office=owner, transfer=transfer,
                                attachments=list(attachments))


def forge(identity: OfficeIdentity, recipient, path: Path, lines: list[bytes], *, scope: str = "full",
          transfer: bool = False, attachments: list[bytes] = ()) -> Path:
    """A bundle from ``identity`` to the office of session ``recipient``, next in sequence, chained to the last one."""
    conn = recipient.db.conn
    seq = max(exchange_repo.in_seqs(conn, identity.code, "data"), default=0) + 1
    prev = conn.execute("SELECT bundle_hash FROM bundles_in WHERE peer = ? AND kind = 'data' AND seq = ?",
                        (identity.code, seq - 1)).fetchone()
    writer = BundleWriter(identity, offices.own_card(recipient), seq, prev[0] if prev else None, "data",
                          scope=scope, transfer=transfer, audit_head="ab" * 32)
    for data in attachments:
        writer.add_attachment(data)
    for line in lines:
        writer.add_record_line(line)
    writer.write_atomic(Path(path))
    return Path(path)
