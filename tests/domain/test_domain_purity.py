"""The domain layer imports no Qt, no SQL and nothing from the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "caseapp" / "domain"
FORBIDDEN = ("PySide6", "sqlite3", "sqlcipher3", "caseapp.store", "caseapp.services", "caseapp.ui",
             "caseapp.letters", "caseapp.bundles", "caseapp.crypto", "caseapp.cli")


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_scanner():
    assert imported_modules("import a.b\nfrom c import d\nfrom . import e\n") == {"a.b", "c"}


def test_domain_imports_nothing_from_other_layers():
    bad = [f"{path.name}: {mod}" for path in sorted(DOMAIN.glob("*.py"))
           for mod in imported_modules(path.read_text(encoding="utf-8"))
           if any(mod == f or mod.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad
