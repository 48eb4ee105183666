"""Hostile and broken input at the sign endpoint: whatever arrives, the answer is never a
server error, and a refusal (4xx) leaves nothing behind in the table or the outbox."""

from __future__ import annotations

import itertools
import json
from typing import Any

from core.forms import FIELDS
from core.store import Store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.functions.asgi import Client
from tests.functions.viral.common import URL, address

NAMES = [*FIELDS, "website", "started", "outside_uk"]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,  # no .hypothesis/ folder left in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=1200)
    | st.sampled_from(["yes", "on", "SW1A 1AA", "a@b.org", "E14001172", "member", "1e309"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
objects = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=12), values, max_size=12)
# A valid-looking core that the fuzzed fields then overwrite, so validation is reached.
baseline = {
    "name": "Fuzz Person",
    "email": "fuzz.person@example.org",
    "postcode": "SW1A 1AA",
    "member": "member",
}

_ip = itertools.count()


def _writes(store: Store) -> int:
    return store.meter.by_operation["sign"]


def _check(answer: Any, store: Store, sent: Any, writes: int, mails: int) -> None:
    assert answer.status_code < 500, answer.text[:300]
    if answer.status_code >= 400:
        assert _writes(store) == writes, "a refused submission was stored"
        assert len(sent()) == mails, "a refused submission sent an email"


@FUZZ
@given(body=objects, keep_core=st.booleans())
def test_any_json_object_is_answered_without_a_server_error(
    sign_client: Client, store: Store, sent: Any, body: dict[str, Any], keep_core: bool
) -> None:
    sent_body = {**baseline, **body} if keep_core else body
    before, mails = _writes(store), len(sent())
    answer = sign_client.post(URL, json=sent_body, client=address(next(_ip)))
    _check(answer, store, sent, before, mails)


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=600),
        values.map(lambda v: json.dumps(v).encode()),
        st.lists(st.tuples(st.sampled_from(NAMES), st.text(max_size=60)), max_size=80).map(
            lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "surrogatepass")
        ),
    ),
    kind=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/json",
            "application/json; charset=latin-1",
            "text/plain",
            "multipart/form-data; boundary=x",
            "",
        ]
    ),
)
def test_any_bytes_under_any_content_type_are_answered_without_a_server_error(
    sign_client: Client, store: Store, sent: Any, body: bytes, kind: str
) -> None:
    before, mails = _writes(store), len(sent())
    answer = sign_client.post(
        URL, data=body, headers={"content-type": kind}, client=address(next(_ip))
    )
    _check(answer, store, sent, before, mails)


def test_an_oversize_body_is_refused_with_413_whether_or_not_its_size_is_declared(
    sign_client: Client, store: Store, sent: Any
) -> None:
    padding = "x" * 20_000
    form = {**baseline, "name": "Big Person", "note": padding}
    answers = [
        sign_client.post(URL, data=form),
        sign_client.post(URL, json=form),
        # No Content-Length (a chunked upload): the limit holds while reading.
        sign_client.post(URL, data=form, headers={"content-length": ""}),
        sign_client.post(URL, json=form, headers={"content-length": ""}),
    ]
    assert [a.status_code for a in answers] == [413, 413, 413, 413]
    assert answers[1].json() == {
        "ok": False,
        "error": "That form is too large to be a signature. Check what you entered and try again.",
    }
    assert _writes(store) == 0 and sent() == []
