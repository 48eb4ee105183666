"""The domain's own errors: handlers turn these into answers; messages never hold personal data."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: the message is safe to show a supporter and to log."""


class NotFound(DomainError):
    """No such petition (or no such signature behind a link)."""


class Closed(DomainError):
    """The petition no longer takes signatures."""


class RateLimited(DomainError):
    """Too many submissions from one network in the current window."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidToken(DomainError):
    """A confirmation link that was altered, truncated or never issued."""


class Unavailable(DomainError):
    """A dependency (DynamoDB, SES) is throttling or failing: the supporter should retry."""

    def __init__(self, message: str = "", retry_after: int = 2) -> None:
        super().__init__(message or "The service is busy")
        self.retry_after = retry_after


class Conflict(DomainError):
    """A conditional write lost a race; the caller re-reads and tries again."""


class ConfigError(Exception):
    """The environment is missing or misstates a setting (names the variable and the fix)."""
