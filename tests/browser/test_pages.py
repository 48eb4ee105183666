"""Every kind of page in a real Chromium: no accessibility violations (axe), usable on a
phone, and readable with JavaScript off. Screenshots go to test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Artefacts

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "appeal": "/appeal/",
    "petition": "/petitions/reinstate-jeremy-corbyn/",
    "closed-petition": "/petitions/jvl-open-letter/",
    "petitions": "/petitions/",
    "policy": "/policy/covid-19-action-plan/",
    "news": "/news/",
    "article": "/news/2021/chatham-house-left/",
    "tag": "/news/tag/labour-left-alliance/",
    "affiliates": "/affiliates/",
    "join": "/join/",
    "search": "/search/",
    "donate": "/donate/",
    "thanks": "/petitions/reinstate-jeremy-corbyn/thanks/",
    "not-found": "/no-such-page/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(
    stack: Any, page: Any, artefacts: Artefacts, name: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(stack.url + PAGES[name])
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]})
    artefacts.screenshot(page, f"page-{name}-desktop.png", full_page=False)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", ["home", "petition", "article"])
def test_page_fits_a_phone_without_sideways_scrolling(
    stack: Any, page: Any, artefacts: Artefacts, name: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(stack.url + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    artefacts.screenshot(page, f"page-{name}-phone.png", full_page=False)
    assert overflow <= 0
    # Every nav link is on screen and big enough to tap (WCAG 2.2 target size).
    for box in [link.bounding_box() for link in page.locator(".site-nav a").all()]:
        assert box is not None and box["height"] >= 24 and box["x"] + box["width"] <= 360


def test_reading_with_javascript_off(stack: Any, page_without_js: Any) -> None:
    page = page_without_js
    page.goto(stack.url + "/")
    assert page.get_by_role("heading", name="What we fight for!").is_visible()
    assert "supporters from" in page.locator(".live-figure").inner_text()
    page.get_by_role("link", name="News", exact=True).click()
    page.get_by_role("link", name="One small step forward…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "One small step forward…"
    page.goto(stack.url + "/search/")
    assert page.get_by_text("Search needs JavaScript").is_visible()


def test_current_section_is_marked_in_the_navigation(stack: Any, page: Any) -> None:
    page.goto(stack.url + "/news/2019/one-small-step-forward/")
    current = page.locator('.site-nav a[aria-current="page"]')
    assert current.inner_text() == "News"


def test_search_finds_an_article(stack: Any, page: Any, artefacts: Artefacts) -> None:
    page.goto(stack.url + "/search/")
    page.locator(".pagefind-ui__search-input").fill("Brighton")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=15000)
    artefacts.screenshot(page, "search-results.png")
    assert not page.get_by_text("Search needs JavaScript").is_visible()
    assert "One small step forward" in page.locator(".pagefind-ui__results").inner_text()
