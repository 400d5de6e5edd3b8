"""CLI: this office's card and keys, and the trusted offices (office card, trust, list, export-keys, card-pdf)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.cli.bundle_commands import gap_warnings, gaps_json, scope_label
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    office = sub.add_parser("office", help=_("kartu kantor, kantor tepercaya, dan kunci pertukaran"))
    osub = office.add_subparsers(dest="office_command", metavar="SUBCOMMAND")
    osub.required = True

    p = osub.add_parser("card", help=_("simpan kartu kantor ini ke berkas dan tampilkan sidik jarinya"))
    p.add_argument("--out", type=Path, required=True, help=_("berkas kartu kantor (.json)"))
    p.set_defaults(handler=cmd_card)

    p = osub.add_parser("trust", help=_("percayai kartu kantor lain setelah sidik jarinya dikonfirmasi lewat telepon"))
    p.add_argument("file", type=Path, help=_("berkas kartu kantor dari kantor mitra"))
    p.add_argument("--fingerprint", required=True,
                   help=_("sidik jari yang dibacakan kantor mitra lewat telepon (heksadesimal, spasi boleh)"))
    p.add_argument("--scope", choices=["full", "deidentified"], default=None,
                   help=_("cakupan bawaan paket ke kantor ini (bawaan: lengkap untuk kantor segaris, "
                          "tanpa identitas untuk kantor lain)"))
    p.set_defaults(handler=cmd_trust)

    p = osub.add_parser("list", help=_("kantor tepercaya, sidik jari, dan paket terakhir yang diterima"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = osub.add_parser("export-keys", help=_("(admin) simpan kunci privat kantor untuk kit pemulihan darurat"))
    p.add_argument("--out", type=Path, required=True, help=_("folder tujuan"))
    p.set_defaults(handler=cmd_export_keys)

    p = osub.add_parser("card-pdf", help=_("cetak kartu kantor (PDF) untuk konfirmasi lewat telepon"))
    p.add_argument("--out", type=Path, required=True, help=_("berkas PDF"))
    p.set_defaults(handler=cmd_card_pdf)

    from caseapp.cli import letterhead_commands

    letterhead_commands.register(osub)


def _print_card(card) -> None:
    print(_("Kode kantor : {code}").format(code=card.code))
    print(_("Nama kantor : {name}").format(name=card.name))
    print(_("ID kunci    : {key_id}").format(key_id=card.key_id))
    print(_("Sidik jari  : {groups}").format(groups=card.fingerprint_groups()))
    print(_("Dalam kata  : {words}").format(words=" ".join(card.fingerprint_words())))


def cmd_card(args: argparse.Namespace) -> int:
    from caseapp.services.offices import export_card

    with common.open_session(args) as session:
        card = export_card(session, args.out)
    print(_("Kartu kantor disimpan: {path}").format(path=args.out))
    _print_card(card)
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from caseapp.services.offices import read_card, trust_card

    card = read_card(args.file)
    with common.open_session(args) as session:
        trusted = trust_card(session, card, args.fingerprint, default_scope=args.scope)
    print(_("Kantor {code} ({name}) kini dipercaya; cakupan bawaan: {scope}.").format(
        code=trusted.code, name=trusted.name, scope=scope_label(trusted.default_scope)))
    _print_card(card)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.exchange import SequenceGaps, sources
    from caseapp.services.offices import trusted_offices

    with common.open_session(args) as session:
        offices = {t.code: t for t in trusted_offices(session)}
        status = {s.code: s for s in sources(session)}
    rows, gaps = [], {}
    for code, t in sorted(offices.items()):
        s = status.get(code)
        gaps[code] = s.gaps if s else SequenceGaps()
        rows.append({
            "code": code, "name": t.name, "level": t.level, "key_id": t.card.key_id, "fingerprint": t.fingerprint,
            "fingerprint_words": t.card.fingerprint_words(), "default_scope": t.default_scope,
            "trusted_at": t.trusted_at,
            "last_sequence": s.last_sequence if s else None, "last_received_at": s.last_received_at if s else None,
            "days_since": s.days_since if s else None, **gaps_json(s.gaps if s else SequenceGaps()),
            "unacknowledged_out": s.unacknowledged_out if s else 0,
        })
    if args.json:
        common.print_json(rows)
        return 0
    if not rows:
        print(_("Belum ada kantor tepercaya."))
        return 0
    table = []
    for r in rows:
        fp = r["fingerprint"].upper()
        table.append([
            r["code"], r["name"], r["key_id"], " ".join(fp[i:i + 4] for i in range(0, 16, 4)) + " …",
            scope_label(r["default_scope"]),
            "-" if r["last_sequence"] is None else str(r["last_sequence"]),
            "-" if r["days_since"] is None else _("{n} hari").format(n=r["days_since"]),
            ", ".join(gaps[r["code"]].labels()) or "-",
            _("semua diakui") if r["unacknowledged_out"] == 0 else _("{n} belum diakui").format(n=r["unacknowledged_out"]),
        ])
    common.print_table([_("Kode"), _("Kantor"), _("ID kunci"), _("Sidik jari"), _("Cakupan"), _("Paket terakhir"),
                        _("Sejak"), _("Belum diterima"), _("Paket keluar")], table)
    for r in rows:
        for line in gap_warnings(gaps[r["code"]], r["code"]):
            print(line, file=sys.stderr)
    return 0


def cmd_export_keys(args: argparse.Namespace) -> int:
    from caseapp.services.offices import export_private_keys

    with common.open_session(args) as session:
        written = export_private_keys(session, args.out)
    print(_("PERINGATAN: berkas ini memuat KUNCI PRIVAT kantor TANPA enkripsi. Siapa pun yang memilikinya dapat "
            "membuka semua paket untuk kantor ini dan memalsukan paket atas nama kantor ini. Simpan di media "
            "tersegel bersama kit pemulihan, jangan disalin ke komputer lain, dan hapus dari folder ini."),
          file=sys.stderr)
    for path in written:
        print(path)
    return 0


def cmd_card_pdf(args: argparse.Namespace) -> int:
    from caseapp.atomic import atomic_write_bytes
    from caseapp.services.exchange_documents import office_card_pdf

    with common.open_session(args) as session:
        pdf = office_card_pdf(session)
    atomic_write_bytes(args.out, pdf, mode=0o644)
    print(_("Kartu kantor (PDF) disimpan: {path}").format(path=args.out))
    return 0
