"""The figures a period keeps beside its customers' rows: what the trend, the bridge, the
scorecard and the alerts read, so none of them reads a customer's row.

Per period, one number per (kind, name):

- `count`: customers, and expected_churners (the sum of attributable churn);
- `money`: the sums of total_expected_cost, expected_departure_cost (the departures as the
  total prices them, `departure_cost`), expected_lost_clv (the lost lifetime value, for
  reference), word_of_mouth_loss and service_cost (handling, already spent); periods saved
  before the departure cost was kept got theirs from the store's upgrade (migration 0004);
- `root_cause`: the sum of each `cost_from_<incident>` column (exact Shapley shares of the
  money, docs/methodology/root_causes.md), which add up to the total;
- `incidents`: the sum of each incident count; `with`: customers with at least one;
- `driver`: repeat contacts (calls beyond a customer's first) and customers with a missed
  promise, the scorecard's service drivers;
- `price`, `price_lost`, `price_handling`, `price_customers`: the price of every failure
  (model.explain.failure_prices), kept as sums weighted by the customers having it, so parts
  combine exactly into the period's average.

Every sum is exact (model.money.ExactSum), so the figures do not depend on how the file was
cut into parts, and the total is `model.score`'s to the last bit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.schema import INCIDENT_FEATURES
from model.money import SERVICE_COST_RATES, ExactSum

ROOT_CAUSE_PREFIX = "cost_from_"
MONEY = (
    "total_expected_cost",
    "expected_departure_cost",
    "expected_lost_clv",
    "word_of_mouth_loss",
    "service_cost",
)
PRICE_KINDS = {
    "price": "price_per_unit",
    "price_lost": "expected_to_be_lost",
    "price_handling": "handling",
}


def incident_columns(frame: pd.DataFrame, declared: tuple[str, ...] = ()) -> list[str]:
    """The incident counts the frame holds: the model's, the priced ones, the declared."""
    names = dict.fromkeys((*INCIDENT_FEATURES, *SERVICE_COST_RATES, *declared))
    return [name for name in names if name in frame.columns]


@dataclass
class FigureTally:
    """Figures summed part by part; `figures()` gives the period's."""

    customers: int = 0
    sums: dict[tuple[str, str], ExactSum] = field(default_factory=lambda: defaultdict(ExactSum))

    def _add(self, kind: str, name: str, values) -> None:
        self.sums[(kind, name)].add(np.asarray(values, dtype="float64"))

    def add(
        self, estimates: pd.DataFrame, prices: pd.DataFrame | None, declared: tuple[str, ...] = ()
    ) -> FigureTally:
        """Add one part: its estimates (with `cost_from_` columns) and its failure prices."""
        self.customers += len(estimates)
        self._add("count", "expected_churners", estimates["attributable_churn_probability"])
        for name in MONEY:
            self._add("money", name, estimates[name])
        for column in estimates.columns:
            if column.startswith(ROOT_CAUSE_PREFIX):
                self._add("root_cause", column.removeprefix(ROOT_CAUSE_PREFIX), estimates[column])
        for name in incident_columns(estimates, declared):
            counts = pd.to_numeric(estimates[name]).to_numpy(dtype="float64")
            self._add("incidents", name, counts)
            self._add("with", name, counts > 0)
        if "support_calls" in estimates.columns:
            calls = estimates["support_calls"].to_numpy(dtype="float64")
            self._add("driver", "repeat_contacts", np.maximum(calls - 1.0, 0.0))
        if "unresolved_promises" in estimates.columns:
            missed = estimates["unresolved_promises"].to_numpy(dtype="float64") > 0
            self._add("driver", "customers_with_missed_promise", missed)
        for row in (prices if prices is not None else pd.DataFrame()).itertuples():
            weight = float(row.customers_with_it)
            self._add("price_customers", row.failure, [weight])
            for kind, column in PRICE_KINDS.items():
                self._add(kind, row.failure, [getattr(row, column) * weight])
        return self

    def figures(self) -> Figures:
        values = {key: float(total) for key, total in self.sums.items()}
        values[("count", "customers")] = float(self.customers)
        values.setdefault(("count", "expected_churners"), 0.0)
        for name in MONEY:
            values.setdefault(("money", name), 0.0)
        return Figures(values)


@dataclass(frozen=True)
class Figures:
    """One period's figures, by (kind, name)."""

    values: dict[tuple[str, str], float]

    def of_kind(self, kind: str) -> dict[str, float]:
        return {name: value for (k, name), value in self.values.items() if k == kind}

    @property
    def customers(self) -> int:
        return int(self.values[("count", "customers")])

    @property
    def total(self) -> float:
        return self.values[("money", "total_expected_cost")]

    @property
    def handling(self) -> float:
        """Money already spent handling the failures (service_cost)."""
        return self.values[("money", "service_cost")]

    @property
    def expected_lost(self) -> float:
        """Money expected to be lost: departures and word of mouth (total less handling)."""
        return self.total - self.handling

    @property
    def departures(self) -> float:
        """The expected cost of the customers driven away, as the total priced them."""
        return self.values[("money", "expected_departure_cost")]

    @property
    def word_of_mouth(self) -> float:
        return self.values[("money", "word_of_mouth_loss")]

    @property
    def root_causes(self) -> dict[str, float]:
        return self.of_kind("root_cause")

    @property
    def incidents(self) -> dict[str, float]:
        return self.of_kind("incidents")

    def per_thousand(self) -> dict[str, float]:
        """The scorecard: each incident count, and repeat contacts, per 1,000 customers; the
        share of customers whose every promise was kept."""
        n = self.customers
        scale = 1000.0 / n if n else 0.0
        drivers = self.of_kind("driver")
        card = {name: value * scale for name, value in self.incidents.items()}
        card["repeat_contacts"] = drivers.get("repeat_contacts", 0.0) * scale
        missed = drivers.get("customers_with_missed_promise", 0.0)
        card["promises_kept_share"] = 1.0 - missed / n if n else 1.0
        return card

    def failure_prices(self) -> pd.DataFrame:
        """The price of every failure over the period: failure, customers having it, average
        price of one more unit and its two parts."""
        having = self.of_kind("price_customers")
        rows = [
            {
                "failure": name,
                "customers_with_it": int(count),
                **{
                    column: self.values[(kind, name)] / count if count else 0.0
                    for kind, column in PRICE_KINDS.items()
                },
            }
            for name, count in having.items()
        ]
        columns = ["failure", "customers_with_it", *PRICE_KINDS.values()]
        return pd.DataFrame(rows, columns=columns)
