"""Office identity (Ed25519 signing + age X25519 keys) and the self-signed office card other offices trust."""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from caseapp.crypto.wordlist import words_for
from caseapp.domain.errors import CaseappError, ValidationError
from caseapp.i18n import _

LEVELS = ("kabupaten", "provinsi")
CARD_FORMAT = "caseapp-office-card"
CARD_VERSION = 1
MAX_CARD_BYTES = 16 * 1024
_CODE_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")
_KEY_ID_RE = re.compile(r"[0-9A-F]{16}")
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SELF_DOMAIN = b"caseapp-office-card-v1 self\n"
_ROTATION_DOMAIN = b"caseapp-office-card-v1 rotation\n"
_FINGERPRINT_DOMAIN = b"caseapp-office-card-v1 fingerprint\n"
_KEY_ID_DOMAIN = b"caseapp-office-key-id-v1\n"


class OfficeCardInvalid(CaseappError):
    """An office card file is damaged, or its self- or rotation signature does not verify."""

    exit_code = 52

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Kartu kantor rusak atau tanda tangannya tidak sah."))


def utc_now() -> str:
    """Current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def key_id_for(public_key: bytes) -> str:
    """16 upper-case hex digits, shown the way minisign shows key ids (little-endian of the 8 key-id bytes)."""
    return keynum_to_key_id(hashlib.sha256(_KEY_ID_DOMAIN + public_key).digest()[:8])


def key_id_to_keynum(key_id: str) -> bytes:
    return int(key_id, 16).to_bytes(8, "little")


def keynum_to_key_id(keynum: bytes) -> str:
    return f"{int.from_bytes(keynum, 'little'):016X}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, length: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not a string")
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != length or _b64(raw) != text:
        raise ValueError("bad base64 value")
    return raw


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _check_text(value: object, what: str, *, pattern: re.Pattern[str] | None = None, limit: int = 200) -> str:
    ok = isinstance(value, str) and 0 < len(value) <= limit and value.isprintable() and value == value.strip()
    if ok and pattern is not None:
        ok = pattern.fullmatch(value) is not None
    if not ok:
        raise ValidationError(_("Nilai tidak sah: {what}").format(what=what), field=what)
    return value  # type: ignore[return-value]


def _check_recipient(value: object) -> str:
    if not isinstance(value, str) or not value.startswith("age1"):
        raise ValueError("not an age recipient")
    if str(pyrage.x25519.Recipient.from_str(value)) != value:
        raise ValueError("age recipient not canonical")
    return value


@dataclass(frozen=True)
class OfficeCard:
    """The public half of an office identity: what another office confirms by phone and then trusts."""

    code: str
    name: str
    level: str
    signing_key: bytes  # raw Ed25519 public key, 32 bytes
    age_recipient: str  # "age1…"
    key_id: str
    issued_at: str
    previous_key_id: str | None = None
    previous_key_signature: bytes | None = None  # the card body signed by the previous key (rotation)
    self_signature: bytes = field(default=b"", repr=False)

    def body(self) -> dict:
        """The signed fields, as a JSON-able dict."""
        return {
            "code": self.code, "name": self.name, "level": self.level,
            "signing_key": _b64(self.signing_key), "age_recipient": self.age_recipient,
            "key_id": self.key_id, "issued_at": self.issued_at, "previous_key_id": self.previous_key_id,
        }

    def signed_bytes(self, *, rotation: bool = False) -> bytes:
        return (_ROTATION_DOMAIN if rotation else _SELF_DOMAIN) + _canonical(self.body())

    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_key)

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this card's Ed25519 signature of ``message``."""
        try:
            self.public_key().verify(signature, message)
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True

    def to_bytes(self) -> bytes:
        doc = {"format": CARD_FORMAT, "version": CARD_VERSION, "card": self.body(),
               "self_signature": _b64(self.self_signature),
               "previous_key_signature": _b64(self.previous_key_signature) if self.previous_key_signature else None}
        return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> OfficeCard:
        """Parse and check a card file: well-formed, consistent keys, valid self-signature. Never a raw error."""
        try:
            if not isinstance(data, (bytes, bytearray)) or len(data) > MAX_CARD_BYTES:
                raise ValueError("size")
            doc = json.loads(bytes(data).decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != CARD_FORMAT:
                raise ValueError("format")
            if doc.get("version") != CARD_VERSION or type(doc.get("version")) is not int:
                raise OfficeCardInvalid(_("Versi kartu kantor tidak dikenal. Perbarui aplikasi."))
            if set(doc) != {"format", "version", "card", "self_signature", "previous_key_signature"}:
                raise ValueError("keys")
            card = cls._from_body(doc["card"], doc["self_signature"], doc["previous_key_signature"])
        except OfficeCardInvalid:
            raise
        except Exception as exc:  # malformed input of any kind
            raise OfficeCardInvalid() from exc
        if not card.verify(card.signed_bytes(), card.self_signature):
            raise OfficeCardInvalid()
        return card

    @classmethod
    def _from_body(cls, body: object, self_sig: object, prev_sig: object) -> OfficeCard:
        if not isinstance(body, dict) or set(body) != set(_BODY_KEYS) or body["level"] not in LEVELS:
            raise ValueError("card keys")
        signing_key = _unb64(body["signing_key"], 32)
        Ed25519PublicKey.from_public_bytes(signing_key)
        prev_id = body["previous_key_id"]
        if prev_id is not None and (not isinstance(prev_id, str) or not _KEY_ID_RE.fullmatch(prev_id)):
            raise ValueError("previous key id")
        if (prev_id is None) != (prev_sig is None):
            raise ValueError("rotation fields")
        card = cls(
            code=_check_text(body["code"], "code", pattern=_CODE_RE),
            name=_check_text(body["name"], "name"),
            level=body["level"],
            signing_key=signing_key,
            age_recipient=_check_recipient(body["age_recipient"]),
            key_id=_check_text(body["key_id"], "key_id", pattern=_KEY_ID_RE),
            issued_at=_check_text(body["issued_at"], "issued_at", pattern=_TIME_RE),
            previous_key_id=prev_id,
            previous_key_signature=None if prev_sig is None else _unb64(prev_sig, 64),
            self_signature=_unb64(self_sig, 64),
        )
        if card.key_id != key_id_for(signing_key):
            raise ValueError("key id does not match key")
        return card

    def verify_rotation(self, old_card: OfficeCard) -> None:
        """Check that this card replaces ``old_card``: same office, signed by the old key. Raises OfficeCardInvalid."""
        ok = (
            self.previous_key_id is not None and self.previous_key_signature is not None
            and self.previous_key_id == old_card.key_id and self.code == old_card.code
            and self.key_id != old_card.key_id
            and old_card.verify(self.signed_bytes(rotation=True), self.previous_key_signature)
        )
        if not ok:
            raise OfficeCardInvalid(_("Kartu kantor baru tidak ditandatangani oleh kunci lama kantor ini."))

    def fingerprint(self) -> str:
        """SHA-256 (hex) over the office code and both public keys."""
        material = _canonical({"code": self.code, "signing_key": _b64(self.signing_key),
                               "age_recipient": self.age_recipient})
        return hashlib.sha256(_FINGERPRINT_DOMAIN + material).hexdigest()

    def fingerprint_words(self, count: int = 8) -> list[str]:
        """The first ``count`` fingerprint bytes as Indonesian words, to read aloud by phone."""
        return words_for(bytes.fromhex(self.fingerprint())[:count])

    def fingerprint_groups(self) -> str:
        """The full fingerprint in groups of four upper-case hex digits, for the printed card page."""
        fp = self.fingerprint().upper()
        return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))

    def minisign_public_key_b64(self) -> str:
        """The key as ``minisign -P`` takes it ("RWS…")."""
        return _b64(b"Ed" + key_id_to_keynum(self.key_id) + self.signing_key)

    def minisign_public_key(self) -> str:
        """A minisign public key file (``minisign -p``)."""
        return f"untrusted comment: minisign public key {self.key_id}\n{self.minisign_public_key_b64()}\n"


