"""The office's data directory: where the encrypted database, its key slots and the lock live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "caseapp"
APP_AUTHOR = "UPTD-PPA"


def default_data_dir() -> Path:
    """``CASEAPP_DATA_DIR`` if set, else the platform's per-user data directory."""
    env = os.environ.get("CASEAPP_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


@dataclass(frozen=True)
class DataDir:
    """Names of the files in one office installation's data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "caseapp.db"

    @property
    def keyslots(self) -> Path:
        return self.root / "caseapp.keys"

    @property
    def lock(self) -> Path:
        return self.root / "caseapp.lock"

    @property
    def unlock_state(self) -> Path:
        """Failed-unlock counters (usernames and times only) kept until the next unlock logs them."""
        return self.root / "unlock-state.json"

    @property
    def preferences(self) -> Path:
        """Pre-unlock preferences: interface language and last user name. Never case data."""
        return self.root / "preferences.json"

    def is_initialized(self) -> bool:
        return self.database.exists() and self.keyslots.exists()

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(self.root, 0o700)
