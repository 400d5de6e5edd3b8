"""A QR code carrying a letter's verification code, drawn as filled squares (no image, no platypus).

reportlab's encoder picks the "best" of eight mask patterns by scoring each in pure Python (≈ 3–8 ms); any mask
is valid QR, so one fixed mask is used and the code costs well under a millisecond. The quiet zone (four
modules of white) is part of the block, so nothing printed next to it can disturb a scanner.
"""

from __future__ import annotations

import functools

from reportlab.graphics.barcode import qrencoder

from caseapp.letters import layout

QUIET = 4  # modules of white around the symbol (ISO/IEC 18004)
_MASK = 2  # columns mask: valid, and decodes well with common readers (zbar, phone cameras)


@functools.lru_cache(maxsize=256)  # a letter is previewed, printed and saved: its code is encoded once
def modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light matrix of ``text`` at error-correction level M (version chosen to fit).

    Only verification codes are encoded (printed on the letter, no personal data), so keeping a few is harmless.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, _MASK)
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


def qr_block(text: str, size: float) -> layout.Block:
    """A ``size`` x ``size`` point block (quiet zone included) with the QR code of ``text``."""
    matrix = modules(text)
    n = len(matrix)
    step = size / (n + 2 * QUIET)

    runs = []  # (column, row, length): one rectangle per run of dark modules in a row
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                runs.append((start, r, col - start))
            else:
                col += 1

    def draw(p: layout.Painter, x: float, top: float, _width: float) -> None:
        ops = [f"{x + (QUIET + c) * step:.2f} {top - (QUIET + r + 1) * step:.2f} {length * step + 0.01:.2f} "
               f"{step + 0.01:.2f} re" for c, r, length in runs]
        p.canvas.addLiteral("\n".join(ops) + "\nf")  # filled in the page's colour (black)

    return layout.Drawn(size, draw)
