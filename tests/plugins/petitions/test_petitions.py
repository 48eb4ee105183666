"""Petitions become pages, a machine-readable list, and carry the published counts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.plugins.conftest import TinySite
from tests.site.pages import read

APPEAL = """Title: Join the alliance
Slug: appeal
Kind: appeal
Goal: 5000
Status: open
Opened: 2019-07-11
Imported_count: 1700
Imported_clps: 450

We appeal to you.
"""


def test_each_petition_gets_its_page_thanks_and_confirmed_pages(site: TinySite) -> None:
    assert site.build().returncode == 0
    base = site.output / "petitions/save-our-libraries"
    page = read(base / "index.html")
    assert "Petitioning: Anytown Council, Labour Group" in page.text
    assert "12 signatures of a 500 goal" in page.text
    assert "sign-form" in page.ids
    assert "Check your email" in read(base / "thanks/index.html").text
    assert "Your signature is confirmed" in read(base / "confirmed/index.html").text


def test_the_appeal_lives_at_its_own_address(site: TinySite) -> None:
    site.write("petitions/appeal.md", APPEAL)
    assert site.build().returncode == 0
    page = read(site.output / "appeal/index.html")
    assert "1,700 supporters from 450 CLPs" in page.text
    assert "/api/petitions/appeal/signatures" in page.links


def test_petitions_json_tells_the_functions_what_can_be_signed(site: TinySite) -> None:
    site.write("petitions/appeal.md", APPEAL)
    site.build()
    records = json.loads((site.output / "petitions.json").read_text())
    by_slug = {r["slug"]: r for r in records}
    assert by_slug["appeal"]["url"] == "appeal/"
    assert by_slug["save-our-libraries"] == {
        "slug": "save-our-libraries",
        "title": "Save our libraries",
        "kind": "petition",
        "status": "open",
        "goal": 500,
        "imported_count": 12,
        "imported_clps": 0,
        "targets": ["Anytown Council", "Labour Group"],
        "url": "petitions/save-our-libraries/",
        "opened": "2024-05-01",
    }


def test_published_counts_come_from_the_snapshot(site: TinySite, tmp_path: Path) -> None:
    snapshot = tmp_path / "counts.json"
    snapshot.write_text(
        json.dumps(
            {
                "generated_at": "2026-11-20T10:30:00+00:00",
                "petitions": {"save-our-libraries": {"total": 1234, "distinct_clps": 7}},
            }
        )
    )
    assert site.build(PETITION_COUNTS_FILE=f'"{snapshot}"').returncode == 0
    page = read(site.output / "petitions/save-our-libraries/index.html")
    assert "1,234 signatures of a 500 goal" in page.text
    assert "Counted on 20 November 2026 at 10:30" in page.text


def test_closed_petitions_list_after_open_ones_and_take_no_signatures(site: TinySite) -> None:
    site.write(
        "petitions/old.md",
        (site.content / "petitions/save-our-libraries.md")
        .read_text()
        .replace("Slug: save-our-libraries", "Slug: old")
        .replace("Status: open", "Status: closed")
        .replace("2024-05-01", "2025-01-01"),
    )
    assert site.build().returncode == 0
    listing = (site.output / "petitions/index.html").read_text()
    assert listing.index("/petitions/save-our-libraries/") < listing.index("/petitions/old/")
    closed = read(site.output / "petitions/old/index.html")
    assert "This petition is closed" in closed.text
    assert "sign-form" not in closed.ids


def test_supporters_by_region_are_published_as_a_table(site: TinySite, tmp_path: Path) -> None:
    snapshot = tmp_path / "counts.json"
    snapshot.write_text(
        json.dumps(
            {
                "generated_at": "2026-11-20T10:30:00+00:00",
                "petitions": {
                    "save-our-libraries": {
                        "total": 40,
                        "distinct_clps": 3,
                        "regions": {"Wales": 3, "London": 25, "Scotland": 0},
                    }
                },
            }
        )
    )
    assert site.build(PETITION_COUNTS_FILE=f'"{snapshot}"').returncode == 0
    html = (site.output / "petitions/save-our-libraries/index.html").read_text()
    page = read(site.output / "petitions/save-our-libraries/index.html")
    assert "Supporters by region" in page.text
    assert html.index(">London<") < html.index(">Wales<")  # largest first
    assert ">Scotland<" not in html  # regions with nobody are left out
    assert "/api/petitions/save-our-libraries" in page.links  # the open data
