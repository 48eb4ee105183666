"""The 650 Westminster constituencies (July 2024 boundaries): one per Constituency Labour Party."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# The order the site lists regions in (the contract's affiliates order, minus "National").
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)


@dataclass(frozen=True, slots=True)
class Constituency:
    gss: str
    name: str
    region: str
    nation: str


@functools.cache
def all_constituencies() -> tuple[Constituency, ...]:
    """All 650, ordered by region (REGIONS) then name; loaded once, on first use."""
    with (DATA / "constituencies.csv").open(encoding="utf-8", newline="") as f:
        return tuple(Constituency(**row) for row in csv.DictReader(f))


@functools.cache
def _by_gss() -> dict[str, Constituency]:
    return {c.gss: c for c in all_constituencies()}


def by_gss(gss: str) -> Constituency | None:
    return _by_gss().get(gss)


def grouped_by_region(nation: str | None = None) -> list[tuple[str, list[Constituency]]]:
    """(region, constituencies) in REGIONS order, optionally only one nation's."""
    groups: dict[str, list[Constituency]] = {}
    for c in all_constituencies():
        if nation is None or c.nation == nation:
            groups.setdefault(c.region, []).append(c)
    return list(groups.items())
