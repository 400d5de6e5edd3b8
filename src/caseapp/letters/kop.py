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


def _fitted(lines: list[tuple[str, str, float]], width: float) -> list[tuple[str, str, float]]:
    """Kop lines must not wrap: each is shrunk (to 7 pt at least) until it fits the width."""
    out = []
    for text, font, size in lines:
        while size > 7 and layout.text_width(text, font, size) > width:
            size -= 0.25
        out.append((text, font, size))
    return out


class _CentredLines(layout.Block):
    def __init__(self, lines: list[tuple[str, str, float]]):
        self.lines = [line for line in lines if line[0]]
        self.fitted: list[tuple[str, str, float]] = []
        self.width = 0.0

    def wrap(self, width: float) -> float:
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


def letterhead_block(head: OfficeLetterhead, width: float) -> layout.Block:
    lines = _CentredLines([
        (head.government.upper(), SANS_BOLD, 14),
        (head.agency.upper(), SANS_BOLD, 13),
        (head.unit.upper(), SANS_BOLD, 15),
        (head.address, SANS, 10),
        (_contact_line(head), SANS, 10),
    ])
    if head.logo_png:
        logo = logo_image(head.logo_png)
        iw, ih = logo.size
        row = [(LOGO_WIDTH, layout.Image(logo, LOGO_WIDTH, LOGO_WIDTH * ih / iw)),
               (width - 2 * LOGO_WIDTH, lines), (LOGO_WIDTH, None)]
    else:
        row = [(width, lines)]
    table = layout.Grid([row], padding=(0, 0, 2, 0), valign="middle")
    return layout.Stack([table, layout.Drawn(6, _rule)])


def letterhead(head: OfficeLetterhead, width: float) -> list[Flowable]:
    """The letterhead for platypus documents (hand-over note, office card)."""
    return [layout.as_flowable(letterhead_block(head, width))]
