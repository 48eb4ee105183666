"""`campaign`: the organisers' command. It parses, calls the rules in this package, prints.

Each subcommand is a plain function of (store, arguments); the rules live in
stats.py, export.py, importing.py, chart.py, people.py and core.tally (recount).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError
from core import aws, tally
from core.constituencies import REGIONS, all_constituencies, by_gss
from core.errors import ConfigError, DomainError
from core.settings import Settings
from core.store import Store

from organise import chart, export, importing, people, stats
from organise.errors import CommandError
from organise.petitions import all_slugs, petition
from organise.progress import Progress

WHERE = """\
Which table: TABLE_NAME (or --table), with AWS's standard settings (AWS_PROFILE,
AWS_REGION). For the local store that `./run serve` starts, point at its endpoint:
  AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT LOCAL_DEV=1 AWS_DEFAULT_REGION=eu-west-2 \\
  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local ./run campaign stats
import, subject-access and erase need the email hash key: HASH_KEY or HASH_KEY_PARAMETER
(an SSM SecureString), as the functions use; LOCAL_DEV=1 uses the development key."""

# Organisers' scans run for minutes: longer timeouts and more retries than a web request.
_CLIENT_CONFIG = Config(read_timeout=30, retries={"max_attempts": 10, "mode": "adaptive"})


def connect(table: str | None, needs_hash_key: bool) -> tuple[Store, Settings]:
    env = dict(os.environ)
    # The command sends no mail and builds no links: the settings it shares with the
    # functions must not refuse to start for want of theirs.
    env["MAIL_TRANSPORT"] = "outbox"
    env.setdefault("SITE_URL", "http://localhost")
    if table:
        env["TABLE_NAME"] = table
    settings = Settings.from_env(env, fetch_parameter=aws.parameter, needs_hash_key=needs_hash_key)
    return Store(aws.client("dynamodb", _CLIENT_CONFIG), settings.table_name), settings


# --- the subcommands --------------------------------------------------------------------


def cmd_stats(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    slugs = args.slugs or all_slugs(store)
    for slug in args.slugs:
        petition(store, slug)
    rows = stats.stats(store, slugs)
    given = stats.donations(store.donation_totals())
    if args.json:
        print(json.dumps({"petitions": [r.as_json() for r in rows], "donations": given}, indent=2))
    else:
        print(stats.render(rows))
        print(stats.render_donations(given))
    return 0


def _clp(value: str) -> str:
    if by_gss(value):
        return value
    names = {c.name.casefold(): c.gss for c in all_constituencies()}
    if value.casefold() in names:
        return names[value.casefold()]
    raise CommandError(f"No constituency {value!r}. Fix: give its GSS code or exact name.")


def _region(value: str) -> str:
    for region in REGIONS:
        if region.casefold() == value.casefold():
            return region
    raise CommandError(f"No region {value!r}. Fix: use one of: {', '.join(REGIONS)}.")


def cmd_export(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    if args.slug:
        slugs = [petition(store, args.slug).slug]
    elif args.clp or args.region:
        slugs = all_slugs(store)
    else:
        raise CommandError("Export what? Fix: name a petition, or give --clp or --region.")
    selection = export.Selection(
        slugs=slugs,
        clp=_clp(args.clp) if args.clp else None,
        region=_region(args.region) if args.region else None,
        include_pending=args.include_pending,
    )
    progress = Progress("export")
    with _open(args.out, "w") as out:
        report = export.export(store, out, selection, progress)
    progress.done()
    print(f"{report.summary()} File: {args.out}")
    return 0


def cmd_import(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    target = petition(store, args.slug)
    progress = Progress("import")
    with _open(args.file, "r") as source:
        try:
            report = importing.run_import(
                store,
                target.slug,
                source,
                settings.hash_key,
                dry_run=args.dry_run,
                all_or_nothing=args.all_or_nothing,
                progress=progress,
            )
        except UnicodeDecodeError:
            raise CommandError(
                f"{args.file} is not UTF-8 text. Fix: save it as 'CSV UTF-8' and try again."
            ) from None
        except csv.Error as error:
            raise CommandError(f"{args.file} is not a readable CSV ({error}).") from None
    progress.done()
    for line in report.details():
        print(line)
    print(report.summary())
    return 1 if report.rejected else 0


def cmd_chart(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    if Path(args.out).suffix.lower() != ".svg":
        raise CommandError(f"{args.out}: charts are written as SVG. Fix: name the file *.svg.")
    target = petition(store, args.slug)
    progress = Progress("chart")
    drawing = chart.chart(store, target.slug, target.title, args.by, progress)
    progress.done()
    with _open(args.out, "w") as out:
        out.write(drawing)
    print(f"Wrote {args.out}")
    return 0


def cmd_recount(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    slugs = [petition(store, args.slug).slug] if args.slug else all_slugs(store)
    for slug in slugs:
        drift = tally.recount(store, slug, repair=not args.check)
        if drift.zero:
            print(f"{slug}: no drift (confirmed {drift.actual.get('confirmed', 0):,})")
            continue
        changes = ", ".join(f"{k} {v:+,}" for k, v in drift.differences.items())
        done = "repaired" if drift.repaired else "not repaired (--check)"
        print(f"{slug}: drift {changes}: {done}")
    return 0


def cmd_subject_access(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    held = people.subject_access(store, args.email, settings.hash_key)
    text = json.dumps(held, indent=2, sort_keys=True, default=sorted) + "\n"
    if args.out:
        with _open(args.out, "w") as out:
            out.write(text)
        print(f"Wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_erase(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    print(people.erase(store, args.email, settings.hash_key).summary())
    return 0


# --- parsing ----------------------------------------------------------------------------


def _open(path: str, mode: str) -> Any:
    try:
        return open(path, mode, encoding="utf-8-sig" if mode == "r" else "utf-8", newline="")
    except OSError as error:
        raise CommandError(f"Cannot open {path}: {error.strerror}. Fix: check the path.") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="campaign",
        description="The organisers' command: counts, exports, imports, charts, "
        "subject access and erasure.",
        epilog=WHERE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--table", help="DynamoDB table (default: TABLE_NAME)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, run: Callable, help: str, epilog: str = "", hashes: bool = False) -> Any:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(run=run, hashes=hashes)
        return p

    p = add("stats", cmd_stats, "supporters per petition, CLPs and regions")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="petitions (default: all)")
    p.add_argument("--json", action="store_true", help="print JSON")

    columns = "\n".join(f"  {k:<13} {v}" for k, v in export.COLUMNS.items())
    p = add(
        "export",
        cmd_export,
        "CSV of supporters to hand to a local group (opted-out people are never in it)",
        f"Columns:\n{columns}\nCells a spreadsheet would run as a formula start with '.",
    )
    p.add_argument("slug", nargs="?", metavar="SLUG", help="one petition (or use --clp/--region)")
    p.add_argument("--out", required=True, help="the CSV file to write")
    p.add_argument("--clp", help="only this constituency (GSS code or name), across petitions")
    p.add_argument("--region", help="only this region, across petitions")
    p.add_argument("--include-pending", action="store_true", help="add unconfirmed signatures")

    columns = "\n".join(f"  {k:<11} {v}" for k, v in importing.COLUMNS.items())
    p = add(
        "import",
        cmd_import,
        "add supporters from a CSV (another platform, a paper petition)",
        f"Columns (first line names them, any order):\n{columns}",
        hashes=True,
    )
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    p.add_argument(
        "--all-or-nothing", action="store_true", help="import nothing if any row is rejected"
    )

    p = add("chart", cmd_chart, "SVG chart of confirmed signatures by region or per day")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--out", required=True, help="the .svg file to write")
    p.add_argument("--by", choices=("region", "day"), default="region")

    p = add("recount", cmd_recount, "rebuild counts from the signatures; print and repair drift")
    p.add_argument("slug", nargs="?", metavar="SLUG", help="one petition (default: all)")
    p.add_argument("--check", action="store_true", help="report drift only; change nothing")

    p = add(
        "subject-access",
        cmd_subject_access,
        "everything held about one person, as JSON",
        hashes=True,
    )
    p.add_argument("email", metavar="EMAIL")
    p.add_argument("--out", help="write the JSON here instead of standard output")

    p = add(
        "erase",
        cmd_erase,
        "delete one person's signatures on every petition (counts fall accordingly)"
        " and anonymise their donations",
        hashes=True,
    )
    p.add_argument("email", metavar="EMAIL")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        store, settings = connect(args.table, needs_hash_key=args.hashes)
        return int(args.run(store, settings, args))
    except (CommandError, ConfigError, DomainError) as error:
        return _fail(args.command, str(error))
    except NoRegionError:
        return _fail(args.command, "No AWS region. Fix: set AWS_REGION or use an AWS_PROFILE.")
    except NoCredentialsError:
        return _fail(args.command, "No AWS credentials. Fix: set AWS_PROFILE (aws sso login).")
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code == "ResourceNotFoundException":
            return _fail(args.command, "No such table. Fix: check TABLE_NAME or --table.")
        return _fail(args.command, f"DynamoDB refused: {code}.")
    except BotoCoreError as error:
        return _fail(args.command, f"Cannot reach DynamoDB ({type(error).__name__}).")


def _fail(command: str, message: str) -> int:
    print(f"campaign {command}: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
