"""Fixtures for the functions: moto's DynamoDB with the template's table, the apps, the
stream pump and a clock the tests move (the personal-data log guard is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.session import get_session
from core import mail
from core.mail import OutboxMailer
from core.petitions import sync_petitions
from core.settings import Settings
from core.store import Store
from moto import mock_aws

from dev.schema import create_table
from dev.streams import StreamPump, streams_client
from tests.functions.asgi import Client
from tests.functions.helpers import HASH_KEY, PETITIONS, SITE, TABLE, Clock

# --- AWS (moto) -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def botocore_session() -> Any:
    """One session for the run: each new one reloads botocore's models (~0.1 s)."""
    return get_session()


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def dynamodb(aws: None, botocore_session: Any) -> Any:
    client = botocore_session.create_client("dynamodb", region_name="eu-west-2")
    create_table(client, TABLE)
    return client


@pytest.fixture
def store(dynamodb: Any) -> Store:
    return Store(dynamodb, TABLE)


@pytest.fixture
def petitions(store: Store) -> list[dict[str, Any]]:
    sync_petitions(store, PETITIONS)
    return PETITIONS


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox_dir(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def outbox(outbox_dir: Path) -> OutboxMailer:
    return OutboxMailer(outbox_dir, "LLA <petitions@example.org>")


@pytest.fixture
def sent(outbox_dir: Path) -> Any:
    """Call it to read the outbox's messages so far."""
    return lambda: mail.messages(outbox_dir)


@pytest.fixture
def settings(outbox_dir: Path) -> Settings:
    return Settings(
        table_name=TABLE,
        site_url=SITE,
        hash_key=HASH_KEY,
        local_dev=True,
        outbox_dir=outbox_dir,
        petition_cache_seconds=0,
    )


@pytest.fixture
def sign_app(
    store: Store, settings: Settings, outbox: OutboxMailer, clock: Clock, petitions: Any
) -> Any:
    from sign.app import create_app

    return create_app(store, settings, outbox, clock=clock)


@pytest.fixture
def sign_client(sign_app: Any) -> Client:
    return Client(sign_app, base_url=SITE)


@pytest.fixture
def confirm_client(store: Store, settings: Settings, clock: Clock, petitions: Any) -> Client:
    from confirm.app import create_app

    return Client(create_app(store, settings, clock=clock), base_url=SITE)


@pytest.fixture
def counts_client(store: Store, settings: Settings, petitions: Any) -> Client:
    from counts.app import create_app

    return Client(create_app(store, settings), base_url=SITE)


@pytest.fixture
def pump(dynamodb: Any, store: Store, botocore_session: Any) -> StreamPump:
    """The stream -> tally path, drained by hand: `pump.drain()`."""
    from tally.app import create_handler

    streams = streams_client(botocore_session, region_name="eu-west-2")
    return StreamPump(dynamodb, streams, TABLE, create_handler(store))


@pytest.fixture
def counts(store: Store, pump: StreamPump) -> Any:
    """Drain the stream, then return a petition's counts item."""

    def read(slug: str = "appeal") -> dict[str, Any]:
        pump.drain()
        return store.get_counts(slug, consistent=True)

    return read
