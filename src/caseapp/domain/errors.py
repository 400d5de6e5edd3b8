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
