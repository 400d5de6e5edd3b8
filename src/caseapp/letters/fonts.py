"""Registers the shipped Liberation TTF fonts with reportlab (embedded, metric-compatible with Arial/Courier).

The fonts stay embedded as subsets, but the subset and its compressed stream are memoised: reportlab would
otherwise re-subset the 400 KB font file and zlib-compress the result for every document (≈ 3–4 ms per font).
With reportlab's ``asciiReadable`` default, subset 0 is codes 32..127 plus the first non-ASCII characters used,
so nearly every letter asks for the same subset and gets the same bytes back.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace

from caseapp.resources import resource_path

SANS = "LiberationSans"
SANS_BOLD = "LiberationSans-Bold"
SANS_ITALIC = "LiberationSans-Italic"
MONO = "LiberationMono"
MONO_BOLD = "LiberationMono-Bold"

_FILES = {
    SANS: "LiberationSans-Regular.ttf",
    SANS_BOLD: "LiberationSans-Bold.ttf",
    SANS_ITALIC: "LiberationSans-Italic.ttf",
    MONO: "LiberationMono-Regular.ttf",
    MONO_BOLD: "LiberationMono-Bold.ttf",
}
CACHE_SIZE = 24  # subsets (and compressed streams) kept; five fonts, usually one subset each


class _BoundedCache:
    """A small thread-safe LRU mapping (letters are also rendered off the GUI thread)."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_subsets = _BoundedCache(CACHE_SIZE)
_compressed = _BoundedCache(CACHE_SIZE)


class _MemoFlate:
    """reportlab's FlateDecode filter, memoised by content (used only for the font file streams)."""

    pdfname = "FlateDecode"

    def encode(self, content: bytes) -> bytes:
        return _compressed.get(content, lambda: zlib.compress(content))

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_MEMO_FLATE = _MemoFlate()


class _SubsetCachingFace(TTFontFace):
    """A TTFontFace whose subsets and their compressed font-file streams are reused across documents."""

    def makeSubset(self, subset):  # noqa: N802 (reportlab API)
        return _subsets.get((self.filename, tuple(subset)), lambda: super(_SubsetCachingFace, self).makeSubset(subset))

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - as TTFontFace's, with the memoised filter
        font_file = pdfdoc.PDFStream()
        font_file.content = self.makeSubset(subset)
        font_file.dictionary["Length1"] = len(font_file.content)
        if doc.compression:
            font_file.filters = [_MEMO_FLATE]
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": self.ascent, "CapHeight": self.capHeight, "Descent": self.descent,
            "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(self.bbox),
            "FontName": pdfdoc.PDFName(fontname), "ItalicAngle": self.italicAngle, "StemV": self.stemV,
            "FontFile2": font_file_ref, "MissingWidth": self.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class EmbeddedTTFont(TTFont):
    """A TTFont (embedded, subset) whose subsetting work is cached; see the module docstring."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self.face.__class__ = _SubsetCachingFace  # same parsed data, cached subsetting (no second parse)


def clear_font_caches() -> None:
    _subsets.clear()
    _compressed.clear()


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register once per process; paragraphs can then use <b> and <i> with the sans family."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(EmbeddedTTFont(name, str(resource_path("fonts", filename))))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)
    addMapping(MONO, 0, 0, MONO)
    addMapping(MONO, 1, 0, MONO_BOLD)
    addMapping(MONO, 0, 1, MONO)
    addMapping(MONO, 1, 1, MONO_BOLD)
