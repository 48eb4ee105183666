"""Checks every content file's front matter before Pelican builds anything.

Pelican itself skips a file with a bad date and carries on, so a typo would
quietly take a page off the site. This plugin stops the build instead, with one
line per problem naming the file, the field and the fix.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import slugify

from . import rules

__all__ = ["check_content", "register", "rules"]

RESERVED = {
    "petitions/index.html": "the list of petitions",
    "affiliates/index.html": "the list of affiliates",
    "404.html": "the page-not-found page",
}


def _files(root: Path, folders: list[str]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        found.extend(sorted((root / folder).rglob("*.md")))
    return [f for f in found if f.name != "README.md"]


def _slug(meta: dict[str, str], settings: dict[str, Any]) -> str:
    return meta.get("slug") or slugify(
        meta.get("title", ""), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )


def check_content(settings: dict[str, Any], project: Path) -> list[rules.Problem]:
    """Every problem in every article, page and petition, in file order."""
    root = Path(settings["PATH"])
    problems: list[rules.Problem] = []
    claimed: dict[str, str] = {settings["INDEX_SAVE_AS"]: "the news page", **RESERVED}
    petition_slugs: dict[str, str] = {}

    def shown(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(project.resolve()))
        except ValueError:
            return str(path)

    def claim(path: str, save_as: str, field: str) -> None:
        owner = claimed.setdefault(save_as, path)
        if owner != path:
            problems.append(
                rules.Problem(
                    path,
                    field,
                    f"its address /{save_as.removesuffix('index.html')} is already used by {owner}",
                    'give it another slug, like "Slug: a-different-name"',
                )
            )

    groups = (
        ("article", settings.get("ARTICLE_PATHS", []), rules.ARTICLE_RULES),
        ("page", settings.get("PAGE_PATHS", []), rules.PAGE_RULES),
        ("petition", settings.get("PETITION_PATHS", []), rules.PETITION_RULES),
    )
    for kind, folders, group_rules in groups:
        for file in _files(root, folders):
            path = shown(file)
            meta = rules.read_header(file)
            found = rules.check(path, meta, group_rules)
            problems.extend(found)
            if found or meta.get("status", "").lower() == "draft":
                continue
            slug = _slug(meta, settings)
            if kind == "article":
                date = rules.iso_date(meta["date"])
                save_as = settings["ARTICLE_SAVE_AS"].format(slug=slug, date=date)
            elif kind == "page":
                save_as = meta.get("save_as") or settings["PAGE_SAVE_AS"].format(slug=slug)
            else:
                if slug in petition_slugs:
                    problems.append(
                        rules.Problem(
                            path,
                            "Slug",
                            f'"{slug}" is already the slug of {petition_slugs[slug]}',
                            'give each petition its own slug, like "Slug: a-different-name"',
                        )
                    )
                    continue
                petition_slugs[slug] = path
                appeal = meta.get("kind", "").lower() == "appeal"
                save_as = f"{slug}/index.html" if appeal else f"petitions/{slug}/index.html"
            claim(path, save_as, "Slug")
    return problems


def _check(pelican: Any) -> None:
    problems = check_content(pelican.settings, Path.cwd())
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"The site was not built: {len(problems)} problem(s) in the front matter above.",
            file=sys.stderr,
        )
        # SystemExit, not an exception: Pelican logs exceptions with a traceback,
        # which would bury the one line an editor needs.
        raise SystemExit(1)


def register() -> None:
    signals.initialized.connect(_check)
