"""Email addresses: the canonical form that dedupes signatures, and keyed hashes.

Canonical form (documented in functions/README.md): trimmed and lower-cased; a `+tag`
in the local part is dropped for every domain (most large providers deliver `a+b@`
to `a@`); for gmail.com and googlemail.com the dots in the local part are dropped too
and the domain becomes gmail.com. Only the canonical form is hashed; the address as
typed (lower-cased) is what we store and write to.
"""

from __future__ import annotations

import hashlib
import hmac

_GMAIL = {"gmail.com", "googlemail.com"}


def canonical(email: str) -> str:
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in _GMAIL:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def keyed_hash(value: str, key: bytes, purpose: str, length: int = 32) -> str:
    """HMAC-SHA256 hex: a plain hash of an email or IP is reversed by hashing a list of
    them; a keyed one is not without the key. `purpose` keeps the uses apart."""
    digest = hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def email_key(email: str, key: bytes) -> str:
    return keyed_hash(canonical(email), key, "email")
