"""The window: events count when window start <= their time < window end.

The end is exclusive; by default it is the day after the latest event of the logs (the
midnight after it), and the window is the `months` calendar months before it (12 by default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    def sql(self) -> tuple[str, str]:
        """The start and end as SQL timestamp literals."""
        return (
            f"TIMESTAMP '{self.start.isoformat(sep=' ')}'",
            f"TIMESTAMP '{self.end.isoformat(sep=' ')}'",
        )

    def describe(self) -> str:
        last = (self.end - dt.timedelta(microseconds=1)).date()
        return f"{self.start.date()} to {last} (end {self.end.isoformat(sep=' ')} excluded)"


def months_before(end: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    month += 1
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return end.replace(year=year, month=month, day=min(end.day, days))


def parse_window_end(value: str) -> dt.datetime:
    """A window end from the command line: a date (YYYY-MM-DD) or an ISO date and time."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--window-end must be a date like 2025-01-01, got {value!r}") from None
    return (
        parsed.replace(tzinfo=None)
        if parsed.tzinfo is None
        else parsed.astimezone(dt.UTC).replace(tzinfo=None)
    )


def window_ending(end: dt.datetime, months: int = DEFAULT_MONTHS) -> Window:
    if months < 1:
        raise ValueError(f"--window-months must be 1 or more, got {months}")
    return Window(months_before(end, months), end)


def day_after(latest: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(latest.date(), dt.time()) + dt.timedelta(days=1)
