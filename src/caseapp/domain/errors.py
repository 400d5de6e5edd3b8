"""Errors an officer can read: each carries a message in Bahasa Indonesia and a CLI exit code."""

from __future__ import annotations


class CaseappError(Exception):
    """An expected failure with a clear, translatable message and no case data in it."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(CaseappError):
    """A form or file value is invalid; ``field`` names it."""

    exit_code = 3


class PermissionDenied(CaseappError):
    exit_code = 4


class NotFound(CaseappError):
    exit_code = 5


class NotInitialized(CaseappError):
    exit_code = 10


class AlreadyInitialized(CaseappError):
    exit_code = 11


class StoreInUse(CaseappError):
    """Another caseapp process holds the data directory."""

    exit_code = 12


class WrongPassword(CaseappError):
    exit_code = 13
    wait_seconds: float = 0.0  # set when this failure starts a waiting period


class UnlockThrottled(CaseappError):
    """Too many failed attempts: the user must wait ``wait_seconds``."""

    exit_code = 14

    def __init__(self, message: str, wait_seconds: float):
        super().__init__(message)
        self.wait_seconds = wait_seconds


class ForeignKeySlots(CaseappError):
    """The key-slot file belongs to another database (another office or installation)."""

    exit_code = 15


class DamagedStore(CaseappError):
    """The database or key-slot file is damaged or truncated."""

    exit_code = 16


class WeakPassword(ValidationError):
    pass


class MediaWriteFailed(CaseappError):
    """A file could not be written where the officer asked (USB stick pulled, full or write-protected)."""

    exit_code = 18
