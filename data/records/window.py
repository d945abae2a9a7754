"""The window: events count when window start <= their time < window end.

The end is exclusive; by default it is the day after the latest valid event of the logs
(the midnight after it: a rejected date never sets it, and `set_by` names the event that
did), and the window is the `months` calendar months before it (12 by default, and at most
12: the contract counts a year of incidents, and longer counts would not be the contract's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_MONTHS = 12
#: The longest window: the contract's incident columns are a year's (outage hours, calls).
MAX_MONTHS = 12


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime
    #: The event that set a default end ("tickets row 57 (created_at)"); "" when given.
    set_by: str = ""

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    def params(self) -> dict[str, dt.datetime]:
        """The start and end, as the statements' parameters $start and $end."""
        return {"start": self.start, "end": self.end}

    def describe(self) -> str:
        last = (self.end - dt.timedelta(microseconds=1)).date()
        return f"{self.start.date()} to {last} (end {self.end.isoformat(sep=' ')} excluded)"

    def origin(self) -> str:
        """Where the end comes from, for the summary."""
        if not self.set_by:
            return "the end as given"
        return f"the end is the day after the latest event, {self.set_by}"


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
    """A window end from the command line: a date (YYYY-MM-DD) or an ISO date and time,
    from 1900 to 2100 (as every event's)."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--window-end must be a date like 2025-01-01, got {value!r}") from None
    if not 1900 <= parsed.year <= 2100:
        raise ValueError(f"--window-end must be a date from 1900 to 2100, got {value!r}")
    return (
        parsed.replace(tzinfo=None)
        if parsed.tzinfo is None
        else parsed.astimezone(dt.UTC).replace(tzinfo=None)
    )


def window_ending(end: dt.datetime, months: int = DEFAULT_MONTHS, set_by: str = "") -> Window:
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(
            f"--window-months must be from 1 to {MAX_MONTHS}, got {months}: the contract "
            f"counts the incidents of one year at most (its outage hours, calls and promises "
            "are a year's), so a longer window would be misread by the model"
        )
    return Window(months_before(end, months), end, set_by)


def day_after(latest: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(latest.date(), dt.time()) + dt.timedelta(days=1)
