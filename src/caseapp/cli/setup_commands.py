"""CLI: first-run setup (init) and the unlock check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.accounts import NewUser, OfficeLevel, Role
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("siapkan kantor baru dan administrator pertama"))
    p.add_argument("--office-code", required=True, help=_("kode wilayah kantor, mis. 74.06 atau 74"))
    p.add_argument("--office-name", required=True)
    p.add_argument("--admin", required=True, help=_("nama pengguna administrator pertama"))
    p.add_argument("--admin-full-name", default=None)
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--city", default="", help=_("kota pada baris tanggal surat, mis. Rumbia"))
    p.add_argument("--agency", default="", help=_("nama dinas persis seperti pada kop surat"))
    p.add_argument("--recovery-kit", type=Path, default=None,
                   help=_("simpan kit pemulihan (PDF) ke berkas ini alih-alih mencetak kunci"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("unlock-check", help=_("keluar dengan 0 bila pengguna dan kata sandi membuka data"))
    p.set_defaults(handler=cmd_unlock_check)


def cmd_init(args: argparse.Namespace) -> int:
    from caseapp.cli import data_dir_from
    from caseapp.services.setup import OfficeProfile, initialize_office

    level = OfficeLevel.PROVINSI if "." not in args.office_code else OfficeLevel.KABUPATEN
    profile = OfficeProfile(args.office_code, args.office_name, level, args.address, args.phone, args.email,
                            city=args.city, agency=args.agency)
    admin = NewUser(args.admin, args.admin_full_name or args.admin, Role.ADMIN)
    data_dir = data_dir_from(args)
    result = initialize_office(data_dir, profile, admin, common.password(args))
    try:
        if args.recovery_kit:
            from caseapp.domain.errors import MediaWriteFailed
            from caseapp.services.recovery_kit import save_recovery_kit

            try:
                save_recovery_kit(result.session, result.recovery_key, args.recovery_kit)
            except MediaWriteFailed as exc:
                # The office exists now; its recovery key must not be lost with the file.
                print(f"caseapp-cli: {exc.message}", file=sys.stderr)
                print(_("Kantor disiapkan, tetapi kit pemulihan tidak tersimpan. Kunci pemulihan (hanya ditampilkan sekali, catat dan simpan di tempat aman):"))
                print(result.recovery_key)
                return exc.exit_code
            print(_("Kantor disiapkan. Kit pemulihan disimpan ke {path} — cetak, simpan di lemari terkunci, lalu hapus berkasnya.").format(path=args.recovery_kit))
        else:
            print(_("Kantor disiapkan. Kunci pemulihan (hanya ditampilkan sekali, catat dan simpan di tempat aman):"))
            print(result.recovery_key)
    finally:
        result.session.close(action="logout")
    return 0


def cmd_unlock_check(args: argparse.Namespace) -> int:
    session = common.open_session(args)
    session.close(action="logout")
    print(_("Berhasil dibuka."))
    return 0
