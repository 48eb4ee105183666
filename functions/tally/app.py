"""The table's stream -> the petitions' counts (a plain Lambda handler, not HTTP).

Configure the event source as functions/README.md says: batch up to 1,000 records,
batching window 1 s, no bisect-on-error, parallelization factor 1, a filter passing
only `kind = signature` images. A raised error makes Lambda retry the same records;
the watermarks make that harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import runtime, tally
from core.store import Store


def create_handler(store: Store) -> Callable[[dict, Any], dict]:
    def handle(event: dict, context: Any) -> dict:
        tally.apply(store, event.get("Records", []))
        # Nothing to report item by item: a delivery applies whole or raises.
        return {"batchItemFailures": []}

    return handle


def _build() -> Callable[[dict, Any], dict]:
    return create_handler(runtime.store(runtime.settings(needs_hash_key=False)))


handler = runtime.LambdaHandler(_build)
