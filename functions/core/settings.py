"""Settings: read once, from the environment, when a function starts."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

from core.errors import ConfigError

# Used only when LOCAL_DEV=1 says this is a developer's machine: a hash made with a
# published key protects nothing, so production refuses to start without its own.
DEV_HASH_KEY = b"local-development-only-hash-key-not-secret"
LOCAL_STRIPE_KEY = "sk_test_local_checkout"
LOCAL_WEBHOOK_SECRET = "whsec_local_development_only"  # noqa: S105 (local only, published)


@dataclass(frozen=True)
class Settings:
    table_name: str
    site_url: str
    hash_key: bytes = DEV_HASH_KEY
    local_dev: bool = False
    mail_transport: str = "outbox"
    mail_from: str = "Labour Left Alliance <petitions@localhost>"
    outbox_dir: Path = Path(".outbox")
    ses_configuration_set: str | None = None
    # Limits (see functions/README.md for why each is what it is).
    max_body_bytes: int = 10_000
    min_fill_seconds: float = 3.0
    rate_limit_per_ip: int = 30
    rate_window_seconds: int = 600
    max_emails_per_signature: int = 3
    pending_days: int = 30
    petition_cache_seconds: float = 30.0
    # Header carrying the supporter's address when a trusted proxy (CloudFront with
    # an origin request policy forwarding CloudFront-Viewer-Address) sits in front.
    client_ip_header: str | None = None
    # Donations (Stripe). Locally, with no key set, the local test checkout stands in
    # for Stripe (see donate/fakestripe.py): it is mounted only by the local server.
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = ""
    stripe_bacs: bool = False
    min_donation_pence: int = 100
    max_donation_pence: int = 1_000_000

    @property
    def uses_local_checkout(self) -> bool:
        return self.local_dev and self.stripe_secret_key == LOCAL_STRIPE_KEY

    @property
    def site_origin(self) -> str:
        parts = urlsplit(self.site_url)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        fetch_parameter: Callable[[str], str] | None = None,
        needs_hash_key: bool = True,
    ) -> Settings:
        """Read the environment; `fetch_parameter` reads an SSM SecureString by name.
        Functions that never hash (counts, tally) pass needs_hash_key=False."""
        env = os.environ if environ is None else environ
        local = env.get("LOCAL_DEV") == "1"

        def need(name: str, local_default: str, fix: str) -> str:
            value = env.get(name, "").strip()
            if value:
                return value
            if local:
                return local_default
            raise ConfigError(f"{name} is not set. Fix: {fix} (or set LOCAL_DEV=1 locally).")

        def number(name: str, default: float) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return float(raw)
            except ValueError:
                raise ConfigError(
                    f"{name}={raw!r} is not a number. Fix: write it in digits."
                ) from None

        site_url = need("SITE_URL", "http://localhost:8000", "set it to the site's address")
        if urlsplit(site_url).scheme not in ("http", "https"):
            raise ConfigError(
                f"SITE_URL={site_url!r} is not a web address. Fix: like https://example.org"
            )
        transport = env.get("MAIL_TRANSPORT", "").strip() or ("outbox" if local else "ses")
        if transport not in ("ses", "outbox"):
            raise ConfigError(f"MAIL_TRANSPORT={transport!r}. Fix: set it to ses or outbox.")
        return cls(
            table_name=need("TABLE_NAME", "campaign", "set it to the DynamoDB table's name"),
            site_url=site_url.rstrip("/"),
            hash_key=_hash_key(env, local, fetch_parameter) if needs_hash_key else b"",
            local_dev=local,
            mail_transport=transport,
            mail_from=(
                need("MAIL_FROM", cls.mail_from, "set it to the SES-verified sender")
                if transport == "ses"
                else env.get("MAIL_FROM", "").strip() or cls.mail_from
            ),
            outbox_dir=Path(env.get("OUTBOX_DIR", "").strip() or ".outbox"),
            ses_configuration_set=env.get("SES_CONFIGURATION_SET", "").strip() or None,
            max_body_bytes=int(number("MAX_BODY_BYTES", cls.max_body_bytes)),
            min_fill_seconds=number("MIN_FILL_SECONDS", cls.min_fill_seconds),
            rate_limit_per_ip=int(number("RATE_LIMIT_PER_IP", cls.rate_limit_per_ip)),
            rate_window_seconds=int(number("RATE_WINDOW_SECONDS", cls.rate_window_seconds)),
            max_emails_per_signature=int(
                number("MAX_EMAILS_PER_SIGNATURE", cls.max_emails_per_signature)
            ),
            pending_days=int(number("PENDING_DAYS", cls.pending_days)),
            petition_cache_seconds=number("PETITION_CACHE_SECONDS", cls.petition_cache_seconds),
            client_ip_header=env.get("CLIENT_IP_HEADER", "").strip().lower() or None,
            **_stripe(env, local, site_url.rstrip("/"), fetch_parameter),
        )


def _hash_key(
    env: Mapping[str, str], local: bool, fetch_parameter: Callable[[str], str] | None
) -> bytes:
    value = env.get("HASH_KEY", "").strip()
    parameter = env.get("HASH_KEY_PARAMETER", "").strip()
    if not value and parameter:
        if fetch_parameter is None:
            raise ConfigError("HASH_KEY_PARAMETER is set but nothing can read SSM here.")
        value = fetch_parameter(parameter).strip()
    if value:
        if len(value) < 32:
            raise ConfigError(
                "HASH_KEY is shorter than 32 characters. Fix: use a long random value."
            )
        return value.encode()
    if local:
        return DEV_HASH_KEY
    raise ConfigError(
        "HASH_KEY is not set. Fix: set HASH_KEY_PARAMETER to the SSM SecureString holding a "
        "long random secret (or LOCAL_DEV=1 on a developer's machine)."
    )


class _StripeSettings(TypedDict):
    stripe_secret_key: str
    stripe_webhook_secret: str
    stripe_api_base: str
    stripe_bacs: bool


def _stripe(
    env: Mapping[str, str],
    local: bool,
    site_url: str,
    fetch_parameter: Callable[[str], str] | None,
) -> _StripeSettings:
    """Stripe's keys: from the environment, or SSM parameters named by *_PARAMETER
    (read only by the function that has those names: the donate function)."""

    def secret(name: str) -> str:
        value = env.get(name, "").strip()
        parameter = env.get(f"{name}_PARAMETER", "").strip()
        if not value and parameter:
            if fetch_parameter is None:
                raise ConfigError(f"{name}_PARAMETER is set but nothing can read SSM here.")
            value = fetch_parameter(parameter).strip()
        return value

    key, webhook = secret("STRIPE_SECRET_KEY"), secret("STRIPE_WEBHOOK_SECRET")
    api_base = env.get("STRIPE_API_BASE", "").strip()
    if not key and local:
        key, webhook = LOCAL_STRIPE_KEY, webhook or LOCAL_WEBHOOK_SECRET
        api_base = api_base or f"{site_url}/__stripe"
    if key.startswith("sk_live") and api_base:
        raise ConfigError("STRIPE_API_BASE is set with a live key. Fix: unset STRIPE_API_BASE.")
    return {
        "stripe_secret_key": key,
        "stripe_webhook_secret": webhook,
        "stripe_api_base": api_base,
        "stripe_bacs": env.get("STRIPE_BACS", "").strip().lower() in ("1", "yes", "true"),
    }
