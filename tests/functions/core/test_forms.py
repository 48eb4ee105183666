"""The signature form's markup: the contract the theme's CSS and sign.js are written against."""

from __future__ import annotations

import pytest
from core import consent
from core.constituencies import REGIONS
from core.forms import FIELDS, render_signature_form

from tests.functions.markup import Element, parse

ACTION = "/api/petitions/appeal/signatures"


def form(**kwargs: object) -> Element:
    args: dict[str, object] = {"slug": "appeal", "title": "The appeal", "action": ACTION}
    args.update(kwargs)
    return parse(render_signature_form(**args)).find("form")  # type: ignore[arg-type]


def test_form_posts_to_the_api_and_tells_the_script_where_the_api_is() -> None:
    f = form()
    assert f.attrs["method"] == "post"
    assert f.attrs["action"] == ACTION
    assert f.attrs["id"] == "sign-form"
    assert "sign-form" in f.classes
    assert f.attrs["data-petition"] == "appeal"
    assert f.attrs["data-count-url"] == "/api/petitions/appeal"
    assert f.attrs["data-lookup-url"] == "/api/postcodes/"
    assert f.attrs["data-constituencies-url"] == "/api/constituencies"
    assert f.has("novalidate")
    assert f.attrs["aria-label"] == "Sign: The appeal"


def test_api_base_moves_every_url() -> None:
    f = form(api_base="https://example.org/v2")
    assert f.attrs["data-count-url"] == "https://example.org/v2/petitions/appeal"
    assert f.attrs["data-lookup-url"] == "https://example.org/v2/postcodes/"


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_has_its_wrapper_control_and_hidden_empty_error(field: str) -> None:
    f = form()
    wrapper = f.find(data_field=field)
    control = f.by_id(f"sign-{field}")
    assert wrapper in control.ancestors()
    assert control.attrs["name"] == field
    error = f.by_id(f"sign-{field}-error")
    assert wrapper in error.ancestors()
    assert error.has("hidden") and error.text == ""
    assert f"sign-{field}-error" in (control.attrs.get("aria-describedby") or "").split()


def test_text_fields_have_labels_types_and_autocomplete() -> None:
    f = form()
    expected = {
        "name": ("Full name", "text", "name"),
        "email": ("Email address", "email", "email"),
        "postcode": ("Postcode", "text", "postal-code"),
        "country": ("Country", "text", "country-name"),
    }
    for field, (label, type_, autocomplete) in expected.items():
        control = f.by_id(f"sign-{field}")
        assert f.find("label", for_=f"sign-{field}").text == label
        assert control.attrs["type"] == type_
        assert control.attrs["autocomplete"] == autocomplete
        assert "input" in control.classes


def test_hints_are_linked_to_their_controls() -> None:
    f = form()
    for field in ("email", "postcode", "clp", "country"):
        hint = f.by_id(f"sign-{field}-hint")
        assert hint.text
        described = f.by_id(f"sign-{field}").attrs["aria-describedby"] or ""
        assert described.split() == [f"sign-{field}-hint", f"sign-{field}-error"]


def test_postcode_has_the_live_clp_found_message() -> None:
    found = form().find(data_field="postcode").find(class_="clp-found")
    assert found.has("data-clp-found") and found.has("hidden")
    assert found.attrs["aria-live"] == "polite"


def test_static_form_offers_postcode_lookup_or_the_18_northern_ireland_seats() -> None:
    select = form().by_id("sign-clp")
    assert select.tag == "select" and "select" in select.classes
    first = select.find("option")
    assert first.attrs["value"] == "" and first.text == "Work it out from my postcode"
    groups = select.find_all("optgroup")
    assert [g.attrs["label"] for g in groups] == ["Northern Ireland"]
    seats = groups[0].find_all("option")
    assert len(seats) == 18
    assert all((s.attrs["value"] or "").startswith("N05") for s in seats)
    assert "Belfast East" in [s.text for s in seats]


def test_re_rendered_form_lists_all_650_constituencies_by_region() -> None:
    select = form(all_constituencies=True).by_id("sign-clp")
    groups = select.find_all("optgroup")
    assert [g.attrs["label"] for g in groups] == list(REGIONS)
    assert sum(len(g.find_all("option")) for g in groups) == 650
    london = next(g for g in groups if g.attrs["label"] == "London")
    assert len(london.find_all("option")) == 75


def test_member_status_is_three_radios_in_a_fieldset() -> None:
    fieldset = form().find(data_field="member")
    assert fieldset.tag == "fieldset" and "field" in fieldset.classes
    assert fieldset.find("legend").text
    radios = fieldset.find_all("input", type="radio")
    assert [r.attrs["value"] for r in radios] == ["member", "not_member", "suspended_expelled"]
    labels = [fieldset.find("label", for_=r.attrs["id"] or "").text for r in radios]
    assert labels[1:] == ["Not a member", "Suspended or expelled from the Labour Party"]
    assert all(r.parent is not None and "choice" in r.parent.classes for r in radios)


