"""One person's data: everything held about them (subject access), and erasure.

A person is found by the keyed hash of their canonical email (core.emails), which is
every signature's sort key, on each petition the table lists. Erasure deletes their
signatures; the tally sees each deletion on the stream and takes away exactly what
that signature counted (confirmed, its CLP, its recent-signer entry), so counts stay
right without touching the counts item here. A mail suppression holds only the hash
and is kept, so a bounced or complaining address is never mailed again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from core.consent import WORDING
from core.emails import canonical, email_key
from core.store import Store

from organise.errors import CommandError

_KEYS = ("pk", "sk", "kind")


def _key(email: str, hash_key: bytes) -> str:
    if "@" not in email or len(email.strip()) < 3:
        raise CommandError("That is not an email address. Fix: give it as name@example.org.")
    return email_key(email, hash_key)


def _donations_of(store: Store, email: str) -> list[dict[str, Any]]:
    """Donations keep the address as given, so compare canonical forms."""
    wanted = canonical(email)
    return [d for d in store.donations() if d.get("email") and canonical(d["email"]) == wanted]


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
    suppression = store.get_suppression(key)
    donations = [
        {k: v for k, v in item.items() if k not in _KEYS} for item in _donations_of(store, email)
    ]
    return {
        "email": email.strip().lower(),
        "email_key": key,
        "signatures": signatures,
        "shown_as_recent_signer": shown_as_recent,
        "donations": donations,
        "mail_suppression": (
            {k: v for k, v in suppression.items() if k not in _KEYS} if suppression else None
        ),
    }


@dataclass
class Erasure:
    removed: dict[str, str] = field(default_factory=dict)  # petition -> status it had
    donations_anonymised: int = 0
    suppression_kept: bool = False

    @property
    def confirmed(self) -> int:
        return sum(1 for status in self.removed.values() if status == "confirmed")

    def summary(self) -> str:
        if not self.removed and not self.donations_anonymised:
            text = "Nothing held about that person on any petition: nothing to erase."
        elif not self.removed:
            text = "No signatures held about that person."
        else:
            each = ", ".join(f"{slug} ({status})" for slug, status in sorted(self.removed.items()))
            text = (
                f"Deleted {len(self.removed)} signature(s): {each}. The tally takes "
                f"{self.confirmed} confirmed signature(s) off the counts."
            )
        if self.donations_anonymised:
            text += (
                f" Anonymised {self.donations_anonymised} donation(s): the amounts stay for "
                "the accounts, the name and email are gone."
            )
        if self.suppression_kept:
            text += " Their mail suppression is kept (it holds no address): no mail goes again."
        return text


def erase(store: Store, email: str, hash_key: bytes) -> Erasure:
    key = _key(email, hash_key)
    done = Erasure()
    for slug in store.get_petition_index():
        old = store.delete_signature(slug, key)
        if old:
            done.removed[slug] = str(old.get("status") or "unknown")
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for donation in _donations_of(store, email):
        store.anonymise_donation(donation["pk"], now)
        done.donations_anonymised += 1
    done.suppression_kept = bool(store.get_suppression(key))
    return done
