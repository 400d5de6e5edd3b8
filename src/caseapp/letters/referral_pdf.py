"""Renders a referral letter (surat rujukan) per Tata Naskah Dinas, from ReferralLetterContent to PDF bytes.

The letter is drawn straight on the canvas with ``letters.layout`` (not platypus) to meet the speed target of
issue 4 (within 3x of a minimal one-page reportlab document); the layout matches the earlier platypus one.
"""

from __future__ import annotations

from reportlab.lib.units import cm

from caseapp.domain.referral import DisclosedVictim, ReferralLetterContent, Signatory, addressee_line
from caseapp.i18n import _, format_date
from caseapp.letters import layout
from caseapp.letters.fonts import SANS, SANS_BOLD, register_fonts
from caseapp.letters.kop import letterhead_block
from caseapp.letters.layout import (
    CENTRE, JUSTIFY, RIGHT, Block, Grid, Keep, Paragraph, Space, Stack, Style,
)
from caseapp.letters.page import FONT_SIZE, LEADING, MARGINS, PAGE_SIZES, draw_pages, draw_pdf, frame_size
from caseapp.letters.qr import qr_block
from caseapp.letters.receipt import receipt_block

SECTION_INDENT = 0.6 * cm
ITEM_INDENT = SECTION_INDENT + 0.7 * cm
COLON_W = 0.4 * cm
ROW_PADDING = (0, 0, 1, 0)  # label/value rows: 1 pt below each row

LEFT_STYLE = Style(SANS, FONT_SIZE, LEADING)
BODY = LEFT_STYLE.but(align=JUSTIFY)
PARA = BODY.but(first_indent=1.25 * cm, space_before=4)  # opening and closing paragraphs
SECTION_TEXT = BODY.but(indent=SECTION_INDENT, space_before=1)
SECTION_HEADING = LEFT_STYLE.but(font=SANS_BOLD, align=JUSTIFY, indent=SECTION_INDENT, space_before=5,
                                 bullet_font=SANS)
ITEM = BODY.but(indent=ITEM_INDENT)
CENTRED = LEFT_STYLE.but(align=CENTRE)
RIGHT_STYLE = LEFT_STYLE.but(align=RIGHT)
BOLD = LEFT_STYLE.but(font=SANS_BOLD)
ADDRESSEE = LEFT_STYLE.but(indent=1.0 * cm, first_indent=-1.0 * cm)  # "Yth." hangs out of the 1 cm indent
ADDRESS = LEFT_STYLE.but(indent=1.0 * cm)
SIGNATORY_NAME = CENTRED.but(font=SANS_BOLD, underline=True)
TEMBUSAN_TITLE = LEFT_STYLE.but(size=11, space_before=10)
TEMBUSAN_ITEM = LEFT_STYLE.but(size=11, leading=12.6, indent=0.6 * cm)
QR_SIZE = 2.6 * cm
QR_CAPTION = LEFT_STYLE.but(size=7, leading=8)
SHEET_TITLE = CENTRED.but(font=SANS_BOLD, size=13, leading=15)


def _frame_width(paper: str) -> float:
    return PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]


def _number_block(c: ReferralLetterContent, width: float) -> Block:
    number = c.number if not c.draft else _("(belum bernomor)")
    extra = 1 if c.separate_attachment else 0  # the "Lampiran — RAHASIA" sheet
    lampiran = c.lampiran if c.lampiran not in ("", "-") or not (c.attachments or extra) else \
        _("{n} berkas").format(n=len(c.attachments) + extra)
    place_date = ", ".join(p for p in (c.letterhead.city, format_date(c.date)) if p)
    label_w, date_w = 2.4 * cm, 6.2 * cm
    value_w = width - label_w - COLON_W

    def row(label: str, value: Paragraph, date: str | None = None) -> list[layout.Cell]:
        cells = [(label_w, Paragraph(label, LEFT_STYLE)), (COLON_W, Paragraph(":", LEFT_STYLE))]
        if date is None:
            return cells + [(value_w, value)]
        return cells + [(value_w - date_w, value), (date_w, Paragraph(date, RIGHT_STYLE))]

    return Grid([
        row(_("Nomor"), Paragraph(number, LEFT_STYLE), place_date),
        row(_("Sifat"), Paragraph(c.sifat, LEFT_STYLE)),
        row(_("Lampiran"), Paragraph(lampiran, LEFT_STYLE)),
        row(_("Hal"), Paragraph(c.hal, LEFT_STYLE)),
    ], padding=ROW_PADDING)


