"""Our random-access age v1 decryption against pyrage (the reference), byte for byte, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import random

import pyrage
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.bundles import age_stream
from caseapp.bundles.age_stream import CHUNK, ENC_CHUNK, AgePlaintext, x25519_identity_bytes
from caseapp.bundles.errors import BundleDecryptFailed

SIZES = (0, 1, 65535, 65536, 65537, 3 * 65536)


@pytest.fixture(scope="module")
def me() -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.generate()


def _encrypt(plain: bytes, me, *, with_self: bool = True) -> bytes:
    recipients = [me.to_public()]
    if with_self:  # as the writer's encrypt_to_self: another office's stanza first, ours second
        recipients.insert(0, pyrage.x25519.Identity.generate().to_public())
    return pyrage.encrypt(plain, recipients)


def _open(data: bytes, me) -> AgePlaintext:
    return AgePlaintext(io.BytesIO(data), [str(me)])


def _read_all(data: bytes, me) -> bytes:
    view = _open(data, me)
    return view.read()


def _header_end(data: bytes) -> int:
    """Offset of the payload nonce (just after the MAC line)."""
    mac_line = data.index(b"\n--- ") + 1
    return data.index(b"\n", mac_line) + 1


# --- a minimal age encryptor, so that headers can break one rule at a time with a valid MAC ---------------------

def _hkdf(ikm, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _b64(raw: bytes) -> bytes:
    return base64.b64encode(raw).rstrip(b"=")


def _stanza_lines(args: list[bytes], body: bytes) -> bytes:
    text = _b64(body)
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")
    return b"-> " + b" ".join(args) + b"\n" + b"".join(line + b"\n" for line in lines)


def _x25519_stanza(file_key: bytes, recipient_raw: bytes, *, ephemeral: bytes | None = None) -> tuple[list, bytes]:
    eph = X25519PrivateKey.generate()
    share = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if ephemeral is not None:
        share = ephemeral
        shared = bytes(32)
    else:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_raw))
    wrap = _hkdf(shared, share + recipient_raw, b"age-encryption.org/v1/X25519")
    return [b"X25519", _b64(share)], ChaCha20Poly1305(wrap).encrypt(bytes(12), file_key, None)


def _recipient_raw(me) -> bytes:
    private = X25519PrivateKey.from_private_bytes(x25519_identity_bytes(str(me)))
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _handmade(plain: bytes, me, *, stanzas=None, chunks: list[bytes] | None = None, file_key: bytes | None = None,
              raw_stanzas: bytes | None = None, version: bytes = b"age-encryption.org/v1\n") -> bytes:
    """age file of ``plain`` (or of the given plaintext ``chunks``) with any stanzas; MAC always valid."""
    file_key = file_key or os.urandom(16)
    if stanzas is None:
        stanzas = [_x25519_stanza(file_key, _recipient_raw(me))]
    header = version + (raw_stanzas if raw_stanzas is not None
                        else b"".join(_stanza_lines(a, b) for a, b in stanzas)) + b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    if chunks is None:
        chunks = [plain[i:i + CHUNK] for i in range(0, len(plain), CHUNK)] or [b""]
    body = b"".join(aead.encrypt(i.to_bytes(11, "big") + (b"\x01" if i == len(chunks) - 1 else b"\x00"), c, None)
                    for i, c in enumerate(chunks))
    return header + b" " + _b64(mac) + b"\n" + nonce + body


# --- decryption matches pyrage ---------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_same_bytes_as_pyrage_at_random_offsets(me, size):
    plain = os.urandom(size)
    data = _encrypt(plain, me)
    assert pyrage.decrypt(data, [me]) == plain
    view = _open(data, me)
    assert view.size == size and view.seek(0, io.SEEK_END) == size and view.read() == b""
    view.seek(0)
    assert view.read() == plain
    rng = random.Random(size)
    for _ in range(200):
        offset, length = rng.randrange(size + 3), rng.randrange(3 * CHUNK)
        view.seek(offset)
        assert view.read(length) == plain[offset:offset + length]
        assert view.tell() == min(size, offset + length) if offset <= size else view.tell() == offset


def test_multi_megabyte_file_read_in_random_pieces(me):
    rng = random.Random(7)
    plain = rng.randbytes(5 * 1024 * 1024 + 12345)
    data = _encrypt(plain, me)
    view = _open(data, me)
    pieces, pos = [], 0
    while pos < len(plain):  # sequential reads of odd sizes, as zipfile does
        piece = view.read(rng.choice((1, 4096, 65535, 65537, 1 << 20)))
        pieces.append(piece)
        pos += len(piece)
    assert b"".join(pieces) == plain
    for _ in range(100):
        offset = rng.randrange(len(plain))
        view.seek(offset - len(plain), io.SEEK_END)
        assert view.read(70_000) == plain[offset:offset + 70_000]
    buf = bytearray(1000)
    view.seek(10)
    assert view.readinto(buf) == 1000 and bytes(buf) == plain[10:1010]


def test_handmade_files_are_what_pyrage_reads(me):
    """The test's own encryptor (used for the rule-by-rule refusals below) writes valid age files."""
    plain = os.urandom(2 * CHUNK + 5)
    data = _handmade(plain, me)
    assert pyrage.decrypt(data, [me]) == plain == _read_all(data, me)


