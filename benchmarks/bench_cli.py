"""The organisers' command over many signatures on the embedded store (moto's server,
as `./run serve` runs it, in its own process): wall time, rows/s and the command's peak
Python memory (tracemalloc, so moto's own memory is not counted) for recount, stats,
export and chart, at two table sizes to show whether memory grows with rows (it should
not: rows stream one page at a time). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_cli.py [ROWS ...]     (default: 5000 20000)

moto reads about 300-500 signatures/s on this machine (its serialisation, not ours),
so 100,000 rows would take over half an hour: the default sizes are smaller and the
note at the end extrapolates. Seeding uses BatchWriteItem (25 items a call).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]

from botocore.session import get_session  # noqa: E402
from core.consent import CONSENT_VERSION  # noqa: E402
from core.constituencies import all_constituencies  # noqa: E402
from core.petitions import sync_petitions  # noqa: E402
from core.store import SHARDS, Store, signature_pk, to_item  # noqa: E402
from organise.__main__ import main  # noqa: E402

from dev.schema import create_table  # noqa: E402

# moto parses update expressions recursively: recount's repair sets ~650 attributes.
SERVER = (
    "import sys; sys.setrecursionlimit(20000); from moto.server import main; "
    "main(['-H', '127.0.0.1', '-p', sys.argv[1]])"
)

TABLE = "campaign-bench"
SLUG = "appeal"
PETITION = {
    "slug": SLUG,
    "title": "Appeal",
    "kind": "appeal",
    "status": "open",
    "goal": 5000,
    "url": "appeal/",
}


def signature(n: int, clps: list[str], rng: random.Random) -> dict:
    key = f"{rng.getrandbits(128):032x}"
    return {
        "pk": signature_pk(SLUG, int(key[:8], 16) % SHARDS),
        "sk": key,
        "kind": "signature",
        "status": "confirmed" if rng.random() < 0.9 else "pending",
        "name": f"Supporter Number{n}",
        "email": f"supporter{n}@example.org",
        "postcode": "SW1A 1AA",
        "clp": rng.choice(clps),
        "member": "member",
        "no_sharing": rng.random() < 0.2,
        "contact": rng.random() < 0.6,
        "public": False,
        "consent": CONSENT_VERSION,
        "signed_at": f"2026-11-{1 + n % 28:02d}T10:00:00Z",
        "source": "web",
    }


def seed(client, start: int, stop: int, rng: random.Random) -> float:
    clps = [c.gss for c in all_constituencies()]
    began = time.perf_counter()
    batch: list[dict] = []
    for n in range(start, stop):
        batch.append({"PutRequest": {"Item": to_item(signature(n, clps, rng))}})
        if len(batch) == 25 or n == stop - 1:
            pending = {TABLE: batch}
            while pending:
                pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems")
            batch = []
    return time.perf_counter() - began


def measure(run: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MB) of one command, traced in this process only (moto runs apart)."""
    tracemalloc.start()
    began = time.perf_counter()
    run()
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def command(*args: str) -> Callable[[], object]:
    def run() -> object:
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(list(args))
        if code:
            raise SystemExit(f"campaign {' '.join(args)} failed ({code})")
        return code

    return run


def bench(sizes: list[int]) -> None:
    os.environ.update(
        TABLE_NAME=TABLE,
        AWS_DEFAULT_REGION="eu-west-2",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        LOCAL_DEV="1",  # the development hash key: import hashes emails
    )
    rng = random.Random(7)
    out = Path(tempfile.mkdtemp()) / "export.csv"
    with moto_server() as endpoint:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
        client = get_session().create_client("dynamodb", region_name="eu-west-2")
        create_table(client, TABLE)
        sync_petitions(Store(client, TABLE), [PETITION])
        seeded = 0
        print(f"{'rows':>8} {'command':<10} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
        for size in sizes:
            took = seed(client, seeded, size, rng)
            print(
                f"{size:>8} {'seed':<10} {took:>8.1f} {(size - seeded) / took:>9,.0f}", flush=True
            )
            seeded = size
            sheet = out.with_name(f"import-{size}.csv")
            with sheet.open("w", newline="") as f:
                f.write("name,email,clp,member,no_sharing,contact\n")
                for n in range(size // 10):
                    f.write(f"Paper Signer,paper{size}.{n}@example.org,E14001172,member,,\n")
            for name, run in (
                ("import", command("import", SLUG, str(sheet))),
                ("recount", command("recount", SLUG)),
                ("stats", command("stats", SLUG)),
                ("export", command("export", SLUG, "--out", str(out))),
                ("chart", command("chart", SLUG, "--out", str(out.with_suffix(".svg")))),
            ):
                seconds, peak = measure(run)
                rows = size // 10 if name == "import" else size
                rate = f"{rows / seconds:>9,.0f}" if name != "stats" else f"{'-':>9}"
                print(f"{size:>8} {name:<10} {seconds:>8.2f} {rate} {peak:>8.1f}", flush=True)
    print(
        "\nimport writes size/10 new rows from a CSV (one conditional put each);"
        "\nrows/s: signatures read per second, which is moto's speed (it rebuilds a whole"
        " partition for each page), not DynamoDB's. stats reads the counts items only."
        "\npeak MB: tracemalloc's peak in the command's process. Rows stream one query page"
        " at a time, so memory is bounded by a page (DynamoDB's 1 MB), not by the row count;"
        "\nbelow ~60,000 rows a shard's page still holds all its rows, so it rises with size"
        " up to that bound."
    )


if __name__ == "__main__":
    bench([int(a) for a in sys.argv[1:]] or [5_000, 20_000])
