"""Shared test data and helpers for the functions' tests."""

from __future__ import annotations

from tests.personal import PersonalData

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
