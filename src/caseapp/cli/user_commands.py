"""CLI: user accounts (add, list, remove, passwd)."""

from __future__ import annotations

import argparse

from caseapp.cli import common
from caseapp.domain.accounts import NewUser, Role
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help=_("kelola akun pengguna"))
    usub = user.add_subparsers(dest="user_command", metavar="SUBCOMMAND")
    usub.required = True

    p = usub.add_parser("add", help=_("tambah pengguna (kata sandi dari CASEAPP_NEW_PASSWORD atau stdin)"))
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--full-name", required=True)
    p.add_argument("--nip", default="")
    p.add_argument("--position", default="")
    p.set_defaults(handler=cmd_add)

    p = usub.add_parser("list", help=_("daftar pengguna"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = usub.add_parser("remove", help=_("hapus pengguna dan ganti kunci basis data"))
    p.add_argument("username")
    p.set_defaults(handler=cmd_remove)

    p = usub.add_parser("disable", help=_("nonaktifkan pengguna"))
    p.add_argument("username")
    p.set_defaults(handler=lambda a: _set_active(a, False))
    p = usub.add_parser("enable", help=_("aktifkan kembali pengguna"))
    p.add_argument("username")
    p.set_defaults(handler=lambda a: _set_active(a, True))

    p = usub.add_parser("passwd", help=_("ganti kata sandi sendiri, atau atur ulang milik pengguna lain (admin)"))
    p.add_argument("username", nargs="?")
    p.set_defaults(handler=cmd_passwd)


def cmd_add(args: argparse.Namespace) -> int:
    from caseapp.services.accounts import add_user

    new = NewUser(args.username, args.full_name, Role(args.role), args.nip, args.position)
    with common.open_session(args) as session:
        user = add_user(session, new, common.new_password(args))
        print(user.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from caseapp.services.accounts import list_users

    with common.open_session(args) as session:
        users = list_users(session)
    if args.json:
        common.print_json([{"username": u.username, "full_name": u.full_name, "role": u.role.value, "nip": u.nip,
                            "position": u.position, "active": u.active} for u in users])
    else:
        common.print_table(
            [_("Pengguna"), _("Nama lengkap"), _("Peran"), _("Status")],
            [[u.username, u.full_name, u.role.label, _("aktif") if u.active else _("nonaktif")] for u in users],
        )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from caseapp.services.accounts import remove_user

    with common.open_session(args) as session:
        remove_user(session, args.username)
    print(_("Pengguna {u} dihapus; kunci basis data telah diganti.").format(u=args.username))
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from caseapp.services.accounts import set_user_active

    with common.open_session(args) as session:
        set_user_active(session, args.username, active)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from caseapp.services.accounts import change_own_password, reset_password

    with common.open_session(args) as session:
        if args.username and args.username != session.user.username:
            reset_password(session, args.username, common.new_password(args))
            print(_("Kata sandi {u} diatur ulang; pengguna harus menggantinya saat masuk.").format(u=args.username))
        else:
            change_own_password(session, common.password(args), common.new_password(args))
            print(_("Kata sandi Anda telah diganti."))
    return 0
