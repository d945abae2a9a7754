"""Root causes with their uncertainty: each incident's share of the churn the incidents cause.

A portfolio's share for an incident is the sum over customers of its exact Shapley value
on churn (model.churn.shapley) over the sum of all of them. The model's refits on
resampled data and with other settings (`ChurnModel.variants`) each give their own shares;
their lowest and highest are the range the data allow. Where a member of an incident group
(data.schema.INCIDENT_GROUPS) has a range wider than `UNSURE_WIDTH`, the data cannot tell
the members apart and the group is shown as one, with its own (narrower) range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import INCIDENT_GROUP_LABELS, INCIDENT_GROUPS
from model.churn.churn_model import ChurnModel
from model.churn.shapley import churn_attribution

#: A share range wider than this (0..1) is too unsure to show alone: the accuracy a shown
#: share promises (the tests hold the built-in model to it against the truth).
UNSURE_WIDTH = 0.03


def attribution_totals(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """Summed Shapley values per incident (columns), for the model and each refit (rows).

    Sums add up over chunks of a file, so the command line can tally them as it reads.
    """
    return pd.DataFrame(
        [churn_attribution(customers, m).sum() for m in (model, *model.variants)],
        columns=list(model.incidents),
    )


def table_from_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Per incident and group: `share` (the model's), `low` and `high` (over its refits)."""
    sums = totals.sum(axis=1).to_numpy()
    shares = totals.div(np.where(sums > 0, sums, 1.0), axis=0)
    for group, members in INCIDENT_GROUPS.items():
        shares[group] = shares[list(members)].sum(axis=1)
    return pd.DataFrame(
        {"share": shares.iloc[0], "low": shares.min(axis=0), "high": shares.max(axis=0)}
    )


#: Refits are measured on at most this many customers (a fixed random sample): their
#: shares then differ from the whole portfolio's by about half a point, well inside the
#: ranges they show, and the dashboard stays quick at 100,000 customers.
REFIT_SAMPLE = 20_000


def root_cause_table(
    customers: pd.DataFrame, model: ChurnModel, attribution: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per incident and group: `share` (the model's), `low` and `high` (over its refits).

    `attribution`, the model's `churn_attribution` of these customers if already known,
    is reused. A model without refits (e.g. the generator's truth) gets low = high = share.
    """
    if attribution is None:
        attribution = churn_attribution(customers, model)
    sample = customers
    if len(customers) > REFIT_SAMPLE:
        sample = customers.sample(REFIT_SAMPLE, random_state=0)
    refits = [churn_attribution(sample, refit).sum() for refit in model.variants]
    return table_from_totals(pd.DataFrame([attribution.sum(), *refits]))


def unsure_groups(table: pd.DataFrame, width: float = UNSURE_WIDTH) -> list[str]:
    """Groups with a member whose share the refits put further apart than `width`."""
    return [
        group
        for group, members in INCIDENT_GROUPS.items()
        if ((table.loc[list(members), "high"] - table.loc[list(members), "low"]) > width).any()
    ]


def root_causes_as_shown(table: pd.DataFrame, width: float = UNSURE_WIDTH) -> pd.DataFrame:
    """The rows to show: incidents, with each unsure group in place of its members.

    Sorted by share, largest first; `grouped` says whether a row stands for a group.
    """
    groups = unsure_groups(table, width)
    hidden = {member for group in groups for member in INCIDENT_GROUPS[group]}
    incidents = [name for name in table.index if name not in INCIDENT_GROUPS]
    rows = [name for name in incidents if name not in hidden] + groups
    shown = table.loc[rows].copy()
    shown["grouped"] = [name in INCIDENT_GROUPS for name in rows]
    return shown.sort_values("share", ascending=False)


def root_causes_report(table: pd.DataFrame, width: float = UNSURE_WIDTH) -> pd.DataFrame:
    """The table as the command line writes it: every incident and group, how it is shown."""
    groups = unsure_groups(table, width)
    hidden = {member for group in groups for member in INCIDENT_GROUPS[group]}
    shown = [
        "as a group"
        if name in groups
        else "within its group"
        if name in hidden
        else "not shown: its members are shown"
        if name in INCIDENT_GROUPS
        else "alone"
        for name in table.index
    ]
    report = table.reset_index(names="root_cause").assign(shown=shown)
    report.insert(1, "label", [INCIDENT_GROUP_LABELS.get(n, n) for n in report["root_cause"]])
    return report


def root_causes_summary(table: pd.DataFrame, width: float = UNSURE_WIDTH) -> str:
    """One line: the shown root causes with their ranges, largest first."""
    parts = [
        f"{INCIDENT_GROUP_LABELS.get(name, name)} {row.share:.0%} ({row.low:.0%}-{row.high:.0%})"
        for name, row in root_causes_as_shown(table, width).iterrows()
        if row.high > 0
    ]
    return "Root causes (share of the churn the incidents cause, range over refits): " + (
        "; ".join(parts) or "none"
    )


def with_groups_as_one(by_cause: pd.Series, groups: list[str]) -> pd.Series:
    """Totals per incident (e.g. cost by root cause) with each of `groups` summed into one.

    The members' sum is their joint effect, which the data do determine; the result is
    sorted largest first, as the root-cause charts draw it.
    """
    combined = by_cause.copy()
    for group in groups:
        members = [m for m in INCIDENT_GROUPS[group] if m in combined.index]
        if not members:  # none of them here (or already one): nothing to join
            continue
        combined[group] = combined[members].sum() + combined.get(group, 0.0)
        combined = combined.drop(index=members)
    return combined.sort_values(ascending=False)


def root_causes_of_card(card: dict) -> pd.DataFrame:
    """The table the built-in model's card records on held-out customers (with `truth`)."""
    return pd.DataFrame(card["root_causes_on_held_out_test"]["shares"]).T
