"""`./run publish`: build the site for production and put it live.

1. reads the stack's outputs (bucket, distribution, table, site URL) from CloudFormation;
2. optionally snapshots the live counts from the table, for readers without JavaScript;
3. builds with publishconf.py into output/;
4. syncs output/petitions.json into the table's petition items (so the functions know
   a new petition before its page appears);
5. uploads what changed (assets before the pages that use them), with each file's
   Content-Type and Cache-Control, and deletes what the build no longer has;
6. invalidates, on CloudFront, only the paths that changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "functions"))


def _samconfig() -> dict[str, Any]:
    return tomllib.loads((ROOT / "samconfig.toml").read_text(encoding="utf-8"))["default"]


def default_stack() -> str:
    """$STACK_NAME, else the stack samconfig.toml deploys (so CI needs no second copy)."""
    return os.environ.get("STACK_NAME") or str(_samconfig()["global"]["parameters"]["stack_name"])


def default_region() -> str:
    """$AWS_REGION (or $AWS_DEFAULT_REGION), else the region samconfig.toml deploys to."""
    return (
        os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or str(_samconfig()["deploy"]["parameters"]["region"])
    )


# Cache-Control by kind of file. Pages are short at the browser (a minute) and a little
# longer at the edge, which this command invalidates on every change anyway.
PAGE = "public, max-age=60, s-maxage=300"
ASSET = "public, max-age=3600, s-maxage=86400"
IMMUTABLE = "public, max-age=31536000, immutable"

# Files whose name carries a hash of their content: a new build writes a new name.
# Pagefind's index (en_1c71e0a.pf_fragment, pagefind.en_67231a030a.pf_meta) and any
# conventionally fingerprinted asset (site.0a1b2c3d.css).
_HASHED = (
    re.compile(r"^pagefind/.*[._][0-9a-f]{7,}\.pf_[a-z]+$"),
    re.compile(r"\.[0-9a-f]{8,}\.(?:css|js|mjs|woff2?|svg|png|jpe?g|webp|avif|gif)$"),
)
# What must change together with the pages: pages, feeds, the sitemap, data files, and
# Pagefind's entry point (it names the current hashed index).
_PAGE_SUFFIXES = (".html", ".xml", ".json", ".txt", ".webmanifest")

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pagefind": "application/octet-stream",
}

# More changed paths than this and they are grouped into one wildcard per top-level
# folder (CloudFront bills each path past 1,000 a month; a wildcard counts as one).
MAX_INVALIDATION_PATHS = 100


def content_type(key: str) -> str:
    if key.endswith(".atom.xml"):
        return "application/atom+xml; charset=utf-8"
    suffix = Path(key).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    if suffix.startswith(".pf_"):
        return "application/octet-stream"
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"


def cache_control(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if any(pattern.search(key) for pattern in _HASHED):
        return IMMUTABLE
    if name.endswith(_PAGE_SUFFIXES):
        return PAGE
    return ASSET


def is_page(key: str) -> bool:
    return key.endswith(_PAGE_SUFFIXES)


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    md5: str

    @property
    def content_type(self) -> str:
        return content_type(self.key)

    @property
    def cache_control(self) -> str:
        return cache_control(self.key)


@dataclass
class Plan:
    upload: list[LocalFile] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed_keys(self) -> list[str]:
        return sorted([f.key for f in self.upload] + self.delete)


def scan(output: Path) -> dict[str, LocalFile]:
    """Every file of the build, by its S3 key (its path under output/)."""
    files = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            key = path.relative_to(output).as_posix()
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            files[key] = LocalFile(key, path, digest)
    return files


def remote_etags(s3: Any, bucket: str) -> dict[str, str]:
    """Key -> ETag of what is live. A single-part upload's ETag is its MD5 (SSE-S3)."""
    etags = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            etags[obj["Key"]] = obj["ETag"].strip('"')
    return etags


def plan(local: Mapping[str, LocalFile], remote: Mapping[str, str], everything: bool) -> Plan:
    result = Plan()
    for key, file in local.items():
        if everything or remote.get(key) != file.md5:
            result.upload.append(file)
        else:
            result.unchanged += 1
    result.delete = sorted(set(remote) - set(local))
    # Assets first, pages last: a page never goes live before what it links to.
    result.upload.sort(key=lambda f: (is_page(f.key), f.key))
    return result


def apply(s3: Any, bucket: str, todo: Plan, workers: int = 8) -> None:
    def put(file: LocalFile) -> None:
        s3.put_object(
            Bucket=bucket,
            Key=file.key,
            Body=file.path.read_bytes(),
            ContentType=file.content_type,
            CacheControl=file.cache_control,
        )

    assets = [f for f in todo.upload if not is_page(f.key)]
    pages = [f for f in todo.upload if is_page(f.key)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in (assets, pages):
            list(pool.map(put, batch))
    for start in range(0, len(todo.delete), 1000):
        chunk = todo.delete[start : start + 1000]
        s3.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True}
        )


def invalidation_paths(keys: Iterable[str], limit: int = MAX_INVALIDATION_PATHS) -> list[str]:
    """The URLs readers use for these keys: /a/b/index.html is also /a/b/ (the
    distribution's function rewrites one to the other, and CloudFront advises
    invalidating both)."""
    paths: set[str] = set()
    for key in keys:
        paths.add("/" + key)
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + key[: -len("index.html")])
    if len(paths) > limit:
        grouped = set()
        for path in paths:
            top, slash, _rest = path[1:].partition("/")
            grouped.add(f"/{top}/*" if slash else path)
        paths = grouped if len(grouped) <= limit else {"/*"}
    return sorted(quote(p, safe="/*-._~") for p in paths)


