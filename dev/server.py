"""`./run serve`: the site and its forms on one port, with no AWS account.

The built site is served as CloudFront serves it; /api/* goes to the same
Starlette apps the Lambda functions wrap; DynamoDB is moto's server running in
this process (or whatever AWS_ENDPOINT_URL_DYNAMODB names); a thread plays the
part of the stream -> tally event source mapping; mail lands in an outbox shown
at /__outbox/.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from dev.site import ROOT, LiveReload, Site, build

if TYPE_CHECKING:
    from core.mail import Mailer
    from core.settings import Settings
    from core.store import Store

    from dev.streams import StreamPump

OUTPUT = ROOT / "output"
VAR = ROOT / "var"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def local_environment(port: int) -> None:
    """What the functions read in production, with local stand-ins. Set before any
    client or settings object is made, since both read the environment once."""
    defaults = {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "LOCAL_DEV": "1",
        "TABLE_NAME": "campaign",
        "SITE_URL": f"http://localhost:{port}",
        "MAIL_TRANSPORT": "outbox",
        "OUTBOX_DIR": str(VAR / "outbox"),
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


def start_dynamodb() -> str:
    """moto's DynamoDB (with Streams) on a free loopback port, unless one is named."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    if not endpoint:
        from moto.server import ThreadedMotoServer

        # moto parses update expressions recursively: the tally's 200-term ADD (which
        # DynamoDB accepts) goes deeper than Python's default 1,000 frames.
        sys.setrecursionlimit(5000)
        # werkzeug would log every call the functions and the stream pump make.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        port = _free_port()
        ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
        endpoint = f"http://127.0.0.1:{port}"
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
    os.environ.setdefault("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", endpoint)
    return endpoint


def ensure_table(client: Any, name: str) -> None:
    from dev import schema

    if name not in client.list_tables()["TableNames"]:
        schema.create_table(client, name)


def sync(store: Any, output: Path) -> None:
    from core.petitions import sync_petitions

    records = json.loads((output / "petitions.json").read_text(encoding="utf-8"))
    sync_petitions(store, records)


_URL = re.compile(r"https?://[^\s<>&]+")


def outbox_page(directory: Path) -> str:
    from core.mail import messages

    items = []
    for message in reversed(messages(directory)):
        body = _URL.sub(
            lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html.escape(message["body"])
        )
        items.append(
            f"<article class='card'><h2>{html.escape(message['subject'])}</h2>"
            f"<p>To: {html.escape(message['to'])}</p><pre>{body}</pre></article>"
        )
    listing = (
        "\n".join(items)
        or "<p>No mail yet. Sign a petition and the confirmation email appears here.</p>"
    )
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<title>Outbox (local)</title>"
        "<link rel='stylesheet' href='/theme/css/site.css'></head><body><main class='wrap main'>"
        "<h1>Outbox</h1><p>Mail the functions sent while running locally, newest first. "
        "Nothing here left this machine.</p>" + listing + "</main></body></html>"
    )


def create_app(
    output: Path,
    *,
    store: Store,
    settings: Settings,
    mailer: Mailer,
    live_reload: LiveReload | None = None,
) -> Starlette:
    """One ASGI app: the functions' routes, the local tools, then the static site."""
    from confirm.app import create_app as confirm_app
    from counts.app import create_app as counts_app
    from donate.app import create_app as donate_app
    from donate.webhook import create_app as webhook_app
    from sign.app import create_app as sign_app

    apps = [
        sign_app(store, settings, mailer),
        confirm_app(store, settings),
        counts_app(store, settings),
        donate_app(store, settings),
        webhook_app(store, settings),
    ]
    if settings.uses_local_checkout:
        from donate import fakestripe

        apps.append(fakestripe.create_app(settings.site_url, settings.stripe_webhook_secret))
    routes: list[BaseRoute] = [route for app in apps for route in app.routes]

    async def show_outbox(request: Request) -> Response:
        page = outbox_page(settings.outbox_dir)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    routes.append(Route("/__outbox/", show_outbox))
    if live_reload is not None:
        routes.append(Route("/__livereload", live_reload.endpoint))
    routes.append(Mount("/", app=Site(output, live_reload=live_reload is not None)))
    return Starlette(routes=routes)


def start_tally(store: Store, streams: Any = None) -> StreamPump:
    """Play Lambda's stream event source: new signatures reach the counts within a second."""
    from tally.app import create_handler

    from dev.streams import StreamPump, streams_client

    pump = StreamPump(store.client, streams or streams_client(), store.table, create_handler(store))
    pump.start()
    return pump


def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = True) -> None:
    import uvicorn

    local_environment(port)
    print("Building the site...", file=sys.stderr)
    if not build(OUTPUT):
        raise SystemExit(
            "The site did not build: fix the problems above and run ./run serve again."
        )
    endpoint = start_dynamodb()

    from core import runtime
    from tally.app import create_handler

    from dev.streams import StreamPump, streams_client

    settings = runtime.settings()
    store = runtime.store(settings)
    ensure_table(store.client, settings.table_name)
    sync(store, OUTPUT)
    pump = StreamPump(store.client, streams_client(), settings.table_name, create_handler(store))
    pump.start()

    live = LiveReload() if reload else None
    stop = threading.Event()
    if live is not None:
        threading.Thread(
            target=live.watch, args=(OUTPUT, lambda: sync(store, OUTPUT), stop), daemon=True
        ).start()
    app = create_app(
        OUTPUT, store=store, settings=settings, mailer=runtime.mailer(settings), live_reload=live
    )
    print(
        f"\n  The site with its forms: http://localhost:{port}/\n"
        f"  Mail sent (confirmation links): http://localhost:{port}/__outbox/\n"
        f"  DynamoDB (moto, in memory): {endpoint}\n"
        "  Press Ctrl+C to stop.\n",
        file=sys.stderr,
    )
    try:
        # No access log: request paths carry postcodes and confirmation tokens.
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        stop.set()
        pump.stop()
