"""Helpers to read rendered PDFs in tests."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def flat(pdf: bytes) -> str:
    """Extracted text with all whitespace removed (robust to line wrapping)."""
    return "".join(text(pdf).split())


def decoded_streams(pdf: bytes) -> bytes:
    """Every stream of the file, decompressed, concatenated (to search for leaked strings)."""
    r = reader(pdf)
    out = []
    for num in range(1, int(r.trailer["/Size"])):
        try:
            obj = r.get_object(num)
        except Exception:  # noqa: BLE001 - sparse object numbers
            continue
        if hasattr(obj, "get_data"):
            out.append(obj.get_data())
    return b"\n".join(out)


def fonts(pdf: bytes) -> set[tuple[str, bool]]:
    """(BaseFont, embedded?) of every font any page uses."""
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = font.get("/FontDescriptor") or (descendant[0].get_object()["/FontDescriptor"]
                                                          if descendant else None)
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.add((str(font["/BaseFont"]), embedded))
    return names


def text_runs(pdf: bytes, page: int = 0) -> list[tuple[str, float, float, float, str]]:
    """(text, x, y, font size, font name) of each string drawn on ``page`` (positions from the text matrix)."""
    runs = []
    fonts_by_name = {}

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        fonts_by_name[name] = True
        scale = tm[0] * cm[0] if tm and cm else 1.0
        x = tm[4] * cm[0] + cm[4]
        y = tm[5] * cm[3] + cm[5]
        runs.append((text, x, y, font_size * scale, name))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return runs


def image_boxes(pdf: bytes, page: int = 0) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of each image drawn on ``page`` (from the ``cm`` before each ``Do``)."""
    from pypdf.generic import ContentStream

    p = reader(pdf).pages[page]
    content = ContentStream(p.get_contents(), p.pdf)
    boxes, matrix, stack = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    for operands, op in content.operations:
        if op == b"q":
            stack.append(matrix)
        elif op == b"Q":
            matrix = stack.pop() if stack else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = matrix
            matrix = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
                      e * B + f * D + F)
        elif op == b"Do":
            a, _b, _c, d, e, f = matrix
            boxes.append((e, f, a, d))
    return boxes
