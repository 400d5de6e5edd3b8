"""Random-access decryption of an age v1 file (https://age-encryption.org/v1, C2SP ``age.md``), X25519 only.

pyrage decrypts a whole file in one go, into memory or a stream. A bundle's payload is read out of order (the
inner ZIP's central directory at the end first, then each member) and, at province scale, is hundreds of MB: held
decrypted in memory it dominated an import's peak RSS. ``AgePlaintext`` is a seekable, read-only file object over
the plaintext that decrypts only the 64 KiB STREAM chunks a read needs, keeping at most two of them.

What the file says never costs unbounded memory or time: the header is read line by line with a limit on each
line, on the number of stanzas and on its total size. Every rule of age v1 that a decryptor must enforce is
enforced (canonical unpadded base64 wrapped at 64 columns, argument characters, X25519 stanza shape, all-zero
shared secret, header MAC, chunk authentication with the chunk counter and the last-chunk flag, no empty last chunk
after a full one, no trailing data). The final chunk is located and authenticated when the file is opened, so a
truncated payload is refused before anything is read from it. Any failure raises ``BundleDecryptFailed``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from collections import OrderedDict
from typing import BinaryIO, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.bundles.errors import BundleDecryptFailed

VERSION_LINE = b"age-encryption.org/v1\n"
X25519_INFO = b"age-encryption.org/v1/X25519"
CHUNK = 64 * 1024              # plaintext bytes per STREAM chunk
TAG = 16                       # Poly1305 tag
ENC_CHUNK = CHUNK + TAG
NONCE = 16                     # payload nonce after the header
FILE_KEY = 16
# Bounds on the header (an age header written for a bundle is three stanzas, well under 1 KiB).
MAX_LINE = 1024                # bytes in one header line, newline included
MAX_STANZAS = 64
MAX_HEADER = 64 * 1024
CACHE_CHUNKS = 2
_B64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


class _Refused(Exception):
    """Internal: the file breaks a rule; turned into BundleDecryptFailed at the module's edge."""


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _b64_canonical(text: bytes) -> bytes:
    """Decode unpadded canonical base64 (RFC 4648 §3.5): no padding, no stray characters, no non-zero spare bits."""
    if not set(text) <= _B64_CHARS or len(text) % 4 == 1:
        raise _Refused("base64")
    raw = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    if base64.b64encode(raw).rstrip(b"=") != text:
        raise _Refused("non-canonical base64")
    return raw


