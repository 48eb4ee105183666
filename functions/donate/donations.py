"""Donations: what a supporter may give, the Checkout Session asked of Stripe, and what
each Stripe event changes. Plain functions; the apps only parse and answer."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.emails import canonical, keyed_hash
from core.settings import Settings
from core.validation import check_email, check_name

PRESETS = ("5", "10", "25", "50")
FREQUENCIES = {"once": "Give once", "monthly": "Give every month"}
_POUNDS = re.compile(r"£?\s*(\d{1,7})(?:\.(\d{2}))?")
# A double click inside this window asks Stripe for the same session (same key).
IDEMPOTENCY_WINDOW = 600
EVENT_KEPT_SECONDS = 90 * 86400  # Stripe retries for 3 days; keep markers well beyond


@dataclass(frozen=True)
class DonationInput:
    amount_pence: int
    frequency: str
    name: str
    email: str
    contact: bool


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}" + (f".{pence % 100:02d}" if pence % 100 else "")


def _amount(values: Mapping[str, str], settings: Settings) -> tuple[int, str | None, str]:
    """(pence, error, field the error belongs to)."""
    choice = values.get("amount", "").strip()
    if choice in PRESETS:
        return int(choice) * 100, None, "amount"
    if choice != "other":
        return 0, "Choose an amount, or choose Other and enter one", "amount"
    raw = values.get("other_amount", "").replace(",", "").strip()
    found = _POUNDS.fullmatch(raw)
    if not found:
        return 0, "Enter an amount in pounds, like 15 or 12.50", "other_amount"
    pence = int(found.group(1)) * 100 + int(found.group(2) or 0)
    if pence < settings.min_donation_pence:
        low = pounds(settings.min_donation_pence)
        return 0, f"The smallest donation we can take is {low}", "other_amount"
    if pence > settings.max_donation_pence:
        high = pounds(settings.max_donation_pence)
        return 0, f"The most we can take online is {high}: email us to give more", "other_amount"
    return pence, None, "other_amount"


def validate(
    values: Mapping[str, str], settings: Settings
) -> tuple[DonationInput | None, dict[str, str]]:
    errors: dict[str, str] = {}
    pence, problem, field = _amount(values, settings)
    if problem:
        errors[field] = problem
    frequency = values.get("frequency", "").strip()
    if frequency not in FREQUENCIES:
        errors["frequency"] = "Choose whether to give once or every month"
    name, name_error = check_name(values.get("name", ""))
    if name_error:
        errors["name"] = name_error
    email, email_error = check_email(values.get("email", ""))
    if email_error:
        errors["email"] = email_error
    if errors:
        return None, errors
    contact = values.get("contact", "") not in ("", "false", "0", "no", "off")
    return DonationInput(pence, frequency, name, email, contact), {}


def donation_id(gift: DonationInput, key: bytes, now: float) -> str:
    """The same person giving the same amount within the window is one donation, so
    a double click makes one Checkout Session (Stripe's idempotency key is this id)."""
    window = int(now) // IDEMPOTENCY_WINDOW
    return keyed_hash(
        f"{canonical(gift.email)}|{gift.amount_pence}|{gift.frequency}|{window}", key, "donation"
    )


def record(gift: DonationInput, now: float) -> dict[str, Any]:
    return {
        "status": "pending",
        "amount_pence": gift.amount_pence,
        "frequency": gift.frequency,
        "name": gift.name,
        "email": gift.email,
        "contact": gift.contact,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
    }


def checkout_params(gift: DonationInput, ident: str, settings: Settings) -> dict[str, Any]:
    """The Checkout Session for this gift: a payment, or a monthly subscription."""
    monthly = gift.frequency == "monthly"
    price: dict[str, Any] = {
        "currency": "gbp",
        "unit_amount": gift.amount_pence,
        "product_data": {
            "name": "Monthly donation to the Labour Left Alliance"
            if monthly
            else "Donation to the Labour Left Alliance"
        },
    }
    if monthly:
        price["recurring"] = {"interval": "month"}
    metadata = {"donation_id": ident}
    params: dict[str, Any] = {
        "mode": "subscription" if monthly else "payment",
        "line_items": [{"price_data": price, "quantity": 1}],
        "payment_method_types": ["card", "bacs_debit"]
        if monthly and settings.stripe_bacs
        else ["card"],
        "customer_email": gift.email,
        "client_reference_id": ident,
        "metadata": metadata,
        "success_url": f"{settings.site_url}/donate/thanks/",
        "cancel_url": f"{settings.site_url}/donate/cancelled/",
    }
    if monthly:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
    return params


@dataclass(frozen=True)
class Change:
    """What one Stripe event does: to the donation, and to the running totals.
    `payment` is the PaymentIntent whose money this event records: the store remembers
    its donation, since a refund's charge may not carry our metadata."""

    donation_id: str
    set_: dict[str, Any]
    add: dict[str, int]
    totals: dict[str, int]
    payment: str | None = None


@dataclass(frozen=True)
class Refund:
    """A charge.refunded event: the charge's refunds so far (Stripe sends the running
    total, and no longer the refunds list), so redeliveries and overlaps add nothing."""

    donation_id: str
    charge: str
    refunded_pence: int


def _payment_intent(obj: Mapping[str, Any]) -> str | None:
    """The PaymentIntent of a session, charge or invoice, in old and new API shapes."""
    found = obj.get("payment_intent")
    if isinstance(found, Mapping):
        found = found.get("id")
    if not found:
        for payment in (obj.get("payments") or {}).get("data") or []:
            found = (payment.get("payment") or {}).get("payment_intent")
            if found:
                break
    return str(found) if found else None


def _metadata(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """Our donation id, wherever this object type carries the metadata we set."""
    for path in (
        ("metadata",),
        ("subscription_details", "metadata"),
        ("parent", "subscription_details", "metadata"),
    ):
        found: Any = obj
        for step in path:
            found = found.get(step) if isinstance(found, Mapping) else None
        if isinstance(found, Mapping) and found.get("donation_id"):
            return found
    lines = (obj.get("lines") or {}).get("data") or []
    for line in lines:
        if (line.get("metadata") or {}).get("donation_id"):
            return line["metadata"]
    return {}


def change_for(
    event: Mapping[str, Any], at: str, donation_of: Callable[[str], str | None]
) -> Change | Refund | None:
    """None for events we do not act on (answered 200 and ignored). `donation_of` finds
    the donation a PaymentIntent paid, for charges that carry no metadata of ours."""
    kind = event.get("type")
    obj = (event.get("data") or {}).get("object") or {}
    ident = _metadata(obj).get("donation_id")
    payment = _payment_intent(obj)
    if kind == "charge.refunded":
        ident = ident or (donation_of(payment) if payment else None)
        if not ident or not obj.get("id"):
            return None
        return Refund(ident, str(obj["id"]), int(obj.get("amount_refunded") or 0))
    if not ident:
        return None
    if kind == "checkout.session.completed":
        if obj.get("mode") == "subscription":
            # The money arrives with invoice.paid, which may come first: only the state.
            return Change(
                ident,
                {
                    "status": "active",
                    "subscription": obj.get("subscription") or "",
                    "completed_at": at,
                },
                {},
                {"active_monthly": 1},
            )
        if obj.get("payment_status") != "paid":
            return None  # Bacs and other delayed methods: paid later
        amount = int(obj.get("amount_total") or 0)
        return Change(
            ident,
            {"status": "paid", "completed_at": at},
            {"paid_pence": amount, "payments": 1},
            {"donations": 1, "raised_pence": amount, "payments": 1},
            payment,
        )
    if kind == "invoice.paid":
        amount = int(obj.get("amount_paid") or 0)
        return Change(
            ident,
            {"last_paid_at": at},
            {"paid_pence": amount, "payments": 1},
            {"raised_pence": amount, "payments": 1},
            payment,
        )
    if kind == "customer.subscription.deleted":
        return Change(ident, {"status": "ended", "ended_at": at}, {}, {"active_monthly": -1})
    return None
