"""A local stand-in for Lambda's DynamoDB Streams event source mapping.

It reads the table's stream from whatever endpoint the clients point at (moto in
process, a moto server, DynamoDB Local), wraps the records in the event shape Lambda
delivers, filters them as the production mapping does (only `kind = signature`
images) and calls the tally's handler. `drain()` applies everything pending now (for
tests); `start()` runs it in a background thread (for the local server).

Like Lambda, a delivery that raises is retried from the same position, whole.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.config import Config

log = logging.getLogger("campaign.streams")

# New botocore sends dynamodbstreams calls to account-based endpoints that moto
# does not route; plain endpoints work everywhere.
STREAMS_CONFIG = Config(account_id_endpoint_mode="disabled")


def streams_client(session: Any = None, **kwargs: Any) -> Any:
    """A dynamodbstreams client from botocore's standard settings (AWS_ENDPOINT_URL_*)."""
    from botocore.session import get_session

    return (session or get_session()).create_client(
        "dynamodbstreams", config=STREAMS_CONFIG, **kwargs
    )


def lambda_record(record: dict[str, Any], stream_arn: str, region: str) -> dict[str, Any]:
    """A GetRecords record as Lambda hands it to a function (dates as epoch seconds)."""
    body = dict(record["dynamodb"])
    created = body.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        body["ApproximateCreationDateTime"] = created.timestamp()
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", region),
        "dynamodb": body,
        "eventSourceARN": stream_arn,
    }


def is_signature(record: dict[str, Any]) -> bool:
    """The production mapping's filter: NewImage or OldImage has kind = "signature"."""
    body = record["dynamodb"]
    return any(
        (body.get(image) or {}).get("kind") == {"S": "signature"}
        for image in ("NewImage", "OldImage")
    )


class StreamPump:
    def __init__(
        self,
        dynamodb: Any,
        streams: Any,
        table_name: str,
        handler: Callable[[dict, Any], Any],
        batch_size: int = 1000,
        filter_signatures: bool = True,
    ) -> None:
        self.dynamodb = dynamodb
        self.streams = streams
        self.table_name = table_name
        self.handler = handler
        self.batch_size = batch_size
        self.filter_signatures = filter_signatures
        self.region = dynamodb.meta.region_name
        self._positions: dict[str, str] = {}  # shard id -> last sequence number delivered
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.delivered = 0

    def _stream_arn(self) -> str:
        table = self.dynamodb.describe_table(TableName=self.table_name)["Table"]
        return str(table["LatestStreamArn"])

    def _iterator(self, arn: str, shard: str) -> str:
        position = self._positions.get(shard)
        kwargs: dict[str, Any] = {"StreamArn": arn, "ShardId": shard}
        if position is None:
            kwargs["ShardIteratorType"] = "TRIM_HORIZON"
        else:
            kwargs.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=position)
        return str(self.streams.get_shard_iterator(**kwargs)["ShardIterator"])

    def drain(self) -> int:
        """Deliver every record written so far; return how many reached the handler."""
        with self._lock:
            arn = self._stream_arn()
            delivered = 0
            shards = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
            for shard in shards:
                shard_id = shard["ShardId"]
                while True:
                    response = self.streams.get_records(
                        ShardIterator=self._iterator(arn, shard_id), Limit=self.batch_size
                    )
                    records = response.get("Records", [])
                    if not records:
                        break
                    batch = [
                        lambda_record(r, arn, self.region)
                        for r in records
                        if not self.filter_signatures or is_signature(r)
                    ]
                    if batch:
                        self.handler({"Records": batch}, None)
                    # Only after the handler succeeded: a failure is retried from here.
                    self._positions[shard_id] = records[-1]["dynamodb"]["SequenceNumber"]
                    delivered += len(batch)
            self.delivered += delivered
            return delivered

    def start(self, interval: float = 0.5) -> None:
        """Drain every `interval` seconds in a daemon thread until stop()."""

        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    self.drain()
                except Exception:
                    # As Lambda would: log, and retry the same records next time.
                    log.exception("tally delivery failed; retrying")

        self._stop.clear()
        self._thread = threading.Thread(target=run, name="stream-pump", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
