"""An OS-level lock on the data directory so that two caseapp processes never share one database."""

from __future__ import annotations

import os
from pathlib import Path

from caseapp.domain.errors import StoreInUse
from caseapp.i18n import _


class DataDirLock:
    """Held for as long as a process has the store open; the OS drops it if the process dies."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh = None

    def acquire(self) -> "DataDirLock":
        # Created readable by the owner only, like every file in the data folder (it holds nothing).
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        fh = os.fdopen(fd, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise StoreInUse(
                _("Data kantor sedang dibuka oleh jendela atau proses caseapp lain. Tutup yang lain terlebih dahulu.")
            ) from None
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self._fh.seek(0)
                msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None
