"""Registers the shipped Liberation TTF fonts with reportlab (embedded, metric-compatible with Arial/Courier).

The fonts stay embedded as subsets, but what reportlab rebuilt for every document is memoised per distinct
subset: the subset font file and its compressed stream (≈ 3–4 ms per font), and the formatted PDF objects
(font dictionary with its Widths array, font descriptor, font file, ToUnicode map), kept as templates with slots
for the references between them. With reportlab's ``asciiReadable`` default, subset 0 is codes 32..127 plus the
first non-ASCII characters used, so nearly every letter asks for the same subset and gets the same bytes back.
Printable ASCII text also skips reportlab's per-character subset assignment (it is always subset 0, own codes).
"""

from __future__ import annotations

import re
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
_font_dicts = _BoundedCache(CACHE_SIZE)  # the formatted PDF objects of each subset (templates)


class _MemoFlate:
    """reportlab's FlateDecode filter, memoised by content (only for font files and ToUnicode maps)."""

    pdfname = "FlateDecode"

    def encode(self, content: bytes | str) -> bytes:
        data = content.encode("utf8") if isinstance(content, str) else content
        return _compressed.get(data, lambda: zlib.compress(data))

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_MEMO_FLATE = _MemoFlate()


class _Slot(pdfdoc.PDFObject):
    """Stands for a reference to another object while a template is formatted."""

    def __init__(self, name: str):
        self.name = name

    def format(self, document) -> bytes:
        return b"\x00" + self.name.encode() + b"\x00"


class _Template(pdfdoc.PDFObject):
    """A font object formatted once per subset; only its references to other objects are formatted per document."""

    __RefOnly__ = 1

    def __init__(self, template: tuple[list[bytes], list[str]], refs: dict[str, pdfdoc.PDFObjectReference]):
        self.pieces, self.slots = template
        self.refs = refs

    def format(self, document) -> bytes:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:]):
            out += [self.refs[slot].format(document), piece]
        return b"".join(out)


def _template(obj, document) -> tuple[list[bytes], list[str]]:
    """Format ``obj`` once; a dictionary is cut at its slots (never a stream: binary data may look like one)."""
    data = obj.format(document)
    if isinstance(obj, pdfdoc.PDFStream):
        return [data], []
    parts = re.split(rb"\x00(\w+)\x00", data)
    return parts[::2], [name.decode() for name in parts[1::2]]


class _SubsetCachingFace(TTFontFace):
    """A TTFontFace whose subsets are reused across documents."""

    def makeSubset(self, subset):  # noqa: N802 (reportlab API)
        return _subsets.get((self.filename, tuple(subset)), lambda: super(_SubsetCachingFace, self).makeSubset(subset))


class EmbeddedTTFont(TTFont):
    """A TTFont (embedded, subset) whose subsetting work is cached; see the module docstring."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self.face.__class__ = _SubsetCachingFace  # same parsed data, cached subsetting (no second parse)
        # printable ASCII is subset 0 with its own codes (asciiReadable); letters.layout.Painter relies on it too
        self.ascii_is_subset0 = bool(self._asciiReadable) and all(c in self.face.charToGlyph for c in range(32, 127))

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (reportlab API)
        """As TTFont's, with a fast path: printable ASCII is always subset 0 with its own codes (asciiReadable),
        so it needs no per-character assignment (most of a letter's text)."""
        if self.ascii_is_subset0 and isinstance(text, str) and text.isascii() and text.isprintable():
            self._assignState(doc)
            return [(0, text.encode("ascii"))] if text else []
        return super().splitString(text, doc, encoding)

    def _templates(self, doc, internal_name: str, base_name: str, subset: list[int]):
        """The PDF objects of one subset, formatted once: font dictionary, descriptor, font file, ToUnicode map.

        They are the objects reportlab's TTFont.addObjects makes; only references between them differ from one
        document to the next, so they are left as slots.
        """
        face = self.face
        font_file = pdfdoc.PDFStream()
        font_file.content = face.makeSubset(subset)
        font_file.dictionary["Length1"] = len(font_file.content)
        cmap = pdfdoc.PDFStream()
        cmap.content = makeToUnicodeCMap(base_name, subset)
        if doc.compression:
            font_file.filters = cmap.filters = [_MEMO_FLATE]
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight, "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
            "FontFile2": _Slot("file"), "MissingWidth": face.defaultWidth,
        })
        font = pdfdoc.PDFTrueTypeFont()
        font.Name = internal_name
        font.BaseFont = base_name
        font.FirstChar = 0
        font.LastChar = len(subset) - 1
        font.Widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset])
        font.ToUnicode = _Slot("cmap")
        font.FontDescriptor = _Slot("descriptor")
        return tuple(_template(obj, doc) for obj in (font, descriptor, font_file, cmap))

    def addObjects(self, doc):  # noqa: N802 - the objects of TTFont.addObjects, formatted once per subset
        if not isinstance(doc.encrypt, pdfdoc.NoEncryption):  # formatted bytes would bypass the encryption
            return super().addObjects(doc)
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            font, descriptor, font_file, cmap = _font_dicts.get(
                (face.filename, internal_name, base_name, tuple(subset), bool(doc.compression)),
                lambda: self._templates(doc, internal_name, base_name, subset))
            refs: dict[str, pdfdoc.PDFObjectReference] = {}
            refs["cmap"] = doc.Reference(_Template(cmap, refs), "toUnicodeCMap:" + base_name)  # reportlab's order
            refs["file"] = doc.Reference(_Template(font_file, refs), f"fontFile:{face.filename}({base_name})")
            refs["descriptor"] = doc.Reference(_Template(descriptor, refs), "fontDescriptor:" + base_name)
            pdf_font = _Template(font, refs)
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
