"""The same thing delivered twice: a browser or proxy retrying a request, Lambda invoking
the same API Gateway event again, a stream delivery retried or re-batched. Each stores
once and counts once."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from core.store import Store
from core.tally import recount
from mangum import Mangum

from dev.streams import StreamPump
from tests.functions.asgi import Client
from tests.functions.viral.common import (
    URL,
    count_attributes,
    post_sign,
    stored,
    supporter,
    tokens_in,
)


def _api_gateway_event(body: bytes) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event, as Lambda would re-deliver it byte for byte."""
    return {
        "version": "2.0",
        "routeKey": "POST /api/petitions/{slug}/signatures",
        "rawPath": URL,
        "rawQueryString": "",
        "headers": {
            "content-type": "application/x-www-form-urlencoded",
            "origin": "http://testserver",
            "host": "testserver",
            "accept": "text/html",
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "testserver",
            "http": {
                "method": "POST",
                "path": URL,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "test",
            },
            "requestId": "same-request",
            "routeKey": "POST /api/petitions/{slug}/signatures",
            "stage": "$default",
            "timeEpoch": 0,
        },
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }


def test_a_retried_request_stores_once_and_counts_once(
    sign_client: Client, confirm_client: Client, store: Store, pump: StreamPump, personal, sent
) -> None:
    values = supporter(personal, 1)
    first = post_sign(sign_client, values, 1)
    again = post_sign(sign_client, values, 1)
    assert first.status_code == again.status_code == 303
    [signature] = stored(store)
    assert signature["submissions"] == 2
    pump.drain()
    assert count_attributes(store.get_counts("appeal", consistent=True)) == {"pending": 1}

    # Both emails carry the same link; pressing it from each, twice, confirms once.
    tokens = tokens_in(sent())
    assert len(tokens) == 2 and len(set(tokens)) == 1
    presses = [confirm_client.post("/api/confirm", data={"t": t}) for t in tokens * 2]
    assert [p.status_code for p in presses] == [303, 200, 200, 200]
    pump.drain()
    counts = count_attributes(store.get_counts("appeal", consistent=True))
    assert counts == {"confirmed": 1, f"clp_{values['clp']}": 1}


def test_lambda_invoking_the_same_event_twice_stores_once(
    sign_app: Any, store: Store, pump: StreamPump, personal
) -> None:
    values = supporter(personal, 2)
    handler = Mangum(sign_app, lifespan="off")
    event = _api_gateway_event(urlencode(values).encode())
    answers = [handler(event, None), handler(event, None)]
    assert [a["statusCode"] for a in answers] == [303, 303]
    [signature] = stored(store)
    assert signature["submissions"] == 2
    pump.drain()
    assert count_attributes(store.get_counts("appeal", consistent=True)) == {"pending": 1}


def test_a_stream_delivery_applied_twice_or_re_batched_counts_once(
    sign_client: Client, confirm_client: Client, store: Store, pump: StreamPump, personal, sent
) -> None:
    deliveries: list[dict[str, Any]] = []
    tally = pump.handler

    def recording(event: dict[str, Any], context: Any) -> Any:
        deliveries.append(event)
        return tally(event, context)

    pump.handler = recording
    pump.batch_size = 3
    people = [supporter(personal, n) for n in range(6)]
    for n, values in enumerate(people):
        post_sign(sign_client, values, n)
    for token in sorted(set(tokens_in(sent())))[:4]:
        confirm_client.post("/api/confirm", data={"t": token})
    pump.drain()
    assert len(deliveries) >= 3
    expected = count_attributes(store.get_counts("appeal", consistent=True))
    assert expected["confirmed"] == 4 and expected["pending"] == 2

    # Lambda re-invokes every delivery (a timeout after the update went through) ...
    for event in deliveries:
        tally(event, None)
    # ... and re-batches them: all at once, then newest first in overlapping pairs.
    records = [r for event in deliveries for r in event["Records"]]
    tally({"Records": records}, None)
    for start in range(len(records) - 2, -1, -1):
        tally({"Records": records[start : start + 2]}, None)

    assert count_attributes(store.get_counts("appeal", consistent=True)) == expected
    assert recount(store, "appeal").zero
