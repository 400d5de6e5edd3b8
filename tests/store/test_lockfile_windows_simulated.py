"""The Windows branch of the data-folder lock (msvcrt.locking), run on Linux against a stand-in msvcrt.

The stand-in keeps msvcrt's names and contract (``locking(fd, mode, nbytes)`` from the current position, OSError
when the range is locked elsewhere) and implements it with flock, so a typo or a wrong call in the Windows branch
fails here. Whether Windows itself behaves so is on the checklist in docs/windows.md.
"""

from __future__ import annotations

import fcntl
import os
import sys
import types

import pytest

from caseapp.domain.errors import StoreInUse
from caseapp.store.lockfile import DataDirLock


@pytest.fixture
def windows(monkeypatch):
    calls = []
    fake = types.ModuleType("msvcrt")
    fake.LK_UNLCK, fake.LK_LOCK, fake.LK_NBLCK, fake.LK_RLCK, fake.LK_NBRLCK = 0, 1, 2, 3, 4

    def locking(fd, mode, nbytes):
        calls.append((mode, nbytes, os.lseek(fd, 0, os.SEEK_CUR)))
        if mode == fake.LK_NBLCK:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises OSError (BlockingIOError) when held
        elif mode == fake.LK_UNLCK:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            raise AssertionError(f"unexpected locking mode {mode}")

    fake.locking = locking
    monkeypatch.setitem(sys.modules, "msvcrt", fake)

    class Nt:
        """Switch os.name to 'nt' only around the lock calls (pathlib and pytest read it too)."""

        def __init__(self):
            self.calls = calls

        def run(self, fn):
            monkeypatch.setattr(os, "name", "nt")
            try:
                return fn()
            finally:
                monkeypatch.setattr(os, "name", "posix")

    return Nt()


def test_second_holder_is_refused_until_the_first_releases(tmp_path, windows):
    path = tmp_path / "caseapp.lock"
    first, second = DataDirLock(path), DataDirLock(path)
    windows.run(first.acquire)
    with pytest.raises(StoreInUse):
        windows.run(second.acquire)
    assert not second.held
    windows.run(first.release)
    windows.run(second.acquire)
    assert second.held
    windows.run(second.release)
    # Every call locks or unlocks exactly one byte at offset 0 (a+b opens at the end; the code seeks back).
    assert windows.calls and all(n == 1 and pos == 0 for _mode, n, pos in windows.calls)


def test_lock_file_with_content_still_locks_from_offset_zero(tmp_path, windows):
    path = tmp_path / "caseapp.lock"
    path.write_bytes(b"x" * 10)
    lock = DataDirLock(path)
    windows.run(lock.acquire)
    windows.run(lock.release)
    assert [(mode, pos) for mode, _n, pos in windows.calls] == [(2, 0), (0, 0)]
