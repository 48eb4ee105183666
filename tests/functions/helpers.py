"""Shared test data and helpers for the functions' tests."""

from __future__ import annotations

import ipaddress
import re

TABLE = "campaign-test"
SITE = "http://testserver"
HASH_KEY = b"tests-only-hash-key-0123456789abcdef"

PETITIONS = [
    {
        "slug": "appeal",
        "title": "Appeal for a democratic Labour Left Alliance",
        "kind": "appeal",
        "status": "open",
        "goal": 5000,
        "imported_count": 1700,
        "imported_clps": 450,
        "url": "appeal/",
        "targets": [],
        "opened": "2020-05-01",
    },
    {
        "slug": "reinstate-jeremy-corbyn",
        "title": "Reinstate Jeremy Corbyn! End the witch-hunt against the left!",
        "kind": "petition",
        "status": "open",
        "goal": 5000,
        "imported_count": 2908,
        "imported_clps": 0,
        "url": "petitions/reinstate-jeremy-corbyn/",
        "targets": ["Keir Starmer"],
        "opened": "2020-10-29",
    },
    {
        "slug": "old-petition",
        "title": "A closed petition",
        "kind": "petition",
        "status": "closed",
        "goal": 100,
        "imported_count": 0,
        "imported_clps": 0,
        "url": "petitions/old-petition/",
        "targets": ["Someone"],
        "opened": "2019-01-01",
    },
]


class Clock:
    """Wall-clock time the tests control (form fill times, rate windows, TTLs)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_ADDRESS = re.compile(r"[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*")


def _addresses(text: str) -> list[str]:
    found = []
    for candidate in _ADDRESS.findall(text):
        try:
            ipaddress.ip_address(candidate.strip(":."))
        except ValueError:
            continue
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


def signer(personal: PersonalData, n: int = 0, **overrides: str) -> dict[str, str]:
    """A valid form submission (and its personal values registered for the log guard)."""
    values = {
        "name": f"Ann Example{n}",
        "email": f"ann.example{n}@example.org",
        "postcode": "SW1A 1AA",
        "clp": "",
        "member": "member",
        "website": "",
        "started": "",
    }
    values.update(overrides)
    personal.add(values["name"], values["email"], values.get("postcode", ""))
    return values
