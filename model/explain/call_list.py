"""Who to call first: a service-recovery contact for the customers it pays most to call,
within a budget (issue 28, item 3).

A contact costs `call_cost` and prevents `save_rate` of a customer's failure-caused churn,
so it saves save_rate * (expected_departure_cost + word_of_mouth_loss) in expectation (the
handling already spent is not saved). Each customer's net is that saving less the call.
Every call costs the same, so the best list within a budget of k calls (or of money,
k = floor(budget / call_cost)) is the k largest positive nets: choosing by any other rule
swaps a call for one that nets less. A success rate has no honest universal default: the
caller gives it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.schema import INCIDENT_FEATURES
from model.explain.waterfall import incident_phrase

#: The money a contact can save: the departure and the stories, not the handling spent.
SAVED_PARTS: tuple[str, ...] = ("expected_departure_cost", "word_of_mouth_loss")
#: The step of budget whose worth the list reports ("each extra thousand").
BUDGET_STEP = 1_000.0


@dataclass(frozen=True)
class CallList:
    """The customers to call, best first, and what the list is worth.

    `calls` has customer_id, expected_saving, net_saving and why (the failures behind
    the customer's cost); `break_even_save_rate` is the success rate at which the list
    just pays for its calls; `next_thousand` what the next BUDGET_STEP of budget would add
    (0 when no customer left is worth a call).
    """

    calls: pd.DataFrame
    call_cost: float
    save_rate: float
    spent: float
    expected_saving: float
    net_saving: float
    break_even_save_rate: float
    next_thousand: float


@dataclass(frozen=True)
class CallRequest:
    """What a list is asked for: a contact's cost, its success rate (0 to 1) and a budget
    in money or in calls (neither: every call that pays for itself)."""

    call_cost: float
    save_rate: float
    budget: float | None = None
    calls: int | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.call_cost) or self.call_cost < 0:
            raise ValueError(f"call_cost: must be a number >= 0, got {self.call_cost!r}")
        if not 0 <= self.save_rate <= 1:
            raise ValueError(f"save_rate: must be from 0 to 1, got {self.save_rate!r}")
        if self.budget is not None and self.calls is not None:
            raise ValueError("a budget is in money or in calls, not both")

    def choose(self, estimates: pd.DataFrame) -> CallList:
        """The best list for these estimates (`call_list`)."""
        return call_list(estimates, self.call_cost, self.save_rate, self.budget, self.calls)


def nets(estimates: pd.DataFrame, call_cost: float, save_rate: float) -> np.ndarray:
    """Each customer's expected saving from one contact, less the contact's cost."""
    saved = sum(estimates[part].to_numpy(dtype="float64") for part in SAVED_PARTS)
    return save_rate * saved - call_cost


def calls_allowed(call_cost: float, budget: float | None, calls: int | None) -> int | None:
    """The number of calls a budget buys (None: no limit but the worth of each call)."""
    if calls is not None:
        return max(int(calls), 0)
    if budget is None:
        return None
    if call_cost <= 0:
        return None
    return max(math.floor(budget / call_cost + 1e-9), 0)


def _why(row: pd.Series) -> str:
    """The failures the customer had, by column, largest count first."""
    present = [(name, float(row[name])) for name in INCIDENT_FEATURES if name in row.index]
    present = [(name, count) for name, count in present if count > 0]
    present.sort(key=lambda pair: -pair[1])
    return ", ".join(f"{name} {count:g}" for name, count in present)


def why_in_words(row: pd.Series) -> str:
    """The failures the customer had, in words, largest count first: '10 outage hours, 6
    support calls' (`_why` keeps the column names, for a spreadsheet)."""
    present = [(name, float(row[name])) for name in INCIDENT_FEATURES if name in row.index]
    present = [(name, count) for name, count in present if count > 0]
    present.sort(key=lambda pair: -pair[1])
    return ", ".join(incident_phrase(name, count) for name, count in present)


def call_list(
    estimates: pd.DataFrame,
    call_cost: float,
    save_rate: float,
    budget: float | None = None,
    calls: int | None = None,
) -> CallList:
    """The best list of contacts within a budget in money or in a number of calls."""
    if call_cost < 0 or not 0 <= save_rate <= 1:
        raise ValueError("the call cost must be >= 0 and the success rate from 0 to 1")
    net = nets(estimates, call_cost, save_rate)
    order = np.argsort(-net, kind="stable")
    worth = order[net[order] > 0]
    limit = calls_allowed(call_cost, budget, calls)
    chosen = worth if limit is None else worth[:limit]
    rows = estimates.iloc[chosen]
    table = pd.DataFrame(
        {
            "customer_id": rows["customer_id"].to_numpy(),
            "expected_saving": net[chosen] + call_cost,
            "net_saving": net[chosen],
            "why": [_why(row) for _, row in rows.iterrows()],
        }
    )
    saved_parts = sum(rows[part].to_numpy(dtype="float64").sum() for part in SAVED_PARTS)
    spent = call_cost * len(chosen)
    extra = math.floor(BUDGET_STEP / call_cost) if call_cost > 0 else 0
    following = worth[len(chosen) : len(chosen) + extra] if limit is not None else worth[:0]
    return CallList(
        calls=table,
        call_cost=call_cost,
        save_rate=save_rate,
        spent=spent,
        expected_saving=float(table["expected_saving"].sum()),
        net_saving=float(table["net_saving"].sum()),
        break_even_save_rate=float(spent / saved_parts) if saved_parts > 0 else 0.0,
        next_thousand=float(net[following].sum()),
    )
