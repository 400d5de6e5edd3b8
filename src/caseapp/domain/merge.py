"""Three-way merge of case documents exchanged between offices: nothing is silently overwritten.

Documents are the JSON of a case (dicts, lists, scalars). Lists of objects that carry a ``uuid``
(people, incidents, services, notes …) merge item by item; any other value merges as a whole.
A value changed on both sides to different results since the common base is a conflict: the merged
document keeps the local value and the conflict carries both, until a person resolves it.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

# Keys that are each office's own bookkeeping and never merged.
LOCAL_ONLY_KEYS = frozenset({"version", "assigned_officers"})


@dataclass(frozen=True)
class FieldConflict:
    path: tuple[str, ...]   # dict keys, and "#<uuid>" for an item of a uuid-keyed list
    local: Any              # MISSING when the item was deleted locally
    remote: Any

    def path_text(self) -> str:
        return ".".join(self.path)


def _is_uuid_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, dict) and isinstance(x.get("uuid"), str) for x in value)


def _by_uuid(items: Any) -> dict[str, dict]:
    return {x["uuid"]: x for x in items} if _is_uuid_list(items) else {}


def _merge(base: Any, local: Any, remote: Any, path: tuple[str, ...], out: list[FieldConflict]) -> Any:
    if local == remote:
        return local
    if base is not MISSING and local == base:
        return remote
    if base is not MISSING and remote == base:
        return local
    if isinstance(local, dict) and isinstance(remote, dict):
        b = base if isinstance(base, dict) else {}
        merged = {}
        for key in list(local) + [k for k in remote if k not in local]:
            if key in LOCAL_ONLY_KEYS and not path:
                merged[key] = local.get(key, remote.get(key))
                continue
            value = _merge(b.get(key, MISSING) if base is not MISSING else MISSING,
                           local.get(key, MISSING), remote.get(key, MISSING), path + (key,), out)
            if value is not MISSING:
                merged[key] = value
        return merged
    if _is_uuid_list(local) and _is_uuid_list(remote) and (base is MISSING or _is_uuid_list(base)):
        b, l, r = _by_uuid(base) if base is not MISSING else {}, _by_uuid(local), _by_uuid(remote)
        order = list(l) + [u for u in r if u not in l]
        merged_items = []
        for u in order:
            item_base = b.get(u, MISSING) if base is not MISSING else MISSING
            value = _merge(item_base, l.get(u, MISSING), r.get(u, MISSING), path + (f"#{u}",), out)
            if value is not MISSING:
                merged_items.append(value)
        return merged_items
    if base is MISSING and (local is MISSING or remote is MISSING):
        # Present on one side only and unknown to the base: an addition, not a disagreement.
        return remote if local is MISSING else local
    out.append(FieldConflict(path, local, remote))
    return local


def three_way_merge(base: dict | None, local: dict, remote: dict) -> tuple[dict, list[FieldConflict]]:
    """Merge ``remote`` into ``local`` given their common ``base`` (None when there is none)."""
    conflicts: list[FieldConflict] = []
    merged = _merge(MISSING if base is None else base, local, remote, (), conflicts)
    return merged, conflicts


def set_at_path(document: dict, path: tuple[str, ...] | list[str], value: Any) -> dict:
    """A copy of ``document`` with ``value`` at ``path`` (MISSING deletes it)."""
    doc = copy.deepcopy(document)
    node: Any = doc
    for i, key in enumerate(path):
        last = i == len(path) - 1
        if key.startswith("#") and isinstance(node, list):
            uuid = key[1:]
            idx = next((j for j, x in enumerate(node) if isinstance(x, dict) and x.get("uuid") == uuid), None)
            if last:
                if value is MISSING:
                    if idx is not None:
                        node.pop(idx)
                elif idx is None:
                    node.append(copy.deepcopy(value))
                else:
                    node[idx] = copy.deepcopy(value)
                return doc
            if idx is None:
                raise KeyError(key)
            node = node[idx]
        else:
            if last:
                if value is MISSING:
                    node.pop(key, None)
                else:
                    node[key] = copy.deepcopy(value)
                return doc
            node = node.setdefault(key, {})
    return doc


def encode_value(value: Any) -> str:
    return json.dumps({"missing": True} if value is MISSING else {"value": value}, ensure_ascii=False, sort_keys=True)


def decode_value(text: str) -> Any:
    data = json.loads(text)
    return MISSING if data.get("missing") else data.get("value")


def comparable(document: dict) -> dict:
    """The document without the keys each office keeps for itself."""
    return {k: v for k, v in document.items() if k not in LOCAL_ONLY_KEYS}


def shares_content(a: dict, b: dict) -> bool:
    """``comparable(a) == comparable(b)``, without building either."""
    keys = a.keys() | b.keys()
    missing = object()
    return all(a.get(k, missing) == b.get(k, missing) for k in keys if k not in LOCAL_ONLY_KEYS)