def test_consents_use_the_versioned_wording() -> None:
    f = form()
    assert consent.CONSENT_VERSION == "2026-11-v1"
    assert consent.SHARING_NOTICE.startswith(
        "We might share your data with local and regional groups involved with our appeal, "
        "but only in order to build the campaign"
    )
    assert consent.SHARING_NOTICE in f.text
    for field, label in (
        ("no_sharing", "Don't share my details with local and regional LLA groups"),
        ("contact", "Email me about LLA campaigns"),
        ("public", "Show my first name and area as a recent signer"),
    ):
        box = f.by_id(f"sign-{field}")
        assert box.attrs["type"] == "checkbox" and not box.has("checked")
        assert "choice" in f.find(data_field=field).classes
        assert f.find("label", for_=f"sign-{field}").text == label
        assert consent.WORDING[consent.CONSENT_VERSION][field] == label


def test_honeypot_started_button_and_privacy_link() -> None:
    f = form()
    trap = f.by_id("sign-website")
    assert trap.attrs["name"] == "website" and trap.attrs["tabindex"] == "-1"
    assert trap.attrs["autocomplete"] == "off"
    wrapper = trap.parent
    assert wrapper is not None and "hp" in wrapper.classes
    assert wrapper.attrs["aria-hidden"] == "true"
    assert f.find("input", name="started").attrs == {
        "type": "hidden",
        "name": "started",
        "value": "",
    }
    assert f.find("button").text == "Sign" and f.find("button").attrs["type"] == "submit"
    assert f.find(class_="form-note").find("a").attrs["href"] == "/privacy/"


def test_without_errors_the_summary_is_hidden_and_empty() -> None:
    summary = form().find(class_="error-summary")
    assert summary.has("hidden") and summary.attrs["role"] == "alert"
    assert summary.attrs["tabindex"] == "-1"
    assert summary.find_all("li") == []


def test_errors_fill_the_summary_in_form_order_and_mark_each_field() -> None:
    errors = {"member": "Choose one", "email": "Enter an email", "name": "Enter your name"}
    f = form(errors=errors)
    summary = f.find(class_="error-summary")
    assert not summary.has("hidden")
    links = summary.find_all("a")
    assert [a.attrs["href"] for a in links] == ["#sign-name", "#sign-email", "#sign-member"]
    assert [a.text for a in links] == ["Enter your name", "Enter an email", "Choose one"]
    for field, message in errors.items():
        wrapper = f.find(data_field=field)
        assert "field--error" in wrapper.classes
        error = f.by_id(f"sign-{field}-error")
        assert not error.has("hidden")
        assert error.text == f"Error: {message}"
        assert error.find(class_="visually-hidden").text == "Error:"
    assert f.by_id("sign-name").attrs.get("aria-invalid") == "true"
    assert "field--error" not in f.find(data_field="postcode").classes


def test_a_message_about_the_whole_form_is_listed_without_a_link() -> None:
    summary = form(errors={"form": "Please press Sign again"}).find(class_="error-summary")
    assert not summary.has("hidden")
    assert summary.find("li").text == "Please press Sign again"
    assert summary.find_all("a") == []


def test_typed_values_are_kept_and_escaped() -> None:
    values = {
        "name": '"><script>alert(1)</script>',
        "email": "ann@example.org",
        "postcode": "sw1a 1aa",
        "clp": "E14001172",
        "outside_uk": "",
        "country": "",
        "member": "suspended_expelled",
        "no_sharing": "yes",
        "public": "yes",
        "started": "1700000000000",
    }
    html = render_signature_form(
        slug="appeal", title="t", action=ACTION, values=values, all_constituencies=True
    )
    assert "<script>" not in html
    f = parse(html).find("form")
    assert f.by_id("sign-name").attrs["value"] == values["name"]
    assert f.by_id("sign-email").attrs["value"] == "ann@example.org"
    assert f.by_id("sign-postcode").attrs["value"] == "sw1a 1aa"
    selected = [o for o in f.by_id("sign-clp").find_all("option") if o.has("selected")]
    assert [o.attrs["value"] for o in selected] == ["E14001172"]
    checked = [r.attrs["value"] for r in f.find_all("input", name="member") if r.has("checked")]
    assert checked == ["suspended_expelled"]
    assert f.by_id("sign-no_sharing").has("checked")
    assert f.by_id("sign-public").has("checked")
    assert not f.by_id("sign-contact").has("checked")
    assert not f.by_id("sign-outside_uk").has("checked")
    assert f.find("input", name="started").attrs["value"] == "1700000000000"
