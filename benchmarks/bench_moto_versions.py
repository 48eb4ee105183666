"""Why moto is pinned where it is: the embedded DynamoDB (tests, `./run serve`, the
organisers' benchmarks) doing our table's work, timed under each moto version side by
side. Each version gets its own environment (made once under .tools/, from PyPI).

The work is the signature path's shapes on one petition: the sign upsert (an
UpdateItem setting ~20 attributes with if_not_exists), the confirm update returning
ALL_NEW, and whole-partition reads in pages of 1,000.

    ./run bench moto_versions [--rows 1000] [--versions 5.1.22,5.2.5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"

WORK = r"""
import json, os, sys, time
os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-west-2")
import boto3, moto
from moto import mock_aws

rows = int(sys.argv[1])
fields = {f"field{j}": {"S": f"value {j} " * 3} for j in range(20)}
names = {f"#n{j}": f"field{j}" for j in range(20)}
values = {f":v{j}": fields[f"field{j}"] for j in range(20)}
sets = ", ".join(f"#n{j} = if_not_exists(#n{j}, :v{j})" for j in range(20))
with mock_aws():
    db = boto3.client("dynamodb")
    db.create_table(
        TableName="t", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
    )
    key = lambda i: {"pk": {"S": "SIG#appeal#0"}, "sk": {"S": f"{i:08d}"}}
    started = time.perf_counter()
    for i in range(rows):
        db.update_item(TableName="t", Key=key(i), UpdateExpression=f"SET {sets} ADD #s :one",
                       ExpressionAttributeNames={**names, "#s": "submissions"},
                       ExpressionAttributeValues={**values, ":one": {"N": "1"}},
                       ReturnValues="ALL_OLD")
    signed = time.perf_counter()
    for i in range(rows):
        db.update_item(TableName="t", Key=key(i), UpdateExpression="SET #st = :c",
                       ExpressionAttributeNames={"#st": "status"},
                       ExpressionAttributeValues={":c": {"S": "confirmed"}},
                       ReturnValues="ALL_NEW")
    confirmed = time.perf_counter()
    read, more = 0, {}
    while True:
        page = db.query(TableName="t", KeyConditionExpression="pk = :p", Limit=1000,
                        ExpressionAttributeValues={":p": {"S": "SIG#appeal#0"}}, **more)
        read += len(page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        more = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    done = time.perf_counter()
assert read == rows
print(json.dumps({"moto": moto.__version__,
                  "sign_ms": 1000 * (signed - started) / rows,
                  "confirm_ms": 1000 * (confirmed - signed) / rows,
                  "read_rows_s": rows / (done - confirmed)}))
"""


def environment(moto_version: str) -> Path:
    """A Python with this moto and the project's own boto3, made once."""
    home = ROOT / ".tools" / f"bench-moto-{moto_version}"
    python = home / "bin" / "python"
    if not python.exists():
        subprocess.run([str(UV), "venv", "-q", "-p", sys.executable, str(home)], check=True)
        subprocess.run(
            [str(UV), "pip", "install", "-q", "-p", str(python),
             f"moto[dynamodb]=={moto_version}", f"boto3=={version('boto3')}"],
            check=True,
        )  # fmt: skip
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--versions", default=f"{version('moto')},5.2.5")
    args = parser.parse_args()
    versions = list(dict.fromkeys(args.versions.split(",")))
    print(f"{args.rows:,} signatures on one petition; boto3 {version('boto3')}; "
          f"this project pins moto {version('moto')}")  # fmt: skip
    print(f"{'moto':>8} {'sign ms':>9} {'confirm ms':>11} {'read rows/s':>12}")
    for v in versions:
        out = subprocess.run(
            [str(environment(v)), "-c", WORK, str(args.rows)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode:
            print(f"{v:>8} failed:\n{out.stderr}")
            continue
        r = json.loads(out.stdout)
        print(f"{r['moto']:>8} {r['sign_ms']:9.2f} {r['confirm_ms']:11.2f} "
              f"{r['read_rows_s']:12,.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
