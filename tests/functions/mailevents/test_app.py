"""SES bounce and complaint notifications, as SNS delivers them, stop further mail."""

from __future__ import annotations

import json
from typing import Any

from core.emails import email_key


def sns(message: dict[str, Any]) -> dict[str, Any]:
    return {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(message)}}]}


def test_permanent_bounce_and_complaint_suppress_transient_does_not(store, settings) -> None:
    from mailevents.app import create_handler

    handle = create_handler(store, settings)
    bounced = "Gone Person <gone.person@example.org>"
    complained = "angry.person@example.org"
    transient = "full.inbox@example.org"
    assert handle(
        sns(
            {
                "notificationType": "Bounce",
                "bounce": {
                    "bounceType": "Permanent",
                    "bouncedRecipients": [{"emailAddress": bounced}],
                },
            }
        ),
        None,
    ) == {"suppressed": 1}
    handle(
        sns(
            {
                "eventType": "Complaint",
                "complaint": {"complainedRecipients": [{"emailAddress": complained}]},
            }
        ),
        None,
    )
    handle(
        sns(
            {
                "notificationType": "Bounce",
                "bounce": {
                    "bounceType": "Transient",
                    "bouncedRecipients": [{"emailAddress": transient}],
                },
            }
        ),
        None,
    )
    assert store.is_suppressed(email_key("gone.person@example.org", settings.hash_key))
    assert store.is_suppressed(email_key(complained, settings.hash_key))
    assert not store.is_suppressed(email_key(transient, settings.hash_key))


def test_an_unreadable_message_is_skipped(store, settings) -> None:
    from mailevents.app import create_handler

    event = {"Records": [{"Sns": {"Message": "not json"}}]}
    assert create_handler(store, settings)(event, None) == {"suppressed": 0}
