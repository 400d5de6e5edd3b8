"""A frozen copy of the exporter's record path, for the byte-for-byte test of the streamed exporter.

Copied from ``caseapp.services.exchange.export_bundle`` and ``_export_rows`` at commit d6cef59 (main, before
issue 16's streaming): how store rows become the lines of ``records.jsonl`` and the attachment files, before
compression and encryption. Do not "fix" or update it: it is what today's exporter produced, and a bundle from the
current exporter must decrypt to exactly these bytes. It reads the store through the same repository functions.
"""

from __future__ import annotations

import hashlib

import orjson

from caseapp.bundles import format_v1 as fmt
from caseapp.domain.deidentify import deidentify_case_document
from caseapp.domain.merge import comparable, decode_value, set_at_path
from caseapp.store import cases_repo, exchange_repo


def _export_rows(conn, peer: str, uuids: list[str] | None, owned: str | None) -> list[tuple]:
    if uuids is not None:
        return [(r[0], orjson.loads(r[1]), r[2], r[3]) for r in exchange_repo.export_rows(conn, peer, uuids=uuids)]
    candidates = [u for u, read_only, handed_to in exchange_repo.export_candidates(conn, peer, owned_by=owned)
                  if not read_only or handed_to == peer]
    out = []
    for u, text, version, owner, _read_only, _handed_to, base_text, base_is_this_version in \
            exchange_repo.export_rows(conn, peer, uuids=candidates):
        if base_is_this_version:
            continue
        doc = orjson.loads(text)
        if base_text is None or comparable(orjson.loads(base_text)) != comparable(doc):
            out.append((u, doc, version, owner))
    return out


def reference_payload(session, peer: str, *, scope: str = "full", transfer: bool = False,
                      uuids: list[str] | None = None, peer_level: str = "provinsi") -> tuple[bytes, dict[str, bytes]]:
    """(records.jsonl, {sha256: attachment bytes}) exactly as the exporter at d6cef59 would put in the bundle."""
    conn = session.db.conn
    me = session.office.code
    owned = me if peer_level == "provinsi" and me.startswith(peer + ".") else None
    records = bytearray()
    files: dict[str, bytes] = {}
    with_attachments = cases_repo.cases_with_attachments(conn) if scope == "full" else set()
    open_conflict_rows: dict[str, list] = {}
    for row in exchange_repo.open_conflicts(conn):
        if row.peer == peer:
            open_conflict_rows.setdefault(row.case_uuid, []).append(row)
    for u, doc, _version, owner in _export_rows(conn, peer, uuids, owned):
        shared = comparable(doc)
        out_doc = deidentify_case_document(doc) if scope == "deidentified" else shared
        out_doc.pop("assigned_officers", None)
        for conflict in open_conflict_rows.get(u, []):
            out_doc = set_at_path(out_doc, conflict.path, decode_value(conflict.remote_value))
        out_bytes = fmt.canonical_document(out_doc)
        attachments = []
        if u in with_attachments:
            for _id, name, mime, sha, desc, created, data in cases_repo.attachments_with_data(conn, u):
                files[hashlib.sha256(data).hexdigest()] = data
                attachments.append({"sha256": sha, "file_name": name, "mime_type": mime, "description": desc,
                                    "created_at": created})
        records += fmt.case_record_line(
            uuid=u, document=out_bytes, origin_office=session.office.code,
            owner_office=peer if transfer else owner, transfer=transfer, attachments=attachments) + b"\n"
    return bytes(records), files
