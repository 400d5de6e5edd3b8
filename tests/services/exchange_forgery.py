"""Forging bundles as a hostile but trusted partner office would: with the keys ``office export-keys`` writes.

The forger holds only the files of the recovery kit (minisign secret key, age identity, office card) and writes
bundles that follow ``docs/bundle-format.md`` with the application's own writer, so the signature, the recipient
and the sequence are all valid: only the authority rules can refuse them.
"""

from __future__ import annotations

import base64
from pathlib import Path

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.writer import BundleWriter
from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity
from caseapp.domain.merge import comparable
from caseapp.services import offices
from caseapp.store import exchange_repo


def exported_identity(session, folder: Path) -> OfficeIdentity:
    """The office's identity rebuilt from the files of ``offices.export_private_keys`` (as a thief would)."""
    folder.mkdir(parents=True, exist_ok=True)
    offices.export_private_keys(session, folder)
    card = OfficeCard.from_bytes((folder / "office.card.json").read_bytes())
    raw = base64.b64decode((folder / "office.minisign.key").read_text().splitlines()[1])
    # "Ed" kdf "B2" salt(32) opslimit(8) memlimit(8) | keynum(8) | seed(32) public(32) | checksum(32)
    seed = raw[62:94]
    age_secret = next(line for line in (folder / "office.age.key").read_text().splitlines()
                      if line.startswith("AGE-SECRET-KEY-"))
    identity = OfficeIdentity(code=card.code, name=card.name, level=card.level, signing_seed=seed,
                              age_secret=age_secret, key_id=card.key_id, created_at=card.issued_at)
    assert identity.public_key == card.signing_key and identity.age_recipient == card.age_recipient
    return identity


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
