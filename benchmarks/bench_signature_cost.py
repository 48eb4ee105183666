"""What one signature costs the sign and confirm functions: CPU time per request through
the whole Lambda handler (Mangum, Starlette, validation, hashing, the store) with
DynamoDB replaced by an in-memory fake (so only our code is timed), and the write
units each request consumes, from core.store's WriteMeter. Target: <= 2 write units
per request on the hot path.

    .venv/bin/python benchmarks/bench_signature_cost.py [--n 400]
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]

from core import tokens  # noqa: E402
from core.emails import email_key  # noqa: E402
from core.petitions import sync_petitions  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store import Store, WriteMeter, from_item  # noqa: E402
from mangum import Mangum  # noqa: E402

TARGET_UNITS = 2
SITE = "http://testserver"
HASH_KEY = b"benchmark-only-hash-key-0123456789abcdef"
PETITION = {
    "slug": "appeal",
    "title": "Appeal for a democratic Labour Left Alliance",
    "kind": "appeal",
    "status": "open",
    "goal": 5000,
    "url": "appeal/",
}
_SET_IF_ABSENT = re.compile(r"(#n\d+) = if_not_exists\(\1, (:v\d+)\)")


class FakeDynamoDB:
    """Just enough of DynamoDB for the hot path, in memory: no network, no moto."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    @staticmethod
    def _key(key: dict[str, Any]) -> tuple[str, str]:
        return key["pk"]["S"], key["sk"]["S"]

    def put_item(self, TableName: str, Item: dict[str, Any], **_: Any) -> dict:
        self.items[self._key(Item)] = dict(Item)
        return {}

    def get_item(self, TableName: str, Key: dict[str, Any], **_: Any) -> dict:
        item = self.items.get(self._key(Key))
        return {"Item": item} if item else {}

    def update_item(self, TableName: str, Key: dict[str, Any], **kw: Any) -> dict:
        key = self._key(Key)
        old = self.items.get(key)
        names, values = (
            kw.get("ExpressionAttributeNames", {}),
            kw.get("ExpressionAttributeValues", {}),
        )
        returns = kw.get("ReturnValues")
        if returns == "UPDATED_NEW":  # a rate-limit hit
            hits = int((old or {}).get("hits", {"N": "0"})["N"]) + 1
            self.items[key] = {**Key, "hits": {"N": str(hits)}}
            return {"Attributes": {"hits": {"N": str(hits)}}}
        if returns == "ALL_OLD":  # upsert_signature
            new = dict(old or Key)
            for name, value in _SET_IF_ABSENT.findall(kw["UpdateExpression"]):
                new.setdefault(names[name], values[value])
            count = int(new.get("submissions", {"N": "0"})["N"]) + 1
            new["submissions"] = {"N": str(count)}
            self.items[key] = new
            return {"Attributes": old} if old else {}
        if returns == "ALL_NEW":  # confirm_signature
            new = {**(old or Key), "status": {"S": "confirmed"}}
            new.pop("expires_at", None)
            self.items[key] = new
            return {"Attributes": new}
        raise NotImplementedError(returns)


class NoMail:
    def send(self, message: object) -> None:  # SES is a network call: not ours to time
        pass


def event(path: str, body: bytes, n: int) -> dict[str, Any]:
    return {
        "version": "2.0",
        "routeKey": f"POST {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "content-type": "application/x-www-form-urlencoded",
            "origin": SITE,
            "host": "testserver",
            "accept": "text/html",
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "testserver",
            "http": {
                "method": "POST",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": f"198.51.{100 + n // 250}.{n % 250 + 1}",
                "userAgent": "bench",
            },
            "requestId": f"r{n}",
            "routeKey": f"POST {path}",
            "stage": "$default",
            "timeEpoch": 0,
        },
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }


def form(n: int) -> bytes:
    values = {
        "name": f"Bench Person{n}",
        "email": f"bench.person{n}@example.org",
        "postcode": "SW1A 1AA",
        "member": "member",
        "website": "",
        "started": "",
    }
    return urlencode(values).encode()


def timed(handler: Any, events: list[dict[str, Any]], expect: int) -> list[float]:
    cpu = []
    for e in events:
        started = time.process_time()
        answer = handler(e, None)
        cpu.append(time.process_time() - started)
        if answer["statusCode"] != expect:
            raise SystemExit(f"unexpected answer {answer['statusCode']}: {answer.get('body')}")
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    args = parser.parse_args()
    from confirm.app import create_app as confirm_app
    from sign.app import create_app as sign_app

    meter = WriteMeter()
    store = Store(FakeDynamoDB(), "bench", meter)
    sync_petitions(store, [PETITION])
    settings = Settings(table_name="bench", site_url=SITE, hash_key=HASH_KEY)
    sign = Mangum(sign_app(store, settings, NoMail()), lifespan="off")
    confirm = Mangum(confirm_app(store, settings), lifespan="off")
    path = "/api/petitions/appeal/signatures"

    timed(sign, [event(path, form(-1 - i), 10_000 + i) for i in range(20)], 303)  # warm up
    rows = []
    for label, make, expect in (
        ("sign (new signature)", lambda n: event(path, form(n), n), 303),
        ("sign (repeat)", lambda n: event(path, form(n), n + 5000), 303),
        (
            "confirm",
            lambda n: event(
                "/api/confirm",
                urlencode(
                    {
                        "t": tokens.make(
                            "appeal", email_key(f"bench.person{n}@example.org", HASH_KEY), HASH_KEY
                        )
                    }
                ).encode(),
                n,
            ),
            303,
        ),
    ):
        handler = confirm if label == "confirm" else sign
        events = [make(n) for n in range(args.n)]
        before_units, before_writes = meter.units, meter.writes
        cpu = timed(handler, events, expect)
        units = (meter.units - before_units) / args.n
        writes = (meter.writes - before_writes) / args.n
        rows.append((label, statistics.median(cpu), statistics.mean(cpu), units, writes))

    print(f"{args.n} requests each, Lambda handler (Mangum) with DynamoDB faked in memory")
    print(
        f"{'request':22} {'CPU median':>11} {'CPU mean':>9} {'WCU/req':>8} "
        f"{'writes':>7} {'target':>7}"
    )
    for label, med, mean, units, writes in rows:
        verdict = "ok" if units <= TARGET_UNITS else "MISSED"
        print(
            f"{label:22} {med * 1000:9.2f}ms {mean * 1000:7.2f}ms {units:8.2f} {writes:7.2f} "
            f"{TARGET_UNITS:7} {verdict}"
        )
    print("per operation (all requests):", dict(meter.by_operation))
    sample = from_item(next(v for k, v in store.client.items.items() if k[0].startswith("SIG#")))
    print(f"a stored signature: {len(sample)} attributes")


if __name__ == "__main__":
    main()
