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
