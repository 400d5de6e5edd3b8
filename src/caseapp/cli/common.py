"""Helpers shared by the CLI command modules: passwords, opening a session, output."""

from __future__ import annotations

import argparse
import json
import os
import sys

from caseapp.domain.errors import CaseappError, ValidationError
from caseapp.i18n import _

_stdin_lines: list[str] | None = None


def _stdin_line(index: int) -> str | None:
    global _stdin_lines
    if _stdin_lines is None:
        _stdin_lines = [] if sys.stdin is None or sys.stdin.closed else sys.stdin.read().splitlines()
    return _stdin_lines[index] if index < len(_stdin_lines) else None


def password(args: argparse.Namespace) -> str:
    """The acting user's password: line 1 of stdin with --password-stdin, else CASEAPP_PASSWORD."""
    if args.password_stdin:
        value = _stdin_line(0)
    else:
        value = os.environ.get("CASEAPP_PASSWORD")
    if not value:
        raise CaseappError(_("Kata sandi tidak diberikan: gunakan CASEAPP_PASSWORD atau --password-stdin."))
    return value


def new_password(args: argparse.Namespace) -> str:
    """A new password: CASEAPP_NEW_PASSWORD, else the next line of stdin."""
    value = os.environ.get("CASEAPP_NEW_PASSWORD")
    if not value:
        value = _stdin_line(1 if args.password_stdin else 0)
    if not value:
        raise CaseappError(_("Kata sandi baru tidak diberikan: gunakan CASEAPP_NEW_PASSWORD atau masukan standar."))
    return value


def require_user(args: argparse.Namespace) -> str:
    if not args.user:
        raise ValidationError(_("Sebutkan pengguna dengan --user NAMA atau CASEAPP_USER."), field="user")
    return args.user


def open_session(args: argparse.Namespace):
    from caseapp.cli import data_dir_from
    from caseapp.services.session import unlock

    session = unlock(data_dir_from(args), require_user(args), password(args))
    if session.audit_warning:  # e.g. the newest audit entries were deleted; the store still opens
        print(_("peringatan: {message}").format(message=session.audit_warning), file=sys.stderr)
    return session


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
