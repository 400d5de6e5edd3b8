"""The printable office card: code, name, key id and fingerprint (hex groups and words) for a confirming phone call."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _, format_date
from caseapp.letters.fonts import MONO_BOLD, SANS, SANS_BOLD
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style


@dataclass(frozen=True)
class OfficeCardPage:
    letterhead: OfficeLetterhead
    code: str
    name: str
    level_label: str
    key_id: str
    fingerprint: str                    # SHA-256 hex
    fingerprint_words: tuple[str, ...]  # the first 8 bytes as words
    minisign_public_key: str            # "RW…" as minisign -P takes it
    age_recipient: str
    issued_at: str
    printed_on: _dt.date
    previous_key_id: str | None = None


class _FingerprintBox(Flowable):
    """Hex groups (4 per line, big, monospaced) left; the words, numbered, right."""

    def __init__(self, fingerprint: str, words: tuple[str, ...]):
        super().__init__()
        fp = fingerprint.upper()
        groups = [fp[i:i + 4] for i in range(0, len(fp), 4)]
        self.lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
        self.words = list(words)
        self.size, self.pad = 14, 10

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        rows = max(len(self.lines), (len(self.words) + 1) // 2)
        self.height = rows * self.size * 1.55 + 2 * self.pad + 14
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(Color(0.95, 0.95, 0.95))
        c.setLineWidth(1.2)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.setFillColor(Color(0, 0, 0))
        c.setFont(SANS, 8.5)
        top = self.height - self.pad
        c.drawString(self.pad, top - 6, _("Sidik jari (SHA-256)"))
        hex_w = stringWidth(self.lines[0], MONO_BOLD, self.size)
        words_x = self.pad + hex_w + 1.0 * cm
        c.drawString(words_x, top - 6, _("Dibaca lewat telepon"))
        y = top - 14 - self.size
        c.setFont(MONO_BOLD, self.size)
        for line in self.lines:
            c.drawString(self.pad, y, line)
            y -= self.size * 1.55
        y = top - 14 - self.size
        col_w = (self.width - words_x - self.pad) / 2
        half = (len(self.words) + 1) // 2
        for i, word in enumerate(self.words):
            col, row = divmod(i, half)
            x = words_x + col * col_w
            yy = y - row * self.size * 1.55
            c.setFont(SANS, 10)
            c.drawRightString(x + 0.55 * cm, yy, f"{i + 1}.")
            c.setFont(SANS_BOLD, 12.5)
            c.drawString(x + 0.7 * cm, yy, word)


def render_office_card(page: OfficeCardPage, *, paper: str = "A4") -> bytes:
    st = styles()
    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    small = st["left"].clone("oc", fontSize=10.5, leading=12.5)
    mono = st["mono"].clone("ocm", fontSize=8, leading=10)
    title = st["center"].clone("oct", fontName=SANS_BOLD, fontSize=15, leading=18, spaceBefore=6)
    head = st["heading"].clone("och", fontSize=10.5, leading=12.5, spaceBefore=6, spaceAfter=1)
    rows = [
        (_("Kode kantor"), Paragraph(f"<b>{esc(page.code)}</b>", small.clone("occ", fontSize=14, leading=17))),
        (_("Nama kantor"), Paragraph(esc(page.name), small)),
        (_("Tingkat"), Paragraph(esc(page.level_label), small)),
        (_("ID kunci"), Paragraph(f"<b>{esc(page.key_id)}</b>", small)),
        (_("Kartu diterbitkan"), Paragraph(esc(page.issued_at), small)),
    ]
    if page.previous_key_id:
        rows.append((_("Menggantikan kunci"), Paragraph(esc(page.previous_key_id), small)))
    rows += [
        (_("Kunci tanda tangan"), Paragraph(esc(page.minisign_public_key), mono)),
        (_("Kunci enkripsi"), Paragraph(esc(page.age_recipient), mono)),
    ]
    label_w = 4.2 * cm
    info = Table([[Paragraph(esc(k), small), ":", v] for k, v in rows],
                 colWidths=[label_w, 0.4 * cm, width - label_w - 0.4 * cm])
    info.setStyle(table_style(*[("FONTSIZE", (0, 0), (-1, -1), 10.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    numbered = st["left"].clone("ocl", fontSize=10, leading=12, leftIndent=0.7 * cm, bulletIndent=0.1 * cm,
                                bulletFontSize=10, spaceBefore=0.5)
    steps = [
        _("Kirim berkas kartu kantor (.json) ke kantor mitra lewat jalur apa pun (flashdisk, surel, WhatsApp). "
          "Berkas itu sendiri tidak rahasia, tetapi bisa dipalsukan di jalan."),
        _("Kantor mitra memasukkan berkas itu ke aplikasinya; aplikasinya menampilkan kode kantor, ID kunci dan "
          "sidik jari."),
        _("Telepon kantor mitra di nomor resmi yang sudah Anda kenal (bukan nomor yang tertulis di pesan yang "
          "sama dengan berkas). Bacakan kedelapan kata di atas berurutan, atau kelompok heksadesimalnya."),
        _("Kantor mitra mencocokkan setiap kata dengan layar. Hanya jika semuanya sama, kartu dipercaya "
          "(caseapp-cli office trust BERKAS --fingerprint SIDIK-JARI). Jika satu saja berbeda, jangan percayai "
          "kartu itu dan laporkan ke admin."),
        _("Ulangi untuk arah sebaliknya: kantor Anda juga memeriksa kartu kantor mitra dengan cara yang sama. "
          "Setelah kunci diganti (rotasi), kartu baru diperiksa lagi."),
    ]
    confirm = Table([[_("Dikonfirmasi dengan kantor"), ":", ""], [_("Lewat telepon ke nomor"), ":", ""],
                     [_("Oleh (nama/jabatan)"), ":", ""], [_("Tanggal/jam"), ":", ""], [_("Paraf"), ":", ""]],
                    colWidths=[5.0 * cm, 0.4 * cm, 9 * cm], rowHeights=[0.62 * cm] * 4 + [1.0 * cm], hAlign="LEFT")
    confirm.setStyle(table_style(*[("FONTSIZE", (0, 0), (-1, -1), 10), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("LINEBELOW", (2, 0), (2, -1), 0.5, "black")]))
    story: list[Flowable] = [
        *letterhead(page.letterhead, width),
        Paragraph(esc(_("KARTU KANTOR UNTUK PERTUKARAN DATA KASUS")), title),
        Spacer(1, 0.2 * cm),
        info,
        Spacer(1, 0.25 * cm),
        _FingerprintBox(page.fingerprint, page.fingerprint_words),
        Paragraph(esc(_("Cara mengonfirmasi lewat telepon")), head),
        *[Paragraph(esc(t), numbered, bulletText=f"{i}.") for i, t in enumerate(steps, start=1)],
        Spacer(1, 0.2 * cm),
        confirm,
    ]
    footer = _("Kartu kantor {code} \u2014 kunci {key_id} \u2014 dicetak {date}").format(
        code=page.code, key_id=page.key_id, date=format_date(page.printed_on))
    return build_pdf(story, paper=paper, title=_("Kartu kantor"), author=page.name, footer=footer)
