"""LUKS-style key slots that wrap the database's data key for each user and for the recovery key.

Each slot owns an X25519 key pair. A password slot keeps its private key wrapped with an
Argon2id-derived key; the recovery slot derives its private key from the recovery secret.
The data key is sealed to every slot's public key (ephemeral X25519 + HKDF + ChaCha20-Poly1305),
so an admin can re-key the database and re-seal the new data key for the remaining users
without knowing their passwords, and a removed user's old slot opens only the old key.
All AEAD calls bind database id, slot id, user and KDF parameters as associated data.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.atomic import atomic_write_bytes
from caseapp.crypto.kdf import KdfParams, KdfPolicy
from caseapp.domain.errors import DamagedStore, WrongPassword
from caseapp.i18n import _

FORMAT = "caseapp-keyslots"
VERSION = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _raw_public(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


@dataclass
class Envelope:
    """The data key of one key generation, sealed to a slot's public key."""

    generation: int
    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    def to_dict(self) -> dict:
        return {
            "generation": self.generation,
            "ephemeral": _b64(self.ephemeral),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Envelope":
        return cls(int(d["generation"]), _unb64(d["ephemeral"]), _unb64(d["nonce"]), _unb64(d["ciphertext"]))


@dataclass
class KeySlot:
    id: str
    kind: str  # "password" or "recovery"
    user: str | None
    public_key: bytes
    kdf: KdfParams | None = None
    wrapped_private: bytes | None = None  # nonce(12) || ciphertext
    envelopes: list[Envelope] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "public_key": _b64(self.public_key),
            "envelopes": [e.to_dict() for e in self.envelopes],
        }
        if self.kdf is not None:
            d["kdf"] = self.kdf.to_dict()
            d["wrapped_private"] = _b64(self.wrapped_private or b"")
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "KeySlot":
        kind = d["kind"]
        if kind not in ("password", "recovery"):
            raise ValueError("unknown slot kind")
        return cls(
            id=str(d["id"]),
            kind=kind,
            user=d.get("user"),
            public_key=_unb64(d["public_key"]),
            kdf=KdfParams.from_dict(d["kdf"]) if kind == "password" else None,
            wrapped_private=_unb64(d["wrapped_private"]) if kind == "password" else None,
            envelopes=[Envelope.from_dict(e) for e in d.get("envelopes", [])],
        )


