"""The office's code lists: the shipped lists plus an admin's additions, kept inside the store."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from caseapp.domain.accounts import Permission
from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.services.office_settings import get_setting, set_setting
from caseapp.services.session import Session

EXTENSIONS_KEY = "codelist_extensions"


def _extensions(session: Session) -> dict[str, list[dict]]:
    raw = get_setting(session, EXTENSIONS_KEY)
    return json.loads(raw) if raw else {}


def registry(session: Session) -> CodeRegistry:
    """Shipped lists extended with this office's additions (old codes are never dropped)."""
    reg = default_registry()
    for list_name, entries in _extensions(session).items():
        if list_name in reg:  # a list a later version no longer ships cannot be extended; its codes stay in records
            reg = reg.extend(list_name, entries, stored=True)
    return reg


def extend_code_list(session: Session, list_name: str, entries: Iterable[Mapping[str, Any]]) -> CodeRegistry:
    """Add codes, relabel English, or deactivate codes; refuses to rename or drop an existing code."""
    session.require(Permission.MANAGE_OFFICE)
    entries = [dict(e) for e in entries]
    new_registry = registry(session).extend(list_name, entries)  # validates before anything is stored
    ext = _extensions(session)
    ext.setdefault(list_name, []).extend(entries)
    set_setting(session, EXTENSIONS_KEY, json.dumps(ext, ensure_ascii=False))
    return new_registry
