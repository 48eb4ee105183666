"""CSV exports for local and regional groups, keeping the sharing promise by construction.

The sign form's wording (core/consent.py) says data goes to local and regional groups
unless the person ticked "Don't share my details" (`no_sharing`), and that emails about
LLA campaigns go only to those who ticked "Email me" (`contact`). So: anyone who opted
out of sharing, or whose choice is not recorded, is never written; the email column is
filled only for those who opted in to contact; unconfirmed signatures are left out
unless asked for. Rows stream from the table to the file, one page at a time.
"""

from __future__ import annotations

import csv
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from core.constituencies import by_gss
from core.store import SHARDS, Store

from organise.progress import Progress

# Column -> what it holds: `campaign export --help` prints this.
COLUMNS: dict[str, str] = {
    "petition": "the petition's short name (slug)",
    "name": "full name, as typed",
    "email": "email address, only if they ticked 'Email me about LLA campaigns'",
    "constituency": "Westminster constituency (their CLP); blank if abroad or unknown",
    "clp_code": "the constituency's GSS code",
    "region": "the constituency's region",
    "member": "Labour Party membership, as they stated it",
    "status": "confirmed, or pending (only with --include-pending)",
    "signed_at": "when they signed (UTC, ISO 8601)",
    "source": "web, or import (added from another platform or a paper petition)",
}
_READ = (
    "kind",
    "status",
    "name",
    "email",
    "clp",
    "member",
    "no_sharing",
    "contact",
    "signed_at",
    "source",
)
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


@dataclass
class ExportReport:
    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        reasons = {
            "no_sharing": "opted out of sharing with local groups",
            "no_choice": "no sharing choice recorded",
            "pending": "not confirmed their signature (use --include-pending)",
            "duplicate": "already in the file from another petition",
        }
        parts = [f"{n:,} {reasons[r]}" for r, n in sorted(self.left_out.items()) if n]
        left = f"; left out {sum(self.left_out.values()):,}: " + "; ".join(parts) if parts else ""
        return f"Wrote {self.written:,} supporters{left}."


@dataclass(frozen=True)
class Selection:
    slugs: list[str]
    clp: str | None = None
    region: str | None = None
    include_pending: bool = False


def _place(item: dict[str, Any]) -> tuple[str, str, str]:
    gss = item.get("clp") or ""
    constituency = by_gss(gss) if gss else None
    if constituency is None:
        return "", gss, ""
    return constituency.name, gss, constituency.region


def _wanted(item: dict[str, Any], selection: Selection) -> bool:
    if selection.clp is None and selection.region is None:
        return True
    _name, gss, region = _place(item)
    if selection.clp is not None and gss != selection.clp:
        return False
    return selection.region is None or region == selection.region


def _merged(store: Store, slugs: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(slug, signature) for every petition, shard by shard, each shard's petitions
    merged in email-key order: a person's signatures come next to each other (their
    shard is the same on every petition), so repeats are found without remembering."""

    def shard_of(slug: str, shard: int) -> Iterator[tuple[str, dict[str, Any]]]:
        for item in store.signatures(slug, _READ, shards=[shard]):
            yield slug, item

    for shard in range(SHARDS):
        # merge is stable: a person on several petitions is written from the first.
        parts = [shard_of(slug, shard) for slug in slugs]
        yield from heapq.merge(*parts, key=lambda pair: pair[1]["sk"])


def rows(
    store: Store, selection: Selection, report: ExportReport, progress: Progress | None = None
) -> Iterator[list[str]]:
    last = ""  # the last person written: repeats across petitions arrive together
    for slug, item in _merged(store, selection.slugs):
        if progress:
            progress.step()
        if item.get("kind") != "signature" or not _wanted(item, selection):
            continue
        status = item.get("status")
        if status != "confirmed" and not (selection.include_pending and status == "pending"):
            report.left_out["pending"] += 1
            continue
        sharing = item.get("no_sharing")
        if sharing is not False:
            report.left_out["no_sharing" if sharing else "no_choice"] += 1
            continue
        if item["sk"] == last:
            report.left_out["duplicate"] += 1
            continue
        last = item["sk"]
        constituency, gss, region = _place(item)
        report.written += 1
        yield [
            slug,
            str(item.get("name") or ""),
            str(item.get("email") or "") if item.get("contact") is True else "",
            constituency,
            gss,
            region,
            str(item.get("member") or ""),
            str(status),
            str(item.get("signed_at") or ""),
            str(item.get("source") or "web"),
        ]


def write(out: TextIO, data: Iterable[list[str]]) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([neutralise(cell) for cell in row])


def export(
    store: Store, out: TextIO, selection: Selection, progress: Progress | None = None
) -> ExportReport:
    report = ExportReport()
    write(out, rows(store, selection, report, progress))
    return report
