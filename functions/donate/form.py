"""The donation form: one definition for the site's Donate page and the function that
shows it again with errors."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from donate.donations import FREQUENCIES, PRESETS


def _error(field: str, errors: Mapping[str, str]) -> str:
    message = errors.get(field)
    if not message:
        return ""
    return (
        f'<p class="field__error" id="give-{field}-error">'
        f'<span class="visually-hidden">Error: </span>{escape(message)}</p>'
    )


def _described(field: str, errors: Mapping[str, str]) -> str:
    return f' aria-describedby="give-{field}-error"' if field in errors else ""


def _field_class(field: str, errors: Mapping[str, str]) -> str:
    return "field field--error" if field in errors else "field"


def render_donation_form(
    *,
    action: str = "/api/donations",
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> str:
    values = values or {}
    errors = errors or {}
    v = {k: escape(str(values.get(k, "")), quote=True) for k in ("other_amount", "name", "email")}
    amount = values.get("amount", "")
    frequency = values.get("frequency", "") or "once"
    parts = [f'<form class="donate-form" method="post" action="{escape(action)}" novalidate>']
    if errors:
        items = "".join(
            f'<li><a href="#give-{escape(f)}">{escape(m)}</a></li>' for f, m in errors.items()
        )
        parts.append(
            '<div class="error-summary" role="alert" tabindex="-1">'
            '<h2 class="error-summary__title">There is a problem</h2>'
            f'<ul class="error-summary__list">{items}</ul></div>'
        )
    parts.append(
        f'<fieldset class="{_field_class("frequency", errors)}" id="give-frequency">'
        '<legend class="field__label">How often</legend>' + _error("frequency", errors)
    )
    for key, label in FREQUENCIES.items():
        checked = " checked" if frequency == key else ""
        parts.append(
            f'<div class="choice"><input type="radio" id="give-frequency-{key}" '
            f'name="frequency" value="{key}"{checked}{_described("frequency", errors)}>'
            f'<label for="give-frequency-{key}">{label}</label></div>'
        )
    parts.append("</fieldset>")
    parts.append(
        f'<fieldset class="{_field_class("amount", errors)}" id="give-amount">'
        '<legend class="field__label">Amount</legend>' + _error("amount", errors)
    )
    for preset in (*PRESETS, "other"):
        label = "Other amount" if preset == "other" else f"£{preset}"
        checked = " checked" if amount == preset else ""
        parts.append(
            f'<div class="choice"><input type="radio" id="give-amount-{preset}" name="amount" '
            f'value="{preset}"{checked}{_described("amount", errors)}>'
            f'<label for="give-amount-{preset}">{label}</label></div>'
        )
    parts.append("</fieldset>")
    for field, label, kind, auto, hint in (
        ("other_amount", "Other amount, in pounds", "text", "off", "For example 15 or 12.50"),
        ("name", "Full name", "text", "name", ""),
        ("email", "Email address", "email", "email", "Stripe sends your receipt here"),
    ):
        hint_html = f'<p class="field__hint">{hint}</p>' if hint else ""
        mode = ' inputmode="decimal"' if field == "other_amount" else ""
        parts.append(
            f'<div class="{_field_class(field, errors)}">'
            f'<label class="field__label" for="give-{field}">{label}</label>{hint_html}'
            f"{_error(field, errors)}"
            f'<input class="input" id="give-{field}" name="{field}" type="{kind}" '
            f'autocomplete="{auto}"{mode} value="{v[field]}"{_described(field, errors)}></div>'
        )
    contact = " checked" if values.get("contact") not in (None, "", "false", "0") else ""
    parts.append(
        '<div class="choice"><input type="checkbox" id="give-contact" name="contact" '
        f'value="yes"{contact}><label for="give-contact">Email me about LLA campaigns</label>'
        "</div>"
    )
    parts.append(
        '<button class="button" type="submit">Continue to payment</button>'
        '<p class="form-note">You pay on Stripe\'s secure page: your card or bank details '
        'never reach us. Read our <a href="/privacy/">privacy notice</a>.</p></form>'
    )
    return "\n".join(parts)
