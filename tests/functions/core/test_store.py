"""The store's whole-petition read: every signature once, a bounded page at a time."""

from __future__ import annotations

from typing import Any

from core.store import Store

from tests.functions.core.test_tally import key, put


def test_a_petition_is_read_whole_across_many_small_pages(store: Store) -> None:
    for n in range(60):
        put(store, n)
    pages: list[int] = []
    query = store.client.query

    def counted(**kwargs: Any) -> dict[str, Any]:
        response = query(**kwargs)
        pages.append(len(response["Items"]))
        return response

    store.client.query = counted  # type: ignore[method-assign]
    read = [item["sk"] for item in store.signatures("appeal", attributes=("status",), page_size=3)]

    assert sorted(read) == sorted(key(n) for n in range(60))
    assert max(pages) == 3
    assert len(pages) > 20  # 16 shards, some needing several pages
