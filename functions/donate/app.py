"""POST /api/donations: validate the gift, record it, and send the supporter to Stripe's
hosted Checkout (303 for the plain form, the URL as JSON for a script)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from core import pages, runtime, web
from core.errors import Unavailable
from core.settings import Settings
from core.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from donate import donations
from donate.form import render_donation_form

FIELDS = ("amount", "other_amount", "frequency", "name", "email", "contact")
STRIPE_DOWN = (
    "We couldn't reach our payment provider just now. Your details are still here: "
    "please press Continue again in a moment."
)


def stripe_client(settings: Settings) -> Any:
    import stripe

    base = {"api": settings.stripe_api_base} if settings.stripe_api_base else None
    return stripe.StripeClient(settings.stripe_secret_key, base_addresses=base)


def _values(raw: Mapping[str, object]) -> dict[str, str]:
    values = {}
    for field in FIELDS:
        value = raw.get(field)
        if value is True:
            value = "yes"
        values[field] = str(value)[:200] if isinstance(value, str | int | float) else ""
    return values


def _form_page(values: Mapping[str, str], errors: Mapping[str, str], status: int) -> Response:
    form = render_donation_form(values=values, errors=errors)
    body = f'<h1>Donate</h1>\n<section class="sign">\n{form}\n</section>'
    return web.html_answer(pages.page("There is a problem: Donate", body), status)


def create_app(
    store: Store,
    settings: Settings,
    stripe: Any = None,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    client = stripe or stripe_client(settings)

    def checkout(gift: donations.DonationInput) -> str:
        now = clock()
        ident = donations.donation_id(gift, settings.hash_key, now)
        store.put_donation(ident, donations.record(gift, now))
        try:
            session = client.v1.checkout.sessions.create(
                params=donations.checkout_params(gift, ident, settings),
                options={"idempotency_key": f"donation-{ident}"},
            )
        except Exception as error:  # the stripe library's errors, network and API alike
            import stripe as stripe_module

            if isinstance(error, stripe_module.StripeError):
                raise Unavailable(type(error).__name__) from None
            raise
        return str(session.url)

    async def donate(request: Request) -> Response:
        as_json = web.wants_json(request)
        if not web.same_origin(request, settings):
            return web.json_answer({"ok": False, "error": "Donate from our own site."}, 403)
        kind = web.media_type(request)
        if kind not in (web.FORM, web.JSON):
            return web.json_answer({"ok": False, "error": "Send the donation form."}, 415)
        try:
            raw = web.parse_body(await web.read_body(request, settings.max_body_bytes), kind)
        except web.BodyTooLarge:
            return web.json_answer({"ok": False, "error": "That form is too large."}, 413)
        except web.BadBody as error:
            return web.json_answer({"ok": False, "error": str(error)}, 400)
        values = _values(raw)
        gift, errors = donations.validate(values, settings)
        if gift is None:
            if as_json:
                return web.json_answer({"ok": False, "errors": errors}, 422)
            return _form_page(values, errors, 422)
        try:
            url = await run_in_threadpool(checkout, gift)
        except Unavailable:
            if as_json:
                body = {"ok": False, "error": STRIPE_DOWN, "retry": True}
                return web.json_answer(body, 503, {"Retry-After": "2"})
            return _form_page(values, {"form": STRIPE_DOWN}, 503)
        if as_json:
            return web.json_answer({"ok": True, "next": url}, 200)
        return RedirectResponse(url, status_code=303, headers=web.NO_STORE)

    return Starlette(routes=[Route("/api/donations", donate, methods=["POST"])])


handler = runtime.http(create_app)
