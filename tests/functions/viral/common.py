"""What the viral-day tests share: many supporters, each from their own address, and the
links their emails carry."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from core.constituencies import all_constituencies
from core.store import Store

from tests.functions.asgi import Client, Response
from tests.personal import PersonalData

URL = "/api/petitions/appeal/signatures"
CLIENTS = 32
LINK = re.compile(r"/api/confirm\?t=([a-z0-9.-]+)")
# England's seats: any of them is valid without a postcode lookup.
SEATS = [c.gss for c in all_constituencies() if c.gss.startswith("E")][:40]

T = TypeVar("T")


def address(n: int) -> tuple[str, int]:
    """A distinct documentation-range address per supporter, so no rate limit applies."""
    return (f"198.51.{100 + n // 250}.{n % 250 + 1}", 40000 + n % 1000)


def supporter(personal: PersonalData, n: int) -> dict[str, str]:
    values = {
        "name": f"Sam Viral{n}",
        "email": f"sam.viral{n}@example.org",
        "postcode": "SW1A 1AA",
        "clp": SEATS[n % len(SEATS)],
        "member": "member",
        "website": "",
        "started": "",
    }
    personal.add(values["name"], values["email"])
    return values


def in_parallel(jobs: list[Callable[[], T]], workers: int = CLIENTS) -> list[T]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: job(), jobs))


def post_sign(client: Client, values: dict[str, str], n: int, as_json: bool = False) -> Response:
    if as_json:
        return client.post(URL, json=values, client=address(n))
    return client.post(URL, data=values, client=address(n))


def tokens_in(messages: list[dict[str, Any]]) -> list[str]:
    return [m for message in messages for m in LINK.findall(message["body"])]


def stored(store: Store, slug: str = "appeal") -> list[dict[str, Any]]:
    return list(store.signatures(slug))


def count_attributes(counts: dict[str, Any]) -> dict[str, int]:
    return {
        k: int(v)
        for k, v in counts.items()
        if k in ("confirmed", "pending") or k.startswith("clp_")
        if int(v)
    }


class Atomic:
    """A botocore client whose calls apply one at a time.

    DynamoDB applies each write to an item atomically (an ADD never loses a
    concurrent ADD; of two racing `if_not_exists` updates exactly one creates the
    item). moto's in-process backend has no locks, so racing threads lose updates
    that the real service never would; this gives moto the real guarantee, while
    the apps, the service and the HTTP layer above it still run concurrently."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._lock = threading.Lock()
        self.meta = client.meta

    def __getattr__(self, name: str) -> Any:
        call = getattr(self._client, name)
        if not callable(call):
            return call

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return call(*args, **kwargs)

        return locked
