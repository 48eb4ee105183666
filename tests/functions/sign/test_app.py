"""The sign function over HTTP: a plain form and sign.js's JSON, each answer in the contract."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from core.errors import Unavailable
from core.store import Store

from tests.functions.asgi import Client
from tests.functions.helpers import SITE, signer
from tests.functions.markup import parse

URL = "/api/petitions/appeal/signatures"


def stored(store: Store, slug: str = "appeal") -> list[dict[str, Any]]:
    return list(store.signatures(slug))


def form_of(html: str) -> Any:
    return parse(html).find("form", id="sign-form")


# --- success ----------------------------------------------------------------------------


def test_plain_form_redirects_to_the_thank_you_page_and_stores_a_pending_signature(
    sign_client, store, personal, sent
) -> None:
    answer = sign_client.post(URL, data=signer(personal))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/appeal/thanks/"
    [signature] = stored(store)
    assert signature["status"] == "pending"
    assert signature["name"] == "Ann Example0"
    assert signature["email"] == "ann.example0@example.org"
    assert signature["postcode"] == "SW1A 1AA"
    assert signature["clp"] == "E14001172"  # worked out from the postcode
    assert signature["member"] == "member"
    assert signature["consent"] == "2026-11-v1" and signature["signed_at"]
    assert signature["no_sharing"] is False and signature["public"] is False
    assert "ip" in signature and "203.0.113.9" not in str(signature)
    [email] = sent()
    assert email["to"] == "ann.example0@example.org"
    assert "Appeal for a democratic Labour Left Alliance" in email["subject"]
    assert f"{SITE}/api/confirm?t=appeal." in email["body"]


def test_json_answers_202_with_where_to_go_next(sign_client, store, personal) -> None:
    values: dict[str, Any] = signer(personal, contact="yes", public="yes")
    values.update(no_sharing=True, contact=True, public=True, started=None)
    answer = sign_client.post("/api/petitions/reinstate-jeremy-corbyn/signatures", json=values)
    assert answer.status_code == 202
    assert answer.json() == {
        "ok": True,
        "next": "/petitions/reinstate-jeremy-corbyn/thanks/",
        "message": "Check your email: we've sent you a link to confirm your signature.",
    }
    [signature] = stored(store, "reinstate-jeremy-corbyn")
    assert signature["no_sharing"] is True and signature["contact"] is True
    assert signature["public"] is True


def test_a_chosen_constituency_wins_over_the_postcode(sign_client, store, personal) -> None:
    sign_client.post(URL, data=signer(personal, clp="E14001352"))  # Manchester Central
    assert stored(store)[0]["clp"] == "E14001352"


def test_northern_ireland_postcode_with_a_chosen_seat(sign_client, store, personal) -> None:
    answer = sign_client.post(URL, data=signer(personal, postcode="bt1 1aa", clp="N05000001"))
    assert answer.status_code == 303
    assert stored(store)[0]["postcode"] == "BT1 1AA"
    assert stored(store)[0]["clp"] == "N05000001"


def test_outside_the_uk_needs_a_country_and_keeps_no_postcode(sign_client, store, personal) -> None:
    values = signer(personal, postcode="", outside_uk="yes", country="France")
    assert sign_client.post(URL, data=values).status_code == 303
    [signature] = stored(store)
    assert signature["country"] == "France"
    assert "postcode" not in signature and "clp" not in signature


# --- validation: one test per rule: the message, the values kept, nothing stored ----------

RULES = [
    ("name", {"name": ""}, "Enter your full name"),
    ("name", {"name": "A" * 101}, "Enter a name of 100 characters or fewer"),
    ("name", {"name": "=HYPERLINK(1)"}, "Start your name with a letter, not =, +, - or @"),
    ("name", {"name": "+44 Ann"}, "Start your name with a letter, not =, +, - or @"),
    ("name", {"name": "-Ann"}, "Start your name with a letter, not =, +, - or @"),
    ("name", {"name": "@ann"}, "Start your name with a letter, not =, +, - or @"),
    ("name", {"name": "Ann https://spam.example"}, "Enter your name without a web address"),
    ("name", {"name": "Buy cheap-pills.com now"}, "Enter your name without a web address"),
    ("name", {"name": "Ann www.example"}, "Enter your name without a web address"),
    ("name", {"name": "12345"}, "Enter your name using letters"),
    ("name", {"name": "Ann\x00Example"}, "Enter your name using letters"),
    ("email", {"email": ""}, "Enter your email address"),
    (
        "email",
        {"email": "ann@"},
        "Enter an email address in the correct format, like name@example.com",
    ),
    (
        "email",
        {"email": "ann example@x.org"},
        "Enter an email address in the correct format, like name@example.com",
    ),
    (
        "email",
        {"email": "ann@localhost"},
        "Enter an email address in the correct format, like name@example.com",
    ),
    ("email", {"email": "a" * 250 + "@x.org"}, "Enter an email address of 254 characters or fewer"),
    (
        "postcode",
        {"postcode": ""},
        "Enter your postcode, or tick \u201cI live outside the UK\u201d",
    ),
    ("postcode", {"postcode": "12345"}, "Enter a UK postcode, like SW1A 1AA"),
    ("postcode", {"postcode": "SW1A 1AAA"}, "Enter a UK postcode, like SW1A 1AA"),
    (
        "postcode",
        {"postcode": "ZZ9 9ZZ"},
        "We can't find that postcode. Check it, or choose your constituency from the list",
    ),
    (
        "clp",
        {"postcode": "BT1 1AA"},
        "Choose your constituency: we can't work it out from a Northern Ireland postcode",
    ),
    (
        "clp",
        {"postcode": "EH1 1AA"},
        "Choose your constituency: we can't work it out from that postcode",
    ),
    ("clp", {"clp": "E99999999"}, "Choose your constituency from the list"),
    (
        "country",
        {"outside_uk": "yes", "postcode": "", "country": ""},
        "Enter the country you live in",
    ),
    (
        "country",
        {"outside_uk": "yes", "postcode": "", "country": "X" * 61},
        "Enter a country name of 60 characters or fewer",
    ),
    (
        "country",
        {"outside_uk": "yes", "postcode": "", "country": "=cmd"},
        "Enter the country's name in letters, like France",
    ),
    ("member", {"member": ""}, "Choose whether you are a Labour Party member"),
    ("member", {"member": "admin"}, "Choose whether you are a Labour Party member"),
]


@pytest.mark.parametrize(("field", "change", "message"), RULES)
def test_each_rule_re_renders_the_form_with_its_message_and_the_values(
    sign_client, store, sent, personal, field, change, message
) -> None:
    values = signer(personal, **change)
    answer = sign_client.post(URL, data=values)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    form = form_of(answer.text)
    summary = form.find(class_="error-summary")
    assert not summary.has("hidden")
    assert [a.text for a in summary.find_all("a")] == [message]
    assert summary.find("a").attrs["href"] == f"#sign-{field}"
    assert form.by_id(f"sign-{field}-error").text == f"Error: {message}"
    assert "field--error" in form.find(data_field=field).classes
    # What they typed is still there, so only the mistake needs fixing.
    for kept in ("name", "email", "postcode", "country"):
        if values.get(kept) and "\x00" not in values[kept]:
            assert form.by_id(f"sign-{kept}").attrs["value"] == values[kept]
    # The re-rendered form offers every constituency, not just Northern Ireland's.
    assert len(form.by_id("sign-clp").find_all("option")) == 651
    assert stored(store) == [] and sent() == []


@pytest.mark.parametrize(("field", "change", "message"), RULES[::3])
def test_each_rule_answers_json_with_the_field_and_message(
    sign_client, store, personal, field, change, message
) -> None:
    answer = sign_client.post(URL, json=signer(personal, **change))
    assert answer.status_code == 422
    assert answer.json() == {"ok": False, "errors": {field: message}}
    assert stored(store) == []


def test_all_errors_at_once_are_listed_in_form_order(sign_client, store) -> None:
    answer = sign_client.post(URL, data={"name": "", "email": "x", "postcode": "", "member": ""})
    links = form_of(answer.text).find(class_="error-summary").find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "#sign-name",
        "#sign-email",
        "#sign-postcode",
        "#sign-member",
    ]
    assert stored(store) == []


def test_non_text_json_values_are_errors_not_crashes(sign_client, store) -> None:
    answer = sign_client.post(
        URL, json={"name": ["x"], "email": {"a": 1}, "postcode": 7, "member": None}
    )
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"name", "email", "postcode", "member"}
    assert stored(store) == []


# --- petitions that cannot be signed ------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "status", "message"),
    [
        ("no-such-petition", 404, "We can't find that petition"),
        ("Bad..slug", 404, "We can't find that petition"),
        ("old-petition", 409, "This petition has closed and is no longer taking signatures"),
    ],
)
def test_unknown_and_closed_petitions(sign_client, store, personal, slug, status, message) -> None:
    url = f"/api/petitions/{slug}/signatures"
    answer = sign_client.post(url, json=signer(personal))
    assert answer.status_code == status
    assert answer.json() == {"ok": False, "error": message}
    page = sign_client.post(url, data=signer(personal))
    assert page.status_code == status and message in parse(page.text).find("main").text
    assert stored(store, "old-petition") == []


# --- the body ---------------------------------------------------------------------------


def test_an_oversize_body_is_refused_by_its_declared_length(sign_client, store, personal) -> None:
    values = signer(personal, name="A" * 20_000)
    answer = sign_client.post(URL, data=values, headers={"accept": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["ok"] is False
    assert stored(store) == []


def test_an_oversize_body_without_a_length_is_cut_off(sign_client, store, personal) -> None:
    values = signer(personal, name="A" * 20_000)
    answer = sign_client.post(URL, json=values, headers={"content-length": "10"})
    assert answer.status_code == 413
    assert stored(store) == []


@pytest.mark.parametrize(
    "content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml", ""]
)
def test_other_content_types_are_refused(sign_client, store, content_type) -> None:
    answer = sign_client.post(
        URL, data=b"name=Ann", headers={"content-type": content_type, "accept": "application/json"}
    )
    assert answer.status_code == 415
    assert "application/x-www-form-urlencoded" in answer.json()["error"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_unreadable_json_is_a_400(sign_client, store, body) -> None:
    answer = sign_client.post(URL, data=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["ok"] is False
    assert stored(store) == []


# --- same origin ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ],
)
def test_cross_site_posts_are_refused(sign_client, store, personal, headers) -> None:
    answer = sign_client.post(URL, data=signer(personal), headers=headers)
    assert answer.status_code == 403
    assert stored(store) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": SITE},
        {"origin": SITE, "sec-fetch-site": "same-origin"},
        {"sec-fetch-site": "same-origin"},
        {},
    ],
)
def test_same_site_posts_are_accepted(sign_client, personal, headers) -> None:
    assert sign_client.post(URL, data=signer(personal), headers=headers).status_code == 303


def test_no_cors_headers_for_other_origins(sign_client, personal) -> None:
    answer = sign_client.post(
        URL, json=signer(personal), headers={"origin": "https://evil.example"}
    )
    assert not any(h.startswith("access-control-") for h in answer.headers)


# --- dedupe: the same page for everyone ---------------------------------------------------


def test_signing_twice_gives_the_same_answer_and_one_signature(
    sign_client, store, personal, sent
) -> None:
    first = sign_client.post(URL, data=signer(personal))
    again = sign_client.post(URL, data=signer(personal, email="Ann.Example0+petition@Example.org"))
    assert (first.status_code, first.headers, first.content) == (
        again.status_code,
        again.headers,
        again.content,
    )
    first_json = sign_client.post(URL, json=signer(personal, n=1))
    again_json = sign_client.post(URL, json=signer(personal, n=1))
    assert first_json.content == again_json.content
    assert len(stored(store)) == 2
    assert [m["to"] for m in sent()].count("ann.example0@example.org") == 1


# --- abuse ------------------------------------------------------------------------------


def test_the_honeypot_answers_like_success_and_keeps_nothing(
    sign_client, store, personal, sent
) -> None:
    answer = sign_client.post(URL, data=signer(personal, website="http://spam.example"))
    assert answer.status_code == 303 and answer.headers["location"] == "/appeal/thanks/"
    assert stored(store) == [] and sent() == []


def test_a_form_sent_back_too_quickly_asks_to_press_again(
    sign_client, store, personal, clock
) -> None:
    shown = str(int(clock.now * 1000) - 1000)  # one second ago
    answer = sign_client.post(URL, json=signer(personal, started=shown))
    assert answer.status_code == 429
    assert "press Sign again" in answer.json()["error"]
    page = sign_client.post(URL, data=signer(personal, started=shown))
    assert page.status_code == 429
    form = form_of(page.text)
    assert "press Sign again" in form.find(class_="error-summary").text
    assert form.by_id("sign-name").attrs["value"] == "Ann Example0"
    assert stored(store) == []
    clock.advance(5)
    assert sign_client.post(URL, data=signer(personal, started=shown)).status_code == 303


def test_too_many_from_one_network_are_refused_for_a_while(
    store, personal, settings, outbox, clock, petitions
) -> None:
    from sign.app import create_app

    settings = replace(settings, rate_limit_per_ip=3)
    client = Client(create_app(store, settings, outbox, clock=clock), base_url=SITE)
    for n in range(3):
        assert client.post(URL, json=signer(personal, n=n)).status_code == 202
    answer = client.post(URL, json=signer(personal, n=99))
    assert answer.status_code == 429
    assert 0 < int(answer.headers["retry-after"]) <= settings.rate_window_seconds
    assert len(stored(store)) == 3
    other = client.post(URL, json=signer(personal, n=100), client=("198.51.100.7", 1))
    assert other.status_code == 202
    clock.advance(settings.rate_window_seconds)
    assert client.post(URL, json=signer(personal, n=99)).status_code == 202


def test_one_ipv6_household_is_one_network(
    store, personal, settings, outbox, clock, petitions
) -> None:
    from sign.app import create_app

    client = Client(create_app(store, replace(settings, rate_limit_per_ip=2), outbox, clock=clock))
    for n, address in enumerate(["2001:db8:1:2::1", "2001:db8:1:2:ffff::9"]):
        assert client.post(URL, json=signer(personal, n=n), client=(address, 1)).status_code == 202
    assert (
        client.post(URL, json=signer(personal, n=5), client=("2001:db8:1:2::77", 1)).status_code
        == 429
    )
    assert (
        client.post(URL, json=signer(personal, n=6), client=("2001:db8:1:3::1", 1)).status_code
        == 202
    )


# --- the database failing --------------------------------------------------------------


def test_a_busy_database_answers_503_and_keeps_the_input(
    sign_client, store, personal, monkeypatch
) -> None:
    def busy(*args: Any, **kwargs: Any) -> Any:
        raise Unavailable("The database is busy")

    monkeypatch.setattr(store, "upsert_signature", busy)
    answer = sign_client.post(URL, json=signer(personal))
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "2"
    assert answer.json()["retry"] is True and answer.json()["ok"] is False
    page = sign_client.post(URL, data=signer(personal, public="yes"))
    assert page.status_code == 503 and page.headers["retry-after"] == "2"
    form = form_of(page.text)
    assert "press Sign again" in form.find(class_="error-summary").text
    assert form.by_id("sign-email").attrs["value"] == "ann.example0@example.org"
    assert form.by_id("sign-public").has("checked")
