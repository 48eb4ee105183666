"""Partition heat on a viral day: 2,500 signatures/s on ONE petition for a minute, laid
out with the real key functions (core.store.shard_of / signature_pk over real keyed
email hashes) and counted with the real tally batching (core.tally._plan: one
conditional update per batch, split when it would pass the expression's term limit).
Prints the busiest partition key's writes/s and write units/s against DynamoDB's
per-partition limit of 1,000 WCU/s. A simulation: nothing is sent to DynamoDB.

    .venv/bin/python benchmarks/bench_partition_heat.py [--rate 2500] [--seconds 60]

Assumptions (each printed): every signer confirms within the same second (the worst
case for the signature keys; real confirmations trail by minutes); Lambda's stream
batches are up to 1,000 records or 1 s per stream shard (functions/README.md); the
table has --partitions partitions, each with its own stream shard; supporters'
constituencies are spread evenly over the 650.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]

from core.constituencies import all_constituencies  # noqa: E402
from core.emails import email_key  # noqa: E402
from core.store import SHARDS, item_size, petition_pk, shard_of, signature_pk  # noqa: E402
from core.tally import RECENT_PER_SHARD, Change, _plan  # noqa: E402

LIMIT = 1000  # WCU/s per partition (and so per partition key)
BATCH = 1000
HASH_KEY = b"benchmark-only-hash-key-0123456789abcdef"
SLUG = "viral"
SIGNATURE_UNITS = 1  # a signature item is well under 1 KB (bench_signature_cost.py)


def counts_item_units(seats: list[str]) -> int:
    """Write units of one update of a fully grown COUNTS item (every seat counted)."""
    recent = [["2026-11-23T12:00:00Z", "0123abcd", "Firstname", seats[0]]] * RECENT_PER_SHARD
    item: dict[str, Any] = {"pk": petition_pk(SLUG), "sk": "COUNTS", "kind": "counts"}
    item.update(confirmed=1_000_000, pending=100_000, updated_at="2026-11-23T12:00:00Z")
    item.update({f"clp_{s}": 10_000 for s in seats})
    item.update({f"wm_{s:02d}": "1" * 21 for s in range(SHARDS)})
    item.update({f"recent_{s:02d}": recent for s in range(SHARDS)})
    return math.ceil(item_size(item) / 1024)


def updates_for(batch: list[Change]) -> int:
    """How many UpdateItems the tally makes for one delivery (as apply_petition does)."""
    updates, rest = 0, batch
    while rest:
        *_, used = _plan(rest, {}, "2026-11-23T12:00:00Z")
        updates += 1
        rest = rest[used:]
    return updates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=2500)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--nat-share", type=float, default=0.01)
    args = parser.parse_args()
    chance = random.Random(2019)
    seats = [c.gss for c in all_constituencies()]

    key_writes: Counter[tuple[int, str]] = Counter()  # (second, pk) -> writes
    stream: dict[int, dict[int, list[Change]]] = {}  # second -> stream shard -> records
    sequence = 0
    for second in range(args.seconds):
        per_shard = stream.setdefault(second, {})
        for i in range(args.rate):
            key = email_key(f"supporter{second * args.rate + i}@example.org", HASH_KEY)
            shard = shard_of(key)
            pk = signature_pk(SLUG, shard)
            # Table partition (and so stream shard) of a key: DynamoDB hashes it.
            partition = int(hashlib.md5(pk.encode()).hexdigest(), 16) % args.partitions
            pending = {"kind": "signature", "status": "pending"}
            confirmed = {"kind": "signature", "status": "confirmed", "clp": chance.choice(seats)}
            key_writes[(second, pk)] += 2  # signed, then confirmed
            for old, new in (({}, pending), (pending, confirmed)):
                sequence += 1
                per_shard.setdefault(partition, []).append(Change(shard, sequence, key, old, new))

    counts_updates: Counter[int] = Counter()
    for second, per_shard in stream.items():
        for records in per_shard.values():
            for start in range(0, len(records), BATCH):
                counts_updates[second] += updates_for(records[start : start + BATCH])

    busiest_sig = max(key_writes.values())
    mean_sig = sum(key_writes.values()) / len(key_writes)
    units = counts_item_units(seats)
    busiest_counts = max(counts_updates.values())
    nat = args.rate * args.nat_share
    print(f"{args.rate:,} signatures/s on one petition for {args.seconds} s, each confirmed too")
    print(f"signature shards: {SHARDS}; table partitions / stream shards: {args.partitions}")
    print(f"{'partition key':34} {'writes/s':>9} {'WCU/s':>8} {'limit':>6} {'share':>6}")
    rows = [
        (f"{signature_pk(SLUG, 0)[:-2]}NN (busiest)", busiest_sig, busiest_sig * SIGNATURE_UNITS),
        (f"{signature_pk(SLUG, 0)[:-2]}NN (mean)", mean_sig, mean_sig * SIGNATURE_UNITS),
        (f"{petition_pk(SLUG)} / COUNTS", busiest_counts, busiest_counts * units),
        (f"RATE#ip#... ({args.nat_share:.0%} behind one NAT)", nat, nat),
    ]
    for label, writes, wcu in rows:
        verdict = "ok" if wcu <= LIMIT else "OVER"
        print(f"{label:34} {writes:9.0f} {wcu:8.0f} {LIMIT:6} {wcu / LIMIT:6.0%} {verdict}")
    print(
        f"COUNTS item when every seat has counted: {units} KB -> {units} WCU per update; "
        f"tally updates/s (busiest second): {busiest_counts}"
    )


if __name__ == "__main__":
    main()
