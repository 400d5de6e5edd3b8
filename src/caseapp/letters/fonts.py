"""Registers the shipped Liberation TTF fonts with reportlab (embedded, metric-compatible with Arial/Courier).

The fonts stay embedded as subsets, but what reportlab rebuilt for every document is memoised per distinct
subset: the subset font file and its compressed stream (≈ 3–4 ms per font), the Widths array and the ToUnicode
map. With reportlab's ``asciiReadable`` default, subset 0 is codes 32..127 plus the first non-ASCII characters
used, so nearly every letter asks for the same subset and gets the same bytes back. Printable ASCII text also
skips reportlab's per-character subset assignment (it is always subset 0 with its own codes).
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

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
_compressed = _BoundedCache(2 * CACHE_SIZE)  # font files and ToUnicode maps
_font_dicts = _BoundedCache(CACHE_SIZE)  # (Widths array as PDF, ToUnicode map) per subset


class _MemoFlate:
    """reportlab's FlateDecode filter, memoised by content (only for font files and ToUnicode maps)."""

    pdfname = "FlateDecode"

    def encode(self, content: bytes | str) -> bytes:
        data = content.encode("utf8") if isinstance(content, str) else content
        return _compressed.get(data, lambda: zlib.compress(data))

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_MEMO_FLATE = _MemoFlate()


class _Formatted(pdfdoc.PDFObject):
    """A PDF value formatted once (numbers only: nothing in it depends on the document)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


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
        ascii_codes = range(32, 127)
        self._ascii_ok = self._asciiReadable and all(code in self.face.charToGlyph for code in ascii_codes)

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (reportlab API)
        """As TTFont's, with a fast path: printable ASCII is always subset 0 with its own codes (asciiReadable),
        so it needs no per-character assignment (most of a letter's text)."""
        if self._ascii_ok and isinstance(text, str) and text.isascii() and text.isprintable():
            self._assignState(doc)
            return [(0, text.encode("ascii"))] if text else []
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc):  # noqa: N802 - as TTFont's, with each subset's Widths and ToUnicode map cached
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            widths, cmap_text = _font_dicts.get((face.filename, base_name, tuple(subset)), lambda: (
                _Formatted(pdfdoc.PDFArray([face.getCharWidth(code) for code in subset]).format(doc)),
                makeToUnicodeCMap(base_name, subset)))
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = widths
            cmap = pdfdoc.PDFStream()
            cmap.content = cmap_text
            if doc.compression:
                cmap.filters = [_MEMO_FLATE]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


def clear_font_caches() -> None:
    _subsets.clear()
    _compressed.clear()
    _font_dicts.clear()


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
