"""The tally: stream records -> counts, exactly once, however Lambda (re)delivers them."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest
from core import tally
from core.constituencies import all_constituencies
from core.errors import Conflict, Unavailable
from core.store import Store, shard_of, signature_pk, to_item

from dev.streams import StreamPump
from tests.functions.helpers import TABLE

STATUS_CLPS = [c.gss for c in all_constituencies()]


def key(n: int) -> str:
    """An email key shaped like the real ones (32 hex digits of an HMAC), spread over shards."""
    return hashlib.sha256(str(n).encode()).hexdigest()[:32]


def put(
    store: Store, n: int, status: str = "confirmed", clp: str = "E14001172", **extra: Any
) -> None:
    """A signature written straight to the table (as an import or a test shortcut)."""
    item = {
        "pk": signature_pk("appeal", shard_of(key(n))),
        "sk": key(n),
        "kind": "signature",
        "status": status,
        "clp": clp,
        "name": f"Person {n}",
        "signed_at": f"2026-01-01T00:00:{n % 60:02d}Z",
        **extra,
    }
    store.client.put_item(TableName=TABLE, Item=to_item(item))


def delete(store: Store, n: int) -> None:
    pk = signature_pk("appeal", shard_of(key(n)))
    store.client.delete_item(TableName=TABLE, Key=to_item({"pk": pk, "sk": key(n)}))


def figures(store: Store) -> dict[str, int]:
    counts = store.get_counts("appeal", consistent=True)
    return {
        k: v for k, v in counts.items() if k in ("confirmed", "pending") or k.startswith("clp_")
    }


@pytest.fixture
def deliveries(pump: StreamPump) -> list[dict[str, Any]]:
    """Every event the pump hands the tally, for replaying."""
    seen: list[dict[str, Any]] = []
    handler = pump.handler

    def recording(event: dict[str, Any], context: Any) -> Any:
        seen.append(copy.deepcopy(event))
        return handler(event, context)

    pump.handler = recording
    return seen


def test_inserts_confirms_and_removals_move_the_counts(store, pump, petitions) -> None:
    put(store, 1, "pending")
    put(store, 2, "pending")
    put(store, 3, "confirmed", "E14001352")
    pump.drain()
    assert figures(store) == {"pending": 2, "confirmed": 1, "clp_E14001352": 1}
    store.confirm_signature("appeal", key(1), "2026-01-02T00:00:00Z")
    pump.drain()
    assert figures(store) == {"pending": 1, "confirmed": 2, "clp_E14001352": 1, "clp_E14001172": 1}
    delete(store, 3)  # an erasure
    delete(store, 2)  # an unconfirmed signature expiring
    pump.drain()
    assert figures(store) == {"pending": 0, "confirmed": 1, "clp_E14001352": 0, "clp_E14001172": 1}


def test_a_replayed_delivery_changes_nothing(store, pump, deliveries, petitions) -> None:
    for n in range(5):
        put(store, n)
    pump.drain()
    before = figures(store)
    assert before["confirmed"] == 5
    # Lambda retried every delivery after a timeout that came after the write. A copy:
    # the recording handler appends what it is given.
    for event in list(deliveries):
        pump.handler(event, None)
    assert figures(store) == before


def test_re_batched_records_are_counted_once(store, pump, deliveries, petitions) -> None:
    for n in range(12):
        put(store, n, clp=STATUS_CLPS[n])
    pump.drain()
    records = [r for event in deliveries for r in event["Records"]]
    fresh_table_counts = figures(store)
    # Start again from nothing and deliver the same records cut differently, with
    # overlaps, as a bisected or retried batch would arrive.
    store.client.delete_item(
        TableName=TABLE, Key=to_item({"pk": "PETITION#appeal", "sk": "COUNTS"})
    )
    for start, end in [(0, 5), (3, 9), (0, 9), (8, len(records)), (0, len(records))]:
        tally.apply(store, records[start:end])
    assert figures(store) == fresh_table_counts
    assert fresh_table_counts["confirmed"] == 12


def test_a_failed_delivery_is_retried_whole_and_counted_once(
    store, pump, petitions, monkeypatch
) -> None:
    for n in range(6):
        put(store, n)
    real = store.update_counts
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            real(*args, **kwargs)  # the write lands...
            raise Unavailable("timeout")  # ...but the function dies before answering

    monkeypatch.setattr(store, "update_counts", flaky)
    with pytest.raises(Unavailable):
        pump.drain()
    pump.drain()  # Lambda delivers the same records again
    assert figures(store)["confirmed"] == 6


def test_a_lost_race_is_retried_from_a_fresh_read(store, pump, petitions, monkeypatch) -> None:
    put(store, 1)
    real = store.update_counts
    calls = {"n": 0}

    def racing(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise Conflict("another tally moved a watermark")
        real(*args, **kwargs)

    monkeypatch.setattr(store, "update_counts", racing)
    pump.drain()
    assert figures(store)["confirmed"] == 1


def test_a_batch_over_hundreds_of_clps_is_split_but_exact(store, pump, petitions) -> None:
    for n, gss in enumerate(STATUS_CLPS[:260]):
        put(store, n, clp=gss)
    report_counts = pump.drain()
    assert report_counts == 260
    result = figures(store)
    assert result["confirmed"] == 260
    assert sum(v for k, v in result.items() if k.startswith("clp_")) == 260


def test_other_items_are_ignored(store, pump, petitions) -> None:
    store.hit("ip#x", 0, 10)
    store.suppress(key(9), "bounce", "2026-01-01T00:00:00Z")
    pump.drain()
    assert figures(store) == {}


def test_recent_signers_are_the_public_ones_and_erasure_removes_them(
    store, pump, petitions
) -> None:
    put(store, 1, public=True, name="Ann Public", confirmed_at="2026-01-01T10:00:00Z")
    put(store, 2, public=False, name="Bob Private", confirmed_at="2026-01-01T11:00:00Z")
    put(store, 3, "pending", public=True, name="Cy Pending")
    put(
        store,
        4,
        public=True,
        name="Di Abroad",
        clp="",
        country="France",
        confirmed_at="2026-01-01T12:00:00Z",
    )
    pump.drain()
    counts = store.get_counts("appeal", consistent=True)
    from core.counts import recent

    assert recent(counts) == [
        {"first_name": "Di", "area": "France"},
        {"first_name": "Ann", "area": "Cities of London and Westminster"},
    ]
    delete(store, 1)
    pump.drain()
    assert recent(store.get_counts("appeal", consistent=True)) == [
        {"first_name": "Di", "area": "France"}
    ]


def test_recount_finds_no_drift_after_the_tally(store, pump, petitions) -> None:
    for n in range(8):
        put(store, n, "confirmed" if n % 2 else "pending", STATUS_CLPS[n % 3])
    pump.drain()
    drift = tally.recount(store, "appeal")
    assert drift.zero, drift.differences
    assert drift.actual["confirmed"] == 4 and drift.actual["pending"] == 4


def test_recount_reports_drift_and_repairs_it(store, pump, petitions) -> None:
    for n in range(3):
        put(store, n)
    pump.drain()
    store.update_counts("appeal", {"confirmed": 2, "clp_E14001352": 1}, {}, {})  # a bug's work
    drift = tally.recount(store, "appeal")
    assert drift.differences == {"confirmed": -2, "clp_E14001352": -1}
    repaired = tally.recount(store, "appeal", repair=True)
    assert repaired.repaired
    assert tally.recount(store, "appeal").zero
    assert figures(store)["confirmed"] == 3
    assert "clp_E14001352" not in figures(store)
