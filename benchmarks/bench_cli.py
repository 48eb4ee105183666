"""The organisers' command over many signatures on the embedded store (moto's server,
as `./run serve` runs it, in its own process): wall time, rows/s and the command's peak
Python memory (tracemalloc, so moto's own memory is not counted) at each table size, side
by side, to show whether memory grows with rows (it should not: reads hold one query
page of PAGE_SIZE items, import holds one row). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_cli.py [ROWS ...] [--only export,import,...]
    (default sizes: 5000 20000; commands: export recount chart stats import)

For each size the `appeal` petition is seeded to ROWS signatures (BatchWriteItem), read
by export/recount/chart/stats, and a CSV of ROWS new people is imported into a petition
of its own. moto handles a few hundred items a second here (it sorts the whole table
for every query page and serialises item by item), so 100,000 rows take about an hour.
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
COMMANDS = ("export", "recount", "chart", "stats", "import")


def paper(size: int) -> dict:
    """The petition each size's import fills, so every import adds all its rows."""
    return {**PETITION, "slug": f"paper-{size}", "title": "Paper", "url": f"paper-{size}/"}


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


def bench(sizes: list[int], only: tuple[str, ...] = COMMANDS) -> None:
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
        sync_petitions(Store(client, TABLE), [PETITION, *(paper(size) for size in sizes)])
        warm = paper(sizes[0])["slug"]  # first runs load modules and data: not measured
        for name in ("export", "recount", "chart", "stats"):
            args = {"export": ["--out", str(out)], "chart": ["--out", str(out) + ".svg"]}
            command(name, warm, *args.get(name, []))()
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
                for n in range(size):
                    f.write(f"Paper Signer,paper{size}.{n}@example.org,E14001172,member,,\n")
            runs = {
                "export": command("export", SLUG, "--out", str(out)),
                "recount": command("recount", SLUG),
                "chart": command("chart", SLUG, "--out", str(out.with_suffix(".svg"))),
                "stats": command("stats", SLUG),
                "import": command("import", paper(size)["slug"], str(sheet)),
            }
            for name in only:
                seconds, peak = measure(runs[name])
                rate = f"{size / seconds:>9,.0f}" if name != "stats" else f"{'-':>9}"
                print(f"{size:>8} {name:<10} {seconds:>8.2f} {rate} {peak:>8.1f}", flush=True)
    print(
        "\nrows/s: signatures read (export, recount, chart) or written (import: one"
        " conditional put each) per second: moto's speed, not DynamoDB's."
        "\nstats reads the counts items only. peak MB: tracemalloc's peak in the command's"
        " process; reads hold one page of PAGE_SIZE items, import one row, so it should"
        " not grow with rows."
    )


def arguments(argv: list[str]) -> tuple[list[int], tuple[str, ...]]:
    only = COMMANDS
    if "--only" in argv:
        at = argv.index("--only")
        only = tuple(argv[at + 1].split(","))
        argv = argv[:at] + argv[at + 2 :]
        unknown = set(only) - set(COMMANDS)
        if unknown:
            raise SystemExit(f"--only: unknown {', '.join(sorted(unknown))}; use {COMMANDS}")
    return [int(a) for a in argv] or [5_000, 20_000], only


if __name__ == "__main__":
    bench(*arguments(sys.argv[1:]))
