"""The entry points as API Gateway calls them: an HTTP API (payload 2.0) event and a REST
API (payload 1.0) event reach the same app through Mangum and get the same answers."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from mangum import Mangum

from tests.functions.helpers import signer

FORM_HEADERS = {
    "content-type": "application/x-www-form-urlencoded",
    "origin": "http://testserver",
    "host": "testserver",
    "accept": "text/html",
}


def v2_event(method: str, path: str, route: str, body: bytes | None, headers: dict) -> dict:
    return {
        "version": "2.0",
        "routeKey": f"{method} {route}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "testserver",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.9",
                "userAgent": "test",
            },
            "requestId": "r1",
            "routeKey": f"{method} {route}",
            "stage": "$default",
            "timeEpoch": 0,
        },
        "body": base64.b64encode(body).decode() if body else None,
        "isBase64Encoded": bool(body),
    }


def v1_event(method: str, path: str, route: str, body: bytes | None, headers: dict) -> dict:
    return {
        "version": "1.0",
        "resource": route,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "httpMethod": method,
            "identity": {"sourceIp": "203.0.113.9", "userAgent": "test"},
            "path": path,
            "requestId": "r1",
            "resourcePath": route,
            "stage": "$default",
        },
        "body": base64.b64encode(body).decode() if body else None,
        "isBase64Encoded": bool(body),
    }


def _headers(answer: dict) -> dict[str, str]:
    headers = {k.lower(): v for k, v in (answer.get("headers") or {}).items()}
    for k, values in (answer.get("multiValueHeaders") or {}).items():
        headers[k.lower()] = values[-1]
    return headers


@pytest.mark.parametrize("shape", [v2_event, v1_event], ids=["http-api-v2", "rest-api-v1"])
def test_a_form_post_is_stored_and_redirected(
    shape: Any, sign_app: Any, store: Any, personal: Any, sent: Any
) -> None:
    handler = Mangum(sign_app, lifespan="off")
    body = urlencode(signer(personal)).encode()
    route = "/api/petitions/{slug}/signatures"
    answer = handler(
        shape("POST", "/api/petitions/appeal/signatures", route, body, FORM_HEADERS), None
    )
    assert answer["statusCode"] == 303
    assert _headers(answer)["location"] == "/appeal/thanks/"
    assert len(sent()) == 1


@pytest.mark.parametrize("shape", [v2_event, v1_event], ids=["http-api-v2", "rest-api-v1"])
def test_counts_answer_json(shape: Any, store: Any, settings: Any, petitions: Any) -> None:
    from counts.app import create_app

    handler = Mangum(create_app(store, settings), lifespan="off")
    event = shape(
        "GET", "/api/petitions/appeal", "/api/petitions/{slug}", None, {"host": "testserver"}
    )
    answer = handler(event, None)
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"])["total"] == 1700
    assert "max-age" in _headers(answer)["cache-control"]
