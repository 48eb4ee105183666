"""Feeds and the sitemap parse, and list what a reader or a search engine needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_feed_lists_every_article(built_site: Path) -> None:
    feed = ET.parse(built_site / "feeds/all.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert "One small step forward…" in titles
    for entry in entries:
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        link = entry.find(f"{ATOM}link").get("href")
        assert "/news/20" in link


def test_author_and_tag_feeds_parse(built_site: Path) -> None:
    feeds = list((built_site / "feeds").rglob("*.xml"))
    assert any("author" in str(f) for f in feeds) and any("tag" in str(f) for f in feeds)
    for feed in feeds:
        assert ET.parse(feed).getroot().tag == f"{ATOM}feed"


def test_sitemap_lists_pages_articles_and_petitions_but_not_private_steps(
    built_site: Path,
) -> None:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")}
    for expected in (
        "/",
        "/appeal/",
        "/join/",
        "/petitions/",
        "/petitions/reinstate-jeremy-corbyn/",
        "/policy/covid-19-action-plan/",
        "/news/2019/one-small-step-forward/",
        "/affiliates/",
    ):
        assert expected in locs, expected
    assert not [loc for loc in locs if loc.endswith(("/thanks/", "/confirmed/"))]
    assert "/404.html" not in locs
