"""CLI: the office's letterhead (kop surat), letter numbering and signers (office letterhead / numbering / signer)."""

from __future__ import annotations

import argparse
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _

_TEXT_OPTIONS = (
    ("government", _("baris pemerintah, mis. PEMERINTAH KABUPATEN BOMBANA")),
    ("agency", _("nama dinas persis seperti pada kop")),
    ("unit", _("nama unit, mis. UPTD PERLINDUNGAN PEREMPUAN DAN ANAK")),
    ("short_name", _("nama singkat unit untuk isi surat")),
    ("address", _("alamat kantor")),
    ("phone", _("telepon kantor")),
    ("email", _("alamat pos-el kantor")),
    ("website", _("laman kantor")),
    ("postal_code", _("kode pos")),
    ("city", _("kota pada baris tanggal surat, mis. Rumbia")),
    ("head_position", _("jabatan kepala, untuk a.n./Plt./Plh.")),
)


def register(osub: argparse._SubParsersAction) -> None:
    p = osub.add_parser("letterhead", help=_("tampilkan atau ubah kop surat dan ukuran kertas (admin)"))
    for name, help_text in _TEXT_OPTIONS:
        p.add_argument("--" + name.replace("_", "-"), dest=name, default=None, help=help_text)
    p.add_argument("--logo", type=Path, default=None, help=_("lambang daerah, berkas PNG atau JPEG"))
    p.add_argument("--no-logo", action="store_true", help=_("hapus logo dari kop"))
    p.add_argument("--paper", choices=["A4", "F4"], default=None, help=_("ukuran kertas surat"))
    p.set_defaults(handler=cmd_letterhead)

    p = osub.add_parser("numbering", help=_("tampilkan atau ubah kode klasifikasi arsip dan pola nomor surat (admin)"))
    p.add_argument("--code", default=None, help=_("kode klasifikasi arsip, mis. 400.2.4 (kosong: hapus)"))
    p.add_argument("--type", default="rujukan",
                   help=_("jenis surat: rujukan (semua surat rujukan) atau jenis tujuan, mis. rsud_puskesmas"))
    p.add_argument("--pattern", default=None,
                   help=_("pola nomor, mis. {kode}/{seq:03}/UPTD-PPA/{month_roman}/{year}"))
    p.set_defaults(handler=cmd_numbering)

    p = osub.add_parser("signer", help=_("pangkat/golongan dan kewenangan tanda tangan pengguna (admin)"))
    p.add_argument("username")
    p.add_argument("--rank", default=None, help=_("pangkat/golongan, mis. \"Penata Tingkat I (III/d)\""))
    p.add_argument("--signs-as", dest="signs_as", choices=["kepala", "an", "plt", "plh"], default=None,
                   help=_("kepala: atas jabatan sendiri; an: atas nama kepala; plt/plh: pelaksana tugas/harian"))
    p.set_defaults(handler=cmd_signer)


def _show(s, head) -> None:
    rows = [(_("Pemerintah"), head.government), (_("Dinas"), head.agency), (_("Unit"), head.unit),
            (_("Nama singkat"), head.short_name), (_("Alamat"), head.address), (_("Kode pos"), head.postal_code),
            (_("Telepon"), head.phone), (_("Pos-el"), head.email), (_("Laman"), head.website),
            (_("Kota"), head.city or _("(belum diisi)")), (_("Logo"), _("ada") if head.logo_png else _("tidak ada")),
            (_("Kertas"), s.paper)]
    for label, value in rows:
        print(f"{label:<13}: {value}")


def cmd_letterhead(args: argparse.Namespace) -> int:
    from caseapp.services import letterhead

    changes = {name: getattr(args, name) for name, _h in _TEXT_OPTIONS if getattr(args, name) is not None}
    if args.paper:
        changes["paper"] = args.paper
    if args.logo and args.no_logo:
        raise ValidationError(_("Pilih salah satu: --logo atau --no-logo."), field="logo")
    if args.logo:
        try:
            changes["logo"] = args.logo.read_bytes()
        except OSError:
            raise ValidationError(_("Berkas logo tidak dapat dibaca: {path}").format(path=args.logo),
                                  field="logo") from None
    if args.no_logo:
        changes["logo"] = None
    with common.open_session(args) as session:
        s = letterhead.update(session, **changes) if changes else letterhead.settings(session)
        _show(s, letterhead.letterhead_of(session, s))
    return 0


def cmd_numbering(args: argparse.Namespace) -> int:
    from caseapp.services import letterhead

    with common.open_session(args) as session:
        if args.code is not None:
            letterhead.set_classification_code(session, args.code, args.type)
        if args.pattern is not None:
            letterhead.set_number_pattern(session, args.pattern)
        print(_("Pola nomor : {pattern}").format(pattern=letterhead.number_pattern(session).pattern))
        codes = letterhead.classification_codes(session)
        if not codes:
            print(_("Kode klasifikasi arsip belum diatur."))
        for kind, code in sorted(codes.items()):
            print(_("Kode {kind}: {code}").format(kind=kind, code=code))
    return 0


def cmd_signer(args: argparse.Namespace) -> int:
    from caseapp.services import signing

    signs_as = None if args.signs_as is None else ("" if args.signs_as == "kepala" else args.signs_as)
    with common.open_session(args) as session:
        user = signing.set_signing(session, args.username, rank=args.rank, signs_as=signs_as)
    print(f"{user.username}: {user.full_name}; {user.rank or '-'}; {signing.signs_as_label(user.signs_as)}")
    return 0
