"""AWS clients, made with botocore directly: boto3's import costs a cold start ~150 ms more."""

from __future__ import annotations

import functools
from typing import Any

from botocore.config import Config
from botocore.session import Session, get_session

# Short timeouts and few retries: a supporter waits on these calls, and a 503 with
# Retry-After (their input kept) beats a spinner that ends in a Lambda timeout.
_CONFIG = Config(
    connect_timeout=2,
    read_timeout=3,
    retries={"max_attempts": 3, "mode": "standard"},
)


@functools.cache
def _session() -> Session:
    return get_session()


def client(service: str, config: Config | None = None) -> Any:
    """A client whose endpoint and credentials come from botocore's standard settings
    (so AWS_ENDPOINT_URL_DYNAMODB points DynamoDB at moto or any compatible server)."""
    return _session().create_client(service, config=_CONFIG.merge(config) if config else _CONFIG)


def parameter(name: str) -> str:
    """An SSM SecureString's value (secrets are fetched once, at cold start)."""
    response = client("ssm").get_parameter(Name=name, WithDecryption=True)
    return str(response["Parameter"]["Value"])
