"""Cold start: the time each function module takes to import and build its handler (what
Lambda's init phase spends), against a FastAPI hello-world in Mangum with boto3, as the
median of fresh processes. Target: each function <= 0.65x the FastAPI figure.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 5] [--fastapi-python PATH]

The FastAPI baseline needs fastapi, mangum and boto3, which the project does not use:
the script makes a throwaway environment for them in var/fastapi-venv with the
project's pinned uv on first run (or pass --fastapi-python).
Both sides build the same thing after import: the ASGI app, Mangum around it and one
DynamoDB client (botocore for the functions, boto3 for FastAPI). No AWS is called.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.65
MODULES = ("sign.app", "confirm.app", "counts.app", "tally.app", "mailevents.app")

FUNCTION = """
import time
started = time.perf_counter()
import importlib
module = importlib.import_module({module!r})
module.handler.build()
print(time.perf_counter() - started)
"""

FASTAPI = """
import time
started = time.perf_counter()
import boto3
from fastapi import FastAPI
from mangum import Mangum
app = FastAPI()

@app.get("/")
def hello() -> dict:
    return {"hello": "world"}

handler = Mangum(app, lifespan="off")
client = boto3.client("dynamodb")
print(time.perf_counter() - started)
"""

ENV = {
    "LOCAL_DEV": "1",
    "TABLE_NAME": "campaign-bench",
    "SITE_URL": "http://localhost:8000",
    "AWS_DEFAULT_REGION": "eu-west-2",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    # As deployed: sign builds its SES client too (creating one calls nothing).
    "MAIL_TRANSPORT": "ses",
    "MAIL_FROM": "petitions@example.org",
}


def once(python: str, code: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(ENV)
    env["OUTBOX_DIR"] = "/tmp/bench-cold-start-outbox"
    result = subprocess.run(
        [python, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{python} failed:\n{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1])


def median(python: str, code: str, runs: int) -> float:
    once(python, code)  # warm the disk cache and .pyc files, as a deployed package has them
    return statistics.median(once(python, code) for _ in range(runs))


BASELINE = ROOT / "var" / "fastapi-venv"


def make_baseline() -> None:
    uv = str(ROOT / ".tools" / "bin" / "uv")
    quiet = {"check": False, "capture_output": True}
    subprocess.run([uv, "venv", "--python", sys.executable, str(BASELINE)], **quiet)
    python = str(BASELINE / "bin" / "python")
    subprocess.run(
        [uv, "pip", "install", "--python", python, "fastapi", "mangum", "boto3"], **quiet
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fastapi-python", default=str(BASELINE / "bin" / "python"))
    args = parser.parse_args()
    if not Path(args.fastapi_python).exists() and args.fastapi_python.startswith(str(BASELINE)):
        make_baseline()
    modules = [
        m for m in MODULES if (ROOT / "functions" / m.replace(".", "/")).with_suffix(".py").exists()
    ]
    baseline = None
    if Path(args.fastapi_python).exists():
        baseline = median(args.fastapi_python, FASTAPI, args.runs)
    print(f"median of {args.runs} fresh processes: import + build handler (ms)")
    if baseline is None:
        print(f"FastAPI baseline: {args.fastapi_python} not found (see this file's docstring)")
    else:
        print(f"{'FastAPI + Mangum + boto3':26} {baseline * 1000:8.1f}")
    print(f"{'function':26} {'ms':>8} {'ratio':>7} {'target':>7}")
    for module in modules:
        took = median(sys.executable, FUNCTION.format(module=module), args.runs)
        ratio = f"{took / baseline:7.2f}" if baseline else "      -"
        verdict = "" if baseline is None else ("ok" if took / baseline <= TARGET else "MISSED")
        print(f"{module:26} {took * 1000:8.1f} {ratio} {TARGET:7.2f} {verdict}")


if __name__ == "__main__":
    main()
