"""The signature form's HTML: one definition for the static site and the sign function.

Pelican calls `render_signature_form` (through the `signature_form` Jinja global) with
no values and only Northern Ireland's seats; the sign function re-renders it with the
typed values, the errors and all 650 constituencies. The markup is the contract in
/work/briefs/contract.md: ids `sign-<field>`, errors `sign-<field>-error`, every field
inside an element with `data-field="<field>"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from core import consent
from core.constituencies import grouped_by_region

# Field names in the order they appear: the error summary follows it.
FIELDS = (
    "name",
    "email",
    "postcode",
    "clp",
    "outside_uk",
    "country",
    "member",
    "no_sharing",
    "contact",
    "public",
)
CHECKBOXES = ("outside_uk", "no_sharing", "contact", "public")
MEMBER_CHOICES = (
    ("member", "Labour Party member"),
    ("not_member", "Not a member"),
    ("suspended_expelled", "Suspended or expelled from the Labour Party"),
)
CLP_FROM_POSTCODE = "Work it out from my postcode"

_TEXT_FIELDS: dict[str, dict[str, str]] = {
    "name": {"label": "Full name", "type": "text", "autocomplete": "name"},
    "email": {
        "label": "Email address",
        "hint": "We'll email you a link to confirm your signature.",
        "type": "email",
        "autocomplete": "email",
    },
    "postcode": {
        "label": "Postcode",
        "hint": "We use it to find your Constituency Labour Party (CLP).",
        "type": "text",
        "autocomplete": "postal-code",
    },
    "country": {
        "label": "Country",
        "hint": "Only if you live outside the UK.",
        "type": "text",
        "autocomplete": "country-name",
    },
}
_CLP_HINT = (
    "We work it out from your postcode. Choose it yourself if you live in Northern "
    "Ireland, or if we get it wrong."
)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _text(value: str) -> str:
    return escape(value, quote=False)


def _error(field: str, message: str | None) -> str:
    # Always present so sign.js can fill it; empty and hidden until there is an error.
    if not message:
        return f'<p class="field__error" id="sign-{field}-error" hidden></p>'
    return (
        f'<p class="field__error" id="sign-{field}-error">'
        f'<span class="visually-hidden">Error: </span>{_text(message)}</p>'
    )


def _field_open(field: str, error: str | None, tag: str = "div") -> str:
    classes = "field field--error" if error else "field"
    return f'<{tag} class="{classes}" data-field="{field}">'


def _described_by(field: str, has_hint: bool) -> str:
    ids = [f"sign-{field}-hint"] if has_hint else []
    ids.append(f"sign-{field}-error")
    return " ".join(ids)


def _text_field(field: str, value: str, error: str | None, extra: str = "") -> str:
    spec = _TEXT_FIELDS[field]
    hint = spec.get("hint")
    parts = [
        _field_open(field, error),
        f'<label class="field__label" for="sign-{field}">{spec["label"]}</label>',
    ]
    if hint:
        parts.append(f'<p class="field__hint" id="sign-{field}-hint">{_text(hint)}</p>')
    parts.append(_error(field, error))
    invalid = ' aria-invalid="true"' if error else ""
    spell = ' spellcheck="false"' if field in ("email", "postcode") else ""
    parts.append(
        f'<input class="input" id="sign-{field}" name="{field}" type="{spec["type"]}" '
        f'autocomplete="{spec["autocomplete"]}" '
        f'aria-describedby="{_described_by(field, bool(hint))}"{invalid}{spell} '
        f'value="{_attr(value)}">'
    )
    if extra:
        parts.append(extra)
    parts.append("</div>")
    return "\n".join(parts)


def _clp_field(value: str, error: str | None, all_constituencies: bool) -> str:
    groups = grouped_by_region(None if all_constituencies else "Northern Ireland")
    options = [f'<option value=""{" selected" if not value else ""}>{CLP_FROM_POSTCODE}</option>']
    for region, seats in groups:
        options.append(f'<optgroup label="{_attr(region)}">')
        for seat in seats:
            selected = " selected" if seat.gss == value else ""
            options.append(f'<option value="{seat.gss}"{selected}>{_text(seat.name)}</option>')
        options.append("</optgroup>")
    invalid = ' aria-invalid="true"' if error else ""
    return "\n".join(
        [
            _field_open("clp", error),
            '<label class="field__label" for="sign-clp">Constituency Labour Party (CLP)</label>',
            f'<p class="field__hint" id="sign-clp-hint">{_text(_CLP_HINT)}</p>',
            _error("clp", error),
            f'<select class="select" id="sign-clp" name="clp" '
            f'aria-describedby="sign-clp-hint sign-clp-error"{invalid}>',
            *options,
            "</select>",
            "</div>",
        ]
    )


def _checkbox(field: str, label: str, checked: bool, error: str | None = None) -> str:
    classes = "choice field--error" if error else "choice"
    tick = " checked" if checked else ""
    return "\n".join(
        [
            f'<div class="{classes}" data-field="{field}">',
            f'<input class="choice__input" id="sign-{field}" name="{field}" type="checkbox" '
            f'value="yes" aria-describedby="sign-{field}-error"{tick}>',
            f'<label class="choice__label" for="sign-{field}">{_text(label)}</label>',
            _error(field, error),
            "</div>",
        ]
    )


def _member_field(value: str, error: str | None) -> str:
    parts = [
        _field_open("member", error, tag="fieldset"),
        '<legend class="field__label">Labour Party membership</legend>',
        _error("member", error),
    ]
    for i, (choice, label) in enumerate(MEMBER_CHOICES):
        # The first radio carries the field's id, so the error summary's link lands on it.
        radio_id = "sign-member" if i == 0 else f"sign-member-{choice}"
        tick = " checked" if value == choice else ""
        parts += [
            '<div class="choice">',
            f'<input class="choice__input" id="{radio_id}" name="member" type="radio" '
            f'value="{choice}" aria-describedby="sign-member-error"{tick}>',
            f'<label class="choice__label" for="{radio_id}">{_text(label)}</label>',
            "</div>",
        ]
    parts.append("</fieldset>")
    return "\n".join(parts)


def _error_summary(errors: Mapping[str, str]) -> str:
    items = []
    for field in FIELDS:
        if errors.get(field):
            items.append(f'<li><a href="#sign-{field}">{_text(errors[field])}</a></li>')
    # Messages about the whole submission (too fast, try again) have no field to link to.
    for key, message in errors.items():
        if key not in FIELDS and message:
            items.append(f"<li>{_text(message)}</li>")
    hidden = "" if items else " hidden"
    # autofocus moves focus to the summary on a re-rendered page, without JavaScript.
    focus = " autofocus" if items else ""
    return "\n".join(
        [
            f'<div class="error-summary" role="alert" tabindex="-1"{focus}{hidden}>',
            '<h2 class="error-summary__title">There is a problem</h2>',
            f'<ul class="error-summary__list">{"".join(items)}</ul>',
            "</div>",
        ]
    )


def _checked(values: Mapping[str, str], field: str) -> bool:
    return values.get(field, "") not in ("", "false", "0", "no", "off")


def render_signature_form(
    *,
    slug: str,
    title: str,
    action: str,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    all_constituencies: bool = False,
    api_base: str = "/api",
) -> str:
    """The whole `<form>`; `values` are what the person typed, `errors` field -> message."""
    values = values or {}
    errors = errors or {}
    slug_attr = _attr(slug)
    postcode_found = '<p class="clp-found" data-clp-found hidden aria-live="polite"></p>'
    parts = [
        f'<form class="sign-form" id="sign-form" method="post" action="{_attr(action)}" '
        f'aria-label="{_attr("Sign: " + title)}" data-petition="{slug_attr}" '
        f'data-count-url="{_attr(api_base)}/petitions/{slug_attr}" '
        f'data-lookup-url="{_attr(api_base)}/postcodes/" '
        f'data-constituencies-url="{_attr(api_base)}/constituencies" novalidate>',
        _error_summary(errors),
        _text_field("name", values.get("name", ""), errors.get("name")),
        _text_field("email", values.get("email", ""), errors.get("email")),
        _text_field("postcode", values.get("postcode", ""), errors.get("postcode"), postcode_found),
        _clp_field(values.get("clp", ""), errors.get("clp"), all_constituencies),
        _checkbox(
            "outside_uk",
            "I live outside the UK",
            _checked(values, "outside_uk"),
            errors.get("outside_uk"),
        ),
        _text_field("country", values.get("country", ""), errors.get("country")),
        _member_field(values.get("member", ""), errors.get("member")),
        '<fieldset class="fieldset">',
        '<legend class="field__label">How we use your details</legend>',
        f'<p class="field__hint">{_text(consent.SHARING_NOTICE)}</p>',
        _checkbox(
            "no_sharing",
            consent.NO_SHARING_LABEL,
            _checked(values, "no_sharing"),
            errors.get("no_sharing"),
        ),
        _checkbox(
            "contact", consent.CONTACT_LABEL, _checked(values, "contact"), errors.get("contact")
        ),
        _checkbox("public", consent.PUBLIC_LABEL, _checked(values, "public"), errors.get("public")),
        "</fieldset>",
        '<div class="hp" aria-hidden="true"><label for="sign-website">Leave this empty</label>',
        '<input id="sign-website" name="website" type="text" tabindex="-1" autocomplete="off">'
        "</div>",
        f'<input type="hidden" name="started" value="{_attr(values.get("started", ""))}">',
        '<button class="button" type="submit">Sign</button>',
        '<p class="form-note">We keep your details safe and never share them with third '
        'parties. Read our <a href="/privacy/">privacy notice</a>.</p>',
        "</form>",
    ]
    return "\n".join(parts)
