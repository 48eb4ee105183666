"""A link checker over every built page, and the promise of no third-party requests."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.site.pages import read

# Served by the functions, not the static site.
API = "/api/"


def _resolves(site: Path, path: str) -> bool:
    target = site / unquote(path).lstrip("/")
    return target.is_file() or (target / "index.html").is_file()


def test_every_internal_link_and_resource_resolves(built_site: Path) -> None:
    broken = []
    for file in sorted(built_site.rglob("*.html")):
        if "pagefind" in file.parts:
            continue
        page = read(file)
        here = "/" + str(file.parent.relative_to(built_site)).strip(".") + "/"
        for href in page.links + page.resources:
            url = urlsplit(href)
            if url.scheme in ("mailto", "http", "https") or url.netloc:
                continue
            path = url.path if url.path.startswith("/") else here + url.path
            if not url.path:  # a link within the page
                if url.fragment and url.fragment not in page.ids:
                    broken.append(f"{file.relative_to(built_site)}: #{url.fragment}")
                continue
            if path.startswith(API):
                continue
            if not _resolves(built_site, path):
                broken.append(f"{file.relative_to(built_site)}: {href}")
            elif url.fragment and path.endswith("/"):
                target = read(built_site / path.lstrip("/") / "index.html")
                if url.fragment not in target.ids:
                    broken.append(f"{file.relative_to(built_site)}: {href} (no such id)")
    assert not broken, "\n".join(broken)


def test_no_page_fetches_anything_from_another_host(built_site: Path) -> None:
    external = [
        f"{file.relative_to(built_site)}: {src}"
        for file in built_site.rglob("*.html")
        for src in read(file).resources
        if urlsplit(src).netloc or src.startswith("//")
    ]
    assert not external, "\n".join(external)
    for css in built_site.rglob("*.css"):
        body = css.read_text()
        # An svg's xmlns is not a request; url(http...) and @import are.
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", body), css


def test_only_the_search_page_loads_pagefind(built_site: Path) -> None:
    loaders = sorted(
        str(file.relative_to(built_site))
        for file in built_site.rglob("*.html")
        if "pagefind" not in file.parts and any("/pagefind/" in src for src in read(file).resources)
    )
    assert loaders == ["search/index.html"]


def test_search_index_covers_content_not_listings(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    marked = {
        str(f.relative_to(built_site))
        for f in built_site.rglob("index.html")
        if "data-pagefind-body" in f.read_text()
    }
    assert "appeal/index.html" in marked
    assert "news/2019/one-small-step-forward/index.html" in marked
    assert "news/index.html" not in marked
    assert "petitions/index.html" not in marked


def test_missing_page_has_a_way_on(built_site: Path) -> None:
    page = read(built_site / "404.html")
    assert "Page not found" in page.text
    assert "/" in page.links and "/search/" in page.links
