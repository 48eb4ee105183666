"""The organisers' command against moto: the table, the petitions, a way to run it and
a way to seed supporters as the sign and confirm functions store them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from core.consent import CONSENT_VERSION
from core.emails import email_key
from core.store import Store
from organise.__main__ import main

from tests.functions.helpers import HASH_KEY, TABLE

LONDON = "E14001073"  # Barking
NORTH_EAST = "E14001101"  # Bishop Auckland
WALES = "W07000081"  # Aberafan Maesteg


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def campaign(
    store: Store, petitions: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> Callable[..., Result]:
    """Run `campaign ARGS...` as an organiser would, against the moto table."""
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("HASH_KEY", HASH_KEY.decode())
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    monkeypatch.delenv("LOCAL_DEV", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def sign(store: Store, personal: Any) -> Callable[..., str]:
    """Store a signature as the sign function does (and confirm it as confirm does)."""

    def add(
        slug: str,
        email: str,
        name: str = "Ann Example",
        clp: str | None = LONDON,
        confirmed: bool = True,
        no_sharing: bool | None = False,
        contact: bool = False,
        public: bool = False,
        signed_at: str = "2026-11-20T10:00:00Z",
    ) -> str:
        personal.add(email, name)
        key = email_key(email, HASH_KEY)
        values = {
            "kind": "signature",
            "status": "pending",
            "name": name,
            "email": email,
            "postcode": None,
            "country": None,
            "clp": clp,
            "member": "member",
            "no_sharing": no_sharing,
            "contact": contact,
            "public": public,
            "consent": CONSENT_VERSION,
            "signed_at": signed_at,
            "source": "web",
            "expires_at": 1_900_000_000,
        }
        store.upsert_signature(slug, key, values)
        if confirmed:
            store.confirm_signature(slug, key, signed_at)
        return key

    return add
