"""Counts from the table's stream, exactly once; and `recount`, which checks them.

Each signature contributes to its petition's counts according to its state:
pending -> `pending` 1; confirmed -> `confirmed` 1 and `clp_<GSS>` 1; nothing when
deleted. A stream record changes the counts by contribution(new) - contribution(old),
so INSERT, MODIFY, REMOVE (erasure, TTL expiry of an unconfirmed signature) and an
import of already-confirmed signatures are all one rule.

Exactly once: DynamoDB streams deliver one partition key's records in order, with
increasing sequence numbers. The counts item keeps, per signature shard (one
partition key), the sequence number last applied (`wm_NN`). A batch drops records at
or below it (a retried, replayed or re-batched delivery) and applies the rest in ONE
conditional UpdateItem that adds the deltas and moves the watermarks, on condition
that the watermarks are still the values it read. Applied once or not at all; a lost
race re-reads and tries again. See functions/README.md.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core import logs
from core.errors import Conflict
from core.store import SIGNATURE, Store, from_item, item_size, parse_signature_pk

RECENT_PER_SHARD = 4
# An update expression may be at most 4 KB: ~12 bytes a term leaves room for this many.
MAX_TERMS = 200
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Change:
    shard: int
    sequence: int
    key: str
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass
class TallyReport:
    records: int = 0
    applied: int = 0
    skipped: int = 0  # already applied before (a redelivery)
    ignored: int = 0  # not a signature
    retries: int = 0


def contribution(image: Mapping[str, Any]) -> Counter[str]:
    if not image or image.get("kind") != SIGNATURE:
        return Counter()
    status = image.get("status")
    if status == "pending":
        return Counter(pending=1)
    if status == "confirmed":
        counted = Counter(confirmed=1)
        if image.get("clp"):
            counted[f"clp_{image['clp']}"] = 1
        return counted
    return Counter()


def _public_entry(change: Change) -> list[Any] | None:
    new = change.new
    if new.get("status") != "confirmed" or not new.get("public"):
        return None
    first = (new.get("name") or "").split()[:1]
    area = new.get("clp") or new.get("country") or ""
    if not first:
        return None
    return [
        new.get("confirmed_at") or new.get("signed_at") or "",
        change.key[:8],
        first[0][:30],
        area,
    ]


def changes_by_petition(
    records: Iterable[Mapping[str, Any]], report: TallyReport
) -> dict[str, list[Change]]:
    """Lambda's DynamoDB Streams records -> signature changes, grouped by petition, in order."""
    grouped: dict[str, list[Change]] = {}
    for record in records:
        report.records += 1
        body = record.get("dynamodb", {})
        keys = from_item(body.get("Keys"))
        parsed = parse_signature_pk(str(keys.get("pk", "")))
        if parsed is None:
            report.ignored += 1
            continue
        slug, shard = parsed
        grouped.setdefault(slug, []).append(
            Change(
                shard=shard,
                sequence=int(body["SequenceNumber"]),
                key=str(keys.get("sk", "")),
                old=from_item(body.get("OldImage")),
                new=from_item(body.get("NewImage")),
            )
        )
    return grouped


def _mark(shard: int) -> str:
    return f"wm_{shard:02d}"


def _recent(shard: int) -> str:
    return f"recent_{shard:02d}"


