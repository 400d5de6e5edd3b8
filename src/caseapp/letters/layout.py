"""A small layout engine that draws official letters straight on a reportlab canvas (no platypus).

Why it exists: issue 4 asks that one referral letter renders within 3x of a minimal one-page reportlab document
(``benchmarks/letters.py``). Platypus spent about 80 % of the letter's time parsing paragraph markup, sizing tables
and handling frames. A letter needs much less, and this module does just that:

- ``Paragraph``: one font, greedy line breaking with the font's metrics; left, right, centred or justified (PDF word
  spacing, so the text stays searchable); left indent, first-line or hanging indent, an optional bullet, underline.
- ``Grid``: rows of cells with fixed widths (label : value rows, letterhead, signature, receipt slip), paddings,
  natural or fixed row heights, top or middle alignment, an optional box.
- ``Stack``, ``Image`` (a ``CachedImage``: compressed once per process), ``Space``, ``Drawn`` (a callback of a
  given height) and ``Keep`` (keep-together group).
- ``paginate``: fills pages top-down with space-before (dropped at the top of a page), keep-together groups,
  paragraphs split between lines (never leaving a single line on either page) and grids split between rows.
- ``Painter`` collects a page's text into one PDF text object; ``as_flowable`` lets a platypus document use a
  block (the letterhead and the receipt slip are shared with the hand-over note and the office card).

Units are points. Blocks are drawn from their top edge: ``draw(painter, x, top)``, PDF y growing upwards.
Paragraph metrics follow platypus's, so letters look the same: the first baseline is ``size`` below the top,
then one ``leading`` per line.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

LEFT, RIGHT, CENTRE, JUSTIFY = "left", "right", "centre", "justify"
EPS = 1e-6
MIN_SPLIT_LINES = 2  # no widows or orphans: a split paragraph keeps at least two lines on each page
_BREAKABLE = re.compile(r"[ \t\r\n\f\v]+")  # U+00A0 (no-break space) is not in it: it stays inside a word
_WIDTH_CACHE_LIMIT = 20_000  # words per font
# font -> hash(word) -> width at size 1. Keyed by the (per-process salted) hash, so the cache keeps no text of
# a letter (victims' names) once the letter is done; a collision (~2^-64) would only misplace a line slightly.
_widths: dict[str, dict[int, float]] = {}


def _unit_widths(font: str) -> dict[int, float]:
    cache = _widths.get(font)
    if cache is None or len(cache) >= _WIDTH_CACHE_LIMIT:
        cache = _widths[font] = {}
    return cache


def text_width(text: str, font: str, size: float) -> float:
    """``stringWidth`` with a memo of each text's width at size 1 (letters repeat most of their words)."""
    cache = _unit_widths(font)
    key = hash(text)
    unit = cache.get(key)
    if unit is None:
        unit = cache[key] = stringWidth(text, font, 1.0)
    return unit * size


@dataclasses.dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    align: str = LEFT
    indent: float = 0.0  # left indent of every line
    first_indent: float = 0.0  # added to the first line's indent; negative for a hanging first line
    space_before: float = 0.0
    underline: bool = False
    bullet_font: str = ""  # default: the text font
    bullet_size: float = 0.0  # default: the text size

    def but(self, **changes) -> Style:
        return dataclasses.replace(self, **changes)


class Line(NamedTuple):
    text: str  # words joined by single spaces
    width: float  # natural width
    spaces: int  # stretchable spaces (including no-break spaces inside words)


def _cut(word: str, font: str, size: float, limit: float) -> int:
    """How many leading characters of ``word`` fit in ``limit`` (at least one)."""
    width = 0.0
    for i, ch in enumerate(word):
        width += text_width(ch, font, size)
        if width > limit + EPS:
            return max(i, 1)
    return len(word)


def _line(words: list[str], width: float) -> Line:
    text = " ".join(words)
    return Line(text, width, len(words) - 1 + (text.count("\u00a0") if not text.isascii() else 0))


def _words(text: str) -> list[str]:
    return text.split() if text.isascii() else [w for w in _BREAKABLE.split(text) if w]


