"""Affiliated organisations, from one YAML file, listed by region on /affiliates/."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from frontmatter.rules import Problem
from pelican import signals
from pelican.generators import Generator

__all__ = ["REGIONS", "Affiliate", "AffiliatesGenerator", "load", "register"]

REGIONS = (
    "National",
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
TYPE_LABELS = {
    "national": "National organisation",
    "local": "Local group",
    "momentum": "Momentum group",
}


@dataclass(frozen=True)
class Affiliate:
    name: str
    type: str
    region: str
    place: str = ""

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


def _problems(path: str, number: int, entry: Any) -> list[Problem]:
    where = f"{path}: entry {number}"
    if not isinstance(entry, dict):
        return [Problem(where, "name", "is not a name/type/region entry", "copy an entry above")]
    problems = []
    if not str(entry.get("name") or "").strip():
        problems.append(Problem(where, "name", "is missing", 'add "name: Camden Momentum"'))
    if entry.get("type") not in TYPE_LABELS:
        problems.append(
            Problem(
                where,
                "type",
                f'"{entry.get("type", "")}" is not a type we know',
                "write national, local or momentum",
            )
        )
    if entry.get("region") not in REGIONS:
        problems.append(
            Problem(
                where,
                "region",
                f'"{entry.get("region", "")}" is not a region we know',
                "write one of: " + ", ".join(REGIONS),
            )
        )
    return problems


def load(file: Path, shown: str) -> list[Affiliate]:
    """The affiliates in file order; every problem printed and the build stopped if any."""
    entries = yaml.safe_load(file.read_text(encoding="utf-8")) or []
    problems = [p for n, e in enumerate(entries, start=1) for p in _problems(shown, n, e)]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1)
    return [
        Affiliate(
            name=str(e["name"]).strip(),
            type=e["type"],
            region=e["region"],
            place=str(e.get("place") or "").strip(),
        )
        for e in entries
    ]


def by_region(affiliates: list[Affiliate]) -> list[tuple[str, list[Affiliate]]]:
    return [
        (region, members)
        for region in REGIONS
        if (members := [a for a in affiliates if a.region == region])
    ]


class AffiliatesGenerator(Generator):
    def generate_context(self) -> None:
        name = self.settings.get("AFFILIATES_FILE")
        affiliates = load(Path(self.path) / name, f"content/{name}") if name else []
        self.context["affiliates"] = affiliates
        self.context["affiliates_by_region"] = by_region(affiliates)

    def generate_output(self, writer: Any) -> None:
        writer.write_file(
            "affiliates/index.html",
            self.get_template("affiliates"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url="affiliates/",
        )


def _generator(pelican: Any) -> type[Generator]:
    return AffiliatesGenerator


def register() -> None:
    signals.get_generators.connect(_generator)
