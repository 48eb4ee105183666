"""Stripe's events, signed with the real scheme: verified, applied once, in any order."""

from __future__ import annotations

import json
import time
from typing import Any

from donate.fakestripe import sign_payload

from tests.functions.donate.conftest import WEBHOOK_SECRET
from tests.functions.faults import Faulty

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


def refunded(charge: str, payment: str, so_far: int) -> dict[str, Any]:
    """A charge.refunded object as current API versions send it: the running total of
    its refunds, no refunds list, and none of our metadata."""
    return {
        "object": "charge",
        "id": charge,
        "payment_intent": payment,
        "amount_refunded": so_far,
        "metadata": {},
    }


def test_refunds_add_up_once_whatever_the_delivery_order(webhook_client, store) -> None:
    paid = {**completed_payment(), "payment_intent": "pi_1"}
    post(webhook_client, event("checkout.session.completed", paid, "evt_1"))
    first = event("charge.refunded", refunded("ch_1", "pi_1", 400), "evt_2")
    post(webhook_client, first)
    assert store.get_donation("d1")["refunded_pence"] == 400
    post(webhook_client, event("charge.refunded", refunded("ch_1", "pi_1", 1000), "evt_3"))
    assert post(webhook_client, first).json()["outcome"] == "repeat"
    # The first refund's event re-sent under a new id, after the second: nothing to add.
    post(webhook_client, event("charge.refunded", refunded("ch_1", "pi_1", 400), "evt_4"))
    donation = store.get_donation("d1")
    assert donation["refunded_pence"] == 1000 and donation["paid_pence"] == 1000
    assert store.donation_totals()["refunded_pence"] == 1000


def test_a_refunded_monthly_payment_is_found_by_its_payment(webhook_client, store) -> None:
    # The newer API shape: the invoice names its PaymentIntent under payments.
    invoice = {
        "object": "invoice",
        "amount_paid": 500,
        "parent": {"subscription_details": {"metadata": {"donation_id": "m1"}}},
        "payments": {"data": [{"payment": {"type": "payment_intent", "payment_intent": "pi_m"}}]},
    }
    post(webhook_client, event("invoice.paid", invoice, "evt_a"))
    post(webhook_client, event("charge.refunded", refunded("ch_m", "pi_m", 500), "evt_b"))
    assert store.get_donation("m1")["refunded_pence"] == 500
    assert store.donation_totals()["refunded_pence"] == 500


def test_a_refund_of_a_payment_we_never_saw_is_ignored(webhook_client, store) -> None:
    answer = post(webhook_client, event("charge.refunded", refunded("ch_x", "pi_x", 700)))
    assert answer.status_code == 200 and answer.json()["outcome"] == "ignored"
    assert store.donation_totals() == {}


def test_unknown_events_are_acknowledged_and_ignored(webhook_client, store) -> None:
    answer = post(webhook_client, event("customer.created", {"object": "customer"}))
    assert answer.status_code == 200 and answer.json()["outcome"] == "ignored"
    assert store.donation_totals() == {}


def test_database_faults_lose_nothing_and_count_nothing_twice(webhook_client, store) -> None:
    store.client = Faulty(store.client, rate=0.5, seed=11)
    paid = {**completed_payment(amount=2500), "payment_intent": "pi_1"}
    deliveries = [
        event("checkout.session.completed", paid, "evt_1"),
        event("charge.refunded", refunded("ch_1", "pi_1", 500), "evt_2"),
        event("charge.refunded", refunded("ch_1", "pi_1", 1500), "evt_3"),
    ]
    answers = []
    for payload in deliveries:
        # Stripe redelivers until it gets a 2xx; a fault must answer 503, never 500.
        for _ in range(30):
            answer = post(webhook_client, payload)
            answers.append(answer.status_code)
            if answer.status_code == 200:
                break
    assert set(answers) == {200, 503} and answers.count(200) == 3
    assert store.client.injected  # faults did happen
    store.client = store.client._client
    donation = store.get_donation("d1")
    assert (donation["paid_pence"], donation["refunded_pence"]) == (2500, 1500)
    totals = store.donation_totals()
    assert (totals["raised_pence"], totals["refunded_pence"], totals["donations"]) == (
        2500,
        1500,
        1,
    )
