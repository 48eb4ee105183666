"""POST /api/donations: what reaches Stripe, and what the supporter sees."""

from __future__ import annotations

import pytest

URL = "/api/donations"


def gift(**overrides: str) -> dict[str, str]:
    values = {
        "amount": "10",
        "frequency": "once",
        "name": "Ann Giver",
        "email": "ann.giver@example.org",
    }
    values.update(overrides)
    return values


def test_a_one_off_gift_goes_to_checkout_with_exact_parameters(
    donate_client, stripe_http, store
) -> None:
    answer = donate_client.post(URL, data=gift())
    assert answer.status_code == 303
    assert answer.headers["location"] == "https://checkout.stripe.com/c/pay/cs_test_1"
    [sent] = stripe_http.requests
    assert sent["url"].endswith("/v1/checkout/sessions")
    params = sent["params"]
    assert params["mode"] == "payment"
    assert params["line_items"][0]["price_data"]["unit_amount"] == "1000"  # pence
    assert params["line_items"][0]["price_data"]["currency"] == "gbp"
    assert "recurring" not in params["line_items"][0]["price_data"]
    assert params["success_url"] == "http://testserver/donate/thanks/"
    assert params["cancel_url"] == "http://testserver/donate/cancelled/"
    ident = params["metadata"]["donation_id"]
    assert params["payment_intent_data"]["metadata"]["donation_id"] == ident
    assert sent["headers"]["Idempotency-Key"] == f"donation-{ident}"
    donation = store.get_donation(ident)
    assert donation["status"] == "pending" and donation["amount_pence"] == 1000


def test_a_monthly_gift_is_a_subscription(donate_client, stripe_http) -> None:
    donate_client.post(URL, data=gift(amount="other", other_amount="12.50", frequency="monthly"))
    params = stripe_http.requests[0]["params"]
    assert params["mode"] == "subscription"
    price = params["line_items"][0]["price_data"]
    assert price["unit_amount"] == "1250"
    assert price["recurring"]["interval"] == "month"
    assert params["subscription_data"]["metadata"]["donation_id"]


def test_a_double_click_asks_for_the_same_session(donate_client, stripe_http) -> None:
    donate_client.post(URL, data=gift())
    donate_client.post(URL, data=gift())
    keys = [r["headers"]["Idempotency-Key"] for r in stripe_http.requests]
    assert keys[0] == keys[1]


def test_the_script_gets_the_url_as_json(donate_client) -> None:
    answer = donate_client.post(URL, json=gift(), headers={"accept": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["next"].startswith("https://checkout.stripe.com/")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": ""}, "amount", "Choose an amount"),
        ({"amount": "other", "other_amount": "lots"}, "other_amount", "Enter an amount in pounds"),
        ({"amount": "other", "other_amount": "0.50"}, "other_amount", "smallest donation"),
        ({"amount": "other", "other_amount": "20000"}, "other_amount", "most we can take"),
        ({"frequency": "weekly"}, "frequency", "give once or every month"),
        ({"name": ""}, "name", "name"),
        ({"email": "not-an-email"}, "email", "email"),
    ],
)
def test_each_field_rule_names_the_field_and_sends_nothing(
    donate_client, stripe_http, store, overrides, field, message
) -> None:
    answer = donate_client.post(URL, json=gift(**overrides), headers={"accept": "application/json"})
    assert answer.status_code == 422
    assert message.lower() in answer.json()["errors"][field].lower()
    assert stripe_http.requests == []


def test_plain_form_errors_come_back_with_what_was_typed(donate_client, stripe_http) -> None:
    answer = donate_client.post(URL, data=gift(amount="other", other_amount="lots"))
    assert answer.status_code == 422
    assert 'id="give-other_amount-error"' in answer.text
    assert 'value="Ann Giver"' in answer.text and 'value="lots"' in answer.text
    assert stripe_http.requests == []


def test_stripe_down_keeps_the_input_and_says_try_again(donate_client, stripe_http) -> None:
    stripe_http.fail_with = 500
    answer = donate_client.post(URL, data=gift())
    assert answer.status_code == 503
    assert 'value="ann.giver@example.org"' in answer.text
    assert "press Continue again" in answer.text


def test_posts_from_other_sites_are_refused(donate_client, stripe_http) -> None:
    answer = donate_client.post(URL, data=gift(), headers={"origin": "https://evil.example"})
    assert answer.status_code == 403
    assert stripe_http.requests == []
