"""Which petitions a command works on, checked against the table's list."""

from __future__ import annotations

from core.petitions import Petition
from core.store import Store

from organise.errors import CommandError


def all_slugs(store: Store) -> list[str]:
    return store.get_petition_index()


def petition(store: Store, slug: str) -> Petition:
    item = store.get_petition(slug)
    if not item:
        known = ", ".join(all_slugs(store)) or "none yet (publish the site first)"
        raise CommandError(f"No petition called {slug!r}. Fix: use one of: {known}.")
    return Petition.from_item(item)
