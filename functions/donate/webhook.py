"""POST /api/stripe/webhook: Stripe's events, verified by their signature, applied once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from core import logs, runtime, web
from core.errors import Unavailable
from core.settings import Settings
from core.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from donate import donations

# Stripe's own default: a signature older than this is refused (a replayed capture).
TOLERANCE_SECONDS = 300
MAX_EVENT_BYTES = 256 * 1024


def verify(payload: bytes, header: str | None, secret: str) -> bool:
    import stripe

    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), header, secret, tolerance=TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError):
        return False
    return True


def create_app(
    store: Store, settings: Settings, clock: Callable[[], float] = time.time
) -> Starlette:
    def apply(event: dict) -> str:
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock()))
        change = donations.change_for(event, at, store.donation_of_payment)
        expires_at = int(clock()) + donations.EVENT_KEPT_SECONDS
        if change is None:
            return "ignored"
        if isinstance(change, donations.Refund):
            applied = store.apply_refund(
                str(event["id"]),
                change.donation_id,
                change.charge,
                change.refunded_pence,
                at,
                expires_at,
            )
        else:
            applied = store.apply_payment_event(
                str(event["id"]),
                change.donation_id,
                change.set_,
                change.add,
                change.totals,
                expires_at,
                payment=change.payment,
            )
        return "applied" if applied else "repeat"

    async def webhook(request: Request) -> Response:
        try:
            payload = await web.read_body(request, MAX_EVENT_BYTES)
        except web.BodyTooLarge:
            return web.json_answer({"error": "too large"}, 413)
        if not verify(
            payload, request.headers.get("stripe-signature"), settings.stripe_webhook_secret
        ):
            logs.event("stripe", outcome="bad_signature")
            return web.json_answer({"error": "signature"}, 400)
        event = json.loads(payload)
        try:
            outcome = await run_in_threadpool(apply, event)
        except Unavailable:
            # Stripe retries a failed delivery; the event's marker makes that harmless.
            return web.json_answer({"error": "busy"}, 503, {"Retry-After": "5"})
        logs.event("stripe", kind=str(event.get("type")), outcome=outcome)
        return web.json_answer({"received": True, "outcome": outcome}, 200)

    return Starlette(routes=[Route("/api/stripe/webhook", webhook, methods=["POST"])])


handler = runtime.http(create_app, needs_hash_key=False)
