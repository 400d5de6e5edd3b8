"""Indonesian region codes (kode wilayah), loaded lazily into compact per-level tables for fast lookup and search."""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from caseapp.resources import resource_path

PROVINCE, REGENCY, DISTRICT, VILLAGE = 1, 2, 3, 4
_FILES = {PROVINCE: "provinces.csv", REGENCY: "regencies.csv", DISTRICT: "districts.csv", VILLAGE: "villages.csv"}
_WIDTH = {PROVINCE: 2, REGENCY: 5, DISTRICT: 8, VILLAGE: 13}
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_SEP = "\n"


class Region(NamedTuple):
    code: str
    name: str
    level: int


def normalize(text: str) -> str:
    """Search key: no diacritics, case-folded, apostrophes unified, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(stripped.casefold().split())


def _level_of(code: str) -> int:
    """1 province, 2 regency/city, 3 district (kecamatan), 4 village; from the code's shape alone."""
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ValueError("not a region code")
    return code.count(".") + 1


level = _level_of


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


class _FixedCodes:
    """A sorted sequence of fixed-width codes stored in one string (bisect-able, ~1 byte per character)."""

    def __init__(self, blob: str, width: int):
        self.blob, self.width = blob, width

    def __len__(self) -> int:
        return len(self.blob) // self.width

    def __getitem__(self, i: int) -> str:
        if i < 0:
            i += len(self)
        return self.blob[i * self.width:(i + 1) * self.width]


@dataclass
class _Level:
    """One level's rows sorted by code: codes, display names and a joined normalized search haystack."""

    codes: _FixedCodes
    names: str            # display names joined by _SEP
    name_starts: array    # start offset of each name in ``names`` (plus a final sentinel)
    haystack: str         # normalized names joined by _SEP, with a leading _SEP
    hay_starts: array     # start offset of each normalized name in ``haystack`` (plus a sentinel)

    @classmethod
    def read(cls, path: Path, width: int) -> "_Level":
        rows: list[tuple[str, str]] = []
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for row in reader:
                rows.append((row[0], " ".join(row[-1].split())))
        rows.sort()
        codes = "".join(c for c, _n in rows)
        if len(codes) != width * len(rows):
            raise ValueError(f"{path.name}: codes of unexpected width")
        names, name_starts = cls._join((n for _c, n in rows))
        haystack, hay_starts = cls._join((normalize(n) for _c, n in rows), lead=True)
        return cls(_FixedCodes(codes, width), names, name_starts, haystack, hay_starts)

    @staticmethod
    def _join(parts: Iterator[str], lead: bool = False) -> tuple[str, array]:
        starts = array("I")
        chunks: list[str] = []
        pos = 1 if lead else 0
        for part in parts:
            starts.append(pos)
            chunks.append(part)
            pos += len(part) + 1
        starts.append(pos)
        joined = _SEP.join(chunks) + _SEP
        return (_SEP + joined if lead else joined), starts

    def __len__(self) -> int:
        return len(self.codes)

    def index(self, code: str) -> int:
        i = bisect_left(self.codes, code)
        return i if i < len(self.codes) and self.codes[i] == code else -1

    def name_at(self, i: int) -> str:
        return self.names[self.name_starts[i]:self.name_starts[i + 1] - 1]

    def prefix_range(self, prefix: str | None) -> tuple[int, int]:
        if not prefix:
            return 0, len(self.codes)
        return bisect_left(self.codes, prefix + "."), bisect_left(self.codes, prefix + "/")

    def find(self, needle: str, lo: int, hi: int) -> Iterator[int]:
        """Indices in [lo, hi) whose normalized name contains ``needle``, in code order."""
        start, end = self.hay_starts[lo], self.hay_starts[hi]
        hay, starts = self.haystack, self.hay_starts
        while True:
            pos = hay.find(needle, start, end)
            if pos < 0:
                return
            i = bisect_right(starts, pos) - 1
            yield i
            start = starts[i + 1]  # at most one hit per name


