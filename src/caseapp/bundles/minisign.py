"""The minisign signature file format (prehashed "ED": Ed25519 over BLAKE2b-512), written and verified strictly."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import BinaryIO, Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from caseapp.bundles.errors import BundleSignatureInvalid

PREHASHED_ALG = b"ED"
MAX_COMMENT_BYTES = 1024  # well below minisign's own limits
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "


def blake2b_file(fh: BinaryIO, chunk: int = 1 << 20) -> bytes:
    h = hashlib.blake2b(digest_size=64)
    for block in iter(lambda: fh.read(chunk), b""):
        h.update(block)
    return h.digest()


@dataclass(frozen=True)
class MinisignSignature:
    untrusted_comment: str
    keynum: bytes  # 8 bytes, as stored
    signature: bytes  # Ed25519 over BLAKE2b-512(file)
    trusted_comment: str
    global_signature: bytes  # Ed25519 over signature || trusted_comment

    def to_bytes(self) -> bytes:
        return (f"{UNTRUSTED_PREFIX}{self.untrusted_comment}\n"
                f"{base64.b64encode(PREHASHED_ALG + self.keynum + self.signature).decode()}\n"
                f"{TRUSTED_PREFIX}{self.trusted_comment}\n"
                f"{base64.b64encode(self.global_signature).decode()}\n").encode("utf-8")


def _check_comment(text: str) -> None:
    if not text.isprintable() or len(text.encode("utf-8")) > MAX_COMMENT_BYTES:
        raise ValueError("comment must be one printable line")


def sign_digest(digest: bytes, sign: Callable[[bytes], bytes], keynum: bytes, trusted_comment: str,
                untrusted_comment: str = "signature from caseapp") -> MinisignSignature:
    """Sign a BLAKE2b-512 ``digest``; ``sign`` is the Ed25519 signing function of the key ``keynum`` names."""
    _check_comment(trusted_comment)
    _check_comment(untrusted_comment)
    if len(digest) != 64 or len(keynum) != 8:
        raise ValueError("digest must be BLAKE2b-512 and keynum 8 bytes")
    sig = sign(digest)
    return MinisignSignature(untrusted_comment, keynum, sig, trusted_comment,
                             sign(sig + trusted_comment.encode("utf-8")))


def sign_bytes(data: bytes, sign: Callable[[bytes], bytes], keynum: bytes, trusted_comment: str,
               untrusted_comment: str = "signature from caseapp") -> MinisignSignature:
    return sign_digest(hashlib.blake2b(data, digest_size=64).digest(), sign, keynum, trusted_comment,
                       untrusted_comment)


def _unb64(text: str, length: int) -> bytes:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != length or base64.b64encode(raw).decode() != text:
        raise ValueError("bad base64")
    return raw


def parse(data: bytes) -> MinisignSignature:
    """Parse a signature file we could have written (prehashed, four lines). Raises BundleSignatureInvalid."""
    try:
        text = data.decode("utf-8")
        lines = text.split("\n")
        if len(lines) != 5 or lines[4] != "":
            raise ValueError("four lines expected")
        if not lines[0].startswith(UNTRUSTED_PREFIX) or not lines[2].startswith(TRUSTED_PREFIX):
            raise ValueError("comment lines")
        blob = _unb64(lines[1], 74)
        if blob[:2] != PREHASHED_ALG:
            raise ValueError("only prehashed signatures")
        sig = MinisignSignature(lines[0][len(UNTRUSTED_PREFIX):], blob[2:10], blob[10:],
                                lines[2][len(TRUSTED_PREFIX):], _unb64(lines[3], 64))
        _check_comment(sig.untrusted_comment)
        _check_comment(sig.trusted_comment)
        if sig.to_bytes() != data:
            raise ValueError("not canonical")
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise BundleSignatureInvalid() from exc
    return sig


def verify_digest(sig: MinisignSignature, digest: bytes, public_key: bytes, keynum: bytes) -> None:
    """Check both the file signature and the trusted-comment signature. Raises BundleSignatureInvalid."""
    try:
        if sig.keynum != keynum:
            raise InvalidSignature("key id")
        key = Ed25519PublicKey.from_public_bytes(public_key)
        key.verify(sig.signature, digest)
        key.verify(sig.global_signature, sig.signature + sig.trusted_comment.encode("utf-8"))
    except (InvalidSignature, ValueError) as exc:
        raise BundleSignatureInvalid() from exc


def verify_bytes(sig: MinisignSignature, data: bytes, public_key: bytes, keynum: bytes) -> None:
    verify_digest(sig, hashlib.blake2b(data, digest_size=64).digest(), public_key, keynum)
