"""`campaign chart`: a chart file a person can open, whose bars are the signatures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tests.functions.organise.conftest import LONDON, NORTH_EAST, WALES

SVG = "{http://www.w3.org/2000/svg}"


def bars(path) -> dict[str, int]:
    root = ET.parse(path).getroot()
    return {g.get("data-label"): int(g.get("data-value")) for g in root.iter(f"{SVG}g")}


def test_chart_by_region_matches_the_confirmed_signatures(campaign, sign, tmp_path) -> None:
    for n in range(3):
        sign("appeal", f"l{n}@example.org", clp=LONDON)
    sign("appeal", "w@example.org", clp=WALES)
    sign("appeal", "ne@example.org", clp=NORTH_EAST, confirmed=False)
    sign("appeal", "abroad@example.org", clp=None)
    out = tmp_path / "regions.svg"

    result = campaign("chart", "appeal", "--out", out)

    assert result.code == 0 and result.out == f"Wrote {out}\n"
    assert bars(out) == {"London": 3, "Wales": 1, "Outside the UK or not known": 1}
    root = ET.parse(out).getroot()
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title").text
    assert title.endswith("confirmed signatures by region")
    assert root.find(f"{SVG}desc").text == "London: 3; Wales: 1; Outside the UK or not known: 1"
    assert not re.search(r"(href|src)=", out.read_text())  # nothing fetched from anywhere


def test_chart_per_day_shows_the_running_total(campaign, sign, tmp_path) -> None:
    sign("appeal", "a@example.org", signed_at="2026-11-01T09:00:00Z")
    sign("appeal", "b@example.org", signed_at="2026-11-01T18:00:00Z")
    sign("appeal", "c@example.org", signed_at="2026-11-03T12:00:00Z")
    out = tmp_path / "days.svg"
    campaign("chart", "appeal", "--out", out, "--by", "day")
    assert bars(out) == {"2026-11-01": 2, "2026-11-03": 1}
    assert "1 (total 3)" in out.read_text()


def test_chart_refuses_a_format_it_cannot_write(campaign, tmp_path) -> None:
    result = campaign("chart", "appeal", "--out", tmp_path / "x.png")
    assert result.code == 1 and "Fix: name the file *.svg" in result.err