def test_zipfile_reads_through_the_view(me):
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(30):
            zf.writestr(f"m{i}", os.urandom(10_000 * i) + b"a" * 50_000)
    data = _encrypt(buf.getvalue(), me)
    with zipfile.ZipFile(buf) as plain_zip, zipfile.ZipFile(_open(data, me)) as view_zip:
        assert view_zip.namelist() == plain_zip.namelist()
        for name in plain_zip.namelist():
            assert view_zip.read(name) == plain_zip.read(name)


# --- refusals --------------------------------------------------------------------------------------------------

def _refused(data: bytes, me) -> bool:
    try:
        _read_all(data, me)
    except BundleDecryptFailed:
        return True
    return False


def test_one_flipped_bit_anywhere_is_refused(me):
    rng = random.Random(3)
    plain = rng.randbytes(2 * CHUNK + 777)
    data = _encrypt(plain, me)
    start = _header_end(data)
    positions = set(range(start + 16))  # every byte of the header and the nonce
    for k in range(3):  # both ends of every chunk and of every tag, and random bytes within
        base = start + 16 + k * ENC_CHUNK
        positions |= {base, base + 1, min(base + ENC_CHUNK, len(data)) - 1, min(base + ENC_CHUNK, len(data)) - 16}
    positions |= {rng.randrange(start, len(data)) for _ in range(150)}
    for pos in sorted(positions):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        assert _refused(bytes(flipped), me), pos


def test_truncation_at_every_chunk_boundary_is_refused(me):
    plain = os.urandom(3 * CHUNK + 100)
    data = _encrypt(plain, me)
    start = _header_end(data) + 16
    cuts = {0, 10, start - 17, start - 16, start - 1, start, start + 1, start + 15, len(data) - 1}
    for k in range(1, 4):
        cuts |= {start + k * ENC_CHUNK - 1, start + k * ENC_CHUNK, start + k * ENC_CHUNK + 1,
                 start + k * ENC_CHUNK + 16, start + k * ENC_CHUNK + 17}
    for cut in sorted(cuts):
        with pytest.raises(BundleDecryptFailed):
            _open(data[:cut], me)  # refused on opening: the last chunk is checked first


def test_full_last_chunk_truncated_at_a_boundary(me):
    """A file of exactly whole chunks: dropping the last chunk leaves a full chunk without the last flag."""
    data = _encrypt(os.urandom(2 * CHUNK), me)
    assert len(data) - _header_end(data) - 16 == 2 * ENC_CHUNK
    with pytest.raises(BundleDecryptFailed):
        _open(data[:-ENC_CHUNK], me)