def _plan(
    changes: list[Change], counts: Mapping[str, Any], now: str
) -> tuple[dict, dict, dict, int]:
    """(add, set, expect, used) for the longest prefix of `changes` that fits one update."""
    add: Counter[str] = Counter()
    marks: dict[int, int] = {}
    recent: dict[int, list[list[Any]]] = {}
    used = 0
    for change in changes:
        delta = contribution(change.new)
        delta.subtract(contribution(change.old))
        if len(set(add) | set(delta)) + 2 * len(set(marks) | {change.shard}) > MAX_TERMS and used:
            break
        add.update(delta)
        marks[change.shard] = change.sequence
        entries = recent.setdefault(change.shard, list(counts.get(_recent(change.shard), [])))
        entry = _public_entry(change)
        kept = [e for e in entries if e[1] != change.key[:8]]
        if entry:
            kept.append(entry)
        recent[change.shard] = sorted(kept, key=lambda e: e[0], reverse=True)[:RECENT_PER_SHARD]
        used += 1
    set_: dict[str, Any] = {_mark(s): str(seq) for s, seq in marks.items()}
    set_.update(
        {
            _recent(s): entries
            for s, entries in recent.items()
            if entries != counts.get(_recent(s), [])
        }
    )
    set_["updated_at"] = now
    set_["kind"] = "counts"
    expect = {_mark(s): counts.get(_mark(s)) for s in marks}
    return {k: v for k, v in add.items() if v}, set_, expect, used


def apply_petition(
    store: Store, slug: str, changes: list[Change], now: str, report: TallyReport
) -> None:
    attempts = 0
    while changes:
        counts = store.get_counts(slug, consistent=True)
        fresh = [c for c in changes if c.sequence > int(counts.get(_mark(c.shard)) or 0)]
        report.skipped += len(changes) - len(fresh)
        if not fresh:
            return
        add, set_, expect, used = _plan(fresh, counts, now)
        try:
            store.update_counts(slug, add, set_, expect, size_hint=item_size(counts) + 200)
        except Conflict:
            attempts += 1
            report.retries += 1
            if attempts >= MAX_ATTEMPTS:
                raise
            # Another tally moved a watermark we read: re-read; what it applied is skipped.
            changes = fresh
            continue
        report.applied += used
        changes = fresh[used:]


def apply(
    store: Store, records: Iterable[Mapping[str, Any]], clock: Callable[[], float] = time.time
) -> TallyReport:
    """Apply one delivery of stream records. Raises (so Lambda retries the whole
    delivery) if any petition's update fails; what did apply is skipped next time."""
    report = TallyReport()
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock()))
    for slug, changes in changes_by_petition(records, report).items():
        apply_petition(store, slug, changes, now, report)
    logs.event(
        "tally",
        records=report.records,
        applied=report.applied,
        skipped=report.skipped,
        retries=report.retries,
    )
    return report


# --- recount --------------------------------------------------------------------------


@dataclass
class Drift:
    slug: str
    stored: dict[str, int]
    actual: dict[str, int]
    differences: dict[str, int] = field(default_factory=dict)
    repaired: bool = False

    @property
    def zero(self) -> bool:
        return not self.differences


def _count_attributes(counts: Mapping[str, Any]) -> dict[str, int]:
    return {
        k: int(v)
        for k, v in counts.items()
        if k in ("confirmed", "pending") or k.startswith("clp_")
    }


def recount(store: Store, slug: str, repair: bool = False) -> Drift:
    """Rebuild a petition's counts from its signatures and report any drift.

    Read while the stream is quiet (tally has caught up): a signature written after
    the query but not yet tallied shows as drift that the tally is about to remove.
    `repair` overwrites the counts with what the signatures say.
    """
    actual: Counter[str] = Counter()
    for item in store.signatures(slug, attributes=("kind", "status", "clp")):
        actual.update(contribution(item))
    stored = _count_attributes(store.get_counts(slug, consistent=True))
    actual_counts = {k: v for k, v in actual.items() if v}
    keys = set(stored) | set(actual_counts)
    differences = {
        k: actual_counts.get(k, 0) - stored.get(k, 0)
        for k in sorted(keys)
        if actual_counts.get(k, 0) != stored.get(k, 0)
    }
    drift = Drift(slug, stored, actual_counts, differences)
    if repair and differences:
        values = {"confirmed": 0, "pending": 0, **actual_counts}
        remove = [k for k in stored if k.startswith("clp_") and k not in actual_counts]
        store.set_counts(slug, values, remove)
        drift.repaired = True
    logs.event("recount", petition=slug, count=len(differences))
    return drift
