"""Front-matter rules: one plain function per field, each returning the problem or None.

Editors are volunteers, so every problem reads as one line that names the file,
the field and the fix, and nothing is built until every file is right.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

KINDS = ("petition", "appeal")
STATUSES = ("open", "closed")
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}. Fix: {self.fix.rstrip('.')}."


class FrontMatterError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_header(path: Path) -> dict[str, str]:
    """The `Key: value` lines before the first blank line, keys lower-cased as Pelican's."""
    header: dict[str, str] = {}
    key = None
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                break
            if key and line[:1] in (" ", "\t"):
                header[key] += " " + line.strip()
                continue
            name, sep, value = line.partition(":")
            if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
                break
            key = name.lower()
            header[key] = value.strip()
    return header


def whole_number(value: str) -> int | None:
    value = value.replace(",", "").strip()
    return int(value) if re.fullmatch(r"\d+", value) else None


def iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def yes(value: str | None) -> bool:
    return (value or "no").strip().lower() == "yes"


def targets(value: str | None) -> list[str]:
    return [t.strip() for t in (value or "").split(";") if t.strip()]


Rule = Callable[[str, Mapping[str, str]], "Problem | None"]


def title_given(path: str, meta: Mapping[str, str]) -> Problem | None:
    if meta.get("title", "").strip():
        return None
    return Problem(path, "Title", "is missing", 'add a line like "Title: Reinstate Jeremy Corbyn"')


def kind_known(path: str, meta: Mapping[str, str]) -> Problem | None:
    kind = meta.get("kind", "").strip().lower()
    if kind in KINDS:
        return None
    shown = f'"{meta["kind"]}" is not a kind we know' if "kind" in meta else "is missing"
    return Problem(path, "Kind", shown, 'write "Kind: petition" or "Kind: appeal"')


def targets_given(path: str, meta: Mapping[str, str]) -> Problem | None:
    if meta.get("kind", "").strip().lower() == "appeal" or targets(meta.get("targets")):
        return None
    return Problem(
        path,
        "Targets",
        "a petition needs at least one target",
        "name who it petitions, separated by semicolons, "
        'like "Targets: Keir Starmer; Labour Party NEC"',
    )


def goal_number(path: str, meta: Mapping[str, str]) -> Problem | None:
    if "goal" not in meta:
        return Problem(path, "Goal", "is missing", 'write the goal in digits, like "Goal: 5000"')
    goal = whole_number(meta["goal"])
    if goal is not None and goal > 0:
        return None
    return Problem(
        path,
        "Goal",
        f'"{meta["goal"]}" is not a whole number above 0',
        'write the goal in digits, like "Goal: 5000"',
    )


def status_known(path: str, meta: Mapping[str, str]) -> Problem | None:
    status = meta.get("status", "").strip().lower()
    if status in STATUSES:
        return None
    shown = f'"{meta["status"]}" is not a status we know' if "status" in meta else "is missing"
    return Problem(path, "Status", shown, 'write "Status: open" or "Status: closed"')


def opened_date(path: str, meta: Mapping[str, str]) -> Problem | None:
    value = meta.get("opened", "")
    if iso_date(value):
        return None
    shown = f'"{value}" is not a date' if value else "is missing"
    return Problem(
        path, "Opened", shown, 'write the date as year-month-day, like "Opened: 2020-03-17"'
    )


def _count_rule(field: str, example: str) -> Rule:
    def rule(path: str, meta: Mapping[str, str]) -> Problem | None:
        value = meta.get(field.lower())
        if value is None or whole_number(value) is not None:
            return None
        return Problem(
            path,
            field,
            f'"{value}" is not a whole number',
            f'write it in digits, like "{field}: {example}", or leave the line out',
        )

    rule.__name__ = f"{field.lower()}_number"
    return rule


imported_count_number = _count_rule("Imported_count", "1700")
imported_clps_number = _count_rule("Imported_clps", "450")


def _yes_no_rule(field: str) -> Rule:
    def rule(path: str, meta: Mapping[str, str]) -> Problem | None:
        value = meta.get(field.lower())
        if value is None or value.strip().lower() in YES_NO:
            return None
        return Problem(
            path, field, f'"{value}" must be yes or no', f'write "{field}: yes" or "{field}: no"'
        )

    rule.__name__ = f"{field.lower()}_yes_no"
    return rule


opened_estimated_yes_no = _yes_no_rule("Opened_estimated")
date_estimated_yes_no = _yes_no_rule("Date_estimated")
policy_yes_no = _yes_no_rule("Policy")


def article_date(path: str, meta: Mapping[str, str]) -> Problem | None:
    value = meta.get("date", "")
    if iso_date(value):
        return None
    shown = f'"{value}" is not a date' if value else "is missing"
    return Problem(
        path,
        "Date",
        shown,
        'write the date as year-month-day, like "Date: 2019-10-03" '
        '(add "Date_estimated: yes" if it is a guess)',
    )


def author_given(path: str, meta: Mapping[str, str]) -> Problem | None:
    if meta.get("author", "").strip():
        return None
    return Problem(
        path,
        "Author",
        "is missing",
        'add a line like "Author: Carla Roberts" (use "Author: Labour Left Alliance" for '
        "the LLA's own statements)",
    )


PETITION_RULES: tuple[Rule, ...] = (
    title_given,
    kind_known,
    targets_given,
    goal_number,
    status_known,
    opened_date,
    opened_estimated_yes_no,
    imported_count_number,
    imported_clps_number,
    policy_yes_no,
)
ARTICLE_RULES: tuple[Rule, ...] = (title_given, article_date, author_given, date_estimated_yes_no)
PAGE_RULES: tuple[Rule, ...] = (title_given, date_estimated_yes_no)


def check(path: str, meta: Mapping[str, str], rules: tuple[Rule, ...]) -> list[Problem]:
    return [p for rule in rules if (p := rule(path, meta)) is not None]
