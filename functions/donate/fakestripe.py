"""The local test checkout: a stand-in for Stripe's API and hosted page, mounted by the
local server only (never deployed, and refused with a live key). Pressing "Pay" sends
a correctly signed webhook event to the real webhook function, so the local flow runs
the same verification and recording code as production."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.request
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from donate.donations import pounds


def sign_payload(payload: str, secret: str, at: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    stamp = int(time.time() if at is None else at)
    digest = hmac.new(secret.encode(), f"{stamp}.{payload}".encode(), hashlib.sha256)
    return f"t={stamp},v1={digest.hexdigest()}"


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (line_items[0][price_data][unit_amount]=500) -> nested."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        *path, last = key.replace("]", "").split("[")
        node = root
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    """Objects keyed 0, 1, 2... were arrays."""
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        return [_lists(node[k]) for k in sorted(node, key=int)]
    return {k: _lists(v) for k, v in node.items()}


def _deliver_over_http(url: str) -> Callable[[str, str], int]:
    def deliver(payload: str, signature: str) -> int:
        request = urllib.request.Request(  # noqa: S310 (the local server's own address)
            url,
            data=payload.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (local)
            return int(answer.status)

    return deliver


def create_app(
    site_url: str, webhook_secret: str, deliver: Callable[[str, str], int] | None = None
) -> Starlette:
    sessions: dict[str, dict[str, Any]] = {}
    by_key: dict[str, str] = {}
    send = deliver or _deliver_over_http(f"{site_url}/api/stripe/webhook")

    async def create_session(request: Request) -> Response:
        key = request.headers.get("idempotency-key", "")
        if key in by_key:
            return JSONResponse(sessions[by_key[key]])
        params = unflatten(parse_qsl((await request.body()).decode()))
        ident = "cs_test_local_" + secrets.token_hex(8)
        session = {
            "id": ident,
            "object": "checkout.session",
            "url": f"{site_url}/__stripe/pay/{ident}",
            "mode": params.get("mode"),
            "metadata": params.get("metadata", {}),
            "amount_total": int(params["line_items"][0]["price_data"]["unit_amount"]),
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "customer_email": params.get("customer_email"),
            "payment_status": "unpaid",
            "status": "open",
        }
        sessions[ident] = session
        if key:
            by_key[key] = ident
        return JSONResponse(session)

    async def page(request: Request) -> Response:
        session = sessions.get(request.path_params["ident"])
        if session is None:
            return HTMLResponse("<h1>No such test checkout</h1>", status_code=404)
        every = " every month" if session["mode"] == "subscription" else ""
        action = f"/__stripe/pay/{escape(session['id'])}"
        return HTMLResponse(
            "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
            "<title>Local test checkout</title>"
            "<link rel='stylesheet' href='/theme/css/site.css'></head><body>"
            "<main class='wrap main'><h1>Local test checkout</h1>"
            "<p><strong>This is not Stripe and no money moves.</strong> It stands in for "
            "Stripe's payment page when the site runs on a developer's machine.</p>"
            f"<p>Donation: {pounds(session['amount_total'])}{every}</p>"
            f"<form method='post' action='{action}'>"
            "<button class='button' name='choice' value='pay'>Pay (test)</button> "
            "<button class='button' name='choice' value='cancel'>Cancel</button>"
            "</form></main></body></html>"
        )

    def events_for(session: dict[str, Any]) -> list[dict[str, Any]]:
        now = int(time.time())
        done = {**session, "status": "complete", "payment_status": "paid"}
        if session["mode"] == "subscription":
            done["subscription"] = "sub_test_local_" + secrets.token_hex(6)
        else:
            done["payment_intent"] = "pi_test_local_" + secrets.token_hex(6)
        events = [
            {
                "id": "evt_local_" + secrets.token_hex(8),
                "type": "checkout.session.completed",
                "created": now,
                "data": {"object": done},
            }
        ]
        if session["mode"] == "subscription":
            invoice = {
                "object": "invoice",
                "amount_paid": session["amount_total"],
                "subscription": done["subscription"],
                "payment_intent": "pi_test_local_" + secrets.token_hex(6),
                "parent": {"subscription_details": {"metadata": session["metadata"]}},
            }
            events.append(
                {
                    "id": "evt_local_" + secrets.token_hex(8),
                    "type": "invoice.paid",
                    "created": now,
                    "data": {"object": invoice},
                }
            )
        return events

    async def choose(request: Request) -> Response:
        session = sessions.get(request.path_params["ident"])
        if session is None:
            return HTMLResponse("<h1>No such test checkout</h1>", status_code=404)
        choice = dict(parse_qsl((await request.body()).decode())).get("choice")
        if choice != "pay":
            return RedirectResponse(session["cancel_url"], status_code=303)
        for event in events_for(session):
            payload = json.dumps(event)
            # In a thread: the webhook is served by this same server's event loop.
            await run_in_threadpool(send, payload, sign_payload(payload, webhook_secret))
        return RedirectResponse(session["success_url"], status_code=303)

    return Starlette(
        routes=[
            Route("/__stripe/v1/checkout/sessions", create_session, methods=["POST"]),
            Route("/__stripe/pay/{ident}", page, methods=["GET"]),
            Route("/__stripe/pay/{ident}", choose, methods=["POST"]),
        ]
    )
