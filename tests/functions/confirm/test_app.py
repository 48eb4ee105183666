"""Confirming: the emailed link shows a button (GET changes nothing), the button confirms once."""

from __future__ import annotations

from typing import Any

import pytest
from core import tokens

from tests.functions.helpers import HASH_KEY, SITE, signer
from tests.functions.markup import parse

SIGN = "/api/petitions/appeal/signatures"


def statuses(store: Any) -> str:
    [signature] = store.signatures("appeal")
    return str(signature["status"])


def signed(sign_client: Any, sent: Any, personal: Any, n: int = 0) -> str:
    """Sign, and return the confirmation link's token from the email."""
    assert sign_client.post(SIGN, data=signer(personal, n=n)).status_code == 303
    body = sent()[-1]["body"]
    link = next(line for line in body.splitlines() if line.startswith(f"{SITE}/api/confirm?t="))
    return link.split("t=", 1)[1]


def test_the_link_shows_a_button_and_does_not_confirm(
    sign_client, confirm_client, store, sent, personal, counts
) -> None:
    token = signed(sign_client, sent, personal)
    page = confirm_client.get(f"/api/confirm?t={token}")
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    html = parse(page.text)
    assert "Appeal for a democratic Labour Left Alliance" in html.find("main").text
    form = html.find("form", class_="confirm-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/api/confirm"
    assert form.find("input", name="t").attrs["value"] == token
    assert form.find("button").text == "Confirm my signature"
    assert statuses(store) == "pending"
    assert counts().get("confirmed", 0) == 0


def test_the_button_confirms_once_and_the_count_goes_up_once(
    sign_client, confirm_client, store, sent, personal, counts
) -> None:
    token = signed(sign_client, sent, personal)
    first = confirm_client.post("/api/confirm", data={"t": token})
    assert first.status_code == 303
    assert first.headers["location"] == "/appeal/confirmed/"
    [signature] = store.signatures("appeal")
    assert signature["status"] == "confirmed" and signature["confirmed_at"]
    assert "expires_at" not in signature  # confirmed signatures do not expire
    assert counts()["confirmed"] == 1
    again = confirm_client.post("/api/confirm", data={"t": token})
    assert again.status_code == 200
    assert "You have already confirmed your signature" in parse(again.text).find("h1").text
    assert counts()["confirmed"] == 1


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1],  # cut short by a mail client
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # altered
        lambda t: "appeal." + "0" * 32 + "." + "0" * 32,  # forged
        lambda t: "",
        lambda t: "x" * 5000,
    ],
)
def test_a_broken_link_is_refused_clearly(
    sign_client, confirm_client, store, sent, personal, mangle
) -> None:
    token = mangle(signed(sign_client, sent, personal))
    page = (
        confirm_client.get("/api/confirm", headers={})
        if not token
        else confirm_client.get(f"/api/confirm?t={token}")
    )
    assert page.status_code == 400
    assert "Open it again from your email" in page.text
    answer = confirm_client.post("/api/confirm", data={"t": token})
    assert answer.status_code == 400
    assert statuses(store) == "pending"


def test_a_link_for_a_deleted_signature_has_expired(confirm_client, store, petitions) -> None:
    token = tokens.make("appeal", "0" * 32, HASH_KEY)
    answer = confirm_client.post("/api/confirm", data={"t": token})
    assert answer.status_code == 404
    assert "This link has expired" in parse(answer.text).find("h1").text
    assert list(store.signatures("appeal")) == []


def test_a_link_for_an_unknown_petition(confirm_client, petitions) -> None:
    token = tokens.make("gone", "0" * 32, HASH_KEY)
    assert confirm_client.get(f"/api/confirm?t={token}").status_code == 404
    assert confirm_client.post("/api/confirm", data={"t": token}).status_code == 404


def test_a_confirmation_posted_from_another_site_is_refused(
    sign_client, confirm_client, store, sent, personal
) -> None:
    token = signed(sign_client, sent, personal)
    answer = confirm_client.post(
        "/api/confirm", data={"t": token}, headers={"origin": "https://evil.example"}
    )
    assert answer.status_code == 403
    assert statuses(store) == "pending"


def test_a_confirmation_must_be_the_form(confirm_client, petitions) -> None:
    answer = confirm_client.post("/api/confirm", json={"t": "x"})
    assert answer.status_code == 415
