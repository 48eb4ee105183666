"""Petitions as the functions see them: META items synced from the site's petitions.json."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import Closed, NotFound
from core.store import Store

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


@dataclass(frozen=True)
class Petition:
    slug: str
    title: str
    kind: str
    status: str
    goal: int
    imported_count: int
    imported_clps: int
    url: str

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def path(self) -> str:
        """The petition page's path on the site, like /petitions/x/."""
        return "/" + self.url.strip("/") + "/"

    @property
    def thanks_path(self) -> str:
        return self.path + "thanks/"

    @property
    def confirmed_path(self) -> str:
        return self.path + "confirmed/"

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Petition:
        return cls(
            slug=item["slug"],
            title=item["title"],
            kind=item.get("petition_kind", "petition"),
            status=item.get("status", "closed"),
            goal=int(item.get("goal", 0)),
            imported_count=int(item.get("imported_count", 0)),
            imported_clps=int(item.get("imported_clps", 0)),
            url=item.get("url", f"petitions/{item['slug']}/"),
        )


class PetitionCache:
    """Petitions read at most once per `ttl` seconds per warm function: at 2,500
    signatures/s the META item would otherwise take every one of those reads.
    Closing a petition therefore takes up to `ttl` to reach every function."""

    def __init__(
        self, store: Store, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.store = store
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[float, Petition | None]] = {}

    def find(self, slug: str) -> Petition | None:
        if not SLUG.fullmatch(slug):
            return None
        now = self.clock()
        cached = self._cache.get(slug)
        if cached and now - cached[0] < self.ttl:
            return cached[1]
        item = self.store.get_petition(slug)
        petition = Petition.from_item(item) if item else None
        self._cache[slug] = (now, petition)
        return petition

    def cached(self, slug: str) -> Petition | None:
        """What the cache holds, without reading the table (for answers when it is down)."""
        entry = self._cache.get(slug)
        return entry[1] if entry else None

    def get(self, slug: str) -> Petition:
        petition = self.find(slug)
        if petition is None:
            raise NotFound("We can't find that petition")
        return petition

    def get_open(self, slug: str) -> Petition:
        petition = self.get(slug)
        if not petition.is_open:
            raise Closed("This petition has closed and is no longer taking signatures")
        return petition


_REQUIRED = {"slug": str, "title": str, "kind": str, "status": str, "goal": int, "url": str}


def _check(index: int, item: Mapping[str, Any]) -> dict[str, Any]:
    where = f"petitions.json item {index}"
    for key, kind in _REQUIRED.items():
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError(f"{where}: {key!r} must be a {kind.__name__}, got {value!r}")
    if not SLUG.fullmatch(item["slug"]):
        raise ValueError(f"{where}: slug {item['slug']!r} must be lower-case letters, digits, -")
    if item["status"] not in ("open", "closed"):
        raise ValueError(f"{where}: status must be open or closed, got {item['status']!r}")
    if item["kind"] not in ("petition", "appeal"):
        raise ValueError(f"{where}: kind must be petition or appeal, got {item['kind']!r}")
    return {
        "slug": item["slug"],
        "title": item["title"],
        "petition_kind": item["kind"],
        "status": item["status"],
        "goal": item["goal"],
        "imported_count": int(item.get("imported_count") or 0),
        "imported_clps": int(item.get("imported_clps") or 0),
        "url": item["url"],
        "opened": str(item.get("opened") or ""),
        "targets": [str(t) for t in item.get("targets") or []],
    }


def sync_petitions(store: Store, items: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Make the table's petitions match the site's petitions.json.

    Every item is checked before anything is written. A petition that has left the
    site is closed, not deleted: its signatures and counts stay. Returns the slugs
    written and closed.
    """
    records = [_check(i, item) for i, item in enumerate(items)]
    slugs = [r["slug"] for r in records]
    if len(set(slugs)) != len(slugs):
        raise ValueError("petitions.json lists a slug twice")
    gone = [s for s in store.get_petition_index() if s not in slugs]
    for record in records:
        store.put_petition(record["slug"], record)
    closed = []
    for slug in gone:
        item = store.get_petition(slug)
        if item and item.get("status") != "closed":
            store.put_petition(slug, {**_strip_keys(item), "status": "closed"})
            closed.append(slug)
    store.put_petition_index([*slugs, *gone])
    return {"written": slugs, "closed": closed}


def _strip_keys(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in ("pk", "sk", "kind")}
