"""A one-line progress bar on stderr: phase, elapsed time, fulfilment and bound."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, time_limit: float, enabled: bool = True, stream: TextIO | None = None
    ) -> None:
        self.start = time.monotonic()
        self.time_limit = max(time_limit, 1e-6)
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.bound: float | None = None
        self._last = 0.0
        self._tty = self.stream.isatty()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def update(self, phase: str, fulfilment: float | None = None, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.elapsed()
        if not force and now - self._last < (0.5 if self._tty else 5.0):
            return
        self._last = now
        share = min(1.0, now / self.time_limit)
        bar = "#" * round(share * 20)
        text = f"[{bar:<20}] {now:6.1f}s {phase:<10}"
        if fulfilment is not None:
            text += f" fulfilment {fulfilment:.4f}"
        if self.bound is not None:
            text += f" bound {self.bound:.4f}"
        end = "" if self._tty else "\n"
        prefix = "\r" if self._tty else ""
        self.stream.write(f"{prefix}{text}{end}")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self._tty:
            self.stream.write("\n")
            self.stream.flush()
