"""The outer container: a canonical stored (uncompressed) ZIP that ``unzip`` opens and we parse byte for byte.

Every header byte must be exactly what the writer would produce, and member data must fill the file with no
gaps, so any change to any byte of the file is noticed (data bytes through CRC-32 and, above, signatures).
No ZIP64: a member is limited to 4 GiB − 1, which is also the largest file a FAT32 USB stick can hold.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from caseapp.bundles.errors import BundleDamaged, BundleTooLarge

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_NEEDED = 20  # 2.0: stored
_MADE_BY = (3 << 8) | 20  # Unix, 2.0: so unzip gives the files mode 0644
_EXT_ATTR = 0o100644 << 16
MAX_MEMBER = 0xFFFFFFFF - 1


def dos_datetime(iso_utc: str) -> tuple[int, int]:
    """(time, date) fields of ZIP headers for a ``YYYY-MM-DDTHH:MM:SSZ`` timestamp (UTC, even seconds)."""
    y, mo, d = int(iso_utc[0:4]), int(iso_utc[5:7]), int(iso_utc[8:10])
    h, mi, s = int(iso_utc[11:13]), int(iso_utc[14:16]), int(iso_utc[17:19])
    y = min(max(y, 1980), 2107)
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


@dataclass(frozen=True)
class Member:
    name: str
    offset: int  # of the local header
    data_offset: int
    size: int
    crc: int


def _local_header(name: bytes, crc: int, size: int, when: tuple[int, int]) -> bytes:
    return _LOCAL.pack(_LOCAL_SIG, _NEEDED, 0, 0, when[0], when[1], crc, size, size, len(name), 0) + name


def _central_header(name: bytes, crc: int, size: int, offset: int, when: tuple[int, int]) -> bytes:
    return _CENTRAL.pack(_CENTRAL_SIG, _MADE_BY, _NEEDED, 0, 0, when[0], when[1], crc, size, size, len(name),
                         0, 0, 0, 0, _EXT_ATTR, offset) + name


class ContainerWriter:
    """Writes members one after another to a seekable binary file, then the central directory."""

    def __init__(self, fh: BinaryIO, when: tuple[int, int]):
        self._fh = fh
        self._when = when
        self._entries: list[tuple[bytes, int, int, int]] = []

    def add(self, name: str, data: bytes) -> None:
        self.add_stream(name, lambda write: write(data))

    def add_stream(self, name: str, fill: Callable[[Callable[[bytes], None]], None]) -> int:
        """Write a member whose data ``fill(write)`` produces; returns its size."""
        raw_name = name.encode("ascii")
        start = self._fh.tell()
        self._fh.write(_local_header(raw_name, 0, 0, self._when))
        state = {"crc": 0, "size": 0}

        def write(chunk: bytes) -> None:
            state["size"] += len(chunk)
            if state["size"] > MAX_MEMBER:
                raise BundleTooLarge()
            state["crc"] = zlib.crc32(chunk, state["crc"])
            self._fh.write(chunk)

        fill(write)
        end = self._fh.tell()
        self._fh.seek(start)
        self._fh.write(_local_header(raw_name, state["crc"], state["size"], self._when))
        self._fh.seek(end)
        self._entries.append((raw_name, state["crc"], state["size"], start))
        return state["size"]

    def finish(self) -> None:
        cd_offset = self._fh.tell()
        for raw_name, crc, size, offset in self._entries:
            self._fh.write(_central_header(raw_name, crc, size, offset, self._when))
        cd_size = self._fh.tell() - cd_offset
        if cd_offset > MAX_MEMBER:
            raise BundleTooLarge()
        n = len(self._entries)
        self._fh.write(_END.pack(_END_SIG, 0, 0, n, n, cd_size, cd_offset, 0))


class ContainerReader:
    """Parses a container whose member names must be exactly ``names``, in order. Raises only BundleDamaged."""

    def __init__(self, fh: BinaryIO, names: tuple[str, ...]):
        self._fh = fh
        try:
            self.members, self.when = self._parse(names)
        except BundleDamaged:
            raise
        except (struct.error, ValueError, OSError, UnicodeError, OverflowError) as exc:
            raise BundleDamaged() from exc

    def _read_at(self, offset: int, size: int) -> bytes:
        self._fh.seek(offset)
        data = self._fh.read(size)
        if len(data) != size:
            raise BundleDamaged()
        return data

    def _parse(self, names: tuple[str, ...]) -> tuple[dict[str, Member], tuple[int, int]]:
        file_size = self._fh.seek(0, 2)
        if file_size < _END.size:
            raise BundleDamaged()
        sig, d1, d2, n1, n2, cd_size, cd_offset, clen = _END.unpack(self._read_at(file_size - _END.size, _END.size))
        if (sig, d1, d2, n1, n2, clen) != (_END_SIG, 0, 0, len(names), len(names), 0):
            raise BundleDamaged()
        if cd_offset + cd_size + _END.size != file_size or cd_size > 64 * len(names) + 1024:
            raise BundleDamaged()
        cd = self._read_at(cd_offset, cd_size)
        pos, expect_offset, when = 0, 0, None
        members: dict[str, Member] = {}
        for name in names:
            raw_name = name.encode("ascii")
            fields = _CENTRAL.unpack_from(cd, pos)
            when = when or (fields[5], fields[6])
            crc, size, offset = fields[7], fields[8], fields[16]
            expected = _central_header(raw_name, crc, size, expect_offset, when)
            if cd[pos:pos + len(expected)] != expected or size > MAX_MEMBER:
                raise BundleDamaged()
            pos += len(expected)
            if self._read_at(offset, _LOCAL.size + len(raw_name)) != _local_header(raw_name, crc, size, when):
                raise BundleDamaged()
            data_offset = offset + _LOCAL.size + len(raw_name)
            members[name] = Member(name, offset, data_offset, size, crc)
            expect_offset = data_offset + size
        if pos != cd_size or expect_offset != cd_offset or when is None:
            raise BundleDamaged()
        return members, when

    def iter_member(self, name: str, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The member's data in chunks; its CRC-32 is checked after the last one."""
        m = self.members[name]
        crc, done = 0, 0
        while done < m.size:
            block = self._read_at(m.data_offset + done, min(chunk, m.size - done))
            crc = zlib.crc32(block, crc)
            done += len(block)
            yield block
        if crc != m.crc:
            raise BundleDamaged()

    def read_member(self, name: str, limit: int) -> bytes:
        if self.members[name].size > limit:
            raise BundleDamaged()
        return b"".join(self.iter_member(name))