def invalidate(cloudfront: Any, distribution_id: str, paths: list[str]) -> str | None:
    if not paths:
        return None
    response = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": f"publish-{time.time_ns()}",
        },
    )
    return str(response["Invalidation"]["Id"])


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        stacks = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        raise SystemExit(
            f"Can't read the stack {stack!r}: {error}. Fix: deploy it first "
            "(docs/deploy.md), or pass --stack with its name and check AWS_REGION."
        ) from None
    except BotoCoreError as error:
        raise SystemExit(
            f"Can't reach AWS: {error}. Fix: sign in (aws configure, or AWS_PROFILE) "
            "and set AWS_REGION to the stack's region."
        ) from None
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
    missing = {"SiteUrl", "BucketName", "DistributionId", "TableName"} - set(outputs)
    if missing:
        raise SystemExit(
            f"The stack {stack!r} has no output {', '.join(sorted(missing))}. "
            "Fix: deploy the current template.yaml (sam build && sam deploy)."
        )
    return outputs


def counts_snapshot(store: Any) -> dict[str, Any]:
    """The live counts of every petition, as the counts API answers them, for the pages
    readers see without JavaScript (publishconf's PETITION_COUNTS_FILE)."""
    from core import counts
    from core.petitions import Petition

    slugs = store.get_petition_index()
    found = store.get_petitions_and_counts(slugs)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "petitions": {
            slug: counts.petition_counts(Petition.from_item(meta), counts_item)
            for slug, (meta, counts_item) in found.items()
            if meta
        },
    }


def build(output: Path, site_url: str, counts_file: Path | None) -> None:
    env = {**os.environ, "SITE_URL": site_url, "PETITION_COUNTS_FILE": str(counts_file or "")}
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "publishconf.py", "-o", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"The site did not build, so nothing was published:\n{result.stdout[-4000:]}"
            f"\n{result.stderr[-4000:]}"
        )


def read_petitions(output: Path) -> list[dict[str, Any]]:
    path = output / "petitions.json"
    if not path.exists():
        raise SystemExit(
            f"{path} is missing: the petitions plugin writes it. Fix: check PLUGINS in "
            "pelicanconf.py includes petitions."
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["petitions"] if isinstance(data, dict) else data
    return list(items)


def publish(
    session: Any,
    stack: str,
    output: Path,
    *,
    counts: str = "table",
    dry_run: bool = False,
    everything: bool = False,
    log: Callable[[str], object] = print,
) -> Plan:
    from core.petitions import sync_petitions
    from core.store import Store

    outputs = stack_outputs(session.client("cloudformation"), stack)
    store = Store(session.client("dynamodb"), outputs["TableName"])
    with tempfile.TemporaryDirectory() as tmp:
        counts_file: Path | None = None
        if counts == "table":
            counts_file = Path(tmp) / "counts.json"
            counts_file.write_text(json.dumps(counts_snapshot(store)), encoding="utf-8")
        elif counts != "none":
            counts_file = Path(counts).resolve()
        log(f"Building {outputs['SiteUrl']} into {output} ...")
        build(output, outputs["SiteUrl"], counts_file)

    petitions = read_petitions(output)
    s3 = session.client("s3")
    todo = plan(scan(output), remote_etags(s3, outputs["BucketName"]), everything)
    paths = invalidation_paths(todo.changed_keys)
    log(
        f"{len(petitions)} petitions; {len(todo.upload)} files to upload, "
        f"{len(todo.delete)} to delete, {todo.unchanged} unchanged; "
        f"{len(paths)} paths to invalidate."
    )
    if dry_run:
        for file in todo.upload:
            log(f"  upload {file.key}  [{file.content_type}; {file.cache_control}]")
        for key in todo.delete:
            log(f"  delete {key}")
        return todo
    result = sync_petitions(store, petitions)
    if result["closed"]:
        log(f"Closed petitions no longer on the site: {', '.join(result['closed'])}")
    apply(s3, outputs["BucketName"], todo)
    invalidation = invalidate(session.client("cloudfront"), outputs["DistributionId"], paths)
    log(
        f"Published {outputs['SiteUrl']}"
        + (f" (invalidation {invalidation})" if invalidation else " (nothing changed)")
    )
    return todo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="./run publish", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--stack",
        default=default_stack(),
        help="the deployed stack's name (default: $STACK_NAME, else samconfig.toml's)",
    )
    parser.add_argument(
        "--counts",
        default="table",
        metavar="table|none|FILE",
        help="counts shown without JavaScript: a snapshot of the table (default), none "
        "(the petitions' imported counts), or a JSON file made earlier",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    parser.add_argument(
        "--all", action="store_true", help="upload every file (after changing the header rules)"
    )
    args = parser.parse_args(argv)

    import boto3

    publish(
        boto3.Session(region_name=default_region()),
        args.stack,
        args.output.resolve(),
        counts=args.counts,
        dry_run=args.dry_run,
        everything=args.all,
    )


if __name__ == "__main__":
    main()