def test_swapped_or_repeated_chunks_are_refused(me):
    data = _encrypt(os.urandom(3 * CHUNK + 9), me)
    start = _header_end(data) + 16
    chunk = [data[start + i * ENC_CHUNK:start + (i + 1) * ENC_CHUNK] for i in range(4)]
    for order in ((1, 0, 2, 3), (0, 2, 1, 3), (0, 0, 2, 3), (0, 1, 3, 2)):
        assert _refused(data[:start] + b"".join(chunk[i] for i in order), me), order


def test_trailing_data_is_refused(me):
    data = _encrypt(os.urandom(CHUNK + 3), me)
    for extra in (b"\0", os.urandom(16), os.urandom(ENC_CHUNK), data[-ENC_CHUNK:]):
        with pytest.raises(BundleDecryptFailed):
            _open(data + extra, me)


def test_reads_beyond_the_end_are_empty(me):
    view = _open(_encrypt(b"abc", me), me)
    view.seek(10 * CHUNK)
    assert view.read() == b"" and view.read(5) == b""
    with pytest.raises(ValueError):
        view.seek(-1)


def test_empty_last_chunk_after_a_full_one_is_refused(me):
    plain = os.urandom(CHUNK)
    assert _read_all(_handmade(plain, me), me) == plain
    with pytest.raises(BundleDecryptFailed):
        _open(_handmade(b"", me, chunks=[plain, b""]), me)
    # an empty file is one empty chunk, and is fine
    assert _read_all(_handmade(b"", me), me) == b""


def test_short_chunk_before_the_last_is_refused(me):
    with pytest.raises(BundleDecryptFailed):
        _read_all(_handmade(b"", me, chunks=[b"x" * 100, b"y" * 100]), me)


def test_foreign_identity_is_refused(me):
    data = _encrypt(b"rahasia", me)
    with pytest.raises(BundleDecryptFailed):
        _open(data, pyrage.x25519.Identity.generate())
    with pytest.raises(BundleDecryptFailed):
        AgePlaintext(io.BytesIO(data), [])


def test_any_of_several_identities(me):
    data = _encrypt(b"rahasia", me)
    view = AgePlaintext(io.BytesIO(data), [str(pyrage.x25519.Identity.generate()), str(me)])
    assert view.read() == b"rahasia"


