"""The only module that knows the table: its keys, its items and the DynamoDB calls.

It takes an injected botocore client (tests hand it one bound to moto) and turns
`ClientError` into the domain's errors: throttling and 5xx -> `Unavailable`, which the
handlers answer with 503 + Retry-After and the supporter's input kept. It also counts
the write units each call consumes, from item sizes (moto's ReturnConsumedCapacity is a
constant), so tests and benchmarks can report them. Layout: functions/README.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from core.errors import Conflict, Unavailable

# Signatures of one petition are spread over this many partition keys so a viral
# petition's writes never concentrate on one (2,500/s / 16 = 156/s per key, against
# DynamoDB's 1,000 writes/s per partition). Changing it moves every signature.
SHARDS = 16
# Items per query page when reading whole petitions (DynamoDB's own cap is 1 MB).
PAGE_SIZE = 1000
SIGNATURE = "signature"

_RETRYABLE = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
    "LimitExceededException",
}


# --- keys ---------------------------------------------------------------------------


def shard_of(email_key: str) -> int:
    return int(email_key[:8], 16) % SHARDS


def signature_pk(slug: str, shard: int) -> str:
    return f"SIG#{slug}#{shard:02d}"


def petition_pk(slug: str) -> str:
    return f"PETITION#{slug}"


def donation_pk(donation_id: str) -> str:
    return f"DONATION#{donation_id}"


def parse_signature_pk(pk: str) -> tuple[str, int] | None:
    """'SIG#appeal#03' -> ('appeal', 3); None for any other item."""
    prefix, _, rest = pk.partition("#")
    slug, _, shard = rest.rpartition("#")
    if prefix != "SIG" or not slug or not shard.isdigit():
        return None
    return slug, int(shard)


# --- DynamoDB's attribute values <-> Python -----------------------------------------


def to_av(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | float):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, Mapping):
        return {"M": {k: to_av(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [to_av(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"SS": sorted(value)}
    raise TypeError(f"cannot store a {type(value).__name__}")


def from_av(av: Mapping[str, Any]) -> Any:
    (kind, value), *_ = av.items()
    if kind == "S":
        return value
    if kind == "N":
        try:
            return int(value)
        except ValueError:
            return float(value)
    if kind == "BOOL":
        return bool(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: from_av(v) for k, v in value.items()}
    if kind == "L":
        return [from_av(v) for v in value]
    if kind == "SS":
        return set(value)
    if kind == "NS":
        return {from_av({"N": v}) for v in value}
    return value


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_av(v) for k, v in values.items()}


def from_item(item: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: from_av(v) for k, v in (item or {}).items()}


def _value_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int | float):
        digits = len(str(abs(value)).replace(".", "").lstrip("0")) or 1
        return math.ceil(digits / 2) + 1
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, Mapping):
        return 3 + sum(len(k.encode()) + _value_size(v) + 1 for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 3 + sum(_value_size(v) + 1 for v in value)
    return len(str(value).encode())


def item_size(values: Mapping[str, Any]) -> int:
    """An item's size by DynamoDB's rules (names + values, UTF-8), in bytes."""
    return sum(len(k.encode()) + _value_size(v) for k, v in values.items())


def write_units(size: int) -> int:
    """Standard writes cost one unit per started KB (at least one)."""
    return max(1, math.ceil(size / 1024))


@dataclass
class WriteMeter:
    """Write units and writes per partition key, computed from item sizes."""

    units: int = 0
    writes: int = 0
    by_key: Counter[str] = field(default_factory=Counter)
    by_operation: Counter[str] = field(default_factory=Counter)

    def add(self, pk: str, size: int, operation: str) -> None:
        units = write_units(size)
        self.units += units
        self.writes += 1
        self.by_key[pk] += units
        self.by_operation[operation] += units


class ConditionFailed(Exception):
    """A conditional write's condition was false; `item` is the item as it was."""

    def __init__(self, item: dict[str, Any]) -> None:
        super().__init__("condition failed")
        self.item = item


