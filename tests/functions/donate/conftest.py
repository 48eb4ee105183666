"""Donations: the Stripe library with its HTTP layer replaced at the client boundary, so
tests see exactly what would be sent to Stripe and answer as Stripe would."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl

import pytest
import stripe
from core.settings import Settings
from donate.fakestripe import unflatten

from tests.functions.asgi import Client
from tests.functions.helpers import SITE

WEBHOOK_SECRET = "whsec_test_secret_for_the_suite"


class StripeHTTP(stripe.HTTPClient):
    """Records each request; answers Checkout Session creation as Stripe does."""

    name = "recording"

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[dict[str, Any]] = []
        self.fail_with: int | None = None

    def request(self, method: str, url: str, headers: Any, post_data: Any = None) -> Any:
        params = unflatten(parse_qsl(post_data or ""))
        self.requests.append(
            {"method": method, "url": url, "headers": dict(headers or {}), "params": params}
        )
        if self.fail_with:
            body = {"error": {"type": "api_error", "message": "Stripe is down"}}
            return json.dumps(body), self.fail_with, {}
        n = len(self.requests)
        session = {
            "id": f"cs_test_{n}",
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/c/pay/cs_test_{n}",
        }
        return json.dumps(session), 200, {"request-id": f"req_{n}"}

    def close(self) -> None:
        pass


@pytest.fixture
def stripe_http() -> StripeHTTP:
    return StripeHTTP()


@pytest.fixture
def donate_settings(settings: Settings) -> Settings:
    return replace(
        settings, stripe_secret_key="sk_test_suite", stripe_webhook_secret=WEBHOOK_SECRET
    )


@pytest.fixture
def donate_client(store, donate_settings, stripe_http, clock) -> Client:
    from donate.app import create_app

    client = stripe.StripeClient("sk_test_suite", http_client=stripe_http, max_network_retries=0)
    return Client(create_app(store, donate_settings, stripe=client, clock=clock), base_url=SITE)


@pytest.fixture
def webhook_client(store, donate_settings, clock) -> Client:
    from donate.webhook import create_app

    return Client(create_app(store, donate_settings, clock=clock), base_url=SITE)
