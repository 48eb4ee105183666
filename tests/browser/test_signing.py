"""Signing in a real Chromium against the local stack: with JavaScript off (the plain
form posts and redirects) and on (inline errors, postcode lookup, live counts)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.conftest import Artefacts

pytestmark = pytest.mark.browser

PETITION = "/petitions/reinstate-jeremy-corbyn/"


def _count(stack: Any, slug: str = "reinstate-jeremy-corbyn") -> int:
    from core.store import from_item  # noqa: F401  (the store is the only reader)

    return int(stack.store.get_counts(slug).get("confirmed", 0))


def _wait_for_count(stack: Any, slug: str, expected: int, timeout: float = 15) -> int:
    deadline = time.monotonic() + timeout
    while (found := _count(stack, slug)) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def _confirm_link(message: dict[str, Any]) -> str:
    match = re.search(r"https?://\S+/api/confirm\?t=\S+", message["body"])
    assert match, "no confirmation link in the email"
    return match.group(0)


def _fill(page: Any, name: str, email: str, postcode: str) -> None:
    page.get_by_role("textbox", name="Full name").fill(name)
    page.get_by_role("textbox", name="Email address").fill(email)
    page.get_by_role("textbox", name="Postcode").fill(postcode)
    page.get_by_role("radio", name="Labour Party member", exact=True).check()


def test_sign_and_confirm_with_javascript_off(
    stack: Any, page_without_js: Any, artefacts: Artefacts
) -> None:
    page = page_without_js
    before = _count(stack)
    mail_before = len(stack.mail())
    page.goto(stack.url + PETITION)
    _fill(page, "Rosa Example", "rosa.nojs@example.org", "SW1A 1AA")
    page.get_by_role("button", name="Sign").click()
    assert page.url.endswith(PETITION + "thanks/")
    assert page.get_by_role("heading", name="Check your email").is_visible()

    mail = stack.wait_for_mail(mail_before + 1)[-1]
    assert mail["to"] == "rosa.nojs@example.org"
    page.goto(_confirm_link(mail))
    page.get_by_role("button", name="Confirm my signature").click()
    assert page.url.endswith(PETITION + "confirmed/"), page.locator("main").inner_text()
    artefacts.screenshot(page, "signing-confirmed-nojs.png")
    assert _wait_for_count(stack, "reinstate-jeremy-corbyn", before + 1) == before + 1


def test_mistakes_with_javascript_off_come_back_named_with_what_was_typed(
    stack: Any, page_without_js: Any, artefacts: Artefacts
) -> None:
    page = page_without_js
    mail_before = len(stack.mail())
    page.goto(stack.url + PETITION)
    _fill(page, "Tom Example", "not-an-email", "SW1A 1AA")
    page.get_by_role("button", name="Sign").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    artefacts.screenshot(page, "signing-errors-nojs.png", full_page=True)
    assert "email" in summary.inner_text().lower()
    assert page.get_by_role("textbox", name="Full name").input_value() == "Tom Example"
    assert len(stack.mail()) == mail_before


def test_inline_errors_with_javascript_on(stack: Any, page: Any, artefacts: Artefacts) -> None:
    page.goto(stack.url + PETITION)
    page.get_by_role("button", name="Sign").click()
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")
    assert page.url == stack.url + PETITION  # no page load: errors shown in place
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("#sign-name-error").is_visible()
    artefacts.screenshot(page, "signing-errors-js.png", full_page=True)
    # The summary's links take you to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "sign-name"


def test_postcode_lookup_and_sign_with_javascript_on(stack: Any, page: Any) -> None:
    mail_before = len(stack.mail())
    page.goto(stack.url + "/appeal/")
    _fill(page, "Jo Example", "jo.js@example.org", "SW1A 1AA")
    page.get_by_role("textbox", name="Postcode").blur()
    found = page.locator("[data-clp-found]")
    found.wait_for(state="visible")
    assert "Cities of London and Westminster" in found.inner_text()
    page.get_by_role("button", name="Sign").click()
    page.wait_for_url("**/appeal/thanks/")
    assert stack.wait_for_mail(mail_before + 1)[-1]["to"] == "jo.js@example.org"


def test_live_count_replaces_the_published_figure(stack: Any, page: Any) -> None:
    slug = "reinstate-jeremy-corbyn"
    total = stack.store.get_counts(slug).get("confirmed", 0) + 2908
    page.goto(stack.url + PETITION)
    figure = page.locator(".progress [data-count]")
    page.wait_for_function(
        "expected => document.querySelector('.progress [data-count]').textContent"
        ".replace(/,/g, '') === String(expected)",
        arg=total,
    )
    assert figure.inner_text() == f"{total:,}"


def test_signing_twice_looks_the_same_and_the_email_says_so(
    stack: Any, page_without_js: Any
) -> None:
    page = page_without_js
    email = "sam.twice@example.org"
    mail_before = len(stack.mail())
    page.goto(stack.url + PETITION)
    _fill(page, "Sam Twice", email, "SW1A 1AA")
    page.get_by_role("button", name="Sign").click()
    first = page.locator("main").inner_text()
    page.goto(_confirm_link(stack.wait_for_mail(mail_before + 1)[-1]))
    page.get_by_role("button", name="Confirm my signature").click()

    page.goto(stack.url + PETITION)
    _fill(page, "Sam Twice", email, "SW1A 1AA")
    page.get_by_role("button", name="Sign").click()
    # Nobody typing a neighbour's address can tell that it had signed.
    assert page.url.endswith(PETITION + "thanks/")
    assert page.locator("main").inner_text() == first
    again = stack.wait_for_mail(mail_before + 2)[-1]
    assert again["to"] == email
    assert "already signed" in again["subject"]


def test_a_postcode_that_does_not_exist_is_named_and_input_kept(
    stack: Any, page_without_js: Any
) -> None:
    page = page_without_js
    mail_before = len(stack.mail())
    page.goto(stack.url + PETITION)
    _fill(page, "Pat Nowhere", "pat.nowhere@example.org", "ZZ99 9ZZ")
    page.get_by_role("button", name="Sign").click()
    error = page.locator("#sign-postcode-error")
    assert error.is_visible()
    assert "postcode" in error.inner_text().lower()
    assert page.get_by_role("textbox", name="Postcode").input_value() == "ZZ99 9ZZ"
    assert page.get_by_role("textbox", name="Email address").input_value() == (
        "pat.nowhere@example.org"
    )
    assert len(stack.mail()) == mail_before