class _Expression:
    """Builds an expression with placeholders, so any attribute name is safe to use."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, attribute: str) -> str:
        placeholder = f"#n{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = to_av(value)
        return placeholder

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.names:
            out["ExpressionAttributeNames"] = self.names
        if self.values:
            out["ExpressionAttributeValues"] = self.values
        return out


@dataclass(frozen=True)
class Confirmation:
    outcome: str  # "confirmed" | "already" | "missing"
    item: dict[str, Any]


class Store:
    def __init__(self, client: Any, table_name: str, meter: WriteMeter | None = None) -> None:
        self.client = client
        self.table = table_name
        self.meter = meter or WriteMeter()

    # --- calls and their errors -------------------------------------------------------

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        try:
            return getattr(self.client, operation)(TableName=self.table, **kwargs)  # type: ignore[no-any-return]
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise ConditionFailed(from_item(error.response.get("Item"))) from None
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in _RETRYABLE or status >= 500:
                raise Unavailable("The database is busy") from None
            raise
        except BotoCoreError:
            # Timeouts and connection failures: nothing personal in them, and retryable.
            raise Unavailable("The database did not answer") from None

    def _get(self, pk: str, sk: str, consistent: bool = False) -> dict[str, Any]:
        response = self._call(
            "get_item", Key=to_item({"pk": pk, "sk": sk}), ConsistentRead=consistent
        )
        return from_item(response.get("Item"))

    # --- petitions (synced from the site's petitions.json) ----------------------------

    def get_petition(self, slug: str) -> dict[str, Any]:
        return self._get(petition_pk(slug), "META")

    def put_petition(self, slug: str, values: Mapping[str, Any]) -> None:
        item = {"pk": petition_pk(slug), "sk": "META", "kind": "petition", **values}
        self._call("put_item", Item=to_item(item))
        self.meter.add(item["pk"], item_size(item), "petition")

    def get_petition_index(self) -> list[str]:
        return list(self._get("SITE", "PETITIONS").get("slugs", []))

    def put_petition_index(self, slugs: Iterable[str]) -> None:
        item = {"pk": "SITE", "sk": "PETITIONS", "kind": "index", "slugs": list(slugs)}
        self._call("put_item", Item=to_item(item))
        self.meter.add("SITE", item_size(item), "petition")

    # --- counts (written by the tally only) -------------------------------------------

    def get_counts(self, slug: str, consistent: bool = False) -> dict[str, Any]:
        return self._get(petition_pk(slug), "COUNTS", consistent)

    def get_petitions_and_counts(self, slugs: list[str]) -> dict[str, tuple[dict, dict]]:
        """slug -> (META, COUNTS) for many petitions in as few reads as possible."""
        found: dict[tuple[str, str], dict[str, Any]] = {}
        keys = [
            to_item({"pk": petition_pk(s), "sk": sk}) for s in slugs for sk in ("META", "COUNTS")
        ]
        for start in range(0, len(keys), 100):
            pending: dict[str, Any] = {self.table: {"Keys": keys[start : start + 100]}}
            for _attempt in range(5):
                if not pending:
                    break
                try:
                    response = self.client.batch_get_item(RequestItems=pending)
                except ClientError as error:
                    raise Unavailable("The database is busy") from error
                except BotoCoreError:
                    raise Unavailable("The database did not answer") from None
                for raw in response.get("Responses", {}).get(self.table, []):
                    item = from_item(raw)
                    found[(item["pk"], item["sk"])] = item
                pending = response.get("UnprocessedKeys") or {}
            if pending:
                raise Unavailable("The database is busy")
        return {
            s: (found.get((petition_pk(s), "META"), {}), found.get((petition_pk(s), "COUNTS"), {}))
            for s in slugs
        }

    def update_counts(
        self,
        slug: str,
        add: Mapping[str, int],
        set_: Mapping[str, Any],
        expect: Mapping[str, Any],
        size_hint: int = 0,
    ) -> None:
        """One atomic update of a petition's counts: ADD `add`, SET `set_`, on condition
        that each attribute in `expect` still has the value read (None: absent).
        Raises Conflict when another writer got there first."""
        e = _Expression()
        adds = [f"{e.name(k)} {e.value(v)}" for k, v in add.items() if v]
        sets = [f"{e.name(k)} = {e.value(v)}" for k, v in set_.items()]
        conditions = [
            f"attribute_not_exists({e.name(k)})" if v is None else f"{e.name(k)} = {e.value(v)}"
            for k, v in expect.items()
        ]
        expression = " ".join(
            part
            for part in (
                f"SET {', '.join(sets)}" if sets else "",
                f"ADD {', '.join(adds)}" if adds else "",
            )
            if part
        )
        if not expression:
            return
        kwargs: dict[str, Any] = {
            "Key": to_item({"pk": petition_pk(slug), "sk": "COUNTS"}),
            "UpdateExpression": expression,
            **e.kwargs(),
        }
        if conditions:
            kwargs["ConditionExpression"] = " AND ".join(conditions)
        try:
            self._call("update_item", **kwargs)
        except ConditionFailed:
            raise Conflict("The counts changed while being updated") from None
        finally:
            self.meter.add(petition_pk(slug), size_hint or 1024, "tally")

    def set_counts(self, slug: str, values: Mapping[str, Any], remove: Iterable[str]) -> None:
        """Overwrite count attributes (recount's repair); watermarks are left alone."""
        e = _Expression()
        sets = [f"{e.name(k)} = {e.value(v)}" for k, v in values.items()]
        removes = [e.name(k) for k in remove]
        expression = f"SET {', '.join(sets)}" + (f" REMOVE {', '.join(removes)}" if removes else "")
        self._call(
            "update_item",
            Key=to_item({"pk": petition_pk(slug), "sk": "COUNTS"}),
            UpdateExpression=expression,
            **e.kwargs(),
        )
        self.meter.add(petition_pk(slug), item_size(values), "recount")

    # --- organisers (the campaign command) ---------------------------------------------

    def put_signature_if_absent(self, slug: str, email_key: str, values: Mapping[str, Any]) -> bool:
        """Write a signature (an import) unless this person already signed: False if so."""
        pk = signature_pk(slug, shard_of(email_key))
        item = {"pk": pk, "sk": email_key, **{k: v for k, v in values.items() if v is not None}}
        try:
            self._call(
                "put_item", Item=to_item(item), ConditionExpression="attribute_not_exists(pk)"
            )
        except ConditionFailed:
            return False
        self.meter.add(pk, item_size(item), "import")
        return True

    def delete_signature(self, slug: str, email_key: str) -> dict[str, Any]:
        """Delete one signature (erasure); what it was, or {} if there was none. The
        tally sees the REMOVE on the stream and takes off exactly what it counted."""
        response = self._call(
            "delete_item",
            Key=to_item({"pk": signature_pk(slug, shard_of(email_key)), "sk": email_key}),
            ReturnValues="ALL_OLD",
        )
        return from_item(response.get("Attributes"))

    def get_suppression(self, email_key: str) -> dict[str, Any]:
        return self._get(f"SUPPRESS#{email_key}", "MAIL", consistent=True)

    def donations(self) -> Iterator[dict[str, Any]]:
        """Every donation record, a page at a time (organisers' rare whole-table jobs)."""
        kwargs: dict[str, Any] = {
            "FilterExpression": "#k = :k",
            "ExpressionAttributeNames": {"#k": "kind"},
            "ExpressionAttributeValues": to_item({":k": "donation"}),
        }
        while True:
            page = self._call("scan", **kwargs)
            for item in page.get("Items", []):
                yield from_item(item)
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def anonymise_donation(self, pk: str, erased_at: str) -> None:
        """Erasure keeps the amounts (the accounts need them) and drops who gave."""
        self._call(
            "update_item",
            Key=to_item({"pk": pk, "sk": "META"}),
            UpdateExpression="REMOVE #n, #e SET #x = :x",
            ExpressionAttributeNames={"#n": "name", "#e": "email", "#x": "erased_at"},
            ExpressionAttributeValues=to_item({":x": erased_at}),
        )

    # --- donations ---------------------------------------------------------------------

    def put_donation(self, donation_id: str, values: Mapping[str, Any]) -> None:
        """Record a donation before checkout. A double click (same id) changes nothing."""
        e = _Expression()
        sets = [
            f"{(n := e.name(k))} = if_not_exists({n}, {e.value(v)})"
            for k, v in {"kind": "donation", **values}.items()
            if v is not None
        ]
        self._call(
            "update_item",
            Key=to_item({"pk": donation_pk(donation_id), "sk": "META"}),
            UpdateExpression=f"SET {', '.join(sets)}",
            **e.kwargs(),
        )
        self.meter.add(donation_pk(donation_id), item_size(values), "donate")

    def get_donation(self, donation_id: str) -> dict[str, Any]:
        return self._get(donation_pk(donation_id), "META", consistent=True)

    def donation_totals(self) -> dict[str, Any]:
        return self._get("SITE", "DONATIONS", consistent=True)

    def apply_payment_event(
        self,
        event_id: str,
        donation_id: str,
        set_: Mapping[str, Any],
        add: Mapping[str, int],
        totals: Mapping[str, int],
        expires_at: int,
        payment: str | None = None,
    ) -> bool:
        """Apply one payment processor event exactly once: the event's own marker, the
        donation's changes and the running totals in one transaction. False if the
        event had already been applied (a redelivery)."""
        e = _Expression()
        parts = [f"{e.name(k)} = {e.value(v)}" for k, v in set_.items()]
        parts.append(f"{e.name('kind')} = {e.value('donation')}")
        adds = [f"{e.name(k)} {e.value(v)}" for k, v in add.items() if v]
        expression = f"SET {', '.join(parts)}" + (f" ADD {', '.join(adds)}" if adds else "")
        items = [self._update(donation_pk(donation_id), "META", expression, e)]
        items += self._totals(totals)
        if payment:
            pointer = {"pk": f"PAYMENT#{payment}", "sk": "DONATION", "donation_id": donation_id}
            items.append({"Put": {"TableName": self.table, "Item": to_item(pointer)}})
        failed = self._transact_once(event_id, expires_at, items)
        return failed is None

    def donation_of_payment(self, payment: str) -> str | None:
        """The donation a PaymentIntent paid, as recorded when its payment arrived."""
        return self._get(f"PAYMENT#{payment}", "DONATION", consistent=True).get("donation_id")

    def apply_refund(
        self,
        event_id: str,
        donation_id: str,
        charge: str,
        refunded_pence: int,
        at: str,
        expires_at: int,
    ) -> bool:
        """Record a charge's refunds so far (Stripe's running total): only the increase
        over what was recorded for that charge is added, so redelivered, overlapping or
        out-of-order refund events never add twice. False for a redelivery."""
        key = {"pk": f"CHARGE#{charge}", "sk": "REFUNDS"}
        for _ in range(3):
            previous = int(self._get(key["pk"], key["sk"], consistent=True).get("refunded", 0))
            increase = refunded_pence - previous
            items: list[dict[str, Any]] = []
            if increase > 0:
                c = _Expression()
                items.append(
                    {
                        "Put": {
                            "TableName": self.table,
                            "Item": to_item(
                                {**key, "donation_id": donation_id, "refunded": refunded_pence}
                            ),
                            "ConditionExpression": f"attribute_not_exists(pk) OR "
                            f"{c.name('refunded')} = {c.value(previous)}",
                            **c.kwargs(),
                        }
                    }
                )
                e = _Expression()
                expression = (
                    f"SET {e.name('last_refund_at')} = {e.value(at)} "
                    f"ADD {e.name('refunded_pence')} {e.value(increase)}"
                )
                items.append(self._update(donation_pk(donation_id), "META", expression, e))
                items += self._totals({"refunded_pence": increase})
            failed = self._transact_once(event_id, expires_at, items)
            if failed is None:
                return True
            if failed == 0:
                return False
            # Another refund event for this charge landed between the read and the write.
        raise Unavailable("The database is busy")

    def _update(self, pk: str, sk: str, expression: str, e: _Expression) -> dict[str, Any]:
        key = to_item({"pk": pk, "sk": sk})
        update = {"TableName": self.table, "Key": key, "UpdateExpression": expression}
        return {"Update": {**update, **e.kwargs()}}

    def _totals(self, totals: Mapping[str, int]) -> list[dict[str, Any]]:
        t = _Expression()
        adds = [f"{t.name(k)} {t.value(v)}" for k, v in totals.items() if v]
        return [self._update("SITE", "DONATIONS", f"ADD {', '.join(adds)}", t)] if adds else []

    def _transact_once(
        self, event_id: str, expires_at: int, items: list[dict[str, Any]]
    ) -> int | None:
        """Write `items` with the event's marker, put only if absent, in one transaction.
        None when written; else the index of the condition that failed (0: the marker,
        so the event was applied before; i > 0: items[i - 1])."""
        marker = {
            "pk": f"PAYEVENT#{event_id}",
            "sk": "EVENT",
            "kind": "payment_event",
            "expires_at": expires_at,
        }
        put = {
            "TableName": self.table,
            "Item": to_item(marker),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
        try:
            self.client.transact_write_items(TransactItems=[{"Put": put}, *items])
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            reasons = error.response.get("CancellationReasons") or []
            failed = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
            if code == "TransactionCanceledException" and failed:
                return failed[0]
            if code in _RETRYABLE or code == "TransactionCanceledException":
                raise Unavailable("The database is busy") from None
            raise
        except BotoCoreError:
            raise Unavailable("The database did not answer") from None
        self.meter.add(f"PAYEVENT#{event_id}", 2048 * (1 + len(items)), "payment")
        return None

    # --- signatures --------------------------------------------------------------------

    def upsert_signature(
        self, slug: str, email_key: str, values: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """Create the signature, or leave an existing one as it was and count the repeat.

        One UpdateItem either way (1 write unit under 1 KB): every attribute is
        set only if absent, and `submissions` counts every attempt. Returns the
        item as it was before (None when this created it).
        """
        pk = signature_pk(slug, shard_of(email_key))
        e = _Expression()
        sets = [
            f"{(n := e.name(k))} = if_not_exists({n}, {e.value(v)})"
            for k, v in values.items()
            if v is not None
        ]
        response = self._call(
            "update_item",
            Key=to_item({"pk": pk, "sk": email_key}),
            UpdateExpression=f"SET {', '.join(sets)} ADD {e.name('submissions')} {e.value(1)}",
            ReturnValues="ALL_OLD",
            **e.kwargs(),
        )
        old = from_item(response.get("Attributes")) or None
        stored = old or {"pk": pk, "sk": email_key, **values}
        self.meter.add(pk, item_size(stored) + len("submissions") + 2, "sign")
        return old

    def uncount_submission(self, slug: str, email_key: str) -> None:
        """Take back one counted attempt whose confirmation email could not be sent, so
        failures on our side never use up the signature's email cap."""
        pk = signature_pk(slug, shard_of(email_key))
        self._call(
            "update_item",
            Key=to_item({"pk": pk, "sk": email_key}),
            UpdateExpression="ADD #s :minus",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#s": "submissions"},
            ExpressionAttributeValues=to_item({":minus": -1}),
        )
        self.meter.add(pk, 1024, "sign-undo")

    def confirm_signature(self, slug: str, email_key: str, confirmed_at: str) -> Confirmation:
        """pending -> confirmed, once; a second call finds it already confirmed."""
        pk = signature_pk(slug, shard_of(email_key))
        e = _Expression()
        status = e.name("status")
        try:
            response = self._call(
                "update_item",
                Key=to_item({"pk": pk, "sk": email_key}),
                UpdateExpression=(
                    f"SET {status} = {e.value('confirmed')}, "
                    f"{e.name('confirmed_at')} = {e.value(confirmed_at)} "
                    f"REMOVE {e.name('expires_at')}"
                ),
                ConditionExpression=f"{status} = {e.value('pending')}",
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
                **e.kwargs(),
            )
        except ConditionFailed as failed:
            self.meter.add(pk, item_size(failed.item) if failed.item else 1, "confirm")
            if failed.item.get("status") == "confirmed":
                return Confirmation("already", failed.item)
            return Confirmation("missing", failed.item)
        item = from_item(response.get("Attributes"))
        self.meter.add(pk, item_size(item), "confirm")
        return Confirmation("confirmed", item)

    def get_signature(self, slug: str, email_key: str) -> dict[str, Any]:
        return self._get(signature_pk(slug, shard_of(email_key)), email_key)

    def signatures(
        self,
        slug: str,
        attributes: Iterable[str] = (),
        page_size: int = PAGE_SIZE,
        shards: Iterable[int] = range(SHARDS),
    ) -> Iterator[dict[str, Any]]:
        """Every signature of a petition, shard by shard (each in email-key order), at
        most `page_size` items held at a time: memory stays the same whether a petition
        has a thousand or a million."""
        for shard in shards:
            e = _Expression()
            kwargs: dict[str, Any] = {
                "KeyConditionExpression": f"{e.name('pk')} = {e.value(signature_pk(slug, shard))}",
                "Limit": page_size,
            }
            if attributes:
                kwargs["ProjectionExpression"] = ", ".join(
                    e.name(a) for a in ("pk", "sk", *attributes)
                )
            kwargs.update(e.kwargs())
            while True:
                response = self._call("query", **kwargs)
                for raw in response.get("Items", []):
                    yield from_item(raw)
                if "LastEvaluatedKey" not in response:
                    break
                kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
                del response  # else this page lives on while the next one is read

    # --- rate limits -------------------------------------------------------------------

    def hit(self, key: str, window: int, expires_at: int) -> int:
        """Count one hit on `key` in the window starting at `window`; return the count."""
        pk = f"RATE#{key}"
        e = _Expression()
        response = self._call(
            "update_item",
            Key=to_item({"pk": pk, "sk": str(window)}),
            UpdateExpression=(
                f"SET {e.name('expires_at')} = {e.value(expires_at)}, "
                f"{e.name('kind')} = {e.value('rate')} ADD {e.name('hits')} {e.value(1)}"
            ),
            ReturnValues="UPDATED_NEW",
            **e.kwargs(),
        )
        self.meter.add(pk, 80, "rate")
        return int(from_item(response.get("Attributes")).get("hits", 1))

    # --- mail suppression (SES bounces and complaints) ---------------------------------

    def is_suppressed(self, email_key: str) -> bool:
        return bool(self._get(f"SUPPRESS#{email_key}", "MAIL"))

    def suppress(self, email_key: str, reason: str, at: str) -> None:
        item = {
            "pk": f"SUPPRESS#{email_key}",
            "sk": "MAIL",
            "kind": "suppression",
            "reason": reason,
            "at": at,
        }
        self._call("put_item", Item=to_item(item))
        self.meter.add(item["pk"], item_size(item), "suppress")
