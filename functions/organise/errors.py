"""The command's own error: its message is one line, names what is wrong and the fix."""

from __future__ import annotations

from core.errors import DomainError


class CommandError(DomainError):
    """Bad input to a command (unknown petition, unreadable file, malformed argument)."""
