"""Errors that carry a message a user can read (in Chinese).

Every error that may reach the user derives from :class:`UserFacingError`; its
``message`` is the complete Chinese sentence to show. Code never shows a
traceback to the user: the CLI and the window print ``message`` and stop.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserFacingError(Exception):
    """An error whose ``message`` is meant for the user, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    """One rejected field: which field (code name), its Chinese label, and why."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(UserFacingError):
    """One or more fields were rejected. ``errors`` lists them in form order."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(e.message for e in self.errors))

    @classmethod
    def single(cls, field: str, label: str, message: str) -> ValidationError:
        return cls([FieldError(field, label, message)])

    def for_field(self, field: str) -> str | None:
        """The message for ``field``, or None when that field was accepted."""
        for error in self.errors:
            if error.field == field:
                return error.message
        return None


class DatabaseError(UserFacingError):
    """The database cannot be opened, read or written."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer version of the app; we refuse to touch it."""


class RecordNotFoundError(UserFacingError):
    """A record id that does not exist (or is in the recycle bin when it must not be)."""
