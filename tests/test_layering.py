"""The layering holds: services and the CLI run without Qt; only ui/ and app.py import PySide6; SQL stays in store/."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "caseapp"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in sorted(SRC.rglob("*.py"))]


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _imports_pyside(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("PySide6", "shiboken6") for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("PySide6", "shiboken6"):
            return True
    return False


def test_services_and_cli_import_without_pyside6():
    script = textwrap.dedent("""
        import sys
        import caseapp.services, caseapp.services.accounts, caseapp.services.setup, caseapp.cli
        import caseapp.services.session, caseapp.services.office_settings, caseapp.services.preferences
        import caseapp.services.recovery_kit
        assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if m.startswith('PySide6'))
        print('ok')
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_only_ui_and_app_import_pyside6():
    offenders = [_rel(p) for p, tree in _modules()
                 if not (_rel(p).startswith("ui/") or _rel(p) == "app.py") and _imports_pyside(tree)]
    assert offenders == []


def _sql_like(node: ast.AST) -> bool:
    """A literal (or f-string) first argument that reads like SQL."""
    keywords = ("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "DROP", "ALTER", "WITH", "BEGIN")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return True  # a variable: assume SQL, since .execute( is SQLite's
    return text.lstrip().upper().startswith(keywords)


def test_no_sql_outside_store():
    offenders = []
    for path, tree in _modules():
        if _rel(path).startswith("store/"):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany", "executescript")
                    and node.args and _sql_like(node.args[0])):
                offenders.append(f"{_rel(path)}:{node.lineno}")
    assert offenders == []
