"""Every `_("…")` literal in src/caseapp has an English entry in the merged resources/i18n/en/*.json catalogue."""

from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "caseapp"
CATALOGUE_DIR = ROOT / "resources" / "i18n" / "en"


def merged_catalogue() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{path.name} must be a flat JSON object"
        for key, value in data.items():
            assert isinstance(key, str) and isinstance(value, str) and value.strip(), f"{path.name}: {key!r}"
        merged.update(data)
    return merged


def translatable_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every `_("literal")` call; implicit concatenation counts as one literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


def test_scanner_finds_calls_and_ignores_others():
    src = 'x = _("Satu")\ny = _("Dua " "tiga")\nz = f("Empat")\nw = _(nama)\n'
    assert translatable_literals(src) == [(1, "Satu"), (2, "Dua tiga")]


def test_every_translatable_string_has_an_english_entry():
    catalogue = merged_catalogue()
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        for line, text in translatable_literals(path.read_text(encoding="utf-8")):
            if text not in catalogue:
                missing.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert not missing, "missing English for:\n" + "\n".join(missing)
