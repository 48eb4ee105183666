"""Lambda entry points: settings, clients and the app built once per cold start."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from core import aws
from core.mail import Mailer, OutboxMailer, SesMailer
from core.settings import Settings
from core.store import Store

logging.getLogger("campaign").setLevel(logging.INFO)


def settings(needs_hash_key: bool = True) -> Settings:
    return Settings.from_env(fetch_parameter=aws.parameter, needs_hash_key=needs_hash_key)


def store(settings: Settings) -> Store:
    return Store(aws.client("dynamodb"), settings.table_name)


def mailer(settings: Settings) -> Mailer:
    if settings.mail_transport == "ses":
        return SesMailer(aws.client("sesv2"), settings.mail_from, settings.ses_configuration_set)
    return OutboxMailer(settings.outbox_dir, settings.mail_from)


class LambdaHandler:
    """A Lambda handler whose set-up runs once: at import inside Lambda (the init
    phase runs with a full CPU and before the first request waits), else on first call
    (so importing a function module in tests or benchmarks touches no AWS)."""

    def __init__(self, build: Callable[[], Callable[[dict, Any], Any]]) -> None:
        self._build = build
        self._handler: Callable[[dict, Any], Any] | None = None
        if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
            self.build()

    def build(self) -> Callable[[dict, Any], Any]:
        if self._handler is None:
            self._handler = self._build()
        return self._handler

    def __call__(self, event: dict, context: Any) -> Any:
        return self.build()(event, context)


def http(
    create_app: Callable[..., Any], *, mail: bool = False, needs_hash_key: bool = True
) -> LambdaHandler:
    """Mangum around `create_app(store, settings[, mailer])`: lifespan off (Mangum
    would run it on every invocation) and the `$default` stage (no path prefix)."""

    def build() -> Callable[[dict, Any], Any]:
        from mangum import Mangum

        config = settings(needs_hash_key)
        extra = (mailer(config),) if mail else ()
        return Mangum(create_app(store(config), config, *extra), lifespan="off")

    return LambdaHandler(build)