def break_lines(text: str, font: str, size: float, first_width: float, width: float) -> list[Line]:
    """Greedy line breaking of ``text`` (whitespace collapsed) into lines no wider than the given widths.

    The first line may be ``first_width`` wide, the others ``width``. A word wider than a whole line is cut.
    Works in widths at size 1 (the cached word widths) and scales at the end.
    """
    widths = _unit_widths(font)
    space = text_width(" ", font, 1.0)
    limit, rest_limit = first_width / size + EPS, width / size + EPS
    lines: list[Line] = []
    current: list[str] = []
    current_w = 0.0
    for word in _words(text):
        key = hash(word)
        w = widths.get(key)
        if w is None:
            w = widths[key] = stringWidth(word, font, 1.0)
        if current:
            if current_w + space + w <= limit:
                current.append(word)
                current_w += space + w
                continue
            lines.append(_line(current, current_w * size))
            limit = rest_limit
        while w > limit and len(word) > 1:  # a word wider than the line is cut
            n = _cut(word, font, 1.0, limit)
            lines.append(_line([word[:n]], text_width(word[:n], font, size)))
            word, limit = word[n:], rest_limit
            w = text_width(word, font, 1.0)
        current, current_w = [word], w
    if current:
        lines.append(_line(current, current_w * size))
    return lines


class Painter:
    """Draws on one page of a reportlab canvas; all text of the page goes into a single PDF text object.

    Text operators are written directly (position, font subset, word spacing, string): what reportlab's text
    object would write, without its per-call bookkeeping. Fonts must be TrueType fonts (``letters.fonts``);
    printable ASCII takes a fast path where the font says it is subset 0 with its own codes. Text is drawn in
    the page's fill colour (black) after the page's graphics. Coordinates are written to 0.01 pt.
    """

    def __init__(self, canvas):
        self.canvas = canvas
        self._doc = canvas._doc  # noqa: SLF001 - font subsets are registered per document
        self._ops: list[str] = []
        self._fonts: dict[str, tuple[object, bool]] = {}
        self._selected: tuple[str, int, float] | None = None  # (font, subset, size)
        self._word_space = 0.0
        self._line_width: float | None = None

    def _font(self, name: str) -> tuple[object, bool]:
        entry = self._fonts.get(name)
        if entry is None:
            face = getFont(name)
            face._assignState(self._doc)  # noqa: SLF001 - the fast path below never calls splitString
            entry = self._fonts[name] = (face, getattr(face, "ascii_is_subset0", False))
        return entry

    def _select(self, face, name: str, subset: int, size: float) -> None:
        if self._selected != (name, subset, size):
            self._ops.append(f"{face.getSubsetInternalName(subset, self._doc)} {size:.2f} Tf")
            self._selected = (name, subset, size)

    def text(self, x: float, y: float, text: str, font: str, size: float, word_space: float = 0.0) -> None:
        self.lines(font, size, ((x, y, text, word_space),))

    def lines(self, font: str, size: float, items: Iterable[tuple[float, float, str, float]]) -> None:
        """Draw (x, y, text, word spacing) baselines in one font."""
        ops = self._ops
        face, fast = self._font(font)
        for x, y, text, word_space in items:
            if word_space != self._word_space:
                ops.append(f"{word_space:.4f} Tw")
                self._word_space = word_space
            ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            if fast and text.isascii() and text.isprintable():
                self._select(face, font, 0, size)
                ops.append(f"({escapePDF(text)}) Tj")
                continue
            for subset, chunk in face.splitString(text, self._doc):
                self._select(face, font, subset, size)
                ops.append(f"({escapePDF(chunk)}) Tj")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 1.0, dash: Sequence[float] = ()) -> None:
        c = self.canvas
        if width != self._line_width:
            c.setLineWidth(width)
            self._line_width = width
        if dash:
            c.setDash(*dash)
            c.line(x1, y1, x2, y2)
            c.setDash()
        else:
            c.line(x1, y1, x2, y2)

    def rect(self, x: float, y: float, w: float, h: float, width: float = 1.0) -> None:
        if width != self._line_width:
            self.canvas.setLineWidth(width)
            self._line_width = width
        self.canvas.rect(x, y, w, h)

    def image(self, image: CachedImage, x: float, y: float, w: float, h: float) -> None:
        """Draw ``image`` scaled into the box, as canvas.drawImage does, from its cached PDF image object."""
        c, doc = self.canvas, self._doc
        reg_name = doc.getXObjectName(image.name)
        if reg_name not in doc.idToObject:
            doc.Reference(_Preformatted(image.pdf_object(doc)), reg_name)
        c.saveState()
        c.transform(w, 0, 0, h, x, y)
        c.addLiteral(f"/{reg_name} Do")
        c.restoreState()
        c._formsinuse.append(image.name)  # noqa: SLF001 - lists the image in the page's resources
        c._currentPageHasImages = 1  # noqa: SLF001 - adds the image procsets, as drawImage does

    def finish(self) -> None:
        """Append the page's text object to the canvas (call once, before ``showPage``)."""
        if self._ops:
            self.canvas.addLiteral("BT\n" + "\n".join(self._ops) + "\nET")


