"""Format v1 of the ``.casebundle`` file: names, limits, the signed header fields, the manifest and the README."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import orjson

from caseapp.bundles.errors import (
    BundleAttachmentName, BundleAttachmentType, BundleDamaged, BundleMalformedRecord, BundleUnknownField,
    BundleUnsupportedVersion,
)
from caseapp.domain.entry_limits import ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_TEXT_CHARS, plain_file_name

FORMAT = "caseapp-bundle"
VERSION = 1
MANIFEST_TAG = "caseapp-manifest"  # first word of the manifest signature's trusted comment
KINDS = ("data", "receipt")
SCOPES = ("full", "deidentified")
GENESIS_HASH = "0" * 64  # "previous bundle hash" of an office pair's first bundle
SUFFIX = ".casebundle"

README, HEADER, PAYLOAD, SIGNATURE = "README.txt", "header.json", "payload.age", "payload.age.minisig"
MEMBERS = (README, HEADER, PAYLOAD, SIGNATURE)  # exactly these, in this order
MANIFEST, MANIFEST_SIG, RECORDS, ATTACHMENTS = "manifest.json", "manifest.sig", "records.jsonl", "attachments/"

MAX_HEADER = 16 * 1024
MAX_SIGNATURE = 8 * 1024
MAX_README = 64 * 1024
MAX_MANIFEST = 64 * 1024 * 1024
MAX_INNER_MEMBER = 0xFFFFFFFF

# --- bounds on reading (see "Limits" in docs/exchange.md) ---------------------------------------------------------
# Sequence numbers start at 1; a data bundle may be at most this far ahead of the last one received from its sender.
SEQUENCE_WINDOW = 10_000
# Decompressed, all inner files together: at most this many times the outer file, or MIN_PAYLOAD_ALLOWANCE for a
# small bundle, and never more than MAX_PAYLOAD_TOTAL. Real bundles come to about 1.1 (records.jsonl, deflated at
# level 1, is about 4.5 times its compressed size; attachments are stored as they are).
MAX_EXPANSION = 16
MIN_PAYLOAD_ALLOWANCE = 32 * 1024 * 1024
MAX_PAYLOAD_TOTAL = 4 * 1024 ** 3
MAX_RECORDS_BYTES = 1024 ** 3           # records.jsonl, decompressed
MAX_RECORD_LINE = 8 * 1024 * 1024       # one record (a case's document with everything in it is a few kB)
MAX_RECORDS = 200_000
MAX_DEPTH = 32                          # nesting of JSON lists and objects (a case record has 7)
MAX_FIELD_CHARS = MAX_TEXT_CHARS        # every string in a record, as in local entry
MAX_ATTACHMENT = MAX_ATTACHMENT_BYTES   # one attachment, as in local entry
MAX_INNER_FILES = MAX_RECORDS + 3       # ZIP entries inside the payload

# A case record has exactly these fields in version 1. A later format version may add fields; it says so in the
# header's version (and docs/bundle-format.md), and a v1 reader refuses such a bundle instead of guessing.
CASE_RECORD_FIELDS = frozenset({"type", "uuid", "document", "origin_office", "owner_office", "transfer",
                                "attachments"})
ATTACHMENT_FIELDS = frozenset({"sha256", "file_name", "mime_type", "description", "created_at"})

_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9A-F]{16}")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")
_TIME = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")
_INT = re.compile(r"0|[1-9]\d{0,17}")


def is_hash(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


@dataclass(frozen=True)
class BundleHeader:
    """The fields signed in the trusted comment and repeated in clear in ``header.json``."""

    kind: str
    sender_code: str
    sender_key_id: str
    recipient_code: str
    recipient_key_id: str
    sequence: int
    previous_hash: str
    created_at: str
    ack_sequence: int | None = None  # receipts only: the acknowledged bundle
    ack_hash: str | None = None
    version: int = VERSION

    def validate(self) -> BundleHeader:
        ok = (
            self.kind in KINDS and self.version == VERSION
            and all(isinstance(c, str) and _CODE.fullmatch(c) for c in (self.sender_code, self.recipient_code))
            and all(isinstance(k, str) and _KEY_ID.fullmatch(k) for k in (self.sender_key_id, self.recipient_key_id))
            and type(self.sequence) is int and 0 <= self.sequence < 10**18
            and is_hash(self.previous_hash)
            and isinstance(self.created_at, str) and _TIME.fullmatch(self.created_at) is not None
            and ((self.kind == "receipt") == (self.ack_sequence is not None) == (self.ack_hash is not None))
            and (self.ack_sequence is None or (type(self.ack_sequence) is int and 0 <= self.ack_sequence < 10**18
                                               and is_hash(self.ack_hash)))
        )
        if not ok:
            raise ValueError("invalid bundle header fields")
        return self

    def trusted_comment(self, tag: str = FORMAT) -> str:
        text = (f"{tag} v{self.version} kind={self.kind} from={self.sender_code}:{self.sender_key_id} "
                f"to={self.recipient_code}:{self.recipient_key_id} seq={self.sequence} "
                f"prev={self.previous_hash} created={self.created_at}")
        if self.ack_sequence is not None:
            text += f" ack={self.ack_sequence}:{self.ack_hash}"
        return text

    @classmethod
    def from_trusted_comment(cls, text: str, tag: str = FORMAT) -> BundleHeader:
        """Parse strictly; raises BundleUnsupportedVersion or BundleDamaged."""
        words = text.split(" ")
        if len(words) < 2 or words[0] != tag:
            raise BundleDamaged()
        if words[1] != f"v{VERSION}":
            raise BundleUnsupportedVersion()
        try:
            fields = dict(w.split("=", 1) for w in words[2:])
            sender_code, sender_key = fields["from"].split(":")
            recipient_code, recipient_key = fields["to"].split(":")
            ack_seq = ack_hash = None
            if "ack" in fields:
                seq_text, ack_hash = fields["ack"].split(":")
                ack_seq = _parse_int(seq_text)
            header = cls(kind=fields["kind"], sender_code=sender_code, sender_key_id=sender_key,
                         recipient_code=recipient_code, recipient_key_id=recipient_key,
                         sequence=_parse_int(fields["seq"]), previous_hash=fields["prev"],
                         created_at=fields["created"], ack_sequence=ack_seq, ack_hash=ack_hash).validate()
            if header.trusted_comment(tag) != text:
                raise ValueError("not canonical")
        except (ValueError, KeyError, TypeError) as exc:
            raise BundleDamaged() from exc
        return header

    def to_dict(self) -> dict:
        return {
            "format": FORMAT, "version": self.version, "kind": self.kind,
            "sender": {"code": self.sender_code, "key_id": self.sender_key_id},
            "recipient": {"code": self.recipient_code, "key_id": self.recipient_key_id},
            "sequence": self.sequence, "previous_hash": self.previous_hash, "created_at": self.created_at,
            "acknowledges": None if self.ack_sequence is None
            else {"sequence": self.ack_sequence, "bundle_hash": self.ack_hash},
        }

    def header_json(self) -> bytes:
        """The exact bytes of ``header.json``."""
        return (json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n").encode("ascii")


def _parse_int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise ValueError("not a canonical integer")
    return int(text)


def header_version(data: bytes) -> int | None:
    """The version a ``header.json`` claims, or None when it is not a caseapp bundle header at all."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or type(doc.get("version")) is not int:
        return None
    return doc["version"]