def _addressee(c: ReferralLetterContent) -> list[Block]:
    to = addressee_line(c.destination_position, c.destination_name)
    lines = [Paragraph(_("Yth.") + "\u00a0\u00a0" + to, ADDRESSEE)]
    if c.destination_address:
        lines.append(Paragraph(c.destination_address, ADDRESS))
    lines.append(Paragraph(_("di"), LEFT_STYLE))
    lines.append(Paragraph(c.destination_place or _("Tempat"), ADDRESS))
    return lines


def _victim_rows(v: DisclosedVictim) -> list[tuple[str, str]]:
    rows = [(_("Inisial") if v.name_is_initials else _("Nama lengkap"), v.name)]
    if v.sex:
        rows.append((_("Jenis kelamin"), _(v.sex.replace("_", "-").capitalize())))
    about = _("± {age} tahun (perkiraan)") if v.birth_estimated else _("{age} tahun")
    if v.age_at_incident:
        about = _("± {age} tahun saat kejadian (perkiraan)") if v.birth_estimated else _("{age} tahun saat kejadian")
    if v.birth_date is not None:
        age = f" ({about.format(age=v.age_years)})" if v.age_years is not None else ""
        born = format_date(v.birth_date)
        if v.birth_place:
            born = f"{v.birth_place}, {born}"
        rows.append((_("Tempat, tanggal lahir") if v.birth_place else _("Tanggal lahir"), born + age))
    elif v.age_years is not None:
        rows.append((_("Umur"), about.format(age=v.age_years)))
    if v.address:
        rows.append((_("Alamat"), v.address))
    if v.nik:
        rows.append((_("NIK"), v.nik))
    return rows


def _kv_table(rows: list[tuple[str, str]], width: float, label_w: float = 4.2 * cm) -> Block:
    """Label : value rows, indented like the section text."""
    value_w = width - SECTION_INDENT - label_w - COLON_W
    return Grid([[(label_w, Paragraph(k, LEFT_STYLE)), (COLON_W, Paragraph(":", LEFT_STYLE)),
                  (value_w, Paragraph(v, LEFT_STYLE))] for k, v in rows], padding=ROW_PADDING, x=SECTION_INDENT)


def _items(items, marker: str = "1") -> list[Block]:
    out: list[Block] = []
    for i, text in enumerate(items):
        bullet = f"{chr(ord('a') + i)}." if marker == "a" else f"{i + 1}."
        out.append(Paragraph(text, ITEM, bullet=bullet, bullet_x=SECTION_INDENT))
    return out


Section = tuple[str, list[Block], bool]  # (title, blocks, is a short list kept whole)


def _case_sections(c: ReferralLetterContent, width: float, attachments_title: str) -> list[Section]:
    """Chronology, services given, current condition and the attachments list (empty ones left out)."""
    out: list[Section] = []
    if c.chronology:
        out.append((_("Kronologi singkat"), [Paragraph(c.chronology, SECTION_TEXT)], False))
    if c.services_given:
        out.append((_("Layanan yang telah diberikan"), _items(c.services_given, "a"), True))
    condition = [(label, value) for label, value in ((_("Fisik"), c.condition_physical),
                                                     (_("Psikologis"), c.condition_psychological),
                                                     (_("Keluarga dan sosial"), c.condition_family)) if value]
    if condition:
        out.append((_("Kondisi korban saat ini"), [_kv_table(condition, width, label_w=3.6 * cm)], False))
    if c.attachments:
        out.append((attachments_title, _items(c.attachments, "a"), True))
    return out


def _numbered(sections: list[Section]) -> list[Block]:
    """Numbered section headings; empty sections are left out and the numbering closes up."""
    out: list[Block] = []
    for n, (title, blocks, whole) in enumerate((s for s in sections if s[1]), start=1):
        head = Paragraph(title, SECTION_HEADING, bullet=f"{n}.")
        if whole:
            out.append(Keep([head, *blocks]))  # short lists stay whole
        else:
            out.append(Keep([head, blocks[0]]))  # a heading never ends a page
            out.extend(blocks[1:])
    return out


def _body(c: ReferralLetterContent, width: float) -> list[Block]:
    out: list[Block] = [Paragraph(_(
        "Sehubungan dengan penanganan kasus yang sedang didampingi oleh {unit}, bersama ini kami merujuk "
        "korban dengan keterangan sebagai berikut:").format(unit=c.letterhead.display_name), PARA)]
    sections: list[Section] = [
        (_("Identitas korban"), [_kv_table(_victim_rows(c.victim), width)], False),
    ]
    purpose: list[Block] = [Paragraph(c.purpose, SECTION_TEXT)] if c.purpose else []
    if c.services_requested:
        purpose += [Paragraph(_("Layanan yang dimohon:"), SECTION_TEXT)] + _items(c.services_requested, "a")
    sections.append((_("Tujuan rujukan dan layanan yang dimohon"), purpose, False))
    sections += _case_sections(c, width, _("Lampiran"))
    out += _numbered(sections)
    return out + _closing(c)


