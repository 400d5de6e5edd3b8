"""The surat pengantar that travels with a bundle on a USB stick: which file, to whom, its fingerprint, a receipt.

It never names a case or a person: only the file, its sequence number, how many cases it holds, its scope
and the SHA-256 fingerprints that let the receiving office check by hand that the stick carries that file.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _, format_date, format_datetime
from caseapp.letters.fonts import MONO, SANS_BOLD
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style
from caseapp.letters.receipt import receipt_slip


@dataclass(frozen=True)
class HandoverNote:
    """Everything the note prints; no case content."""

    letterhead: OfficeLetterhead
    sender_code: str
    sender_name: str
    recipient_code: str
    recipient_name: str
    file_name: str
    file_size: int
    sequence: int
    case_count: int
    attachment_count: int | None
    scope: str                      # "full" | "deidentified"
    transfer: bool
    bundle_hash: str                # SHA-256 (hex) of payload.age
    sender_key_id: str
    sender_fingerprint: str         # SHA-256 (hex) of the sender's office card
    sender_fingerprint_words: tuple[str, ...]
    created_at: _dt.datetime
    date: _dt.date
    acknowledged: bool = False      # when a receipt has already come back (a reprint)


def grouped(hex_text: str, per_line: int = 8) -> list[str]:
    """A SHA-256 in groups of four upper-case hex digits, ``per_line`` groups per line."""
    text = hex_text.upper()
    groups = [text[i:i + 4] for i in range(0, len(text), 4)]
    return [" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line)]


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("{n} MB").format(n=f"{n / (1024 * 1024):.1f}".replace(".", ","))
    if n >= 1024:
        return _("{n} KB").format(n=f"{n / 1024:.1f}".replace(".", ","))
    return _("{n} bita").format(n=n)


def scope_label(scope: str, transfer: bool) -> str:
    if transfer:
        return _("Data lengkap, pelimpahan kasus (tanggung jawab penanganan berpindah ke kantor penerima)")
    if scope == "deidentified":
        return _("Data tanpa identitas (tanpa nama, NIK, nomor telepon, alamat)")
    return _("Data lengkap")


def _hash_block(lines: list[str]) -> Table:
    cells = [[line] for line in lines]
    t = Table(cells, hAlign="LEFT")
    t.setStyle(table_style(*[("FONTNAME", (0, 0), (-1, -1), MONO), ("FONTSIZE", (0, 0), (-1, -1), 10),
                             ("LEADING", (0, 0), (-1, -1), 12), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t


def render_handover_note(note: HandoverNote, *, paper: str = "A4") -> bytes:
    st = styles()
    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    small = st["left"].clone("hn", fontSize=10.5, leading=12.5)
    title = st["center"].clone("hnt", fontName=SANS_BOLD, fontSize=13, leading=16, spaceBefore=6)
    head = st["heading"].clone("hnh", fontSize=10.5, leading=12.5, spaceBefore=5, spaceAfter=1)
    place_date = ", ".join(p for p in (note.letterhead.city, format_date(note.date)) if p)
    attachments = "" if note.attachment_count is None else _(", {n} lampiran").format(n=note.attachment_count)
    rows: list[tuple[str, object]] = [
        (_("Dari"), f"{note.sender_name} ({note.sender_code})"),
        (_("Kepada"), f"{note.recipient_name} ({note.recipient_code})"),
        (_("Nama berkas"), note.file_name),
        (_("Ukuran berkas"), _size(note.file_size)),
        (_("Nomor urut paket"), _("{n} (dari {sender} ke {recipient})").format(
            n=note.sequence, sender=note.sender_code, recipient=note.recipient_code)),
        (_("Jumlah kasus"), _("{n} kasus").format(n=note.case_count) + attachments),
        (_("Cakupan data"), scope_label(note.scope, note.transfer)),
        (_("Dibuat"), format_datetime(note.created_at)),
        (_("Sidik paket (SHA-256)"), _hash_block(grouped(note.bundle_hash))),
        (_("Kunci pengirim"), note.sender_key_id),
        (_("Sidik kartu pengirim"), _hash_block(grouped(note.sender_fingerprint))),
        (_("Sidik dalam kata"), " ".join(note.sender_fingerprint_words)),
    ]
    label_w = 4.6 * cm
    cells = [[Paragraph(esc(k), small), ":", v if isinstance(v, Flowable) else Paragraph(esc(v), small)]
             for k, v in rows]
    info = Table(cells, colWidths=[label_w, 0.4 * cm, width - label_w - 0.4 * cm])
    info.setStyle(table_style(*[("FONTSIZE", (0, 0), (-1, -1), 10.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    steps = [
        _("Impor berkas apa adanya di aplikasi (menu Pertukaran, atau: caseapp-cli bundle import BERKAS "
          "--receipt-out TANDA-TERIMA); jangan membuka atau mengemas ulang berkas."),
        _("Cocokkan sidik paket yang ditampilkan aplikasi dengan sidik pada surat ini. Jika berbeda, "
          "jangan impor dan hubungi kantor pengirim."),
        _("Kirim berkas tanda terima elektronik kembali ke kantor pengirim, dan kembalikan bagian tanda terima "
          "di bawah ini yang sudah ditandatangani."),
    ]
    numbered = st["left"].clone("hnl", fontSize=10, leading=12, leftIndent=0.7 * cm, bulletIndent=0.1 * cm,
                                bulletFontSize=10, spaceBefore=0.5)
    story: list[Flowable] = [
        *letterhead(note.letterhead, width),
        Paragraph(esc(_("SURAT PENGANTAR PAKET DATA KASUS")), title),
        Paragraph(esc(place_date), st["right"].clone("hnd", fontSize=10.5, spaceBefore=2)),
        Paragraph(esc(_(
            "Bersama ini kami sampaikan satu berkas paket data kasus terenkripsi dengan rincian berikut. Berkas "
            "hanya dapat dibuka oleh kantor penerima dengan aplikasi kasus atau alat standar (unzip, minisign, "
            "age). Surat ini tidak memuat data kasus.")), small),
        Spacer(1, 0.15 * cm),
        info,
        Paragraph(esc(_("Petunjuk bagi penerima")), head),
        *[Paragraph(esc(t), numbered, bulletText=f"{i}.") for i, t in enumerate(steps, start=1)],
        receipt_slip([
            (_("Berkas"), note.file_name),
            (_("Paket no."), _("{n} dari {sender}").format(n=note.sequence, sender=note.sender_code)),
            (_("Sidik paket (awal)"), " ".join(grouped(note.bundle_hash)[0].split()[:4])),
            (_("Jumlah kasus"), str(note.case_count)),
        ], width),
    ]
    footer = _("Surat pengantar paket no. {n} \u2014 {sender} ke {recipient}").format(
        n=note.sequence, sender=note.sender_code, recipient=note.recipient_code)
    return build_pdf(story, paper=paper, title=_("Surat pengantar paket data kasus"), author=note.sender_name,
                     footer=footer)