def manifest_core(header: BundleHeader) -> dict:
    """The manifest fields that must repeat the signed header exactly."""
    return header.to_dict()


def untrusted_comment(header: BundleHeader) -> str:
    return f"caseapp bundle from office {header.sender_code}, key {header.sender_key_id}"


def canonical_record(record: dict) -> bytes:
    """One line of ``records.jsonl`` (without the newline)."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def canonical_document(document: dict) -> bytes:
    """``canonical_record`` for a case document (str keys; strings, ints, bools, null, lists and dicts only).

    orjson writes the same bytes as ``canonical_record`` for such data, several times faster. The two differ only
    for floats (exponent spelling, NaN), which ``case_to_json`` never produces; tests/bundles compare both encoders.
    """
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def case_record_line(*, uuid: str, document: bytes, origin_office: str, owner_office: str, transfer: bool,
                     attachments: list[dict]) -> bytes:
    """``canonical_record`` of a case record, with its document already encoded by ``canonical_document``.

    The keys are written in sorted order, so the line is byte for byte what ``canonical_record`` gives for the
    same record as a dict; the document is not encoded a second time.
    """
    enc = canonical_document
    return b"".join((b'{"attachments":', enc(attachments), b',"document":', document,
                     b',"origin_office":', enc(origin_office), b',"owner_office":', enc(owner_office),
                     b',"transfer":', enc(transfer), b',"type":"case","uuid":', enc(uuid), b"}"))


_README_V1 = """\
PAKET KASUS caseapp (format {format} versi {version}) - RAHASIA
==============================================================