@dataclass
class KeySlotFile:
    """The whole key-slot file: database id, the database file's salt, and the slots."""

    db_id: str
    db_salt: bytes
    generation: int
    slots: list[KeySlot] = field(default_factory=list)
    # The audit log's entry count and head hash at the last sealed commit, authenticated with a key
    # derived from the data key: {"count": int, "head": hex, "mac": b64}. None before the first seal.
    audit_seal: dict | None = None

    # --- serialisation -------------------------------------------------
    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "db_id": self.db_id,
            "db_salt": self.db_salt.hex(),
            "generation": self.generation,
            "slots": [s.to_dict() for s in self.slots],
        }
        if self.audit_seal is not None:
            data["audit_seal"] = self.audit_seal
        return json.dumps(data, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "KeySlotFile":
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError("not a key-slot file")
            return cls(
                db_id=str(data["db_id"]),
                db_salt=bytes.fromhex(data["db_salt"]),
                generation=int(data["generation"]),
                slots=[KeySlot.from_dict(s) for s in data["slots"]],
                # A malformed seal is kept as found: checking it reports tampering, it never locks anyone out.
                audit_seal=data.get("audit_seal"),
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise DamagedStore(
                _("Berkas kunci (caseapp.keys) rusak atau bukan berkas kunci caseapp. Pulihkan dari cadangan.")
            ) from None

    @classmethod
    def load(cls, path: Path) -> "KeySlotFile":
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise DamagedStore(_("Berkas kunci (caseapp.keys) tidak ditemukan di folder data.")) from None
        return cls.from_bytes(raw)

    def save(self, path: Path) -> None:
        atomic_write_bytes(Path(path), self.to_bytes())

    # --- lookup ----------------------------------------------------------
    def password_slot(self, user: str) -> KeySlot | None:
        return next((s for s in self.slots if s.kind == "password" and s.user == user), None)

    def recovery_slot(self) -> KeySlot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind == "password" and s.user]

    # --- associated data -------------------------------------------------
    def _wrap_ad(self, slot: KeySlot) -> bytes:
        return _canonical(
            {
                "purpose": "caseapp-slot-private-key",
                "db_id": self.db_id,
                "slot_id": slot.id,
                "kind": slot.kind,
                "user": slot.user,
                "kdf": slot.kdf.to_dict() if slot.kdf else None,
                "public_key": _b64(slot.public_key),
            }
        )

    def _envelope_ad(self, slot: KeySlot, generation: int, ephemeral: bytes) -> bytes:
        return _canonical(
            {
                "purpose": "caseapp-data-key",
                "db_id": self.db_id,
                "slot_id": slot.id,
                "kind": slot.kind,
                "user": slot.user,
                "generation": generation,
                "public_key": _b64(slot.public_key),
                "ephemeral": _b64(ephemeral),
            }
        )

    # --- sealing the data key ---------------------------------------------
    def seal(self, slot: KeySlot, data_key: bytes, generation: int) -> None:
        """Add (or replace) the envelope of ``generation`` on ``slot``."""
        eph = X25519PrivateKey.generate()
        eph_pub = _raw_public(eph)
        shared = eph.exchange(X25519PublicKey.from_public_bytes(slot.public_key))
        key = _hkdf(shared, eph_pub + slot.public_key, b"caseapp-keyslot-v1")
        nonce = os.urandom(12)
        ct = ChaCha20Poly1305(key).encrypt(nonce, data_key, self._envelope_ad(slot, generation, eph_pub))
        slot.envelopes = [e for e in slot.envelopes if e.generation != generation]
        slot.envelopes.append(Envelope(generation, eph_pub, nonce, ct))

    def seal_all(self, data_key: bytes, generation: int) -> None:
        for slot in self.slots:
            self.seal(slot, data_key, generation)

    def keep_only_generation(self, generation: int) -> None:
        for slot in self.slots:
            slot.envelopes = [e for e in slot.envelopes if e.generation == generation]

    def open_envelopes(self, slot: KeySlot, private: X25519PrivateKey) -> list[tuple[int, bytes]]:
        """All data keys this slot can open, newest generation first."""
        keys = []
        for env in sorted(slot.envelopes, key=lambda e: -e.generation):
            try:
                shared = private.exchange(X25519PublicKey.from_public_bytes(env.ephemeral))
                key = _hkdf(shared, env.ephemeral + slot.public_key, b"caseapp-keyslot-v1")
                keys.append(
                    (env.generation,
                     ChaCha20Poly1305(key).decrypt(env.nonce, env.ciphertext, self._envelope_ad(slot, env.generation, env.ephemeral)))
                )
            except (InvalidTag, ValueError):
                continue
        return keys

    # --- password slots --------------------------------------------------
    def add_password_slot(self, user: str, password: str, policy: KdfPolicy) -> tuple[KeySlot, X25519PrivateKey]:
        """A new slot for ``user`` (replacing any old one); the caller seals the data key to it."""
        self.slots = [s for s in self.slots if not (s.kind == "password" and s.user == user)]
        private = X25519PrivateKey.generate()
        slot = KeySlot(id=str(uuid.uuid4()), kind="password", user=user, public_key=_raw_public(private))
        self._wrap_private(slot, private, password, policy)
        self.slots.append(slot)
        return slot, private

    def _wrap_private(self, slot: KeySlot, private: X25519PrivateKey, password: str, policy: KdfPolicy) -> None:
        slot.kdf = policy.new_params()
        kek = slot.kdf.derive(password)
        nonce = os.urandom(12)
        slot.wrapped_private = nonce + ChaCha20Poly1305(kek).encrypt(nonce, _raw_private(private), self._wrap_ad(slot))

    def unwrap_private(self, slot: KeySlot, password: str) -> X25519PrivateKey:
        assert slot.kdf is not None and slot.wrapped_private is not None
        kek = slot.kdf.derive(password)
        return self.unwrap_private_with_kek(slot, kek)

    def unwrap_private_with_kek(self, slot: KeySlot, kek: bytes) -> X25519PrivateKey:
        blob = slot.wrapped_private or b""
        try:
            raw = ChaCha20Poly1305(kek).decrypt(blob[:12], blob[12:], self._wrap_ad(slot))
        except (InvalidTag, ValueError):
            raise WrongPassword(_("Nama pengguna atau kata sandi salah.")) from None
        return X25519PrivateKey.from_private_bytes(raw)

    def change_password(self, slot: KeySlot, private: X25519PrivateKey, new_password: str, policy: KdfPolicy
                        ) -> KeySlot:
        """Give ``slot``'s user a new slot with a NEW key pair under ``new_password``.

        Every data key the old slot opens is sealed to the new key pair, so nothing is lost; the old
        private key (and so an old copy of the key file with the old password) opens no envelope of the
        new slot, and after the next re-key nothing at all.
        """
        data_keys = self.open_envelopes(slot, private)
        new_slot, _private = self.add_password_slot(slot.user or "", new_password, policy)
        for generation, key in data_keys:
            self.seal(new_slot, key, generation)
        return new_slot

    def remove_user(self, user: str) -> None:
        self.slots = [s for s in self.slots if not (s.kind == "password" and s.user == user)]

    # --- audit log tail --------------------------------------------------
    def _audit_seal_mac(self, data_key: bytes, count: int, head: str) -> bytes:
        key = _hkdf(bytes(data_key), self.db_id.encode("utf-8"), b"caseapp-audit-tail-v1")
        body = _canonical({"purpose": "caseapp-audit-tail", "db_id": self.db_id, "count": count, "head": head})
        return hmac.new(key, body, "sha256").digest()

    def seal_audit_tail(self, data_key: bytes, count: int, head: str) -> None:
        """Record the audit log's committed entry count and head hash, authenticated with the data key."""
        self.audit_seal = {"count": int(count), "head": str(head),
                           "mac": _b64(self._audit_seal_mac(data_key, int(count), str(head)))}

    def sealed_audit_tail(self, data_keys: list[bytes]) -> tuple[int, str] | None:
        """The sealed (count, head) if its MAC checks under one of ``data_keys``; None if there is no seal.

        Raises ``ValueError`` when a seal is present but malformed or not authentic.
        """
        seal = self.audit_seal
        if seal is None:
            return None
        try:
            count, head, mac = seal["count"], seal["head"], _unb64(seal["mac"])
            if not isinstance(count, int) or isinstance(count, bool) or count < 0 or not isinstance(head, str):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            raise ValueError("malformed audit seal") from None
        for key in data_keys:
            if hmac.compare_digest(mac, self._audit_seal_mac(key, count, head)):
                return count, head
        raise ValueError("audit seal not authentic")

    # --- recovery slot ---------------------------------------------------
    @staticmethod
    def recovery_private(secret: bytes) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(_hkdf(secret, b"", b"caseapp-recovery-x25519-v1"))

    def set_recovery_slot(self, secret: bytes) -> KeySlot:
        self.slots = [s for s in self.slots if s.kind != "recovery"]
        slot = KeySlot(
            id=str(uuid.uuid4()), kind="recovery", user=None,
            public_key=_raw_public(self.recovery_private(secret)),
        )
        self.slots.append(slot)
        return slot
