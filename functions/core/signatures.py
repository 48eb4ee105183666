"""Signing and confirming: the rules, with no HTTP in sight.

The answer to a valid submission is the same whether the address is new, has signed
before, is capped or suppressed: only the email differs. Anything else would tell a
stranger who typed a neighbour's address whether that neighbour signed (a political
opinion).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core import letters, logs, tokens
from core.consent import CONSENT_VERSION
from core.emails import email_key, keyed_hash
from core.errors import DomainError, RateLimited, Unavailable
from core.mail import Mailer, MailError, Message
from core.petitions import Petition, PetitionCache
from core.settings import Settings
from core.store import SIGNATURE, Store
from core.validation import SignatureInput, validate


class TooQuick(DomainError):
    """The form came back faster than a person can fill it in."""


@dataclass(frozen=True)
class SignResult:
    petition: Petition
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    # For logs and tests only, never for the answer: "new", "repeat", "ignored".
    outcome: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ConfirmResult:
    petition: Petition
    outcome: str  # "confirmed" | "already" | "missing"


def iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def network_of(ip: str) -> str | None:
    """The address a rate limit counts: IPv4 as is, IPv6 by its /64 (one household or
    phone gets a whole /64, so counting single IPv6 addresses limits nothing)."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address) + "/64"
    return str(address)


class Signatures:
    def __init__(
        self,
        store: Store,
        mailer: Mailer,
        settings: Settings,
        petitions: PetitionCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.mailer = mailer
        self.settings = settings
        self.petitions = petitions or PetitionCache(store, settings.petition_cache_seconds)
        self.clock = clock

    # --- sign ---------------------------------------------------------------------------

    def sign(self, slug: str, values: Mapping[str, str], ip: str | None) -> SignResult:
        """Validate and store one submission. Raises NotFound, Closed, TooQuick,
        RateLimited, Unavailable; returns errors for the form otherwise."""
        petition = self.petitions.get_open(slug)
        kept = dict(values)
        if kept.get("website", "").strip():
            # A bot filled the hidden field: answer as if it worked, keep nothing.
            logs.event("sign", petition=slug, outcome="ignored", reason="honeypot")
            return SignResult(petition, kept, outcome="ignored")
        self._check_fill_time(kept.get("started", ""))
        data, errors = validate(kept)
        if data is None:
            logs.event("sign", petition=slug, outcome="invalid", fields=sorted(errors))
            return SignResult(petition, kept, errors)
        ip_key = self._rate_limit(ip)
        now = self.clock()
        key = email_key(data.email, self.settings.hash_key)
        # Read before writing: a failed read then leaves nothing counted against the cap.
        suppressed = self.store.is_suppressed(key)
        old = self.store.upsert_signature(slug, key, self._record(data, ip_key, now))
        if not suppressed:
            try:
                self._email(petition, data.email, key, old)
            except Unavailable:
                self.store.uncount_submission(slug, key)
                raise
        outcome = "new" if old is None else "repeat"
        logs.event("sign", petition=slug, outcome=outcome)
        return SignResult(petition, kept, outcome=outcome)

    def _check_fill_time(self, started: str) -> None:
        try:
            shown = float(started) / 1000
        except ValueError:
            return  # absent (JavaScript off) or mangled: the other defences still apply
        elapsed = self.clock() - shown
        # A negative time means the supporter's clock runs ahead of ours: no signal.
        if 0 <= elapsed < self.settings.min_fill_seconds:
            raise TooQuick("That was quick! Check your details, then press Sign again.")

    def _rate_limit(self, ip: str | None) -> str | None:
        network = network_of(ip) if ip else None
        if network is None:
            return None
        ip_key = keyed_hash(network, self.settings.hash_key, "ip", 24)
        window = self.settings.rate_window_seconds
        start = int(self.clock()) // window * window
        hits = self.store.hit(f"ip#{ip_key}", start, start + window + 3600)
        if hits > self.settings.rate_limit_per_ip:
            logs.event("sign", outcome="rate_limited")
            raise RateLimited(
                "There have been a lot of signatures from your network. "
                "Please wait a few minutes and try again.",
                retry_after=start + window - int(self.clock()),
            )
        return ip_key

    def _record(self, data: SignatureInput, ip_key: str | None, now: float) -> dict[str, Any]:
        return {
            "kind": SIGNATURE,
            "status": "pending",
            "name": data.name,
            "email": data.email,
            "postcode": data.postcode,
            "country": data.country,
            "clp": data.clp,
            "member": data.member,
            "no_sharing": data.no_sharing,
            "contact": data.contact,
            "public": data.public,
            "consent": CONSENT_VERSION,
            "signed_at": iso(now),
            "source": "web",
            "ip": ip_key,
            # Unconfirmed signatures delete themselves (confirming removes this).
            "expires_at": int(now) + self.settings.pending_days * 86400,
        }

    def _email(self, petition: Petition, to: str, key: str, old: dict[str, Any] | None) -> None:
        if (
            old is not None
            and int(old.get("submissions", 1)) >= self.settings.max_emails_per_signature
        ):
            return  # the cap: a signature triggers at most this many emails
        site = self.settings.site_url
        if old is not None and old.get("status") == "confirmed":
            letter = letters.already_signed(petition.title, site + petition.path, site)
        else:
            link = f"{site}/api/confirm?t={tokens.make(petition.slug, key, self.settings.hash_key)}"
            letter = letters.confirm(
                petition.title, link, site, self.settings.pending_days, again=old is not None
            )
        try:
            self.mailer.send(Message(to=to, subject=letter.subject, body=letter.body))
        except MailError as error:
            logs.event("mail", outcome="failed", error=str(error))
            raise Unavailable("We couldn't send your confirmation email just now") from None

    # --- confirm ------------------------------------------------------------------------

    def check_link(self, token: str) -> Petition:
        """The petition a confirmation link belongs to (InvalidToken, NotFound)."""
        slug, _ = tokens.read(token, self.settings.hash_key)
        return self.petitions.get(slug)

    def confirm(self, token: str) -> ConfirmResult:
        slug, key = tokens.read(token, self.settings.hash_key)
        petition = self.petitions.get(slug)
        result = self.store.confirm_signature(slug, key, iso(self.clock()))
        logs.event("confirm", petition=slug, outcome=result.outcome)
        return ConfirmResult(petition, result.outcome)