class RegionIndex:
    """All regions; provinces/regencies/districts load on first use, villages only when a query needs them."""

    def __init__(self, folder: Path | None = None):
        self._folder = folder or resource_path("wilayah")
        self._levels: dict[int, _Level] = {}
        self._lock = threading.Lock()

    def _level(self, lvl: int) -> _Level:
        table = self._levels.get(lvl)
        if table is None:
            with self._lock:
                table = self._levels.get(lvl)
                if table is None:
                    table = _Level.read(self._folder / _FILES[lvl], _WIDTH[lvl])
                    self._levels[lvl] = table
        return table

    def villages_loaded(self) -> bool:
        return VILLAGE in self._levels

    def name(self, code: str) -> str | None:
        try:
            lvl = _level_of(code)
        except ValueError:
            return None
        table = self._level(lvl)
        i = table.index(code)
        return table.name_at(i) if i >= 0 else None

    def exists(self, code: str) -> bool:
        return self.name(code) is not None

    def get(self, code: str) -> Region | None:
        found = self.name(code)
        return Region(code, found, _level_of(code)) if found is not None else None

    def children(self, code: str | None = None) -> list[Region]:
        """Provinces when ``code`` is empty, else the regions directly under ``code``."""
        lvl = _level_of(code) + 1 if code else PROVINCE
        if lvl > VILLAGE:
            return []
        table = self._level(lvl)
        lo, hi = table.prefix_range(code)
        return [Region(table.codes[i], table.name_at(i), lvl) for i in range(lo, hi)]

    def parents(self, code: str) -> list[Region]:
        """The regions above ``code``, province first (unknown ones skipped)."""
        out: list[Region] = []
        up = parent_code(code)
        while up:
            region = self.get(up)
            if region:
                out.append(region)
            up = parent_code(up)
        return out[::-1]

    def search(self, text: str, level: int | None = None, within: str | None = None,
               limit: int = 50) -> list[Region]:
        """Regions whose name contains ``text`` (case- and diacritic-insensitive), higher levels first."""
        needle = normalize(text)
        if not needle or limit <= 0:
            return []
        top = _level_of(within) + 1 if within else PROVINCE
        levels = [lvl for lvl in ([level] if level else range(PROVINCE, VILLAGE + 1)) if lvl >= top]
        found: list[Region] = []
        for lvl in levels:
            table = self._level(lvl)
            lo, hi = table.prefix_range(within)
            if lo >= hi:
                continue
            for i in table.find(needle, lo, hi):
                found.append(Region(table.codes[i], table.name_at(i), lvl))
                if len(found) >= limit:
                    return found
        return found

    def full_path_label(self, code: str) -> str:
        """'Kec. Poleang, Kabupaten Bombana, Sulawesi Tenggara'; empty for an unknown code."""
        region = self.get(code)
        if region is None:
            return ""
        parts = [_display(r) for r in [region, *self.parents(code)[::-1]]]
        return ", ".join(parts)


def _display(region: Region) -> str:
    if region.level == DISTRICT:
        return f"Kec. {region.name}"
    if region.level == VILLAGE:
        # Kemendagri numbering: 1xxx kelurahan, 2xxx desa.
        return f"Kel. {region.name}" if region.code[-4] == "1" else f"Desa {region.name}"
    return region.name


_default: RegionIndex | None = None


def default_index() -> RegionIndex:
    global _default
    if _default is None:
        _default = RegionIndex()
    return _default


def name(code: str) -> str | None:
    return default_index().name(code)


def exists(code: str) -> bool:
    return default_index().exists(code)


def children(code: str | None = None) -> list[Region]:
    return default_index().children(code)


def parents(code: str) -> list[Region]:
    return default_index().parents(code)


def search(text: str, level: int | None = None, within: str | None = None, limit: int = 50) -> list[Region]:
    return default_index().search(text, level=level, within=within, limit=limit)


def full_path_label(code: str) -> str:
    return default_index().full_path_label(code)


RegionExists = Callable[[str], bool]