class _Counting(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.consumed = 0

    def read(self, n=-1):
        out = super().read(n)
        self.consumed += len(out)
        return out

    def readline(self, n=-1):
        out = super().readline(n)
        self.consumed += len(out)
        return out


def test_huge_headers_are_refused_without_reading_them(me):
    grease = b"".join(_stanza_lines([b"grease", b"x"], os.urandom(10)) for _ in range(10_000))
    many = _handmade(b"abc", me, raw_stanzas=_stanza_lines(*_x25519_stanza(os.urandom(16), _recipient_raw(me)))
                     + grease)
    long_arg = b"age-encryption.org/v1\n-> " + b"a" * 10_000_000 + b"\n"
    long_body = b"age-encryption.org/v1\n-> X25519 abc\n" + b"A" * 10_000_000 + b"\n"
    for data in (many, long_arg, long_body):
        source = _Counting(data)
        with pytest.raises(BundleDecryptFailed):
            AgePlaintext(source, [str(me)])
        assert source.consumed <= age_stream.MAX_HEADER + age_stream.MAX_LINE + 1


def _spare_bit(text: bytes) -> bytes:
    """The same bytes in non-canonical base64: a spare low bit of the last character set."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    index = alphabet.index(text[-1:])
    assert index & 3 == 0
    return text[:-1] + alphabet[index | 1:(index | 1) + 1]


def test_header_rules(me):
    reasons = {}
    raw = _recipient_raw(me)
    key = os.urandom(16)
    good_args, good_body = _x25519_stanza(key, raw)
    assert _read_all(_handmade(b"ok", me, file_key=key, stanzas=[(good_args, good_body)]), me) == b"ok"
    grease = ([b"Z-grease", b"a&b"], os.urandom(70))
    assert _read_all(_handmade(b"ok", me, file_key=key, stanzas=[grease, (good_args, good_body)]), me) == b"ok"
    stanza = _stanza_lines(good_args, good_body)
    bad = {
        "version": dict(version=b"age-encryption.org/v2\n"),
        "armor": dict(version=b"-----BEGIN AGE ENCRYPTED FILE-----\n"),
        "no stanza": dict(raw_stanzas=b""),
        "extra X25519 argument": dict(stanzas=[(good_args + [b"x"], good_body)]),
        "body too long": dict(stanzas=[(good_args, good_body + b"\0")]),
        "share not 32 bytes": dict(stanzas=[([b"X25519", _b64(os.urandom(31))], good_body)]),
        "all-zero shared secret": dict(stanzas=[_x25519_stanza(key, raw, ephemeral=bytes(32))]),
        "padded base64": dict(raw_stanzas=stanza.replace(b"\n", b"=\n", 2).replace(b"=\n", b"\n", 1)),
        "non-canonical base64 (a spare bit set)": dict(raw_stanzas=stanza.replace(good_args[1], _spare_bit(good_args[1]))),
        "empty argument": dict(raw_stanzas=stanza.replace(b"-> X25519 ", b"-> X25519  ")),
        "control character in argument": dict(raw_stanzas=b"-> gr\x7fase\n\n" + stanza),
        "no final short body line": dict(raw_stanzas=_stanza_lines([b"g"], os.urandom(48)).replace(b"\n\n", b"\n")
                                         + stanza),
        "body line longer than 64": dict(raw_stanzas=b"-> g\n" + _b64(os.urandom(51)) + b"\n" + stanza),
        "scrypt with another stanza": dict(stanzas=[([b"scrypt", b"c2FsdA", b"10"], os.urandom(32)),
                                                    (good_args, good_body)]),
        "lower-case type is unknown": dict(stanzas=[([b"x25519", good_args[1]], good_body)]),
    }
    for what, kwargs in bad.items():
        kwargs.setdefault("stanzas", [(good_args, good_body)])
        data = _handmade(b"ok", me, file_key=key, **kwargs)
        with pytest.raises(BundleDecryptFailed) as exc:
            _open(data, me)
        reasons[what] = str(exc.value.__cause__)
    # each refused for its own rule, not for a side effect such as the MAC
    assert "header MAC" not in reasons.values() and "no identity matched" not in {
        v for k, v in reasons.items() if k != "lower-case type is unknown"}, reasons


def test_bad_mac_line(me):
    data = _encrypt(b"ok", me)
    at = data.index(b"\n--- ") + 5
    for changed in (data[:at] + b"=" + data[at + 1:], data[:at - 1] + data[at:], data[:at] + b"A" + data[at:]):
        with pytest.raises(BundleDecryptFailed):
            _open(changed, me)


def test_identity_strings():
    ident = pyrage.x25519.Identity.generate()
    raw = x25519_identity_bytes(str(ident))
    pub = X25519PrivateKey.from_private_bytes(raw).public_key().public_bytes(serialization.Encoding.Raw,
                                                                               serialization.PublicFormat.Raw)
    assert len(raw) == 32 and _b64(pub)  # and the recipient derived from it is pyrage's:
    data = pyrage.encrypt(b"x", [ident.to_public()])
    assert AgePlaintext(io.BytesIO(data), [str(ident).lower()]).read() == b"x"
    text = str(ident)
    for broken in (text[:-1] + ("Q" if text[-1] != "Q" else "P"), text.replace("AGE-SECRET-KEY-1", "AGE1"), "x"):
        with pytest.raises(ValueError):
            x25519_identity_bytes(broken)
