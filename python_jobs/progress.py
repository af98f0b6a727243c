"""A one-line progress bar for long jobs (stderr; plain lines when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """``with ProgressBar(total, "backtest") as bar: bar.step("2025-11-03: 1,234 rows")``."""

    def __init__(self, total: int, label: str, out: TextIO | None = None, width: int = 30) -> None:
        self.total = max(total, 1)
        self.label = label
        self.out = out or sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.interactive = bool(getattr(self.out, "isatty", lambda: False)())

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.interactive:
            self.out.write("\n")
            self.out.flush()

    def step(self, message: str = "") -> None:
        self.done += 1
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = (f"{self.label} [{bar}] {self.done}/{self.total} {elapsed:,.0f}s elapsed, "
                f"~{eta:,.0f}s left  {message}")
        if self.interactive:
            self.out.write("\r" + line[:160].ljust(160))
        else:
            self.out.write(line + "\n")
        self.out.flush()
