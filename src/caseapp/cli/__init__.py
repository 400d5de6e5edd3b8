"""caseapp-cli: the same services as the GUI, from a terminal (batch work, scripting, tests).

Shape: ``caseapp-cli [--data-dir DIR] [--user NAME] COMMAND …``. Passwords come from
``CASEAPP_PASSWORD`` or ``--password-stdin``, never from an argument. A user error exits
non-zero with one clear line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from caseapp import __version__
from caseapp.datadir import DataDir, default_data_dir
from caseapp.domain.errors import CaseappError
from caseapp.i18n import _, set_language

# Each module adds its commands with register(subparsers); later features add modules here.
COMMAND_MODULES = [
    "caseapp.cli.setup_commands",
    "caseapp.cli.user_commands",
    "caseapp.cli.audit_commands",
    "caseapp.cli.case_commands",
    "caseapp.cli.code_commands",
    "caseapp.cli.letter_commands",
    "caseapp.cli.bundle_commands",
    "caseapp.cli.office_commands",
    "caseapp.cli.selftest_commands",
    "caseapp.cli.backup_commands",
    "caseapp.cli.retention_commands",
    "caseapp.cli.person_commands",
    "caseapp.cli.breach_commands",
    "caseapp.cli.report_commands",
]

EXIT_FILE_ERROR = 18  # same code as MediaWriteFailed
EXIT_UNEXPECTED = 70
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caseapp-cli", description=_("Layanan caseapp dari baris perintah."))
    parser.add_argument("--version", action="version", version=f"caseapp {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=_("folder data kantor (bawaan: CASEAPP_DATA_DIR atau folder data pengguna)"))
    parser.add_argument("--user", default=os.environ.get("CASEAPP_USER"), help=_("nama pengguna"))
    parser.add_argument("--password-stdin", action="store_true",
                        help=_("baca kata sandi dari masukan standar (baris pertama)"))
    parser.add_argument("--lang", choices=["id", "en"], default=None, help=_("bahasa pesan"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # the feature is not built yet
            raise
        module.register(sub)
    return parser


def data_dir_from(args: argparse.Namespace) -> DataDir:
    return DataDir(args.data_dir if args.data_dir is not None else default_data_dir())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    else:
        from caseapp.services.preferences import load_preferences

        set_language(load_preferences(data_dir_from(args)).language)
    try:
        return int(args.handler(args) or 0)
    except CaseappError as exc:
        where = f"{exc.field}: " if exc.field and exc.field not in exc.message else ""
        print(f"caseapp-cli: {where}{exc.message}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a file named on the command line could not be read or written
        print("caseapp-cli: " + _("Berkas {path} tidak dapat dibaca atau ditulis ({reason}). Tidak ada data yang berubah.").format(
            path=exc.filename or "?", reason=exc.strerror or type(exc).__name__), file=sys.stderr)
        return EXIT_FILE_ERROR
    except KeyboardInterrupt:
        print(f"caseapp-cli: {_('Dibatalkan.')}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never show a traceback (it may carry record contents)
        print(
            "caseapp-cli: " + _("Terjadi kesalahan tak terduga ({kind}). Tidak ada data yang diubah oleh perintah yang gagal.").format(kind=type(exc).__name__),
            file=sys.stderr,
        )
        if os.environ.get("CASEAPP_DEBUG") == "1":
            raise
        return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
