"""Structured logs that cannot carry personal data: events name what happened, never who."""

from __future__ import annotations

import json
import logging

logger = logging.getLogger("campaign")

# Only these fields may be logged. Emails, names, postcodes and addresses are
# political opinion under UK GDPR: they have no field here, so they cannot leak.
_ALLOWED = frozenset(
    {
        "petition",
        "outcome",
        "status",
        "reason",
        "records",
        "applied",
        "skipped",
        "retries",
        "units",
        "count",
        "kind",
        "error",
        "field",
        "fields",
        "seconds",
        "stage",
    }
)


def event(name: str, **fields: object) -> None:
    unknown = set(fields) - _ALLOWED
    if unknown:
        raise ValueError(f"log fields not allowed: {sorted(unknown)}")
    logger.info(json.dumps({"event": name, **fields}, default=str, sort_keys=True))
