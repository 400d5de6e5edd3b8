"""Renders a referral letter (surat rujukan) per Tata Naskah Dinas, from ReferralLetterContent to PDF bytes."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from caseapp.domain.referral import DisclosedVictim, ReferralLetterContent, Signatory
from caseapp.i18n import _, format_date
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style
from caseapp.letters.receipt import receipt_slip

_PLAIN = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
          ("VALIGN", (0, 0), (-1, -1), "TOP")]
SECTION_INDENT = 0.6 * cm


def _frame_width(paper: str) -> float:
    return PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]


def _number_block(c: ReferralLetterContent, width: float, st) -> Table:
    body, left = st["body"], st["left"]
    number = c.number if not c.draft else _("(belum bernomor)")
    lampiran = c.lampiran if c.lampiran not in ("", "-") or not c.attachments else \
        _("{n} berkas").format(n=len(c.attachments))
    place_date = ", ".join(p for p in (c.letterhead.city, format_date(c.date)) if p)
    label_w, colon_w, date_w = 2.4 * cm, 0.4 * cm, 6.2 * cm
    rows = [
        [_("Nomor"), ":", Paragraph(esc(number), left), Paragraph(esc(place_date), st["right"])],
        [_("Sifat"), ":", Paragraph(esc(c.sifat), left), ""],
        [_("Lampiran"), ":", Paragraph(esc(lampiran), left), ""],
        [_("Hal"), ":", Paragraph(f"<b>{esc(c.hal)}</b>", left), ""],
    ]
    table = Table(rows, colWidths=[label_w, colon_w, width - label_w - colon_w - date_w, date_w])
    table.setStyle(table_style(*_PLAIN + [
        ("FONTNAME", (0, 0), (1, -1), body.fontName), ("FONTSIZE", (0, 0), (1, -1), body.fontSize),
        ("LEADING", (0, 0), (1, -1), body.leading),
        ("SPAN", (2, 1), (3, 1)), ("SPAN", (2, 2), (3, 2)), ("SPAN", (2, 3), (3, 3)),
    ]))
    return table


def _addressee(c: ReferralLetterContent, st) -> list[Flowable]:
    hang = st["left"].clone("yth", leftIndent=1.0 * cm, firstLineIndent=-1.0 * cm)
    lines = [Paragraph(esc(_("Yth.")) + "&nbsp;" * 2 + esc(f"{c.destination_position} {c.destination_name}".strip()),
                       hang)]
    if c.destination_address:
        lines.append(Paragraph(esc(c.destination_address), st["left"].clone("yaddr", leftIndent=1.0 * cm)))
    lines.append(Paragraph(esc(_("di")), st["left"]))
    lines.append(Paragraph(esc(c.destination_place or _("Tempat")), st["left"].clone("ydi", leftIndent=1.0 * cm)))
    return lines


def _victim_rows(v: DisclosedVictim) -> list[tuple[str, str]]:
    rows = [(_("Inisial") if v.name_is_initials else _("Nama lengkap"), v.name)]
    if v.sex:
        rows.append((_("Jenis kelamin"), _(v.sex.replace("_", "-").capitalize())))
    about = _("± {age} tahun (perkiraan)") if v.birth_estimated else _("{age} tahun")
    if v.birth_date is not None:
        age = f" ({about.format(age=v.age_years)})" if v.age_years is not None else ""
        rows.append((_("Tanggal lahir"), format_date(v.birth_date) + age))
    elif v.age_years is not None:
        rows.append((_("Umur"), about.format(age=v.age_years)))
    if v.address:
        rows.append((_("Alamat"), v.address))
    if v.nik:
        rows.append((_("NIK"), v.nik))
    return rows


def _kv_table(rows: list[tuple[str, str]], width: float, st, label_w: float = 4.2 * cm) -> Table:
    cells = [[Paragraph(esc(k), st["left"]), ":", Paragraph(esc(v), st["left"])] for k, v in rows]
    table = Table(cells, colWidths=[label_w, 0.4 * cm, width - label_w - 0.4 * cm], hAlign="RIGHT")
    table.setStyle(table_style(*_PLAIN + [("FONTNAME", (1, 0), (1, -1), st["body"].fontName),
                                        ("FONTSIZE", (1, 0), (1, -1), st["body"].fontSize)]))
    return table


def _items(items, st, marker: str = "1") -> list[Flowable]:
    style = st["body"].clone("item", leftIndent=SECTION_INDENT + 0.7 * cm, bulletIndent=SECTION_INDENT)
    out = []
    for i, text in enumerate(items):
        bullet = f"{chr(ord('a') + i)}." if marker == "a" else f"{i + 1}."
        out.append(Paragraph(esc(text), style, bulletText=bullet))
    return out


def _body(c: ReferralLetterContent, width: float, st) -> list[Flowable]:
    text = st["body"].clone("sectext", leftIndent=SECTION_INDENT, spaceBefore=1)
    out: list[Flowable] = [Paragraph(esc(_(
        "Sehubungan dengan penanganan kasus yang sedang didampingi oleh {unit}, bersama ini kami merujuk "
        "korban dengan keterangan sebagai berikut:").format(unit=c.letterhead.display_name)),
        st["para"])]
    sections: list[tuple[str, list[Flowable]]] = [
        (_("Identitas korban"), [_kv_table(_victim_rows(c.victim), width - SECTION_INDENT, st)]),
    ]
    purpose = [Paragraph(esc(c.purpose), text)] if c.purpose else []
    if c.services_requested:
        purpose += [Paragraph(esc(_("Layanan yang dimohon:")), text)] + _items(c.services_requested, st, "a")
    sections.append((_("Tujuan rujukan dan layanan yang dimohon"), purpose))
    if c.chronology:
        sections.append((_("Kronologi singkat"), [Paragraph(esc(c.chronology), text)]))
    if c.services_given:
        sections.append((_("Layanan yang telah diberikan"), _items(c.services_given, st, "a")))
    condition = [(label, value) for label, value in ((_("Fisik"), c.condition_physical),
                                                     (_("Psikologis"), c.condition_psychological),
                                                     (_("Keluarga dan sosial"), c.condition_family)) if value]
    if condition:
        sections.append((_("Kondisi korban saat ini"),
                         [_kv_table(condition, width - SECTION_INDENT, st, label_w=3.6 * cm)]))
    if c.attachments:
        sections.append((_("Lampiran"), _items(c.attachments, st, "a")))
    heading = st["heading"].clone("sech", leftIndent=SECTION_INDENT, bulletIndent=0, spaceBefore=5)
    for n, (title, flowables) in enumerate((s for s in sections if s[1]), start=1):
        head = Paragraph(esc(title), heading, bulletText=f"{n}.")
        if len(flowables) > 1 and all(getattr(f, "bulletText", None) for f in flowables[1:]):
            out.append(KeepTogether([head, *flowables]))  # short lists stay whole
        else:
            out.append(KeepTogether([head, flowables[0]]))
            out.extend(flowables[1:])
    closing = []
    if c.contact_name:
        closing.append(_("Untuk koordinasi lebih lanjut, Bapak/Ibu dapat menghubungi petugas kami, {name}{phone}.")
                       .format(name=c.contact_name,
                               phone=_(", telepon {phone}").format(phone=c.contact_phone) if c.contact_phone else ""))
    closing.append(_("Identitas dan keterangan korban dalam surat ini bersifat rahasia dan dilindungi peraturan "
                     "perundang-undangan; mohon digunakan hanya untuk keperluan layanan dan tidak disebarluaskan."))
    closing.append(_("Demikian surat rujukan ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, kami "
                     "ucapkan terima kasih."))
    out.extend(Paragraph(esc(p), st["para"]) for p in closing)
    return out  # the last paragraph is kept with the signature by the caller


def _signature(s: Signatory, width: float, st) -> Table:
    block_w = 7.6 * cm
    centre = st["center"]
    nip = s.nip.replace(" ", "")
    if len(nip) == 18 and nip.isdigit():
        nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    parts: list[Flowable] = [Paragraph(esc(s.position.rstrip(",")) + ",", centre), Spacer(1, 2.1 * cm),
                             Paragraph(f"<b><u>{esc(s.name)}</u></b>", centre)]
    if s.rank:
        parts.append(Paragraph(esc(s.rank), centre))
    if nip:
        parts.append(Paragraph(esc(_("NIP. {nip}").format(nip=nip)), centre))
    table = Table([["", parts]], colWidths=[width - block_w, block_w])
    table.setStyle(table_style(*_PLAIN))
    return table


def _tembusan(items, st) -> list[Flowable]:
    if not items:
        return []
    style = st["left"].clone("tembusan", fontSize=11, bulletFontSize=11, leading=12.6, leftIndent=0.6 * cm,
                             bulletIndent=0)
    out: list[Flowable] = [Paragraph(esc(_("Tembusan:")), st["left"].clone("th", fontSize=11, spaceBefore=10))]
    out += [Paragraph(esc(t), style, bulletText=f"{i}.") for i, t in enumerate(items, start=1)]
    return [KeepTogether(out)]


def render_referral_letter(content: ReferralLetterContent) -> bytes:
    """Return the PDF of one referral letter; drafts carry a DRAF watermark and no number."""
    st = styles()
    width = _frame_width(content.paper)
    c = content
    story: list[Flowable] = letterhead(c.letterhead, width)
    story += [Spacer(1, 0.45 * cm), _number_block(c, width, st), Spacer(1, 0.5 * cm)]
    story += _addressee(c, st) + [Spacer(1, 0.35 * cm)]
    body = _body(c, width, st)
    story += body[:-1] + [KeepTogether([body[-1], Spacer(1, 0.5 * cm), _signature(c.signatory, width, st)])]
    story += _tembusan(c.tembusan, st)
    number = c.number if not c.draft else _("(belum bernomor)")
    story.append(receipt_slip([(_("Nomor surat"), number), (_("Hal"), c.hal),
                               (_("Dari"), c.letterhead.display_name)], width))
    footer = _("Kode verifikasi: {code}").format(code=c.verification_code) if c.verification_code else ""
    return build_pdf(story, paper=c.paper, title=_("Surat Rujukan"), author=c.letterhead.unit,
                     footer=footer, marking=_("RAHASIA"), watermark=_("DRAF") if c.draft else "")
