"""One person's data: everything held about them (subject access), and erasure.

A person is found by the keyed hash of their canonical email (core.emails), which is
every signature's sort key, on each petition the table lists. Erasure deletes their
signatures; the tally sees each deletion on the stream and takes away exactly what
that signature counted (confirmed, its CLP, its recent-signer entry), so counts stay
right without touching the counts item here. A mail suppression holds only the hash
and is kept, so a bounced or complaining address is never mailed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.consent import WORDING
from core.emails import email_key
from core.store import Store
from organise import table
from organise.errors import CommandError

_KEYS = ("pk", "sk", "kind")


def _key(email: str, hash_key: bytes) -> str:
    if "@" not in email or len(email.strip()) < 3:
        raise CommandError("That is not an email address. Fix: give it as name@example.org.")
    return email_key(email, hash_key)


def subject_access(store: Store, email: str, hash_key: bytes) -> dict[str, Any]:
    key = _key(email, hash_key)
    signatures = []
    shown_as_recent = []
    for slug in store.get_petition_index():
        item = store.get_signature(slug, key)
        if item:
            record = {k: v for k, v in item.items() if k not in _KEYS}
            version = str(item.get("consent") or "")
            signatures.append(
                {
                    "petition": slug,
                    **record,
                    "consent_wording": WORDING.get(version)
                    or "not ours: added from another platform or a paper petition",
                }
            )
        counts = store.get_counts(slug)
        for name, entries in counts.items():
            if name.startswith("recent_"):
                shown_as_recent += [
                    {"petition": slug, "when": e[0], "first_name": e[2], "area": e[3]}
                    for e in entries
                    if e[1] == key[:8]
                ]
    suppression = table.get_suppression(store, key)
    return {
        "email": email.strip().lower(),
        "email_key": key,
        "signatures": signatures,
        "shown_as_recent_signer": shown_as_recent,
        "mail_suppression": (
            {k: v for k, v in suppression.items() if k not in _KEYS} if suppression else None
        ),
    }


@dataclass
class Erasure:
    removed: dict[str, str] = field(default_factory=dict)  # petition -> status it had
    suppression_kept: bool = False

    @property
    def confirmed(self) -> int:
        return sum(1 for status in self.removed.values() if status == "confirmed")

    def summary(self) -> str:
        if not self.removed:
            text = "Nothing held about that person on any petition: nothing to erase."
        else:
            each = ", ".join(f"{slug} ({status})" for slug, status in sorted(self.removed.items()))
            text = (
                f"Deleted {len(self.removed)} signature(s): {each}. The tally takes "
                f"{self.confirmed} confirmed signature(s) off the counts."
            )
        if self.suppression_kept:
            text += " Their mail suppression is kept (it holds no address), so mail never goes again."
        return text


def erase(store: Store, email: str, hash_key: bytes) -> Erasure:
    key = _key(email, hash_key)
    done = Erasure()
    for slug in store.get_petition_index():
        old = table.delete_signature(store, slug, key)
        if old:
            done.removed[slug] = str(old.get("status") or "unknown")
    done.suppression_kept = bool(table.get_suppression(store, key))
    return done
