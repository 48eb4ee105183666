"""Every source document's key passages, on the page a reader would look for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.pages import read, text

APPEAL_POINTS = [
    "organises democratically and transparently",
    "supports a left Labour Party leadership against attacks by the right",
    "consistently internationalist",
    "campaigns for the free movement of people",
    "opposes attempts to conflate anti-Zionism with antisemitism",
    "radically transform and democratise the Labour Party and the trade unions",
    "campaigns for open selection",
    "based on natural justice and due process",
    "supports and encourages struggles against austerity",
]

COVID_DEMANDS = [
    "Universal income of at least £300/week",
    "Close schools now!",
]

PETITION_TARGETS = {
    "/petitions/reinstate-jeremy-corbyn/": ["Keir Starmer", "Labour Party NEC"],
    "/petitions/covid-19-action-plan/": ["Jeremy Corbyn", "Jennie Formby", "Labour Party NEC"],
}


@pytest.mark.parametrize("url", ["/", "/appeal/"])
def test_the_nine_points_of_the_appeal(built_site: Path, url: str) -> None:
    words = text(built_site, url)
    for point in APPEAL_POINTS:
        assert point in words, f"{url} lacks: {point}"


def test_home_has_the_statement_the_figure_and_the_form(built_site: Path) -> None:
    words = text(built_site, "/")
    assert "What we fight for!" in words
    assert "1,700 supporters from 450 CLPs" in words
    html = (built_site / "index.html").read_text()
    assert 'id="sign"' in html and 'action="/api/petitions/appeal/signatures"' in html


def test_the_covid_plan_is_a_petition_and_a_policy(built_site: Path) -> None:
    for url in ("/petitions/covid-19-action-plan/", "/policy/covid-19-action-plan/"):
        page = (built_site / url.strip("/") / "index.html").read_text()
        # Ten numbered demands, as an ordered list.
        assert page.count("<li>") >= 10
        for demand in COVID_DEMANDS:
            assert demand in text(built_site, url)
    assert "1,177 signatures of a 2,000 goal" in text(
        built_site, "/petitions/covid-19-action-plan/"
    )


@pytest.mark.parametrize(("url", "targets"), PETITION_TARGETS.items())
def test_each_petition_names_who_it_petitions(built_site: Path, url: str, targets: list) -> None:
    words = text(built_site, url)
    assert "Petitioning:" in words
    for target in targets:
        assert target in words


def test_open_petitions_take_signatures_and_closed_ones_say_so(built_site: Path) -> None:
    open_page = (built_site / "petitions/reinstate-jeremy-corbyn/index.html").read_text()
    assert (
        "2,908 signatures of a 5,000 goal"
        in read(built_site / "petitions/reinstate-jeremy-corbyn/index.html").text
    )
    assert 'class="sign-form"' in open_page
    closed = built_site / "petitions/jvl-open-letter/index.html"
    assert "This petition is closed" in read(closed).text
    assert "sign-form" not in closed.read_text()


def test_affiliates_grouped_by_region(built_site: Path) -> None:
    page = read(built_site / "affiliates/index.html")
    html = (built_site / "affiliates/index.html").read_text()
    assert "20 organisations" in page.text
    assert html.index(">National<") < html.index(">London<")
    assert "Labour Against the Witchhunt" in page.text
    assert "Camden Momentum, Camden" in page.text


def test_articles_show_author_date_and_footnotes_that_link_back(built_site: Path) -> None:
    articles = sorted((built_site / "news").glob("20*/*/index.html"))
    assert len(articles) == 5
    authors = set()
    for article in articles:
        page = read(article)
        assert "By " in page.text
        authors.update(a for a in ("Derek James", "Carla Roberts") if a in page.text)
        for link in page.links:
            if link.startswith("#fn"):
                assert link[1:] in page.ids, f"{article}: footnote link {link} goes nowhere"
    assert authors == {"Derek James", "Carla Roberts"}
    chatham = read(built_site / "news/2021/chatham-house-left/index.html")
    backlinks = [link for link in chatham.links if link.startswith("#fnref")]
    assert len(backlinks) == 3


def test_estimated_dates_say_so(built_site: Path) -> None:
    page = text(built_site, "/news/2019/one-small-step-forward/")
    assert "(date estimated)" in page
    assert "Brighton" in page


def test_tag_archive_lists_the_articles(built_site: Path) -> None:
    tag = built_site / "news/tag/labour-left-alliance/index.html"
    assert len([link for link in read(tag).links if link.startswith("/news/20")]) >= 5
