"""DynamoDB throttling and failing on a share of calls: every supporter ends up stored
and counted exactly once, and every failure they meet is a 503 with Retry-After that
keeps what they typed, so pressing Sign again is all it takes."""

from __future__ import annotations

import html
from typing import Any

import pytest
from botocore.exceptions import ClientError
from core.errors import Unavailable
from core.store import Store
from core.tally import recount

from dev.streams import StreamPump
from tests.functions.asgi import Client, Response
from tests.functions.faults import Faulty
from tests.functions.viral.common import (
    count_attributes,
    in_parallel,
    post_sign,
    stored,
    supporter,
    tokens_in,
)

PEOPLE = 32
RATE = 0.3
TRIES = 25


def _check_busy(answer: Response, values: dict[str, str], as_json: bool) -> None:
    assert answer.status_code == 503
    assert int(answer.headers["retry-after"]) >= 1
    if as_json:
        assert answer.json()["retry"] is True
    else:
        # The form comes back with what they typed: only the button needs pressing.
        page = html.unescape(answer.text)
        assert f'value="{values["name"]}"' in page
        assert f'value="{values["email"]}"' in page
        assert "Your details are still here" in page


def _sign_until_accepted(client: Client, values: dict[str, str], n: int) -> int:
    as_json = n % 2 == 0
    for attempt in range(1, TRIES + 1):
        answer = post_sign(client, values, n, as_json=as_json)
        if answer.status_code in (202, 303):
            return attempt
        _check_busy(answer, values, as_json)
    raise AssertionError(f"supporter {n} still refused after {TRIES} tries")


def _drain(pump: StreamPump) -> int:
    """As Lambda does: a failed delivery is retried, whole, from the same position."""
    failures = 0
    while True:
        try:
            pump.drain()
            return failures
        except Unavailable:
            failures += 1
            assert failures < 50, "the tally never got through"


def test_every_signature_is_stored_and_counted_once_through_throttling(
    sign_client: Client, store: Store, pump: StreamPump, personal: Any, sent: Any
) -> None:
    people = [supporter(personal, n) for n in range(PEOPLE)]
    sign_client.post("/api/petitions/appeal/signatures", data={})  # the petition is cached
    faulty = Faulty(store.client, RATE)
    store.client = faulty

    attempts = in_parallel(
        [lambda n=n: _sign_until_accepted(sign_client, people[n], n) for n in range(PEOPLE)],
        workers=8,
    )
    assert max(attempts) > 1, "no fault reached a supporter: the test tested nothing"
    assert faulty.injected.get("update_item", 0) > 0

    tally_failures = _drain(pump)
    faulty.rate = 0
    signatures = stored(store)
    assert sorted(s["email"] for s in signatures) == sorted(p["email"] for p in people)
    counts = count_attributes(store.get_counts("appeal", consistent=True))
    assert counts == {"pending": PEOPLE}
    assert recount(store, "appeal").zero
    print(f"injected {faulty.injected}, tally retried {tally_failures} deliveries")


def test_the_tally_counts_confirmations_once_through_throttling(
    sign_client: Client, confirm_client: Client, store: Store, pump: StreamPump, personal, sent
) -> None:
    people = [supporter(personal, n) for n in range(PEOPLE)]
    in_parallel([lambda n=n: post_sign(sign_client, people[n], n) for n in range(PEOPLE)])
    tokens = sorted(set(tokens_in(sent())))
    healthy = store.client
    faulty = Faulty(healthy, RATE, seed=11)
    pump.batch_size = 4  # many small deliveries: many chances to fail part-way

    def confirm(batch: list[str]) -> None:
        store.client = healthy  # confirming under faults has its own test below
        for token in batch:
            assert confirm_client.post("/api/confirm", data={"t": token}).status_code == 303
        store.client = faulty

    confirm(tokens[: PEOPLE // 2])
    first = _drain(pump)
    confirm(tokens[PEOPLE // 2 :])
    second = _drain(pump)
    store.client = healthy
    assert faulty.injected.get("update_item", 0) > 0 and first + second > 0
    drift = recount(store, "appeal")
    assert drift.zero, drift.differences
    assert drift.stored["confirmed"] == PEOPLE
    assert drift.stored.get("pending", 0) == 0


def test_a_throttled_confirmation_answers_503_and_the_link_still_works(
    sign_client: Client, confirm_client: Client, store: Store, personal, sent
) -> None:
    values = supporter(personal, 0)
    post_sign(sign_client, values, 0)
    [token] = tokens_in(sent())
    confirm_client.get(f"/api/confirm?t={token}")  # the petition is cached
    store.client = Faulty(store.client, rate=1.0, seed=1)
    store.client._chance.random = lambda: 0.5  # a throttle, never applied
    try:
        answer = confirm_client.post("/api/confirm", data={"t": token})
    except Unavailable:
        pytest.fail("Unavailable escaped the confirm app (a 500 to the supporter)")
    assert answer.status_code == 503
    assert int(answer.headers["retry-after"]) >= 1
    store.client.rate = 0
    assert confirm_client.post("/api/confirm", data={"t": token}).status_code == 303


def test_a_cold_function_that_cannot_read_the_petition_still_keeps_the_input(
    sign_client: Client, store: Store, personal
) -> None:
    values = supporter(personal, 0)
    store.client = Faulty(store.client, rate=1.0, seed=1)
    store.client._chance.random = lambda: 0.5  # every call throttled
    answer = post_sign(sign_client, values, 0)
    _check_busy(answer, values, as_json=False)


class _SuppressionReadFails:
    """The suppression list cannot be read for the first `times` submissions."""

    def __init__(self, client: Any, times: int) -> None:
        self._client = client
        self.meta = client.meta
        self.left = times

    def __getattr__(self, name: str) -> Any:
        call = getattr(self._client, name)

        def maybe_fail(*args: Any, **kwargs: Any) -> Any:
            key = kwargs.get("Key", {}).get("pk", {}).get("S", "")
            if name == "get_item" and key.startswith("SUPPRESS#") and self.left > 0:
                self.left -= 1
                raise ClientError(
                    {"Error": {"Code": "ThrottlingException", "Message": "injected"}}, name
                )
            return call(*args, **kwargs)

        return maybe_fail


def test_a_supporter_refused_three_times_still_gets_a_confirmation_link(
    sign_client: Client, store: Store, personal, sent
) -> None:
    values = supporter(personal, 0)
    sign_client.post("/api/petitions/appeal/signatures", data={})  # the petition is cached
    store.client = _SuppressionReadFails(store.client, times=3)
    answers = [post_sign(sign_client, values, 0).status_code for _ in range(4)]
    assert answers == [503, 503, 503, 303]
    assert len(tokens_in(sent())) == 1, "the accepted submission sent no confirmation link"