def _sentence(text: str) -> str:
    """End with one full stop: a name ending in "M.Si." must not print "M.Si.." ."""
    return text if text.endswith(".") else text + "."


def _closing(c: ReferralLetterContent) -> list[Block]:
    closing = []
    if c.contact_name:
        phone = _(", telepon {phone}").format(phone=c.contact_phone) if c.contact_phone else ""
        closing.append(_sentence(_("Untuk koordinasi lebih lanjut, Bapak/Ibu dapat menghubungi petugas kami, "
                                   "{name}{phone}").format(name=c.contact_name, phone=phone)))
    closing.append(_("Identitas dan keterangan korban dalam surat ini bersifat rahasia dan dilindungi peraturan "
                     "perundang-undangan; mohon digunakan hanya untuk keperluan layanan dan tidak disebarluaskan."))
    closing.append(_("Demikian surat rujukan ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, kami "
                     "ucapkan terima kasih."))
    return [Paragraph(p, PARA) for p in closing]  # the last paragraph is kept with the signature by the caller


def _signature(s: Signatory, width: float) -> tuple[Block, float]:
    block_w = 8.6 * cm  # "a.n. Kepala UPTD PPA Kabupaten …" on one line
    nip = s.nip.replace(" ", "")
    if len(nip) == 18 and nip.isdigit():
        nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    parts: list[Block] = []
    if s.on_behalf and s.head_position:
        head = f"{s.on_behalf} {s.head_position}"
        if s.on_behalf == "a.n.":  # a.n. Kepala …, / own jabatan,
            parts.append(Paragraph(head, CENTRED))
            parts.append(Paragraph(s.position.rstrip(",") + ",", CENTRED))
        else:  # Plt. / Plh. Kepala …,
            parts.append(Paragraph(head.rstrip(",") + ",", CENTRED))
    else:
        parts.append(Paragraph(s.position.rstrip(",") + ",", CENTRED))
    parts += [Space(1.9 * cm), Paragraph(s.name, SIGNATORY_NAME)]
    if s.rank:
        parts.append(Paragraph(s.rank, CENTRED))
    if nip:
        parts.append(Paragraph(_("NIP. {nip}").format(nip=nip), CENTRED))
    return Stack(parts), block_w


def _signature_row(c: ReferralLetterContent, width: float) -> Block:
    """The signature block at the right; an approved letter's QR code (its verification code) at the left."""
    block, block_w = _signature(c.signatory, width)
    left: Block | None = None
    if c.verification_code and not c.draft:
        left = Stack([qr_block(c.verification_code, QR_SIZE),
                      Paragraph(_("Pindai untuk kode verifikasi"), QR_CAPTION)])
    return Grid([[(width - block_w, left), (block_w, block)]], padding=ROW_PADDING)


def _tembusan(items) -> list[Block]:
    if not items:
        return []
    out: list[Block] = [Paragraph(_("Tembusan:"), TEMBUSAN_TITLE)]
    out += [Paragraph(t, TEMBUSAN_ITEM, bullet=f"{i}.") for i, t in enumerate(items, start=1)]
    return [Keep(out)]


def _footer(c: ReferralLetterContent) -> str:
    if not c.verification_code:
        return ""
    footer = _("Kode verifikasi: {code}").format(code=c.verification_code)
    if not c.draft and c.letterhead.phone:
        footer += "\n" + _("Konfirmasi keaslian surat ini melalui telepon ke {unit}, {phone}, dengan menyebutkan "
                             "kode verifikasi.").format(
            unit=c.letterhead.display_name, phone=c.letterhead.phone)
    return footer


def _receipt(c: ReferralLetterContent, width: float) -> Block:
    number = c.number if not c.draft else _("(belum bernomor)")
    return receipt_block([(_("Nomor surat"), number), (_("Hal"), c.hal), (_("Dari"), c.letterhead.display_name)],
                         width)


def _cover_body(c: ReferralLetterContent, width: float) -> list[Block]:
    """The cover letter's body: what is asked and why, but no identity and no story (they are on the lampiran)."""
    out: list[Block] = [Paragraph(_(
        "Sehubungan dengan penanganan kasus yang sedang didampingi oleh {unit}, bersama ini kami merujuk seorang "
        "korban untuk mendapatkan layanan sebagaimana berikut. Identitas korban dan keterangan kasus kami "
        "sampaikan dalam lampiran yang bersifat RAHASIA.").format(unit=c.letterhead.display_name), PARA)]
    purpose: list[Block] = [Paragraph(c.purpose, SECTION_TEXT)] if c.purpose else []
    if c.services_requested:
        purpose += [Paragraph(_("Layanan yang dimohon:"), SECTION_TEXT)] + _items(c.services_requested, "a")
    if c.legal_basis:
        purpose.append(Paragraph(c.legal_basis, SECTION_TEXT))
    if purpose:
        out.append(Keep([Paragraph(_("Tujuan rujukan dan layanan yang dimohon"), SECTION_HEADING, bullet="1."),
                         purpose[0]]))
        out.extend(purpose[1:])
    return out + _closing(c)


