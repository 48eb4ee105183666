"""SES bounces and complaints (via SNS) -> no more email to that address.

A permanent bounce or a complaint suppresses the address for good; transient
bounces (a full mailbox) do not. Only the address's keyed hash is kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from core import logs, runtime
from core.emails import email_key
from core.settings import Settings
from core.signatures import iso
from core.store import Store


def suppressions(message: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(address, reason) pairs from an SES event-publishing or notification message."""
    kind = message.get("eventType") or message.get("notificationType")
    if kind == "Bounce":
        bounce = message.get("bounce", {})
        if bounce.get("bounceType") == "Permanent":
            for recipient in bounce.get("bouncedRecipients", []):
                yield recipient.get("emailAddress", ""), "bounce"
    elif kind == "Complaint":
        for recipient in message.get("complaint", {}).get("complainedRecipients", []):
            yield recipient.get("emailAddress", ""), "complaint"


def create_handler(
    store: Store, settings: Settings, clock: Callable[[], float] = time.time
) -> Callable[[dict, Any], dict]:
    def handle(event: dict, context: Any) -> dict:
        suppressed = 0
        for record in event.get("Records", []):
            try:
                message = json.loads(record.get("Sns", {}).get("Message", "") or "{}")
            except ValueError:
                logs.event("mailevents", outcome="unreadable")
                continue
            for address, reason in suppressions(message):
                # SES may write "Name <a@b>"; only the address part identifies anyone.
                address = address.rsplit("<", 1)[-1].rstrip(">").strip()
                if "@" in address:
                    store.suppress(email_key(address, settings.hash_key), reason, iso(clock()))
                    suppressed += 1
                    logs.event("mailevents", outcome="suppressed", reason=reason)
        return {"suppressed": suppressed}

    return handle


def _build() -> Callable[[dict, Any], dict]:
    config = runtime.settings()
    return create_handler(runtime.store(config), config)


handler = runtime.LambdaHandler(_build)
