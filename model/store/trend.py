"""The trend: each period's money, root causes and scorecard, from the periods' figures only.

`trend_table` is what `churn-cost trend` writes, one row per period: `period` (YYYY-MM),
`customers`, `total_expected_cost`, `expected_lost` (departures and word of mouth),
`expected_departure_cost` and `word_of_mouth_loss` (its two parts: the departures as the
total priced them, whichever way `departure_cost` says), `handling_cost` (already spent),
then `cost_from_<incident>` for each root cause any period has. `expected_lost +
handling_cost` is the total, and so is the sum of the `cost_from_` columns (each customer's
Shapley split adds up to their total). No customer's row is read, so the table costs the
same for a thousand customers a period as for millions.
"""

from __future__ import annotations

import pandas as pd

from data.schema import INCIDENT_FEATURES
from model.store.database import Store
from model.store.figures import ROOT_CAUSE_PREFIX, Figures
from model.store.periods import period_figures_of

TREND_MONEY = (
    "total_expected_cost",
    "expected_lost",
    "expected_departure_cost",
    "word_of_mouth_loss",
    "handling_cost",
)


def _ordered(names: set[str]) -> list[str]:
    known = [name for name in INCIDENT_FEATURES if name in names]
    return known + sorted(names - set(known))


def trend_table(figures: dict[str, Figures]) -> pd.DataFrame:
    """One row per period, earliest first (the columns above)."""
    causes = _ordered({name for f in figures.values() for name in f.root_causes})
    rows = []
    for period in sorted(figures):
        f = figures[period]
        row = {
            "period": period,
            "customers": f.customers,
            "total_expected_cost": f.total,
            "expected_lost": f.expected_lost,
            "expected_departure_cost": f.departures,
            "word_of_mouth_loss": f.word_of_mouth,
            "handling_cost": f.handling,
        }
        row |= {ROOT_CAUSE_PREFIX + name: f.root_causes.get(name, 0.0) for name in causes}
        rows.append(row)
    columns = ["period", "customers", *TREND_MONEY, *(ROOT_CAUSE_PREFIX + c for c in causes)]
    return pd.DataFrame(rows, columns=columns)


def scorecard_table(figures: dict[str, Figures]) -> pd.DataFrame:
    """One row per period: incidents of each type and repeat contacts per 1,000 customers,
    and the share of customers whose every promise was kept."""
    rows = [{"period": period, **figures[period].per_thousand()} for period in sorted(figures)]
    return pd.DataFrame(rows).fillna(0.0) if rows else pd.DataFrame(columns=["period"])


def previous_period(periods, period: str) -> str | None:
    """The latest period stored before `period` (None for the first)."""
    earlier = [p for p in periods if p < period]
    return max(earlier) if earlier else None


def trend(store: Store, workspace: str) -> pd.DataFrame:
    """`trend_table` of the workspace's stored periods."""
    return trend_table(period_figures_of(store, workspace))