class Block:
    """Something placed on a page: ``wrap`` fixes its height for a width, ``draw`` paints it from its top."""

    space_before = 0.0
    height = 0.0

    def wrap(self, width: float) -> float:
        raise NotImplementedError

    def split(self, avail: float, at_top: bool = False) -> tuple[Block, Block] | None:
        """Two parts, the first no taller than ``avail``, or None if the block must not be split there.

        ``at_top``: the block starts a page and is taller than it, so it must be split if it can be at all.
        """
        return None

    def draw(self, p: Painter, x: float, top: float) -> None:
        raise NotImplementedError


class Space(Block):
    """Vertical space; dropped at the top of a page."""

    def __init__(self, height: float):
        self.height = height

    def wrap(self, width: float) -> float:
        return self.height

    def draw(self, p: Painter, x: float, top: float) -> None:
        pass


class Drawn(Block):
    """A fixed-height block drawn by ``draw(painter, x, top, width)``."""

    def __init__(self, height: float, draw: Callable[[Painter, float, float, float], None], space_before: float = 0.0):
        self.height, self._draw, self.space_before, self.width = height, draw, space_before, 0.0

    def wrap(self, width: float) -> float:
        self.width = width
        return self.height

    def draw(self, p: Painter, x: float, top: float) -> None:
        self._draw(p, x, top, self.width)


class _Preformatted(pdfdoc.PDFObject):
    __RefOnly__ = 1

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


class CachedImage:
    """An opaque raster image (RGB or grey) whose compressed PDF image object is made once and reused.

    reportlab's drawImage hashes and zlib-compresses the pixels for every document (≈ 2 ms for a logo).
    """

    def __init__(self, image, name: str):
        if image.mode not in ("RGB", "L"):
            raise ValueError("CachedImage takes RGB or greyscale images (flatten transparency first)")
        self.reader = ImageReader(image)
        self.size = image.size
        self.name = name  # unique per image content
        self._pdf: bytes | None = None
        self._lock = threading.Lock()

    def pdf_object(self, document) -> bytes:
        with self._lock:
            if self._pdf is None:
                if not isinstance(document.encrypt, pdfdoc.NoEncryption):
                    raise ValueError("CachedImage cannot be used in an encrypted document")
                self._pdf = pdfdoc.PDFImageXObject(self.name, self.reader, mask=None).format(document)
            return self._pdf


class Image(Block):
    def __init__(self, image: CachedImage, width: float, height: float):
        self.image, self.width, self.height = image, width, height

    def wrap(self, width: float) -> float:
        return self.height

    def draw(self, p: Painter, x: float, top: float) -> None:
        p.image(self.image, x, top - self.height, self.width, self.height)


