"""The counts endpoints: what sign.js and the CDN read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.functions.confirm.test_app import signed
from tests.functions.helpers import signer

LIVE = "public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400"


def confirm_all(confirm_client: Any, tokens: list[str]) -> None:
    for token in tokens:
        assert confirm_client.post("/api/confirm", data={"t": token}).status_code == 303


def test_a_new_petition_counts_its_imported_supporters(counts_client) -> None:
    answer = counts_client.get("/api/petitions/appeal")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == LIVE
    assert answer.json() == {
        "slug": "appeal",
        "status": "open",
        "goal": 5000,
        "confirmed": 0,
        "imported": 1700,
        "total": 1700,
        "distinct_clps": 450,
        "clps": {},
        "regions": {},
        "recent": [],
        "updated_at": None,
    }


def test_only_confirmed_signatures_count_per_clp_and_region(
    sign_client, confirm_client, counts_client, sent, personal, pump
) -> None:
    tokens = [signed(sign_client, sent, personal, n) for n in range(3)]
    sign_client.post(
        "/api/petitions/appeal/signatures",
        data={
            "name": "Bo Manc",
            "email": "bo@example.org",
            "postcode": "M1 1AE",
            "member": "not_member",
            "public": "yes",
        },
    )
    personal.add("Bo Manc", "bo@example.org")
    tokens.append(sent()[-1]["body"].split("t=")[1].split()[0])
    confirm_all(confirm_client, tokens[1:])  # the first stays unconfirmed
    pump.drain()
    data = counts_client.get("/api/petitions/appeal").json()
    assert data["confirmed"] == 3
    assert data["total"] == 1703
    assert data["clps"] == {"E14001172": 2, "E14001352": 1}
    assert data["regions"] == {"London": 2, "North West": 1}
    assert data["recent"] == [{"first_name": "Bo", "area": "Manchester Central"}]
    assert data["updated_at"]


def test_distinct_clps_counts_live_clps_when_there_is_no_imported_figure(
    sign_client, confirm_client, counts_client, sent, personal, pump
) -> None:
    url = "/api/petitions/reinstate-jeremy-corbyn/signatures"
    tokens = []
    for n, postcode in enumerate(["SW1A 1AA", "M1 1AE", "CF10 1EP"]):
        sign_client.post(url, data=signer(personal, n=n, postcode=postcode))
        tokens.append(sent()[-1]["body"].split("t=")[1].split()[0])
    confirm_all(confirm_client, tokens)
    pump.drain()
    data = counts_client.get("/api/petitions/reinstate-jeremy-corbyn").json()
    assert data["distinct_clps"] == 3
    assert data["total"] == 2908 + 3


def test_totals_add_up_every_petition(
    sign_client, confirm_client, counts_client, sent, personal, pump
) -> None:
    confirm_all(confirm_client, [signed(sign_client, sent, personal)])
    pump.drain()
    answer = counts_client.get("/api/totals")
    assert answer.headers["cache-control"] == LIVE
    assert answer.json() == {
        "total": 1701 + 2908,
        "distinct_clps": 450,
        "petitions": {"appeal": 1701, "reinstate-jeremy-corbyn": 2908, "old-petition": 0},
    }


@pytest.mark.parametrize("slug", ["nope", "UPPER", "a" * 200])
def test_an_unknown_petition_is_404(counts_client, slug) -> None:
    answer = counts_client.get(f"/api/petitions/{slug}")
    assert answer.status_code == 404
    assert answer.json() == {"error": "We can't find that petition"}


def test_postcode_lookup_finds_the_constituency(counts_client) -> None:
    answer = counts_client.get("/api/postcodes/sw1a1aa")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=86400, s-maxage=86400"
    assert answer.json() == {
        "postcode": "SW1A 1AA",
        "nation": "England",
        "constituency": {
            "gss": "E14001172",
            "name": "Cities of London and Westminster",
            "region": "London",
        },
    }


def test_northern_ireland_postcodes_ask_for_a_seat(counts_client) -> None:
    assert counts_client.get("/api/postcodes/BT1%201AA").json() == {
        "postcode": "BT1 1AA",
        "nation": "Northern Ireland",
        "constituency": None,
    }


@pytest.mark.parametrize(
    ("postcode", "status", "error"),
    [
        ("hello", 422, "Enter a UK postcode, like SW1A 1AA"),
        (
            "ZZ9%209ZZ",
            404,
            "We can't find that postcode. Check it, or choose your constituency from the list",
        ),
        (
            "EH1%201AA",
            404,
            "We can't find that postcode. Check it, or choose your constituency from the list",
        ),
    ],
)
def test_postcodes_that_cannot_be_placed(counts_client, postcode, status, error) -> None:
    answer = counts_client.get(f"/api/postcodes/{postcode}")
    assert (answer.status_code, answer.json()) == (status, {"error": error})


def test_constituencies_lists_all_650_for_a_day(counts_client) -> None:
    answer = counts_client.get("/api/constituencies")
    assert answer.headers["cache-control"] == "public, max-age=86400, s-maxage=86400"
    data = answer.json()
    assert len(data) == 650
    assert {"gss": "N05000001", "name": "Belfast East", "region": "Northern Ireland"} in data
    assert set(data[0]) == {"gss", "name", "region"}