def _bech32_polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def x25519_identity_bytes(secret: str) -> bytes:
    """The 32-byte X25519 scalar of an ``AGE-SECRET-KEY-1…`` identity (Bech32, checksum verified)."""
    text = secret.strip().lower()
    hrp, sep, data = text.rpartition("1")
    if hrp != "age-secret-key-" or not sep or len(data) < 6 or any(c not in _BECH32 for c in data):
        raise ValueError("not an age X25519 identity")
    values = [_BECH32.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    if _bech32_polymod(expanded + values) != 1:
        raise ValueError("bad Bech32 checksum")
    acc, bits, out = 0, 0, bytearray()
    for v in values[:-6]:
        acc = (acc << 5) | v
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits >= 5 or (acc & ((1 << bits) - 1)):
        raise ValueError("bad Bech32 padding")
    if len(out) != 32:
        raise ValueError("not a 32-byte key")
    return bytes(out)


class _Stanza:
    __slots__ = ("args", "body")

    def __init__(self, args: list[bytes], body: bytes):
        self.args, self.body = args, body


def _read_line(fh: BinaryIO, budget: list[int]) -> bytes:
    line = fh.readline(MAX_LINE + 1)
    if not line.endswith(b"\n") or len(line) > MAX_LINE:
        raise _Refused("header line too long or unterminated")
    budget[0] -= len(line)
    if budget[0] < 0:
        raise _Refused("header too large")
    return line


def _parse_header(fh: BinaryIO) -> tuple[list[_Stanza], bytes, bytes, int]:
    """(stanzas, MAC, the header bytes the MAC covers, offset of the payload nonce)."""
    budget = [MAX_HEADER]
    raw = bytearray()
    line = _read_line(fh, budget)
    if line != VERSION_LINE:
        raise _Refused("not age v1")
    raw += line
    stanzas: list[_Stanza] = []
    line = _read_line(fh, budget)
    while line.startswith(b"-> "):
        if len(stanzas) >= MAX_STANZAS:
            raise _Refused("too many stanzas")
        raw += line
        args = line[3:-1].split(b" ")
        for arg in args:  # each argument: one or more VCHAR (0x21-0x7E)
            if not arg or any(c < 0x21 or c > 0x7E for c in arg):
                raise _Refused("bad stanza argument")
        body = bytearray()
        while True:
            line = _read_line(fh, budget)
            raw += line
            text = line[:-1]
            if len(text) > 64:
                raise _Refused("stanza body line longer than 64 columns")
            body += _b64_canonical(text)
            if len(text) < 64:
                break
        stanzas.append(_Stanza(args, bytes(body)))
        line = _read_line(fh, budget)
    if not stanzas or not line.startswith(b"--- "):
        raise _Refused("no stanza or no MAC line")
    mac_text = line[4:-1]
    if len(mac_text) != 43:
        raise _Refused("bad MAC length")
    mac = _b64_canonical(mac_text)
    raw += b"---"
    return stanzas, mac, bytes(raw), fh.tell()


def _unwrap(stanzas: list[_Stanza], identities: Sequence[bytes]) -> bytes | None:
    """The file key from the first X25519 stanza one of ``identities`` opens, or None."""
    types = [s.args[0] for s in stanzas]
    if b"scrypt" in types and len(stanzas) != 1:
        raise _Refused("an scrypt stanza must be alone")
    keys = []
    for raw in identities:
        private = X25519PrivateKey.from_private_bytes(raw)
        keys.append((private, private.public_key().public_bytes(serialization.Encoding.Raw,
                                                                serialization.PublicFormat.Raw)))
    for stanza in stanzas:
        if stanza.args[0] != b"X25519":
            continue  # other recipient types (and grease) are ignored
        if len(stanza.args) != 2 or len(stanza.body) != FILE_KEY + TAG:
            raise _Refused("malformed X25519 stanza")
        share = _b64_canonical(stanza.args[1])
        if len(share) != 32:
            raise _Refused("bad X25519 share")
        peer = X25519PublicKey.from_public_bytes(share)
        for private, public in keys:
            try:
                shared = private.exchange(peer)
            except ValueError:  # cryptography refuses an all-zero shared secret (small-order point)
                raise _Refused("all-zero X25519 shared secret") from None
            if shared == bytes(32):
                raise _Refused("all-zero X25519 shared secret")
            wrap_key = _hkdf(shared, share + public, X25519_INFO)
            try:
                return ChaCha20Poly1305(wrap_key).decrypt(bytes(12), stanza.body, None)
            except InvalidTag:
                continue  # not for this identity
    return None


class AgePlaintext(io.RawIOBase):
    """Seekable read-only view of an age file's plaintext. ``source`` must be a seekable binary file that nobody
    else writes while this is open (the reader gives it a private copy); it is not closed by ``close()``."""

    def __init__(self, source: BinaryIO, identities: Sequence[str]):
        super().__init__()
        self._src = source
        try:
            keys = [x25519_identity_bytes(i) for i in identities]
            source.seek(0)
            stanzas, mac, header, nonce_at = _parse_header(source)
            file_key = _unwrap(stanzas, keys)
            if file_key is None:
                raise _Refused("no identity matched")
            mac_key = _hkdf(file_key, b"", b"header")
            if not hmac.compare_digest(hmac.new(mac_key, header, hashlib.sha256).digest(), mac):
                raise _Refused("header MAC")
            source.seek(nonce_at)
            nonce = source.read(NONCE)
            if len(nonce) != NONCE:
                raise _Refused("no payload nonce")
            self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
            self._start = nonce_at + NONCE
            ct_len = source.seek(0, 2) - self._start
            if ct_len < TAG:
                raise _Refused("no payload chunk")
            self._chunks = -(-ct_len // ENC_CHUNK)
            last_len = ct_len - (self._chunks - 1) * ENC_CHUNK
            if last_len < TAG or (last_len == TAG and self._chunks > 1):
                raise _Refused("truncated payload or empty last chunk after a full one")
            self._ct_len = ct_len
            self.size = ct_len - TAG * self._chunks
            self._cache: OrderedDict[int, bytes] = OrderedDict()
            self._pos = 0
            self._chunk(self._chunks - 1)  # authenticates the end: a truncated file fails here, not later
        except BundleDecryptFailed:
            raise
        except (_Refused, ValueError, OSError, TypeError) as exc:
            raise BundleDecryptFailed() from exc

    # --- chunks --------------------------------------------------------------------------------------------------
    def _chunk(self, index: int) -> bytes:
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        if not 0 <= index < self._chunks:
            raise BundleDecryptFailed()
        offset = index * ENC_CHUNK
        length = min(ENC_CHUNK, self._ct_len - offset)
        self._src.seek(self._start + offset)
        data = self._src.read(length)
        last = index == self._chunks - 1
        try:
            if len(data) != length:
                raise _Refused("payload shorter than when opened")
            plain = self._aead.decrypt(index.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), data, None)
        except (_Refused, InvalidTag) as exc:
            raise BundleDecryptFailed() from exc
        self._cache[index] = plain
        if len(self._cache) > CACHE_CHUNKS:
            self._cache.popitem(last=False)
        return plain

    # --- file object ---------------------------------------------------------------------------------------------
    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        self._check_open()
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._check_open()
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self.size + offset
        else:
            raise ValueError("invalid whence")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def read(self, n: int = -1) -> bytes:
        self._check_open()
        end = self.size if n is None or n < 0 else min(self.size, self._pos + n)
        if self._pos >= end:
            return b""
        parts = []
        pos = self._pos
        while pos < end:
            index, within = divmod(pos, CHUNK)
            plain = self._chunk(index)
            take = plain[within:within + (end - pos)]
            parts.append(take)
            pos += len(take)
        self._pos = pos
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def close(self) -> None:
        self._cache = OrderedDict()
        super().close()
