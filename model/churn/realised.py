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
_SUMS = (
    "customers",
    "expected_churners",
    "realised_churners",
    "expected_lost_value",
    "lost_value",
    "churner_revenue_year",
    "churner_variance",
)

#: The misfit test: a gap between expected and realised churners is beyond chance when
#: its z-score (gap over the standard deviation the model itself implies, the square root
#: of the sum of p(1 - p)) is beyond this, a two-sided chance of 1 in 1,000 if the model
#: were right; tested overall and in each decile of risk.
MISFIT_Z = 3.29
#: ... and it matters: realised churners differ from expected by at least this share.
MISFIT_SHARE = 0.10


@dataclass
class RealisedTally:
    """Sums per bin of predicted risk, added to chunk by chunk."""

    sums: np.ndarray = field(default_factory=lambda: np.zeros((RISK_BINS, len(_SUMS))))

    def add(self, scored: pd.DataFrame) -> None:
        """Add customers with `churn_probability`, `clv` and `churned` (others are skipped);
        `monthly_revenue`, where present, gives the churners' revenue over a year."""
        if CHURNED.name not in scored.columns or scored.empty:
            return
        probability = scored["churn_probability"].to_numpy(np.float64)
        churned = scored[CHURNED.name].to_numpy(np.float64)
        clv = scored["clv"].to_numpy(np.float64)
        revenue = (
            scored["monthly_revenue"].to_numpy(np.float64)
            if "monthly_revenue" in scored.columns
            else np.zeros_like(probability)
        )
        bins = np.clip((probability * RISK_BINS).astype(int), 0, RISK_BINS - 1)
        for column, weights in enumerate(
            (
                np.ones_like(probability),
                probability,
                churned,
                probability * clv,
                churned * clv,
                churned * revenue * 12,
                probability * (1 - probability),
            )
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
            f"lifetime value the model expected to lose {totals['expected_lost_value']:,.2f}; "
            f"the same model's lifetime value of the customers who left "
            f"{totals['lost_value']:,.2f} (a model's figure, not money counted); their monthly "
            f"revenue times twelve {totals['churner_revenue_year']:,.2f}."
        )

    def misfit(self) -> Misfit:
        """Whether realised churn is further from expected than chance allows (MISFIT_Z)."""
        return misfit_of(self.overall(), self.by_decile())


#: What to do about a misfit, said where the reader is: in a terminal or a report, and on
#: the dashboard, whose pages carry no command-line instructions.
COMMAND_LINE_WAY_OUT = (
    "Fit the model to this history: python -m model.train --data HISTORY -o MODEL_DIR, then "
    'score with --model MODEL_DIR (on the dashboard: the Model page, "Fit a model to my '
    'history").'
)
DASHBOARD_WAY_OUT = (
    'Fit the model to this history on the Model page ("Fit a model to my history"), then '
    "switch it on there to score this portfolio with it."
)


@dataclass(frozen=True)
class Misfit:
    """What the misfit test found: `beyond_chance` overall or in any decile, and where."""

    beyond_chance: bool
    expected: float
    realised: float
    z: float
    deciles: tuple[int, ...]

    def warning(self, way_out: str = COMMAND_LINE_WAY_OUT) -> str | None:
        """The warning for a model that does not fit, with the way out (the command line's
        by default; the dashboard's is `DASHBOARD_WAY_OUT`); None when it fits."""
        if not self.beyond_chance:
            return None
        where = (
            f"; in decile{'s' if len(self.deciles) > 1 else ''} of risk "
            f"{', '.join(map(str, self.deciles))} the gap is beyond chance too"
            if self.deciles
            else ""
        )
        return (
            f"The built-in model does not fit this history: it expected "
            f"{self.expected:,.0f} churners where {self.realised:,.0f} left (z = {self.z:+.1f}; "
            f"beyond {MISFIT_Z} happens by chance once in 1,000 when a model is right){where}. "
            f"Its costs and root causes are then not this company's. {way_out}"
        )


def _beyond_chance(expected: float, realised: float, variance: float) -> tuple[bool, float]:
    gap = realised - expected
    z = gap / np.sqrt(variance) if variance > 0 else (0.0 if gap == 0 else np.inf * np.sign(gap))
    share = abs(gap) / max(expected, 1.0)
    return bool(abs(z) > MISFIT_Z and share >= MISFIT_SHARE), float(z)


def misfit_of(totals: dict[str, float], deciles: pd.DataFrame) -> Misfit:
    """The misfit test on a tally's sums: overall, then each decile of predicted risk.

    Under a right model the realised churners are a sum of independent coin flips with
    the predicted probabilities: mean the expected churners, variance the sum of p(1-p).
    A gap is beyond chance when its z-score is beyond MISFIT_Z and it is at least
    MISFIT_SHARE of the expected churners (a material gap, not only a detectable one).
    """
    overall, z = _beyond_chance(
        totals["expected_churners"], totals["realised_churners"], totals["churner_variance"]
    )
    missed = tuple(
        int(row.decile)
        for row in deciles.itertuples()
        if _beyond_chance(row.expected_churners, row.realised_churners, row.churner_variance)[0]
    )
    return Misfit(
        beyond_chance=overall or bool(missed),
        expected=totals["expected_churners"],
        realised=totals["realised_churners"],
        z=z,
        deciles=missed,
    )


def misfit_warning(
    model: ChurnModel, estimates: pd.DataFrame, way_out: str = COMMAND_LINE_WAY_OUT
) -> str | None:
    """The warning to show when `model` is the built-in one and the estimates' `churned`
    outcomes show it does not fit them (None otherwise: a history's own model, no
    outcomes, or a fit within chance); `way_out` says what to do where it is read."""
    if not model.is_built_in or CHURNED.name not in estimates.columns:
        return None
    return expected_against_realised(estimates).misfit().warning(way_out)


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