def _attachment_sheet(c: ReferralLetterContent, width: float) -> list[Block]:
    """The "Lampiran — RAHASIA" sheet: identity, persons the destination needs, chronology, services, condition."""
    number = c.number if not c.draft else _("(belum bernomor)")
    label_w = 3.0 * cm
    value_w = width - label_w - COLON_W
    head = Grid([[(label_w, Paragraph(k, LEFT_STYLE)), (COLON_W, Paragraph(":", LEFT_STYLE)),
                  (value_w, Paragraph(v, LEFT_STYLE))]
                 for k, v in ((_("Surat nomor"), number), (_("Tanggal"), format_date(c.date)), (_("Hal"), c.hal))],
                padding=ROW_PADDING)
    out: list[Block] = [Paragraph(_("LAMPIRAN \u2014 RAHASIA"), SHEET_TITLE), Space(0.3 * cm), head, Space(0.2 * cm)]
    sections: list[Section] = [(_("Identitas korban"), [_kv_table(_victim_rows(c.victim), width)], False)]
    for title, rows in c.extra_sections:
        if rows:
            sections.append((title, [_kv_table(list(rows), width)], False))
    return out + _numbered(sections + _case_sections(c, width, _("Berkas yang dilampirkan")))


def cover_blocks(c: ReferralLetterContent, width: float) -> list[Block]:
    """The cover letter up to the tembusan (a separate sheet holds the identity when ``separate_attachment``)."""
    blocks: list[Block] = [letterhead_block(c.letterhead, width), Space(0.4 * cm), _number_block(c, width),
                           Space(0.45 * cm), *_addressee(c), Space(0.35 * cm)]
    body = _cover_body(c, width) if c.separate_attachment else _body(c, width)
    blocks += body[:-1] + [Keep([body[-1], Space(0.35 * cm), _signature_row(c, width)])]
    return blocks + _tembusan(c.tembusan)


def _tightened(block: Block) -> Block:
    """``block`` with single line spacing (Tata Naskah Dinas allows 1 to 1.5) and 30 % less vertical space."""
    if isinstance(block, Paragraph):
        block.style = block.style.but(leading=block.style.size + 0.5, space_before=block.style.space_before / 2)
        block.space_before = block.style.space_before
    elif isinstance(block, Space):
        block.height *= 0.7
    elif isinstance(block, Grid):
        for row in block.rows:
            for _w, cell in row:
                if cell is not None:
                    _tightened(cell)
        block.row_heights = []
    elif isinstance(block, (Stack, Keep)):
        for inner in block.blocks:
            _tightened(inner)
        if isinstance(block, Stack):
            block._width = -1.0  # noqa: SLF001 - its height is measured again
        else:
            block.space_before = block.blocks[0].space_before if block.blocks else 0.0
    return block


def render_referral_letter(content: ReferralLetterContent) -> bytes:
    """Return the PDF of one referral letter; drafts carry a DRAF watermark and no number.

    With ``separate_attachment`` the cover letter (kop, number, addressee, request, signature, tembusan and,
    when it still fits, the tanda terima slip) stays on page 1 and the identity and chronology follow on a
    "Lampiran — RAHASIA" sheet that can be kept apart from the cover at the front desk.
    """
    register_fonts()
    c = content
    width = _frame_width(c.paper)
    blocks = cover_blocks(c, width)
    receipt = _receipt(c, width)
    decoration = dict(paper=c.paper, title=_("Surat Rujukan"), author=c.letterhead.unit, footer=_footer(c),
                      marking=_("RAHASIA"), watermark=_("DRAF") if c.draft else "")
    if not c.separate_attachment:
        return draw_pdf([*blocks, receipt], **decoration)
    _w, frame_h = frame_size(c.paper)
    cover = layout.paginate([*blocks, receipt], width, frame_h)
    sheet = _attachment_sheet(c, width)
    if len(cover) == 1:  # the tanda terima slip fits under the cover letter
        pages = cover + layout.paginate(sheet, width, frame_h)
    else:  # else the cover ends with the tembusan and the slip follows the lampiran
        cover = layout.paginate(blocks, width, frame_h)
        if len(cover) > 1:  # a long request: single spacing keeps it on one page
            cover = layout.paginate([_tightened(b) for b in cover_blocks(c, width)], width, frame_h)
        pages = cover + layout.paginate([*sheet, receipt], width, frame_h)
    return draw_pages(pages, **decoration)
