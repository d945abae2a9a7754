"""Expected against realised churn, for a history: customers with their `churned` outcome.

The model's churn probability is what it expects; `churned` is what happened. Summed over
customers, overall and by decile of predicted risk, they should agree: expected churners
(the sum of probabilities) against the customers who left, and the lifetime value the
model expected to lose (probability times clv) against the clv of those who left.

Rows are tallied in fine bins of predicted risk (`RISK_BINS`), so the command line can
add a file chunk by chunk in constant memory; the deciles are then formed from the bins
(each decile boundary falls on a bin edge, 0.1 % of risk apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.schema import CHURNED
from model.churn.churn_model import ChurnModel
from model.churn.metrics import probability_metrics

RISK_BINS = 1_000
_SUMS = ("customers", "expected_churners", "realised_churners", "expected_lost_value", "lost_value")


@dataclass
class RealisedTally:
    """Sums per bin of predicted risk, added to chunk by chunk."""

    sums: np.ndarray = field(default_factory=lambda: np.zeros((RISK_BINS, len(_SUMS))))

    def add(self, scored: pd.DataFrame) -> None:
        """Add customers with `churn_probability`, `clv` and `churned` (others are skipped)."""
        if CHURNED.name not in scored.columns or scored.empty:
            return
        probability = scored["churn_probability"].to_numpy(np.float64)
        churned = scored[CHURNED.name].to_numpy(np.float64)
        clv = scored["clv"].to_numpy(np.float64)
        bins = np.clip((probability * RISK_BINS).astype(int), 0, RISK_BINS - 1)
        for column, weights in enumerate(
            (np.ones_like(probability), probability, churned, probability * clv, churned * clv)
        ):
            self.sums[:, column] += np.bincount(bins, weights=weights, minlength=RISK_BINS)

    @property
    def customers(self) -> int:
        return int(self.sums[:, 0].sum())

    def overall(self) -> dict[str, float]:
        return dict(zip(_SUMS, self.sums.sum(axis=0).tolist(), strict=True))

    def by_decile(self) -> pd.DataFrame:
        """One row per decile of predicted risk (1 = lowest), with the five sums and the
        mean predicted and observed churn (what the calibration chart draws)."""
        counts = self.sums[:, 0]
        if counts.sum() == 0:
            return pd.DataFrame(columns=["decile", *_SUMS, "predicted", "observed"])
        # a bin belongs to the decile its middle customer falls in
        middle = (np.cumsum(counts) - counts / 2) / counts.sum()
        decile = np.minimum((middle * 10).astype(int), 9) + 1
        filled = counts > 0
        table = (
            pd.DataFrame(self.sums[filled], columns=list(_SUMS))
            .assign(decile=decile[filled])
            .groupby("decile", as_index=False)
            .sum()
        )
        table["predicted"] = table["expected_churners"] / table["customers"]
        table["observed"] = table["realised_churners"] / table["customers"]
        return table[["decile", *_SUMS, "predicted", "observed"]]

    def summary(self) -> str:
        """One line for a terminal: expected against realised churners and lost value."""
        totals = self.overall()
        return (
            f"Of {self.customers:,} customers with a churned outcome: expected churners "
            f"{totals['expected_churners']:,.1f}, realised {totals['realised_churners']:,.0f}; "
            f"expected lost lifetime value {totals['expected_lost_value']:,.2f}, realised "
            f"{totals['lost_value']:,.2f}."
        )


def expected_against_realised(scored: pd.DataFrame) -> RealisedTally:
    """The tally of one scored frame (the Model page's upload)."""
    tally = RealisedTally()
    tally.add(scored)
    return tally


def models_on_history(customers: pd.DataFrame, models: dict[str, ChurnModel]) -> pd.DataFrame:
    """How each model does on the same history: one row per model (by name).

    Columns: expected_churners (sum of its probabilities), realised_churners, and the
    probability metrics of model.churn.metrics (log-loss, calibration error, ROC AUC, Brier).
    A model fitted on this same history is measured on rows it has seen: its card's
    held-out figures are the fair ones, and the page says so.
    """
    churned = customers[CHURNED.name].to_numpy(np.float64)
    rows = {}
    for name, model in models.items():
        probability = model.predict(customers)
        rows[name] = {
            "expected_churners": float(probability.sum()),
            "realised_churners": float(churned.sum()),
        } | probability_metrics(churned, probability)
    return pd.DataFrame.from_dict(rows, orient="index")