_BODY_KEYS = ("code", "name", "level", "signing_key", "age_recipient", "key_id", "issued_at", "previous_key_id")


@dataclass(frozen=True, repr=False)
class OfficeIdentity:
    """An office's private keys. Lives inside the encrypted store; never written to disk in the clear."""

    code: str
    name: str
    level: str
    signing_seed: bytes  # Ed25519 private key (32-byte seed)
    age_secret: str  # "AGE-SECRET-KEY-1…"
    key_id: str
    created_at: str
    previous_key_id: str | None = None
    previous_key_signature: bytes | None = None

    def __repr__(self) -> str:
        return f"OfficeIdentity(code={self.code!r}, level={self.level!r}, key_id={self.key_id!r})"

    @classmethod
    def generate(cls, code: str, name: str, level: str, *, now: str | None = None) -> OfficeIdentity:
        _check_text(code, "code", pattern=_CODE_RE)
        _check_text(name, "name")
        if level not in LEVELS:
            raise ValidationError(_("Nilai tidak sah: {what}").format(what="level"), field="level")
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
        return cls(code=code, name=name, level=level, signing_seed=seed,
                   age_secret=str(pyrage.x25519.Identity.generate()), key_id=key_id_for(public),
                   created_at=now or utc_now())

    def _private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed)

    @property
    def public_key(self) -> bytes:
        return self._private_key().public_key().public_bytes_raw()

    @property
    def keynum(self) -> bytes:
        return key_id_to_keynum(self.key_id)

    def sign(self, message: bytes) -> bytes:
        return self._private_key().sign(message)

    def age_identity(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.age_secret)

    @property
    def age_recipient(self) -> str:
        return str(self.age_identity().to_public())

    def card(self) -> OfficeCard:
        unsigned = OfficeCard(code=self.code, name=self.name, level=self.level, signing_key=self.public_key,
                              age_recipient=self.age_recipient, key_id=self.key_id, issued_at=self.created_at,
                              previous_key_id=self.previous_key_id,
                              previous_key_signature=self.previous_key_signature)
        return OfficeCard(**{**unsigned.__dict__, "self_signature": self.sign(unsigned.signed_bytes())})

    def rotate(self, *, name: str | None = None, now: str | None = None) -> tuple[OfficeIdentity, OfficeCard]:
        """A new identity for the same office, its card signed by this (old) key."""
        fresh = OfficeIdentity.generate(self.code, name or self.name, self.level, now=now)
        body_card = OfficeCard(code=fresh.code, name=fresh.name, level=fresh.level, signing_key=fresh.public_key,
                               age_recipient=fresh.age_recipient, key_id=fresh.key_id,
                               issued_at=fresh.created_at, previous_key_id=self.key_id)
        rotation_sig = self.sign(body_card.signed_bytes(rotation=True))
        new = OfficeIdentity(**{**fresh.__dict__, "previous_key_id": self.key_id,
                                "previous_key_signature": rotation_sig})
        return new, new.card()

    def to_private_dict(self) -> dict:
        """JSON-able; holds private keys: store only inside the encrypted database."""
        return {"format": "caseapp-office-identity", "version": 1, "code": self.code, "name": self.name,
                "level": self.level, "signing_seed": _b64(self.signing_seed), "age_secret": self.age_secret,
                "key_id": self.key_id, "created_at": self.created_at, "previous_key_id": self.previous_key_id,
                "previous_key_signature": _b64(self.previous_key_signature) if self.previous_key_signature else None}

    @classmethod
    def from_private_dict(cls, data: dict) -> OfficeIdentity:
        try:
            if data.get("format") != "caseapp-office-identity" or data.get("version") != 1:
                raise ValueError("format")
            seed = _unb64(data["signing_seed"], 32)
            prev_sig = data["previous_key_signature"]
            ident = cls(code=_check_text(data["code"], "code", pattern=_CODE_RE),
                        name=_check_text(data["name"], "name"), level=data["level"], signing_seed=seed,
                        age_secret=data["age_secret"], key_id=data["key_id"], created_at=data["created_at"],
                        previous_key_id=data["previous_key_id"],
                        previous_key_signature=None if prev_sig is None else _unb64(prev_sig, 64))
            if ident.level not in LEVELS or ident.key_id != key_id_for(ident.public_key):
                raise ValueError("inconsistent")
            ident.age_identity()
            if str(ident.age_identity()) != ident.age_secret:
                raise ValueError("age secret not canonical")
        except Exception as exc:
            raise OfficeCardInvalid(_("Data identitas kantor rusak.")) from exc
        return ident

    # --- recovery-kit exports (standard tool formats) ---

    def export_age_identity(self) -> str:
        """An age identity file, as written by ``age-keygen`` (for ``age -d -i``)."""
        return f"# created: {self.created_at}\n# public key: {self.age_recipient}\n{self.age_secret}\n"

    def export_minisign_public_key(self) -> str:
        return self.card().minisign_public_key()

    def export_minisign_secret_key(self) -> str:
        """An unencrypted minisign secret key file (as ``minisign -G -W`` writes), usable with ``minisign -S -W``."""
        sk = self.signing_seed + self.public_key
        checksum = hashlib.blake2b(b"Ed" + self.keynum + sk, digest_size=32).digest()
        raw = b"Ed" + b"\0\0" + b"B2" + bytes(32) + bytes(8) + bytes(8) + self.keynum + sk + checksum
        return f"untrusted comment: minisign secret key {self.key_id} (unencrypted)\n{_b64(raw)}\n"


def rotate(old_identity: OfficeIdentity, **kwargs) -> tuple[OfficeIdentity, OfficeCard]:
    """A new identity and card for ``old_identity``'s office whose rotation signature verifies with the old key."""
    return old_identity.rotate(**kwargs)
