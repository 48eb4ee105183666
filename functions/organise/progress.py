"""A progress line on stderr for long operations, shown only to a person at a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None, every: float = 0.5) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.every = every
        self.count = 0
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.shown and now - self._last >= self.every:
            self._last = now
            self.stream.write(f"\r{self.label}: {self.count:,} rows")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write(f"\r{self.label}: {self.count:,} rows\n")
            self.stream.flush()
