"""A viral hour squeezed into seconds: many supporters at once, some signing twice, then
everyone confirming at once (some pressing twice). Every person is stored once and
counted once, in the right CLP, and nobody sees a server error.

The full size, 2,000 submissions, takes about two minutes here: moto spends ~40 ms
parsing each sign upsert (`./run bench moto_versions`), and the store's calls are applied
one at a time as DynamoDB applies writes to an item. VIRAL_SUBMISSIONS=200 gives the
same races, fewer of them, in about fifteen seconds while working on this path.
"""

from __future__ import annotations

import os
import random
from collections import Counter

from core.store import Store

from dev.streams import StreamPump
from tests.functions.asgi import Client
from tests.functions.viral.common import (
    Atomic,
    count_attributes,
    in_parallel,
    post_sign,
    stored,
    supporter,
    tokens_in,
)

SUBMISSIONS = int(os.environ.get("VIRAL_SUBMISSIONS", "2000"))
DUPLICATES = 0.3
CONFIRMING = 0.8  # the share of people who follow their email's link
TWICE = 0.25  # of those, the share who press the button twice


def test_concurrent_signing_and_confirming_stores_and_counts_each_person_once(
    sign_client: Client,
    confirm_client: Client,
    store: Store,
    pump: StreamPump,
    personal,
    sent,
) -> None:
    store.client = Atomic(store.client)
    chance = random.Random(2019)
    unique = int(SUBMISSIONS * (1 - DUPLICATES))
    people = [supporter(personal, n) for n in range(unique)]
    # Each duplicate is someone signing again: the same email, from the same place.
    order = list(range(unique)) + [chance.randrange(unique) for _ in range(SUBMISSIONS - unique)]
    chance.shuffle(order)

    answers = in_parallel(
        [
            lambda n=n, i=i: post_sign(sign_client, people[n], n, as_json=i % 2 == 0)
            for i, n in enumerate(order)
        ]
    )
    statuses = Counter(a.status_code for a in answers)
    assert set(statuses) <= {202, 303}, statuses

    signatures = stored(store)
    assert len(signatures) == unique
    assert len({s["email"] for s in signatures}) == unique
    # Every submission was counted on its signature, none lost in a race.
    assert sum(int(s["submissions"]) for s in signatures) == SUBMISSIONS

    tokens = tokens_in(sent())
    by_person = sorted(set(tokens))
    assert len(by_person) == unique
    confirming = set(chance.sample(by_person, int(unique * CONFIRMING)))
    clicks = [t for t in tokens if t in confirming]  # every email of theirs, followed
    clicks += [t for t in sorted(confirming) if chance.random() < TWICE]
    chance.shuffle(clicks)
    confirmed = in_parallel(
        [lambda t=t: confirm_client.post("/api/confirm", data={"t": t}) for t in clicks]
    )
    outcomes = Counter(a.status_code for a in confirmed)
    assert set(outcomes) <= {200, 303}, outcomes
    # Exactly one press per person confirms; every other press says "already".
    assert outcomes[303] == len(confirming)

    pump.drain()
    counts = count_attributes(store.get_counts("appeal", consistent=True))
    assert counts["confirmed"] == len(confirming)
    assert counts["pending"] == unique - len(confirming)
    per_clp = {k: v for k, v in counts.items() if k.startswith("clp_")}
    assert sum(per_clp.values()) == counts["confirmed"]
    expected = Counter(f"clp_{s['clp']}" for s in stored(store) if s["status"] == "confirmed")
    assert per_clp == dict(expected)
