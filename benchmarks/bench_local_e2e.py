"""Signatures per second end to end on the local stack: HTTP form posts to the same
app `./run serve` runs (uvicorn, the sign function, moto's DynamoDB server in its own
process, the stream pump playing the tally), from concurrent clients.

    .venv/bin/python benchmarks/bench_local_e2e.py [--seconds 15] [--clients 8]

This measures the local stand-ins (moto above all), not AWS: it tells a developer
what the laptop can take, and that counts keep up exactly under load.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    sys.setrecursionlimit(5000)
    # moto accepts any credentials; botocore needs some to sign with.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")

    import uvicorn
    from botocore.session import get_session
    from core.mail import OutboxMailer
    from core.settings import Settings
    from core.store import Store

    from dev import server
    from dev.streams import STREAMS_CONFIG

    tmp = Path(tempfile.mkdtemp())
    site = tmp / "output"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "-s",
            "pelicanconf.py",
            "-o",
            str(site),
            "-e",
            f'CACHE_PATH="{tmp}/cache"',
            "SEARCH_ENABLED=false",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    moto_port, port = free_port(), free_port()
    moto = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        endpoint = f"http://127.0.0.1:{moto_port}"
        settings = Settings.from_env(
            {
                "LOCAL_DEV": "1",
                "TABLE_NAME": "bench",
                "SITE_URL": f"http://127.0.0.1:{port}",
                "OUTBOX_DIR": str(tmp / "outbox"),
                "MIN_FILL_SECONDS": "0",
                "RATE_LIMIT_PER_IP": "1000000",
            }
        )
        session = get_session()
        client = session.create_client("dynamodb", endpoint_url=endpoint, region_name="eu-west-2")
        streams = session.create_client(
            "dynamodbstreams", endpoint_url=endpoint, region_name="eu-west-2", config=STREAMS_CONFIG
        )
        store = Store(client, settings.table_name)
        server.ensure_table(client, settings.table_name)
        server.sync(store, site)
        pump = server.start_tally(store, streams)
        app = server.create_app(
            site, store=store, settings=settings, mailer=OutboxMailer(tmp / "outbox")
        )
        web = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False)
        )
        threading.Thread(target=web.run, daemon=True).start()
        while not web.started:
            time.sleep(0.05)

        url = f"http://127.0.0.1:{port}/api/petitions/appeal/signatures"
        opener = urllib.request.build_opener(_NoRedirect)
        counter = iter(range(10**9))
        lock = threading.Lock()
        latencies: list[float] = []
        errors = 0
        refused: dict[int, int] = {}
        deadline = time.perf_counter() + args.seconds

        def client_loop() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter)
                body = urllib.parse.urlencode(
                    {
                        "name": "Bench Person",
                        "email": f"bench{n}@example.org",
                        "postcode": "SW1A 1AA",
                        "clp": "E14001172",
                        "member": "member",
                    }
                ).encode()
                request = urllib.request.Request(
                    url, data=body, headers={"Origin": f"http://127.0.0.1:{port}"}
                )
                started = time.perf_counter()
                try:
                    opener.open(request, timeout=30)
                    status = 200
                except urllib.error.HTTPError as error:
                    status = error.code
                took = time.perf_counter() - started
                with lock:
                    if status == 303:
                        latencies.append(took)
                    else:
                        errors += 1
                        refused[status] = refused.get(status, 0) + 1

        began = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            for _ in range(args.clients):
                pool.submit(client_loop)
        elapsed = time.perf_counter() - began
        stored = len(latencies)
        caught_up = time.perf_counter()
        while int(store.get_counts("appeal", consistent=True).get("pending", 0)) < stored:
            if time.perf_counter() - caught_up > 120:
                break
            time.sleep(0.2)
        lag = time.perf_counter() - caught_up
        pending = int(store.get_counts("appeal", consistent=True).get("pending", 0))
        latencies.sort()
        print(f"{args.clients} clients for {elapsed:.1f} s against the local stack (moto)")
        print(f"signatures accepted (303): {stored}  refused/failed: {errors} {refused or ''}")
        print(f"throughput: {stored / elapsed:.1f} signatures/s")
        if latencies:
            p50 = latencies[len(latencies) // 2] * 1000
            p95 = latencies[int(len(latencies) * 0.95)] * 1000
            print(f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms")
        print(
            f"tally caught up {lag:.1f} s after the last post; pending counted "
            f"{pending} of {stored} ({'exact' if pending == stored else 'NOT exact'})"
        )
        web.should_exit = True
        pump.stop()
    finally:
        moto.terminate()


if __name__ == "__main__":
    main()
