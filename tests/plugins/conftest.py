"""A tiny real site per test: one petition, one article, one page, built by Pelican."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site

PETITION = """Title: Save our libraries
Slug: save-our-libraries
Kind: petition
Targets: Anytown Council; Labour Group
Goal: 500
Status: open
Opened: 2024-05-01
Imported_count: 12
Summary: Keep every branch library open.

Keep every branch library open.
"""

ARTICLE = """Title: A meeting in Anytown
Date: 2024-05-02
Author: Ann Editor
Tags: libraries

Forty people came.[^1]

[^1]: Counted at the door.
"""

PAGE = """Title: About us
Slug: about

Who we are.
"""

AFFILIATES = """- name: Anytown Labour Left
  type: local
  region: London
  place: Anytown
"""


class TinySite:
    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.output = root / "output"
        for folder, name, text in (
            ("petitions", "save-our-libraries.md", PETITION),
            ("articles", "meeting.md", ARTICLE),
            ("pages", "about.md", PAGE),
            ("data", "affiliates.yaml", AFFILIATES),
        ):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
            (self.content / folder / name).write_text(text, encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def build(self, **settings: str) -> subprocess.CompletedProcess[str]:
        return build_site(
            self.output, content=self.content, extra={"SEARCH_ENABLED": "false", **settings}
        )

    def shown(self, relative: str) -> str:
        """The file's path as the build names it (relative to the project when inside it)."""
        path = self.content / relative
        try:
            return str(path.relative_to(ROOT))
        except ValueError:
            return str(path)


@pytest.fixture
def site(tmp_path: Path) -> TinySite:
    return TinySite(tmp_path)


Build = Callable[..., subprocess.CompletedProcess[str]]
