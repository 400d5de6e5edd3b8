"""Crash-safe file writes: temp name in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator

from caseapp.domain.errors import MediaWriteFailed
from caseapp.i18n import _


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one."""
    with atomic_file(path, mode=mode) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int = 0o600) -> Iterator[BinaryIO]:
    """A file to write in steps (e.g. a large backup): it appears under ``path`` only when the block ends normally.

    Temporary name in the same folder, fsync, rename, fsync the folder; on any exception the temporary file is
    removed and nothing appears under ``path``.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def writing_to(path: Path) -> Iterator[None]:
    """Turn an OS error while writing ``path`` into a clear message; nothing half-written is left behind."""
    try:
        yield
    except OSError:
        raise MediaWriteFailed(
            _("Berkas tidak dapat ditulis ke {folder}. Periksa apakah flashdisk masih terpasang, tidak penuh dan "
              "tidak terkunci-tulis, lalu ulangi. Tidak ada data yang berubah.").format(folder=Path(path).parent)
        ) from None
