"""A growing wait after repeated failed unlocks, remembered across restarts.

The encrypted store cannot be written without a key, so failures are kept in a small
plain file (user name, count, times; nothing else) and moved into the audit log by the
next successful unlock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from caseapp.atomic import atomic_write_bytes
from caseapp.services import clock

FREE_ATTEMPTS = 3
FIRST_DELAY = 5.0
MAX_DELAY = 300.0


def delay_after(failures: int) -> float:
    """0 s for the first three failures, then 5, 10, 20, … seconds, at most five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - FREE_ATTEMPTS))


@dataclass
class UnlockThrottle:
    path: Path

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, ValueError, UnicodeDecodeError):
            return {}

    def _save(self, data: dict) -> None:
        atomic_write_bytes(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def wait_seconds(self, user: str) -> float:
        entry = self._load().get(user)
        if not entry:
            return 0.0
        ready_at = float(entry.get("last", 0)) + delay_after(int(entry.get("failures", 0)))
        return max(0.0, ready_at - clock.wall_seconds())

    def record_failure(self, user: str) -> float:
        """Count one failure; return how long the user must now wait."""
        data = self._load()
        entry = data.setdefault(user, {"failures": 0, "last": 0, "times": []})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        entry["last"] = clock.wall_seconds()
        entry.setdefault("times", []).append(clock.timestamp())
        entry["times"] = entry["times"][-50:]
        self._save(data)
        return delay_after(entry["failures"])

    def take_pending(self) -> list[tuple[str, str]]:
        """(user, timestamp) of failures not yet in the audit log; clears them, keeps counters."""
        data = self._load()
        pending = [(user, ts) for user, e in data.items() for ts in e.get("times", [])]
        if pending:
            for e in data.values():
                e["times"] = []
            self._save(data)
        return sorted(pending, key=lambda p: p[1])

    def reset(self, user: str) -> None:
        data = self._load()
        if user in data:
            data[user]["failures"] = 0
            self._save(data)
