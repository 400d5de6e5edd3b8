"""CLI: ``backup create --out DIR``, ``backup verify FILE``, ``backup restore FILE`` (docs/cli.md)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from caseapp.cli import common
from caseapp.domain.errors import CaseappError
from caseapp.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help=_("cadangan terenkripsi seluruh data kantor"))
    bsub = backup.add_subparsers(dest="backup_command", metavar="SUBCOMMAND")
    bsub.required = True
    p = bsub.add_parser("create", help=_("buat cadangan baru di sebuah folder (mis. flashdisk)"))
    p.add_argument("--out", type=Path, required=True, help=_("folder tujuan"))
    p.set_defaults(handler=cmd_create)
    p = bsub.add_parser("reminder", help=_("pengingat cadangan: tampilkan, atau atur setelah berapa hari"))
    p.add_argument("days", type=int, nargs="?", default=None, metavar="HARI")
    p.set_defaults(handler=cmd_reminder)
    for name, handler, helptext in (
        ("verify", cmd_verify, _("periksa berkas cadangan (dengan kunci pemulihan atau kata sandi: juga isinya)")),
        ("restore", cmd_restore, _("pulihkan cadangan ke folder data yang kosong")),
    ):
        p = bsub.add_parser(name, help=helptext)
        p.add_argument("file", type=Path, help=_("berkas .casebackup"))
        p.add_argument("--recovery-key-stdin", action="store_true",
                       help=_("baca kunci pemulihan dari masukan standar (atau CASEAPP_RECOVERY_KEY)"))
        p.set_defaults(handler=handler)


def _credential(args: argparse.Namespace, *, required: bool):
    from caseapp.services.backup import Credential

    key = os.environ.get("CASEAPP_RECOVERY_KEY")
    if args.recovery_key_stdin:
        key = common._stdin_line(0)
    if key:
        return Credential(recovery_key=key)
    if args.user and (args.password_stdin or os.environ.get("CASEAPP_PASSWORD")):
        return Credential(username=args.user, password=common.password(args))
    if required:
        raise CaseappError(_("Berikan kunci pemulihan (CASEAPP_RECOVERY_KEY atau --recovery-key-stdin), atau "
                             "--user administrator dengan kata sandinya."))
    return None


def cmd_create(args: argparse.Namespace) -> int:
    from caseapp.services.backup import create_backup

    with common.open_session(args) as session:
        result = create_backup(session, args.out)
    print(_("Cadangan dibuat dan sudah diperiksa: {path} ({mb:.1f} MB).").format(
        path=result.path, mb=result.size / 1e6))
    return 0


def cmd_reminder(args: argparse.Namespace) -> int:
    from caseapp.services.backup import backup_reminder, last_backup_at, reminder_days, set_reminder_days

    with common.open_session(args) as session:
        if args.days is not None:
            set_reminder_days(session, args.days)
        days, last, note = reminder_days(session), last_backup_at(session), backup_reminder(session)
    print(_("Pengingat setelah {days} hari. Cadangan terakhir: {last}.").format(
        days=days, last=last.isoformat(timespec="minutes") if last else _("belum pernah")))
    if note:
        print(note)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from caseapp.services.backup import verify_backup

    report = verify_backup(args.file, _credential(args, required=False))
    h = report.header
    print(_("Cadangan utuh: kantor {code} {name}, dibuat {created}, {mb:.1f} MB.").format(
        code=h.office_code, name=h.office_name, created=h.created_at, mb=report.size / 1e6))
    if report.opened:
        print(_("Isi cadangan juga diperiksa dengan kunci: basis data utuh dan dapat dibuka."))
    else:
        print(_("Yang diperiksa baru keutuhan berkasnya; berikan kunci pemulihan atau kata sandi administrator "
                "untuk memeriksa isinya juga."))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from caseapp.cli import data_dir_from
    from caseapp.services.backup import restore_backup

    data_dir = data_dir_from(args)
    result = restore_backup(data_dir, args.file, _credential(args, required=True))
    print(_("Data kantor {code} {name} dipulihkan ke {folder} dari cadangan {created}.").format(
        code=result.office.code, name=result.office.name, folder=data_dir.root, created=result.header.created_at))
    for peer, seq in result.sequences:
        print(_("Paket berikutnya ke {peer} bernomor {n} (nomor dilompati agar tidak bentrok dengan paket yang "
                "mungkin terkirim setelah cadangan dibuat).").format(peer=peer, n=seq + 1))
    return 0
