"""Reading built pages as a reader's browser would: text, links, resources, ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Page:
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # what the browser fetches itself
    ids: set[str] = field(default_factory=set)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.page.links.append(a["href"])
        elif tag == "link" and "href" in a:
            # rel=alternate points at a feed the reader may follow; the rest are fetched.
            (self.page.links if a.get("rel") == "alternate" else self.page.resources).append(
                a["href"]
            )
        elif tag in ("script", "img", "iframe", "source", "audio", "video") and "src" in a:
            self.page.resources.append(a["src"])
        elif tag == "form" and "action" in a:
            self.page.links.append(a["action"])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)


def read(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.page.text = re.sub(r"\s+", " ", "".join(reader._text))
    return reader.page


def text(site: Path, url: str) -> str:
    """The words a reader sees at `url` (like /appeal/), whitespace collapsed."""
    return read(site / url.strip("/") / "index.html" if url != "/" else site / "index.html").text
