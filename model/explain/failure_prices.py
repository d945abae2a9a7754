"""A price for every failure: what one more unit of each failure costs, on average.

The balanced scorecard sets service quality beside the money; operations set targets per
failure (outage hours, calls, missed promises), so each failure gets its price in money:
for every customer who has the failure, the total expected cost with one more unit of it
(one more outage hour, call, hour on the phone, agent, missed promise, escalation, billing
error, re-shipped order) minus their total as it is, averaged over those customers. A
regulator complaint is a yes or no, not a count: its price is what the complaint adds, the
customer's total with it minus their total without it, averaged over those who complained.

The price has the estimate's two kinds of money: the part expected to be lost (the extra
churn it causes, priced as lost lifetime value and word of mouth) and the handling of that
one unit (its rate in the assumptions). Incidents that travel together (calls, phone time,
agents) are each raised alone, so their prices are each one's own effect in the model.

The model's part (each customer scored with one unit more) is `bumped_scores`, done once
per portfolio; `failure_prices` prices it with any assumptions by arithmetic, so a money
slider predicts nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import COLUMNS_BY_NAME, INCIDENT_FEATURES
from model.churn import ChurnModel, OneColumnChanged
from model.money import (
    SERVICE_COST_RATES,
    Assumptions,
    money_arrays,
    portfolio_prospect_value,
    typical_clv,
)

#: The failures priced: the model's incidents, then any priced count it does not read.
FAILURES: tuple[str, ...] = (
    *INCIDENT_FEATURES,
    *(name for name in SERVICE_COST_RATES if name not in INCIDENT_FEATURES),
)
COMPLAINT = "regulator_complaint"
PRICE_COLUMNS = (
    "failure",
    "unit",
    "customers_with_it",
    "price_per_unit",
    "expected_to_be_lost",
    "handling",
)


#: One unit of each failure, in words.
UNITS: dict[str, str] = {
    "outage_hours": "one outage hour",
    "support_calls": "one call",
    "unresolved_promises": "one missed promise",
    "hours_on_phone": "one hour on the phone",
    "agents_contacted": "one more agent",
    "escalations": "one escalation",
    "billing_errors": "one billing error",
    "regulator_complaint": "the complaint (with it against without)",
    "reshipped_orders": "one re-shipped order",
}


def _unit(name: str) -> str:
    column = COLUMNS_BY_NAME.get(name)
    return UNITS.get(name, f"one more ({column.label if column and column.label else name})")


def failures_of(model: ChurnModel) -> tuple[str, ...]:
    """The failures priced with `model`: `FAILURES`, then the incidents a model fitted to a
    company's history declared (its own columns, priced like the contract's)."""
    return (*FAILURES, *model.layout.declared_incidents)


def bumped_scores(scored: pd.DataFrame, model: ChurnModel) -> dict[str, pd.DataFrame]:
    """For each failure, the customers who have it, scored with one unit more (the
    complaint: scored without it). Only those customers are predicted, and each frame
    keeps only the columns their money needs, as numbers (`failure_prices` prices them).

    The baseline is the customer's own: every incident is 0 in it, whatever the bump.
    """
    incidents = set(model.layout.incidents)
    money_columns = [
        c for c in ("monthly_revenue", *_scores(scored), *failures_of(model)) if c in scored.columns
    ]
    # numbers once, as arrays: each failure's frame is cut from them (unreadable: NaN, none)
    values = {
        c: pd.to_numeric(scored[c], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        for c in money_columns
    }
    failures = [name for name in failures_of(model) if name in scored.columns]
    with_any = np.zeros(len(scored), dtype=bool)
    for name in incidents.intersection(failures):
        with_any |= values[name] > 0
    changes = OneColumnChanged(scored, model, with_any) if with_any.any() else None
    bumped: dict[str, pd.DataFrame] = {}
    for name in failures:
        rows = np.flatnonzero(values[name] > 0)
        if not len(rows):
            continue
        changed = {c: column[rows] for c, column in values.items()}
        changed[name] = np.zeros(len(rows)) if name == COMPLAINT else changed[name] + 1
        if name in incidents:
            changed["churn_probability"] = changes.churn(rows, name, changed[name])
        # a count the model does not read keeps its churn: only its handling changes
        bumped[name] = pd.DataFrame(changed, index=scored.index[rows])
    return bumped


def _scores(frame: pd.DataFrame) -> list[str]:
    return [c for c in ("churn_probability", "baseline_churn_probability") if c in frame.columns]


def _today(scored, bumped, assumptions: Assumptions, prospect_value: float):
    """Each customer's total and handling as they are (the money of the columns the
    bumped frames keep: each customer's money is their own row's), by index."""
    needed = set().union(*(frame.columns for frame in bumped.values()))
    money = money_arrays(
        scored[[c for c in scored.columns if c in needed]], assumptions, prospect_value
    )
    return {
        name: pd.Series(money[name], index=scored.index)
        for name in ("total_expected_cost", "service_cost")
    }


def failure_prices(
    scored: pd.DataFrame,
    bumped: dict[str, pd.DataFrame],
    assumptions: Assumptions,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """One row per failure some customer has: its unit, how many customers have it, the
    average price of one more unit and that price's two parts (expected to be lost,
    handling). `prospect_value` as in `add_costs`; unset, the median lifetime value of the
    whole of `scored`, so pricing a subset does not change what a prospect is worth."""
    if prospect_value is None:
        prospect_value = portfolio_prospect_value(typical_clv(scored, assumptions), assumptions)
    today = _today(scored, bumped, assumptions, prospect_value) if bumped else {}
    rows = []
    for name, changed in bumped.items():
        after = money_arrays(changed, assumptions, prospect_value)
        sign = -1.0 if name == COMPLAINT else 1.0  # the complaint's price: with minus without
        handling = sign * (
            after["service_cost"] - today["service_cost"].loc[changed.index].to_numpy()
        )
        total = sign * (
            after["total_expected_cost"]
            - today["total_expected_cost"].loc[changed.index].to_numpy()
        )
        rows.append(
            {
                "failure": name,
                "unit": _unit(name),
                "customers_with_it": len(changed),
                "price_per_unit": float(total.mean()),
                "expected_to_be_lost": float((total - handling).mean()),
                "handling": float(handling.mean()),
            }
        )
    table = pd.DataFrame(rows, columns=list(PRICE_COLUMNS))
    return table.sort_values("price_per_unit", ascending=False, ignore_index=True)
