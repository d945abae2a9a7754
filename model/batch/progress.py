"""Progress of a long run, on one line of standard error, only when a person is watching.

When standard error is a terminal the line is rewritten in place a few times a second
and wiped at the end, so the summary line that follows stands alone; when it is a file
or a pipe (a scheduled job, a test) nothing is written, and logs stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """A status line rewritten in place on a terminal; silent anywhere else."""

    def __init__(self, stream: TextIO | None = None, every_seconds: float = 0.25):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every_seconds = every_seconds
        self._shown_at = float("-inf")
        self._started = time.monotonic()
        self._width = 0

    def update(self, text: str) -> None:
        """Show `text` and the time so far, unless the line was shown under `every_seconds` ago."""
        now = time.monotonic()
        if not self.enabled or now - self._shown_at < self.every_seconds:
            return
        self._shown_at = now
        text = f"{text} ({now - self._started:,.0f} s)"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def done(self) -> None:
        """Wipe the line, so that what is printed next starts on a clean one."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
