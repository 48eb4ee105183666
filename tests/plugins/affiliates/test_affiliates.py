"""Affiliates: one YAML file, listed by region; a typo stops the build with the fix."""

from __future__ import annotations

from tests.plugins.conftest import TinySite
from tests.site.pages import read


def test_affiliates_are_listed_by_region_with_their_type(site: TinySite) -> None:
    site.write(
        "data/affiliates.yaml",
        "- {name: Red Wales, type: local, region: Wales}\n"
        "- {name: National Left, type: national, region: National}\n",
    )
    assert site.build().returncode == 0
    html = (site.output / "affiliates/index.html").read_text()
    assert html.index("National Left") < html.index("Red Wales")
    assert "Local group" in read(site.output / "affiliates/index.html").text


def test_an_unknown_region_names_the_entry_and_the_choices(site: TinySite) -> None:
    site.write("data/affiliates.yaml", "- {name: Red Mars, type: local, region: Mars}\n")
    result = site.build()
    assert result.returncode != 0
    assert 'content/data/affiliates.yaml: entry 1: region: "Mars" is not a region we know.' in (
        result.stderr
    )
    assert "Fix: write one of: National, North East" in result.stderr


def test_a_missing_name(site: TinySite) -> None:
    site.write("data/affiliates.yaml", "- {type: momentum, region: London}\n")
    result = site.build()
    assert result.returncode != 0
    assert "entry 1: name: is missing" in result.stderr
