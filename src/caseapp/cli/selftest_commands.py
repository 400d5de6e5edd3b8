"""CLI: ``caseapp-cli selftest`` — check this installation with two throwaway offices (see services/selftest.py).

The main-window step runs in a child process (``selftest --open-window``) on Qt's offscreen platform,
so this process never loads Qt and the check works on a machine without a screen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from caseapp.i18n import _
from caseapp.services.selftest import SelftestFailed, StepResult, TempOffice, run_selftest

WINDOW_TIMEOUT_SECONDS = 180


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help=_("uji mandiri: periksa instalasi ini dengan data karangan di folder sementara"))
    p.add_argument("--no-window", action="store_true", help=_("lewati langkah membuka jendela utama"))
    p.add_argument("--open-window", type=Path, default=None, help=argparse.SUPPRESS)  # the child's side
    p.set_defaults(handler=cmd_selftest)


def _marks() -> tuple[str, str]:
    """✓/✗ where the terminal can show them (a redirected Windows console may be cp1252)."""
    try:
        "✓✗".encode(sys.stdout.encoding or "ascii")
        return "✓", "✗"
    except (UnicodeEncodeError, LookupError):
        return "OK", "GAGAL"


def cli_command() -> list[str]:
    """How to start this CLI again: the frozen executable itself, or this interpreter with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "caseapp.cli"]


def window_in_child(office: TempOffice) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        cli_command() + ["--lang", "id", "selftest", "--open-window", str(office.data_dir.root)],
        input=f"{office.username}\n{office.password}\n", capture_output=True, text=True, encoding="utf-8",
        errors="replace", env=env, timeout=WINDOW_TIMEOUT_SECONDS,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise SelftestFailed(lines[-1] if lines else _("Jendela utama tidak dapat dibuka (kode {code}).").format(
            code=result.returncode))


def _open_window(folder: Path) -> int:
    """Child: unlock the temporary office named by the parent and build its main window offscreen."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    username = sys.stdin.readline().rstrip("\n")
    password = sys.stdin.readline().rstrip("\n")
    from caseapp.datadir import DataDir
    from caseapp.ui.selftest_dialog import open_main_window_offscreen

    open_main_window_offscreen(TempOffice(DataDir(folder), username, password))
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    if args.open_window is not None:
        return _open_window(args.open_window)
    ok_mark, fail_mark = _marks()

    def report(result: StepResult) -> None:
        line = f"{ok_mark if result.ok else fail_mark} {result.title}"
        if result.ok:
            line += f" ({result.seconds:.1f} s)"
        elif result.detail:
            line += f": {result.detail}"
        print(line, flush=True)

    results = run_selftest(report, window_check=None if args.no_window else window_in_child)
    failed = sum(not r.ok for r in results)
    if failed:
        print(_("Uji mandiri gagal: {n} dari {total} langkah.").format(n=failed, total=len(results)))
        return 1
    print(_("Uji mandiri berhasil: {total} langkah.").format(total=len(results)))
    return 0
