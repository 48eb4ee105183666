"""Stripe's events, signed with the real scheme: verified, applied once, in any order."""

from __future__ import annotations

import json
import time
from typing import Any

from donate.fakestripe import sign_payload

from tests.functions.donate.conftest import WEBHOOK_SECRET

URL = "/api/stripe/webhook"


def event(kind: str, obj: dict[str, Any], ident: str = "evt_1") -> str:
    return json.dumps({"id": ident, "type": kind, "data": {"object": obj}})


def completed_payment(donation: str = "d1", amount: int = 1000) -> dict[str, Any]:
    return {
        "object": "checkout.session",
        "mode": "payment",
        "payment_status": "paid",
        "amount_total": amount,
        "metadata": {"donation_id": donation},
    }


def post(client: Any, payload: str, signature: str | None = None) -> Any:
    headers = {"content-type": "application/json"}
    headers["stripe-signature"] = signature or sign_payload(payload, WEBHOOK_SECRET)
    return client.post(URL, data=payload.encode(), headers=headers)


def test_a_paid_checkout_is_recorded_and_totalled(webhook_client, store) -> None:
    answer = post(webhook_client, event("checkout.session.completed", completed_payment()))
    assert answer.status_code == 200
    donation = store.get_donation("d1")
    assert donation["status"] == "paid" and donation["paid_pence"] == 1000
    totals = store.donation_totals()
    assert totals["raised_pence"] == 1000 and totals["donations"] == 1


def test_a_redelivered_event_changes_nothing(webhook_client, store) -> None:
    payload = event("checkout.session.completed", completed_payment())
    post(webhook_client, payload)
    again = post(webhook_client, payload)
    assert again.status_code == 200 and again.json()["outcome"] == "repeat"
    assert store.donation_totals()["raised_pence"] == 1000
    assert store.get_donation("d1")["payments"] == 1


def test_forged_missing_and_stale_signatures_are_refused(webhook_client, store) -> None:
    payload = event("checkout.session.completed", completed_payment())
    forged = sign_payload(payload, "whsec_someone_else")
    stale = sign_payload(payload, WEBHOOK_SECRET, at=int(time.time()) - 3600)
    tampered = payload.replace("1000", "9000")
    for answer in (
        post(webhook_client, payload, forged),
        post(webhook_client, payload, stale),
        post(webhook_client, tampered, sign_payload(payload, WEBHOOK_SECRET)),
        webhook_client.post(
            URL, data=payload.encode(), headers={"content-type": "application/json"}
        ),
    ):
        assert answer.status_code == 400
    assert store.donation_totals() == {}
    assert store.get_donation("d1") == {}


def test_monthly_gifts_in_any_order(webhook_client, store) -> None:
    invoice = {
        "object": "invoice",
        "amount_paid": 500,
        "parent": {"subscription_details": {"metadata": {"donation_id": "m1"}}},
    }
    session = {
        "object": "checkout.session",
        "mode": "subscription",
        "subscription": "sub_1",
        "metadata": {"donation_id": "m1"},
    }
    # Stripe does not promise order: the first invoice can arrive before the checkout.
    post(webhook_client, event("invoice.paid", invoice, "evt_a"))
    post(webhook_client, event("checkout.session.completed", session, "evt_b"))
    post(webhook_client, event("invoice.paid", invoice, "evt_c"))  # the second month
    donation = store.get_donation("m1")
    assert donation["status"] == "active" and donation["subscription"] == "sub_1"
    assert donation["paid_pence"] == 1000 and donation["payments"] == 2
    totals = store.donation_totals()
    assert totals["active_monthly"] == 1 and totals["raised_pence"] == 1000
    ended = {"object": "subscription", "metadata": {"donation_id": "m1"}}
    post(webhook_client, event("customer.subscription.deleted", ended, "evt_d"))
    assert store.get_donation("m1")["status"] == "ended"
    assert store.donation_totals()["active_monthly"] == 0


def test_a_refund_is_recorded(webhook_client, store) -> None:
    post(webhook_client, event("checkout.session.completed", completed_payment(), "evt_1"))
    charge = {
        "object": "charge",
        "metadata": {"donation_id": "d1"},
        "amount_refunded": 400,
        "refunds": {"data": [{"amount": 400}]},
    }
    post(webhook_client, event("charge.refunded", charge, "evt_2"))
    assert store.get_donation("d1")["refunded_pence"] == 400
    assert store.donation_totals()["refunded_pence"] == 400


def test_unknown_events_are_acknowledged_and_ignored(webhook_client, store) -> None:
    answer = post(webhook_client, event("customer.created", {"object": "customer"}))
    assert answer.status_code == 200 and answer.json()["outcome"] == "ignored"
    assert store.donation_totals() == {}
