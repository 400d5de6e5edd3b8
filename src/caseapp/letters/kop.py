"""The kop surat (letterhead): optional logo left, centred bold lines, contact line, double rule beneath."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

from PIL import Image as PILImage
from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _
from caseapp.letters import layout
from caseapp.letters.fonts import SANS, SANS_BOLD

LOGO_WIDTH = 2.2 * cm
LOGO_HEIGHT = 2.7 * cm
LOGO_GAP = 0.15 * cm  # white space between the logo and the text
LINE_GAP = 2.5
_logos: OrderedDict[bytes, layout.CachedImage] = OrderedDict()
_logos_lock = threading.Lock()


def _decode_logo(png: bytes) -> layout.CachedImage:
    """Decode the logo once; transparency is flattened onto white (the paper), as it prints the same."""
    image = PILImage.open(io.BytesIO(png))
    image.load()
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = PILImage.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return layout.CachedImage(image, "logo-" + hashlib.sha256(png).hexdigest()[:32])


def logo_image(png: bytes) -> layout.CachedImage:
    """The office logo, decoded and (once drawn) compressed for the few logos a process sees."""
    with _logos_lock:
        logo = _logos.get(png)
        if logo is None:
            logo = _logos[png] = _decode_logo(png)
            while len(_logos) > 4:
                _logos.popitem(last=False)
        return logo


MIN_SIZE = 9.0  # no kop line is drawn smaller (Tata Naskah Dinas: the kop must stay legible)
KopLine = tuple[str, str, float]  # (text, font, size)


def _balanced_split(words: list[str], font: str, size: float) -> tuple[str, str]:
    """Two lines of about equal width (a long dinas name reads better so than greedily filled)."""
    best, best_w = (" ".join(words), ""), float("inf")
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        w = max(layout.text_width(a, font, size), layout.text_width(b, font, size))
        if w < best_w:
            best, best_w = (a, b), w
    return best


def fit_line(text: str, font: str, size: float, width: float, *, shrink_first: float = 0.85) -> list[KopLine]:
    """One kop line fitted into ``width``: shrunk a little, else split in two balanced lines, never under 9 pt.

    Only text that cannot fit even as two lines at 9 pt is wrapped into more lines (still at 9 pt): a line
    is never drawn smaller, nor wider than ``width`` (so never over the logo).
    """
    smallest = max(MIN_SIZE, size * shrink_first)
    s = size
    while s >= smallest - 1e-9:
        if layout.text_width(text, font, s) <= width:
            return [(text, font, s)]
        s -= 0.25
    words = text.split()
    if len(words) > 1:
        s = size
        while s >= MIN_SIZE - 1e-9:
            a, b = _balanced_split(words, font, s)
            if max(layout.text_width(a, font, s), layout.text_width(b, font, s)) <= width:
                return [(a, font, s), (b, font, s)]
            s -= 0.25
    return [(line.text, font, MIN_SIZE) for line in layout.break_lines(text, font, MIN_SIZE, width, width)]


def _fitted(lines: list[KopLine], width: float) -> list[KopLine]:
    out: list[KopLine] = []
    for text, font, size in lines:
        out.extend(fit_line(text, font, size, width))
    return out


class _CentredLines(layout.Block):
    def __init__(self, lines: list[KopLine]):
        self.lines = [line for line in lines if line[0]]
        self.fitted: list[KopLine] = []
        self.width = 0.0

    def wrap(self, width: float) -> float:
        if self.fitted and width == self.width:
            return self.height
        self.width = width
        self.fitted = _fitted(self.lines, width)
        self.height = sum(size + LINE_GAP for _t, _f, size in self.fitted)
        return self.height

    def draw(self, p: layout.Painter, x: float, top: float) -> None:
        y = top
        for text, font, size in self.fitted:
            y -= size + LINE_GAP
            p.text(x + (self.width - layout.text_width(text, font, size)) / 2, y + LINE_GAP, text, font, size)


def _rule(p: layout.Painter, x: float, top: float, width: float) -> None:
    """The classic kop underline: a thick line over a thin one."""
    p.line(x, top - 1.5, x + width, top - 1.5, 2.2)
    p.line(x, top - 5, x + width, top - 5, 0.7)


def _contact_line(head: OfficeLetterhead) -> str:
    parts = []
    if head.phone:
        parts.append(_("Telp. {phone}").format(phone=head.phone))
    if head.email:
        parts.append(_("Pos-el: {email}").format(email=head.email))
    if head.website:
        parts.append(_("Laman: {website}").format(website=head.website))
    return "  ".join(p for p in parts if p)


def _address_line(head: OfficeLetterhead) -> str:
    address = head.address.strip()
    if head.postal_code and head.postal_code not in address:
        address = _("{address} Kode Pos {code}").format(address=address.rstrip(",") + ",", code=head.postal_code) \
            if address else _("Kode Pos {code}").format(code=head.postal_code)
    return address


def letterhead_block(head: OfficeLetterhead, width: float) -> layout.Block:
    """Logo at the left; the text is centred in the room right of it, so it never runs over the logo."""
    lines = _CentredLines([
        (head.government.upper(), SANS_BOLD, 14),
        (head.agency.upper(), SANS_BOLD, 13),
        (head.unit.upper(), SANS_BOLD, 14),
        (_address_line(head), SANS, 10),
        (_contact_line(head), SANS, 10),
    ])
    if head.logo_png:
        logo = logo_image(head.logo_png)
        iw, ih = logo.size
        w = min(LOGO_WIDTH, LOGO_HEIGHT * iw / ih)  # a tall emblem keeps the kop's height
        row = [(LOGO_WIDTH + LOGO_GAP, layout.Image(logo, w, w * ih / iw)), (width - LOGO_WIDTH - LOGO_GAP, lines)]
    else:
        row = [(width, lines)]
    table = layout.Grid([row], padding=(0, 0, 2, 0), valign="middle")
    return layout.Stack([table, layout.Drawn(6, _rule)])


def letterhead(head: OfficeLetterhead, width: float) -> list[Flowable]:
    """The letterhead for platypus documents (hand-over note, office card)."""
    return [layout.as_flowable(letterhead_block(head, width))]


def render_letterhead_sample(head: OfficeLetterhead, paper: str, date_line: str) -> bytes:
    """A page with only the kop and the date line: the live preview of the letterhead settings."""
    from caseapp.letters.page import PAGE_SIZES, MARGINS, draw_pdf

    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    style = layout.Style(SANS, 12, 13.8, align=layout.RIGHT)
    return draw_pdf([letterhead_block(head, width), layout.Space(0.45 * cm), layout.Paragraph(date_line, style)],
                    paper=paper, title=_("Kop surat"), author=head.unit)
