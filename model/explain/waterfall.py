"""Why this customer costs this much: a waterfall from the baseline, one step per incident.

Two waterfalls for one customer, each adding up exactly:

- churn: from `baseline_churn_probability` (the customer with no incidents) to
  `churn_probability`, one step per incident (or incident group), each step its exact
  Shapley share of the attributable churn;
- money: from 0 to `total_expected_cost`, one step per incident, each step the money
  that incident carries (its share of the lost lifetime value and word of mouth, plus
  the handling cost it caused).

`money_by_incident` is the ONE place that decides how a customer's money is split over
their incidents; the pages and the report call it and nothing else, so moving to
another split (Shapley on the money itself) is a change of one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.schema import INCIDENT_GROUP_LABELS
from model.churn import ChurnModel, churn_shapley
from model.explain.money_split import cost_by_root_cause
from model.money import Assumptions, portfolio_prospect_value, typical_clv

#: How each incident reads in a sentence, for a count of 1 and for more.
INCIDENT_WORDS: dict[str, tuple[str, str]] = {
    "outage_hours": ("hour without service", "hours without service"),
    "support_calls": ("call to support", "calls to support"),
    "unresolved_promises": ("missed promise", "missed promises"),
    "hours_on_phone": ("hour on the phone", "hours on the phone"),
    "agents_contacted": ("agent passed through", "agents passed through"),
    "escalations": ("escalation", "escalations"),
    "billing_errors": ("wrong bill or notice", "wrong bills or notices"),
    "regulator_complaint": ("regulator complaint", "regulator complaints"),
    "reshipped_orders": ("re-shipped order", "re-shipped orders"),
}


def churn_by_incident(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """Each customer's attributable churn split over their incidents, or the groups of
    incidents the model cannot separate (rows sum to it)."""
    return churn_shapley(customers, model).churn_frame()


def money_by_incident(
    estimates: pd.DataFrame,
    model: ChurnModel,
    assumptions: Assumptions,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """Each customer's total expected cost split over their incidents (rows sum to it).

    Exact Shapley values on the money itself, one player per incident
    (`model.churn.shapley`, `model.explain.money_split`). `estimates` carry every column
    add_costs gives;
    `prospect_value` is the one they were priced with (`portfolio_prospect`), needed when
    they are a few customers taken out of a larger portfolio.
    """
    shapley = churn_shapley(estimates, model)
    return cost_by_root_cause(estimates, shapley, assumptions, prospect_value)


def portfolio_prospect(estimates: pd.DataFrame, assumptions: Assumptions) -> float:
    """The value of a won prospect the portfolio `estimates` was priced with."""
    return portfolio_prospect_value(typical_clv(estimates, assumptions), assumptions)


@dataclass(frozen=True)
class RememberingModel(ChurnModel):
    """The churn model predicting each distinct matrix once, then answering from memory.

    For one customer's split on a page: moving a money slider re-runs the split's
    arithmetic, and every prediction it asks for again comes from memory, whatever the
    split function is. Kept small: one customer asks for at most 2**k matrices, and the
    memory is emptied past `limit` of them.
    """

    memory: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    limit: int = 4096

    def predict_matrix(self, matrix: np.ndarray) -> np.ndarray:
        key = (matrix.shape, np.ascontiguousarray(matrix, dtype=np.float64).tobytes())
        if key not in self.memory:
            if len(self.memory) >= self.limit:
                self.memory.clear()
            self.memory[key] = super().predict_matrix(matrix)
        return self.memory[key]


def remembering(model: ChurnModel) -> RememberingModel:
    """The same model, predicting each distinct matrix only once (see RememberingModel)."""
    return RememberingModel(estimator=model.estimator, card=model.card)


def incident_phrase(name: str, count: float | None) -> str:
    """'3 missed promises', '1 escalation', 'the regulator complaint', 'the contact burden
    (calls, time on the phone, agents passed through)', or the name."""
    if name == "regulator_complaint":
        return "the regulator complaint"
    if name in INCIDENT_GROUP_LABELS:
        short, members = INCIDENT_GROUP_LABELS[name].split(": ", 1)
        return f"the {short.lower()} ({members})"
    words = INCIDENT_WORDS.get(name)
    if words is None:
        return name.replace("_", " ")
    if count is None:
        return words[1]
    shown = f"{count:g}" if float(count) != int(count) else f"{int(count):,}"
    return f"{shown} {words[0] if count == 1 else words[1]}"


def _steps(start: float, parts: pd.Series, start_label: str, end_label: str) -> pd.DataFrame:
    """Waterfall rows: the start, one step per non-zero part (largest first), the end."""
    parts = parts[parts.abs() > 1e-12].sort_values(ascending=False, key=abs)
    rows = [(start_label, "start", "", start, start)]
    level = start
    for name, value in parts.items():
        rows.append((name, "step", name, float(value), level + float(value)))
        level += float(value)
    rows.append((end_label, "end", "", level, level))
    return pd.DataFrame(rows, columns=["label", "kind", "incident", "amount", "running_total"])


def churn_waterfall(estimate: pd.Series, churn_split: pd.Series) -> pd.DataFrame:
    """From the baseline churn to this customer's churn, one step per incident.

    `estimate` is the customer's row of the estimate; `churn_split` their row of
    `churn_by_incident`. The last row's running total is `churn_probability` exactly
    (when the model's churn is not below the baseline; attributable churn is never < 0).
    """
    return _steps(
        float(estimate["baseline_churn_probability"]),
        churn_split.astype("float64"),
        "Churn with no incidents",
        "This customer's churn",
    )


def money_waterfall(estimate: pd.Series, money_split: pd.Series) -> pd.DataFrame:
    """From 0 to this customer's total expected cost, one step per incident."""
    return _steps(0.0, money_split.astype("float64"), "No incidents", "Total expected cost")


def explanations(
    estimate: pd.Series,
    money_split: pd.Series,
    limit: int | None = None,
    money: Callable[[float], str] = "{:,.2f}".format,
) -> list[str]:
    """Plain sentences, largest first: "3 missed promises account for 41 % of this
    customer's expected cost (1,234.56)"; one per step of the money waterfall (at most
    `limit` of them when given), amounts by `money`."""
    total = float(estimate["total_expected_cost"])
    if total <= 0:
        return ["This customer had no incidents that cost anything."]
    parts = money_split[money_split.abs() > 1e-12].sort_values(ascending=False, key=abs)
    parts = parts if limit is None else parts.head(limit)
    sentences = []
    for name, value in parts.items():
        count = estimate.get(name)
        phrase = incident_phrase(name, None if count is None else float(count))
        verb = "accounts" if phrase.startswith(("1 ", "the ")) else "account"
        sentences.append(
            f"{phrase[0].upper()}{phrase[1:]} {verb} for {value / total:.0%} of this "
            f"customer's expected cost ({money(value)})."
        )
    return sentences


def find_customer(estimates: pd.DataFrame, customer_id: str) -> int | None:
    """The position of the customer with this id (spaces around it ignored), or None."""
    wanted = customer_id.strip()
    matches = (estimates["customer_id"].astype(str).str.strip() == wanted).to_numpy().nonzero()[0]
    return int(matches[0]) if len(matches) else None
