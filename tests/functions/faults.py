"""DynamoDB having a bad day, on demand: a botocore client that fails a share of calls."""

from __future__ import annotations

import random
import threading
from typing import Any

from botocore.exceptions import ClientError

# What DynamoDB answers when it sheds load: the request was not applied.
THROTTLES = ("ProvisionedThroughputExceededException", "ThrottlingException")


def _error(code: str, status: int, operation: str) -> ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": "injected"},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, operation)


class Faulty:
    """Fails `rate` of the calls it passes on, seeded so a failure replays.

    Most failures are throttles, refused before anything is written. One in four is
    an InternalServerError raised *after* the call went through: the write happened but
    its answer was lost, the case that tempts code into applying something twice.
    Calls are applied one at a time, as DynamoDB applies each item's writes atomically
    (moto has no locks of its own)."""

    def __init__(self, client: Any, rate: float, seed: int = 3) -> None:
        self._client = client
        self.meta = client.meta
        self.rate = rate
        self._chance = random.Random(seed)
        self._lock = threading.Lock()
        self.injected: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        call = getattr(self._client, name)
        if not callable(call):
            return call

        def faulty(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                roll = self._chance.random()
                if roll >= self.rate:
                    return call(*args, **kwargs)
                self.injected[name] = self.injected.get(name, 0) + 1
                if roll < self.rate / 4:
                    call(*args, **kwargs)
                    raise _error("InternalServerError", 500, name)
                raise _error(self._chance.choice(THROTTLES), 400, name)

        return faulty