Berkas ini berisi data kasus kekerasan terhadap perempuan dan anak yang
dienkripsi. Dari kantor {sender} untuk kantor {recipient}, nomor urut {sequence}.
Isi paket hanya dapat dibaca oleh kantor tujuan.

Cara membuka: di aplikasi caseapp, pilih Impor paket.

Cara membuka tanpa aplikasi (perlu program unzip, minisign dan age):
  1. unzip paket.casebundle -d paket
  2. minisign -Vm paket/payload.age -P KUNCI_PUBLIK_PENGIRIM
     (kunci "RW..." dari kartu kantor pengirim yang sudah dikonfirmasi,
     JANGAN dari berkas ini)
  3. age -d -i identitas-age-kantor.txt -o isi.zip paket/payload.age
  4. unzip isi.zip -d isi
  5. minisign -Vm isi/manifest.json -x isi/manifest.sig -P KUNCI_PUBLIK_PENGIRIM
  Isi: manifest.json (daftar isi), records.jsonl (satu catatan per baris),
  attachments/ (lampiran, bernama menurut SHA-256 isinya).
  Lakukan hanya di komputer kantor yang aman, lalu hapus isi.zip dan folder isi.

caseapp CASE BUNDLE (format {format} version {version}) - CONFIDENTIAL
----------------------------------------------------------------------

This file holds encrypted case records of violence against women and
children, from office {sender} to office {recipient}, sequence number
{sequence}. Only the recipient office can read it.

To open: in caseapp, choose Import bundle. To open by hand, follow steps 1-5
above (tools: unzip, minisign, age). Take the sender's "RW..." public key from
its confirmed office card, never from this file. Work only on a secure office
computer and delete the decrypted files afterwards.
"""

# Every README text a v1 writer has ever produced; readers accept any of them, so it can be improved later.
README_TEMPLATES = (_README_V1,)


def render_readme(header: BundleHeader, template: str = README_TEMPLATES[-1]) -> bytes:
    text = template.format(format=FORMAT, version=header.version, sender=header.sender_code,
                           recipient=header.recipient_code, sequence=header.sequence)
    return text.replace("\n", "\r\n").encode("ascii")


def check_case_record(record: object, attachment_hashes: frozenset[str] | set[str] | None = None) -> dict:
    """A case record as format v1 defines it, or a BundleError naming what is wrong (never anything else).

    Checked: the fields (``CASE_RECORD_FIELDS``, none other), their types, and every attachment entry
    (``ATTACHMENT_FIELDS``; a file in the bundle; an allowed file type; a plain file name). The document itself is
    checked by the case rules (``case_from_json``). ``attachment_hashes``: the attachments the bundle holds.
    """
    if type(record) is not dict:
        raise BundleMalformedRecord()
    if not record.keys() <= CASE_RECORD_FIELDS:
        raise BundleUnknownField()
    u = record.get("uuid")
    document = record.get("document")
    if record.get("type") != "case" or type(u) is not str or type(document) is not dict:
        raise BundleMalformedRecord()
    for key in ("origin_office", "owner_office"):
        value = record.get(key)
        if value is not None and (type(value) is not str or not _CODE.fullmatch(value)):
            raise BundleMalformedRecord()
    if type(record.get("transfer", False)) is not bool:
        raise BundleMalformedRecord()
    attachments = record.get("attachments")
    if attachments is None:
        return record
    if type(attachments) is not list:
        raise BundleMalformedRecord()
    for att in attachments:
        if type(att) is not dict:
            raise BundleMalformedRecord()
        if not att.keys() <= ATTACHMENT_FIELDS:
            raise BundleUnknownField()
        sha = att.get("sha256")
        if not is_hash(sha) or (attachment_hashes is not None and sha not in attachment_hashes):
            raise BundleMalformedRecord()
        for key in ("description", "created_at"):
            if att.get(key) is not None and type(att.get(key)) is not str:
                raise BundleMalformedRecord()
        mime = att.get("mime_type")
        if type(mime) is not str:
            raise BundleMalformedRecord()
        if mime not in ALLOWED_ATTACHMENT_TYPES:
            raise BundleAttachmentType()
        if not plain_file_name(att.get("file_name")):
            raise BundleAttachmentName()
    return record
