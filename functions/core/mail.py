"""Sending email: SES (sesv2) in production, a local outbox in development and tests."""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


class MailError(Exception):
    """The message could not be handed over; safe to retry (no personal data inside)."""


class Mailer(Protocol):
    def send(self, message: Message) -> None: ...


class SesMailer:
    def __init__(self, client: Any, sender: str, configuration_set: str | None = None) -> None:
        self.client = client
        self.sender = sender
        self.configuration_set = configuration_set

    def send(self, message: Message) -> None:
        kwargs: dict[str, Any] = {
            "FromEmailAddress": self.sender,
            "Destination": {"ToAddresses": [message.to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                }
            },
        }
        if self.configuration_set:
            # The configuration set publishes bounces and complaints to mailevents.
            kwargs["ConfigurationSetName"] = self.configuration_set
        try:
            self.client.send_email(**kwargs)
        except Exception as error:
            # botocore errors can quote the request (the address): keep only the class.
            raise MailError(type(error).__name__) from None


class OutboxMailer:
    """One JSON file per message in a folder: the local server shows it at /__outbox/."""

    def __init__(self, directory: Path, sender: str = "") -> None:
        self.directory = Path(directory)
        self.sender = sender

    def send(self, message: Message) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent_at = time.time()
        name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(sent_at))}-{uuid.uuid4().hex[:12]}"
        record = {"from": self.sender, **asdict(message), "sent_at": sent_at, "id": name}
        temporary = self.directory / f".{name}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        # Readers never see half a message: the file appears whole.
        os.replace(temporary, self.directory / f"{name}.json")


def messages(directory: Path) -> list[dict[str, Any]]:
    """Every message in an outbox, oldest first (for tests and the /__outbox/ page)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(found, key=lambda m: (m["sent_at"], m["id"]))
