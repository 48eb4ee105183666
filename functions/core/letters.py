"""The emails' words: plain text, short, naming the petition."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


_SIGN_OFF = "Labour Left Alliance\n{site}/\n\nHow we use your details: {site}/privacy/\n"


def confirm(title: str, link: str, site: str, days: int, again: bool = False) -> Letter:
    opening = (
        f'Someone, probably you, asked to sign "{title}" again with this email address. '
        "Your signature is not confirmed yet."
        if again
        else f'Thank you for signing "{title}".'
    )
    body = (
        f"Hello,\n\n{opening}\n\n"
        "Please confirm your signature: open this link and press the button on the page.\n\n"
        f"{link}\n\n"
        "Your signature counts once you confirm it. If you did not sign, ignore this email:\n"
        f"we delete unconfirmed signatures after {days} days.\n\n" + _SIGN_OFF.format(site=site)
    )
    return Letter(f"Confirm your signature: {title}", body)


def already_signed(title: str, petition_url: str, site: str) -> Letter:
    body = (
        f'Hello,\n\nYou had already signed "{title}", and your signature is confirmed. '
        "It counts once, however many times you sign.\n\n"
        f"Share the petition: {petition_url}\n\n" + _SIGN_OFF.format(site=site)
    )
    return Letter(f"You had already signed: {title}", body)
