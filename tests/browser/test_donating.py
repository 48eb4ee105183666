"""Giving in a real Chromium with JavaScript off, through the local test checkout, whose
"Pay" sends a signed webhook to the real webhook function."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Artefacts

pytestmark = pytest.mark.browser


def test_donate_with_javascript_off_through_the_local_checkout(
    stack: Any, page_without_js: Any, artefacts: Artefacts
) -> None:
    page = page_without_js
    before = int(stack.store.donation_totals().get("raised_pence", 0))
    page.goto(stack.url + "/donate/")
    page.get_by_role("radio", name="£25").check()
    page.get_by_role("textbox", name="Full name").fill("Dee Giver")
    page.get_by_role("textbox", name="Email address").fill("dee.giver@example.org")
    page.get_by_role("button", name="Continue to payment").click()
    assert page.get_by_role("heading", name="Local test checkout").is_visible()
    assert "£25" in page.locator("main").inner_text()
    artefacts.screenshot(page, "donate-local-checkout.png")
    page.get_by_role("button", name="Pay (test)").click()
    assert page.url.endswith("/donate/thanks/")
    assert page.get_by_role("heading", name="Thank you for your donation").is_visible()
    assert int(stack.store.donation_totals()["raised_pence"]) == before + 2500


def test_cancelling_takes_no_money(stack: Any, page_without_js: Any) -> None:
    page = page_without_js
    before = int(stack.store.donation_totals().get("raised_pence", 0))
    page.goto(stack.url + "/donate/")
    page.get_by_role("radio", name="Give every month").check()
    page.get_by_role("radio", name="£5", exact=True).check()
    page.get_by_role("textbox", name="Full name").fill("Cal Cancel")
    page.get_by_role("textbox", name="Email address").fill("cal.cancel@example.org")
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_role("button", name="Cancel").click()
    assert page.url.endswith("/donate/cancelled/")
    assert int(stack.store.donation_totals().get("raised_pence", 0)) == before


def test_a_mistake_is_named_on_the_page(stack: Any, page_without_js: Any) -> None:
    page = page_without_js
    page.goto(stack.url + "/donate/")
    page.get_by_role("radio", name="Other amount").check()
    page.get_by_role("textbox", name="Other amount, in pounds").fill("0.20")
    page.get_by_role("textbox", name="Full name").fill("Sam Small")
    page.get_by_role("textbox", name="Email address").fill("sam.small@example.org")
    page.get_by_role("button", name="Continue to payment").click()
    assert (
        "smallest donation we can take is £1"
        in page.locator("#give-other_amount-error").inner_text()
    )
    assert page.get_by_role("textbox", name="Full name").input_value() == "Sam Small"