class Paragraph(Block):
    def __init__(self, text: str, style: Style, bullet: str = "", bullet_x: float = 0.0):
        self.text, self.style, self.bullet, self.bullet_x = text, style, bullet, bullet_x
        self.space_before = style.space_before
        self.lines: list[Line] = []
        self.width = 0.0
        self._first = True  # holds the paragraph's first line (first-line indent, bullet)
        self._last = True  # holds the paragraph's last line (never justified)

    def wrap(self, width: float) -> float:
        s = self.style
        if not (self.lines and width == self.width):
            avail = width - s.indent
            self.lines = break_lines(self.text, s.font, s.size, avail - s.first_indent, avail)
            self.width = width
        self.height = len(self.lines) * s.leading
        return self.height

    def _part(self, lines: list[Line], first: bool, last: bool) -> Paragraph:
        part = Paragraph(self.text, self.style, self.bullet if first else "", self.bullet_x)
        part.lines, part.width, part._first, part._last = lines, self.width, first, last
        part.space_before = self.space_before if first else 0.0
        part.height = len(lines) * self.style.leading
        return part

    def split(self, avail: float, at_top: bool = False) -> tuple[Block, Block] | None:
        room = int((avail + EPS) // self.style.leading)
        fit = min(room, len(self.lines) - MIN_SPLIT_LINES)
        if fit < MIN_SPLIT_LINES:
            if not at_top:
                return None
            fit = min(room, len(self.lines) - 1)  # too little room either way: any split beats overflowing
            if fit < 1:
                return None
        return (self._part(self.lines[:fit], self._first, False),
                self._part(self.lines[fit:], False, self._last))

    def draw(self, p: Painter, x: float, top: float) -> None:
        s = self.style
        y = top - s.size
        last = len(self.lines) - 1
        justify_last = not self._last
        right = x + self.width
        items = []
        for i, (text, natural, spaces) in enumerate(self.lines):
            left = x + s.indent + (s.first_indent if i == 0 and self._first else 0.0)
            free = right - left - natural
            word_space = 0.0
            if s.align == JUSTIFY:
                if spaces and free > EPS and (i < last or justify_last):
                    word_space = free / spaces
            elif s.align == RIGHT:
                left += free
            elif s.align == CENTRE:
                left += free / 2
            items.append((left, y, text, word_space))
            y -= s.leading
        p.lines(s.font, s.size, items)
        if s.underline:
            for (left, base, _text, word_space), line in zip(items, self.lines):
                under = base - 0.125 * s.size
                p.line(left, under, left + line.width + word_space * line.spaces, under)
        if self.bullet and self._first:
            p.text(x + self.bullet_x, top - s.size, self.bullet, s.bullet_font or s.font, s.bullet_size or s.size)


class Stack(Block):
    """Blocks one under the other (inside a grid cell); space-before counts except for the first."""

    def __init__(self, blocks: Iterable[Block], space_before: float = 0.0):
        self.blocks = list(blocks)
        self.space_before = space_before
        self._width = -1.0

    def wrap(self, width: float) -> float:
        if width != self._width:
            self.height = sum(b.wrap(width) + (b.space_before if i else 0.0) for i, b in enumerate(self.blocks))
            self._width = width
        return self.height

    def draw(self, p: Painter, x: float, top: float) -> None:
        for i, b in enumerate(self.blocks):
            top -= b.space_before if i else 0.0
            b.draw(p, x, top)
            top -= b.height


Cell = tuple[float, "Block | None"]  # (width, content)


class Grid(Block):
    """Rows of cells of fixed widths; each row as tall as its tallest cell (plus padding) or a fixed height.

    ``padding`` is (top, right, bottom, left) for every cell; ``valign`` "top" or "middle"; ``box`` draws a
    frame of that line width around the grid; ``x`` shifts the grid right. Splits between rows.
    """

    def __init__(self, rows: Sequence[Sequence[Cell]], *, padding=(0.0, 0.0, 1.0, 0.0), valign: str = "top",
                 heights: Sequence[float | None] | None = None, box: float = 0.0, x: float = 0.0,
                 space_before: float = 0.0):
        self.rows = [list(r) for r in rows]
        self.padding, self.valign, self.box, self.x = padding, valign, box, x
        self.fixed = list(heights) if heights is not None else [None] * len(self.rows)
        self.space_before = space_before
        self.row_heights: list[float] = []

    def wrap(self, width: float) -> float:
        if self.row_heights:  # cell widths are fixed: the rows' heights do not depend on ``width``
            return self.height
        top, right, bottom, left = self.padding
        for row, fixed in zip(self.rows, self.fixed):
            natural = max((c.wrap(w - left - right) for w, c in row if c is not None), default=0.0)
            self.row_heights.append(fixed if fixed is not None else natural + top + bottom)
        self.height = sum(self.row_heights)
        return self.height

    def split(self, avail: float, at_top: bool = False) -> tuple[Block, Block] | None:
        if self.box:
            return None
        used, n = 0.0, 0
        while n < len(self.rows) and used + self.row_heights[n] <= avail + EPS:
            used += self.row_heights[n]
            n += 1
        if n == len(self.rows):
            return None
        if n == 0:  # a row taller than a whole page is split between lines of its paragraphs
            return self._split_row(avail) if at_top else None
        return self._part(self.rows[:n], self.fixed[:n], self.space_before), self._part(self.rows[n:], self.fixed[n:])

    def _part(self, rows, fixed, space_before: float = 0.0) -> Grid:
        part = Grid(rows, padding=self.padding, valign=self.valign, heights=fixed, x=self.x,
                    space_before=space_before)
        part.wrap(0.0)
        return part

    def _split_row(self, avail: float) -> tuple[Block, Block] | None:
        top, _right, bottom, _left = self.padding
        inner = avail - top - bottom
        head, tail = [], []
        for w, content in self.rows[0]:
            if content is None or content.height <= inner + EPS:
                head.append((w, content))
                tail.append((w, None))
                continue
            parts = content.split(inner, at_top=True) if isinstance(content, Paragraph) else None
            if parts is None:
                return None
            head.append((w, parts[0]))
            tail.append((w, parts[1]))
        return (self._part([head], [None], self.space_before),
                self._part([tail, *self.rows[1:]], [None, *self.fixed[1:]]))

    def draw(self, p: Painter, x: float, top: float) -> None:
        pad_top, _right, pad_bottom, pad_left = self.padding
        x += self.x
        row_top = top
        for row, height in zip(self.rows, self.row_heights):
            col = x
            for w, content in row:
                if content is not None:
                    if self.valign == "middle":
                        inner = height - pad_top - pad_bottom
                        cell_top = row_top - pad_top - (inner - content.height) / 2
                    else:
                        cell_top = row_top - pad_top
                    content.draw(p, col + pad_left, cell_top)
                col += w
            row_top -= height
        if self.box:
            p.rect(x, top - self.height, sum(w for w, _c in self.rows[0]), self.height, self.box)


class Keep(Block):
    """Keep-together group for ``paginate``: moved whole to the next page unless taller than a page."""

    def __init__(self, blocks: Iterable[Block]):
        self.blocks = list(blocks)
        self.space_before = self.blocks[0].space_before if self.blocks else 0.0
        self._stack = Stack(self.blocks)

    def wrap(self, width: float) -> float:
        self.height = self._stack.wrap(width)
        return self.height

    def draw(self, p: Painter, x: float, top: float) -> None:  # pragma: no cover - paginate unpacks groups
        self._stack.draw(p, x, top)


Page = list[tuple[Block, float]]  # (block, distance of its top below the frame's top)


def paginate(blocks: Iterable[Block], width: float, height: float) -> list[Page]:
    """Place ``blocks`` top-down on pages of a ``width`` x ``height`` frame."""
    pages: list[Page] = [[]]
    used = 0.0  # height filled on the current page
    queue = deque(blocks)
    while queue:
        block = queue.popleft()
        at_top = not pages[-1]
        before = 0.0 if at_top else block.space_before
        if isinstance(block, Space):
            if not at_top:
                used += block.height
            continue
        h = block.wrap(width)
        if isinstance(block, Keep):
            if not at_top and used + before + h > height + EPS and h <= height + EPS:
                pages.append([])
                used = 0.0
            queue.extendleft(reversed(block.blocks))  # they fit now (or the group cannot fit any page)
            continue
        if used + before + h <= height + EPS:
            pages[-1].append((block, used + before))
            used += before + h
            continue
        parts = block.split(height - used - before, at_top)
        if parts is not None:
            first, rest = parts
            pages[-1].append((first, used + before))
            queue.appendleft(rest)
        elif at_top:  # taller than a page and unsplittable: let it overflow rather than loop
            pages[-1].append((block, 0.0))
            used = h
            continue
        else:
            queue.appendleft(block)
        pages.append([])
        used = 0.0
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


def draw_page(canvas, page: Page, x: float, top: float) -> None:
    """Draw one paginated page's blocks with the frame's top-left corner at (x, top)."""
    painter = Painter(canvas)
    for block, offset in page:
        block.draw(painter, x, top - offset)
    painter.finish()


class _BlockFlowable(Flowable):
    def __init__(self, block: Block, space_before: float = 0.0):
        super().__init__()
        self.block = block
        self.spaceBefore = space_before

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.block.wrap(avail_width)
        return self.width, self.height

    def draw(self):
        painter = Painter(self.canv)
        self.block.draw(painter, 0.0, self.height)
        painter.finish()


def as_flowable(block: Block) -> Flowable:
    """A platypus flowable that draws ``block`` (kept whole; for the documents still laid out by platypus)."""
    return _BlockFlowable(block, block.space_before)
