"""Every Indonesian message of the bundle and office-identity code has an English translation."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from caseapp import i18n
from caseapp.bundles.errors import ALL_ERRORS, BundleDamaged
from caseapp.crypto.office_identity import OfficeCardInvalid

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "src/caseapp/crypto/office_identity.py", *sorted((ROOT / "src/caseapp/bundles").glob("*.py"))]


def _messages() -> set[str]:
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found | {e.default_message for e in ALL_ERRORS}


def test_english_catalogue_complete():
    catalogue = json.loads((ROOT / "resources/i18n/en/bundles.json").read_text(encoding="utf-8"))
    missing = _messages() - set(catalogue)
    assert not missing
    assert all(catalogue.values())


def test_messages_switch_language():
    try:
        i18n.set_language("en")
        assert BundleDamaged().message.startswith("This file is not a complete case bundle")
        assert OfficeCardInvalid().message.startswith("The office card is damaged")
    finally:
        i18n.set_language("id")
    assert BundleDamaged().message.startswith("Berkas ini bukan paket kasus")
