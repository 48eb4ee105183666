"""Confirmation links: `{slug}.{email_key}.{mac}`, checkable without a database read.

The MAC (keyed with HASH_KEY) makes a token unguessable and unforgeable; the
signature's own state makes it single-use in effect (a second confirm finds it
already confirmed). Re-sent emails carry the same link.
"""

from __future__ import annotations

import hmac
import re

from core.emails import keyed_hash
from core.errors import InvalidToken

_SHAPE = re.compile(r"([a-z0-9][a-z0-9-]{0,79})\.([0-9a-f]{32})\.([0-9a-f]{32})")


def make(slug: str, email_key: str, key: bytes) -> str:
    return f"{slug}.{email_key}.{keyed_hash(f'{slug}.{email_key}', key, 'confirm')}"


def read(token: str, key: bytes) -> tuple[str, str]:
    """(slug, email_key) from a token; InvalidToken if it was altered or is not ours."""
    match = _SHAPE.fullmatch(token.strip()[:200])
    if not match:
        raise InvalidToken("This confirmation link is incomplete")
    slug, email_key, mac = match.groups()
    expected = keyed_hash(f"{slug}.{email_key}", key, "confirm")
    if not hmac.compare_digest(mac, expected):
        raise InvalidToken("This confirmation link is not valid")
    return slug, email_key
