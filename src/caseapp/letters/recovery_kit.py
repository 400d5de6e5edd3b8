"""Renders the one-page printed recovery kit (Kit Pemulihan) that holds a database's recovery key."""

from __future__ import annotations

import datetime as _dt
import re

from reportlab.lib.colors import Color
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from caseapp.i18n import _, format_datetime
from caseapp.letters.fonts import MONO_BOLD, SANS_BOLD
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style

KEY_FONT_SIZE = 19


def _key_lines(key: str, width: float, size: float) -> list[str]:
    """Wrap the key at group boundaries, keeping every character (joined lines == key)."""
    chunks = re.findall(r"[^\s-]+[\s-]*", key.strip()) or [key]
    lines, line = [], ""
    for chunk in chunks:
        if line and stringWidth((line + chunk).rstrip(), MONO_BOLD, size) > width:
            lines.append(line)
            line = ""
        line += chunk
    return lines + [line]


class _KeyBox(Flowable):
    def __init__(self, key: str, size: float = KEY_FONT_SIZE):
        super().__init__()
        self.key, self.size, self.pad = key, size, 12

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.lines = _key_lines(self.key, avail_width - 2 * self.pad, self.size)
        self.height = len(self.lines) * self.size * 1.5 + 2 * self.pad
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(Color(0.94, 0.94, 0.94))
        c.setLineWidth(1.2)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.setFillColor(Color(0, 0, 0))
        c.setFont(MONO_BOLD, self.size)
        y = self.height - self.pad - self.size
        for line in self.lines:
            c.drawCentredString(self.width / 2, y, line.rstrip(" "))
            y -= self.size * 1.5


def _numbered(items: list[str], st) -> list[Flowable]:
    style = st["left"].clone("kitlist", bulletFontSize=11, fontSize=11, leading=13.5, leftIndent=0.7 * cm,
                             bulletIndent=0.1 * cm, spaceBefore=1.5)
    return [Paragraph(esc(t), style, bulletText=f"{i}.") for i, t in enumerate(items, start=1)]


def render_recovery_kit(office_name: str, office_code: str, database_id: str, recovery_key: str,
                        created_at: _dt.datetime) -> bytes:
    """Return the one-page recovery kit PDF; the key is printed exactly as given, large and monospaced."""
    st = styles()
    width = PAGE_SIZES["A4"][0] - MARGINS["left"] - MARGINS["right"]
    small = st["body"].clone("kit", fontSize=11, leading=13.5)
    head = st["heading"].clone("kith", fontSize=12, spaceBefore=9, spaceAfter=2)
    title = st["center"].clone("kitt", fontName=SANS_BOLD, fontSize=20, leading=24)
    info = [[_("Kantor"), ":", Paragraph(esc(office_name), small)],
            [_("Kode kantor"), ":", office_code],
            [_("ID basis data"), ":", database_id],
            [_("Dibuat"), ":", format_datetime(created_at)]]
    info_table = Table(info, colWidths=[3.6 * cm, 0.4 * cm, width - 4 * cm])
    info_table.setStyle(table_style(*[("FONTNAME", (0, 0), (-1, -1), small.fontName),
                                    ("FONTSIZE", (0, 0), (-1, -1), 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story: list[Flowable] = [
        Paragraph(esc(_("KIT PEMULIHAN")), title),
        Paragraph(esc(_("Kunci pemulihan basis data kasus")), st["center"]),
        Spacer(1, 0.5 * cm), info_table,
        Paragraph(esc(_("Apa ini?")), head),
        Paragraph(esc(_(
            "Lembar ini memuat kunci pemulihan basis data kasus kantor Anda. Kunci ini dapat membuka seluruh data "
            "kasus tanpa kata sandi pengguna mana pun. Gunakan hanya bila tidak ada admin yang dapat masuk, "
            "misalnya semua kata sandi admin terlupa.")), small),
        Spacer(1, 0.35 * cm), _KeyBox(recovery_key),
        Paragraph(esc(_("Cara menyimpan")), head),
        *_numbered([
            _("Simpan lembar ini di lemari atau brankas terkunci, terpisah dari komputer aplikasi."),
            _("Jangan memotret, memindai, menyalin ke komputer atau ponsel, dan jangan mengirimkannya lewat "
              "WhatsApp, email, atau media lain."),
            _("Hanya kepala UPTD dan admin yang ditunjuk boleh mengetahui tempat penyimpanannya."),
        ], st),
        Paragraph(esc(_("Cara menggunakan")), head),
        *_numbered([
            _("Pada layar buka kunci aplikasi, pilih \u201cPulihkan dengan kunci pemulihan\u201d."),
            _("Ketik kunci persis seperti tercetak di atas, kelompok demi kelompok. Aplikasi memeriksa salah ketik."),
            _("Setelah terbuka, segera buat kata sandi admin yang baru, lalu simpan kembali lembar ini."),
        ], st),
        Paragraph(esc(_("Jika hilang atau bocor")), head),
        *_numbered([
            _("Jika lembar ini hilang, dicuri, difoto, atau terlihat oleh orang yang tidak berwenang, admin harus "
              "segera membuat kunci pemulihan baru di aplikasi; kunci lama tidak berlaku lagi."),
            _("Musnahkan lembar lama (dicacah atau dibakar) dan catat kejadiannya sebagai insiden keamanan."),
            _("Bila ada dugaan data kasus telah diakses, ikuti prosedur pemberitahuan kebocoran data "
              "(paling lambat 3 \u00d7 24 jam, UU 27/2022 PDP)."),
        ], st),
        Spacer(1, 0.6 * cm),
    ]
    sign = Table([[_("Disimpan oleh (admin)"), ":", ""], [_("Tanda tangan"), ":", ""],
                  [_("Tanggal"), ":", ""], [_("Tempat penyimpanan"), ":", ""]],
                 colWidths=[4.6 * cm, 0.4 * cm, 9 * cm], rowHeights=[0.8 * cm, 1.6 * cm, 0.8 * cm, 0.8 * cm],
                 hAlign="LEFT")
    sign.setStyle(table_style(*[("FONTNAME", (0, 0), (-1, -1), small.fontName), ("FONTSIZE", (0, 0), (-1, -1), 11),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("LINEBELOW", (2, 0), (2, -1), 0.5, "black")]))
    story.append(sign)
    footer = _("Kit Pemulihan \u2014 {office} ({code})").format(office=office_name, code=office_code)
    return build_pdf(story, paper="A4", title=_("Kit Pemulihan"), author=office_name, footer=footer,
                     marking=_("RAHASIA"))
