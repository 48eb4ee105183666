"""What counts as personal data in a log line, for the suite-wide guard in conftest.py."""

from __future__ import annotations

import ipaddress
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_ADDRESS = re.compile(r"[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*")


def _addresses(text: str) -> list[str]:
    found = []
    for candidate in _ADDRESS.findall(text):
        try:
            address = ipaddress.ip_address(candidate.strip(":."))
        except ValueError:
            continue
        # The machine's own loopback (local servers in tests) is nobody's address.
        if not address.is_loopback:
            found.append(candidate)
    return found


class PersonalData:
    """Values a test used as someone's name, email, postcode or address."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, *values: str) -> None:
        self.values.update(v for v in values if v and len(v) > 2)

    def found_in(self, text: str) -> list[str]:
        found = [v for v in self.values if v.lower() in text.lower()]
        for pattern in (_EMAIL, _POSTCODE):
            found += pattern.findall(text)
        return found + _addresses(text)
