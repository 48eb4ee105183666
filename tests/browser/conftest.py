"""The whole local stack for browser tests: the built site, the functions' routes,
moto's DynamoDB server and the stream pump, served by uvicorn on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM_ARGS  # noqa: F401  (the launch flags live there)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Stack:
    url: str
    store: Any
    outbox: Path
    pump: Any

    def mail(self) -> list[dict[str, Any]]:
        from core.mail import messages

        return messages(self.outbox)

    def wait_for_mail(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(found := self.mail()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return found


def _moto_server(port: int) -> subprocess.Popen[bytes]:
    """moto in its own process: the functions' tests use moto's in-process mock, and
    the two would share (and reset) one in-memory backend."""
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("moto's server did not start")


@pytest.fixture(scope="package")
def stack(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    import uvicorn
    from botocore.session import get_session
    from core.mail import OutboxMailer
    from core.settings import Settings
    from core.store import Store

    from dev import server
    from dev.streams import STREAMS_CONFIG

    moto_port, port = _free_port(), _free_port()
    moto = _moto_server(moto_port)
    endpoint = f"http://127.0.0.1:{moto_port}"
    outbox = tmp_path_factory.mktemp("outbox")
    settings = Settings.from_env(
        {
            "LOCAL_DEV": "1",
            "TABLE_NAME": "browser-tests",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "OUTBOX_DIR": str(outbox),
            # A person types faster than the bot check allows; a test types faster still.
            "MIN_FILL_SECONDS": "0",
        }
    )
    session = get_session()
    client = session.create_client("dynamodb", endpoint_url=endpoint, region_name="eu-west-2")
    streams = session.create_client(
        "dynamodbstreams", endpoint_url=endpoint, region_name="eu-west-2", config=STREAMS_CONFIG
    )
    store = Store(client, settings.table_name)
    server.ensure_table(client, settings.table_name)
    server.sync(store, built_site)
    pump = server.start_tally(store, streams)
    app = server.create_app(
        built_site, store=store, settings=settings, mailer=OutboxMailer(outbox, settings.mail_from)
    )
    web = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    while not web.started:
        time.sleep(0.05)
    yield Stack(f"http://127.0.0.1:{port}", store, outbox, pump)
    web.should_exit = True
    thread.join(timeout=5)
    pump.stop()
    moto.terminate()
    moto.wait(timeout=10)


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()
