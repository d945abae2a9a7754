"""Root causes: how much of each customer's money each of their incidents accounts for.

DESIGN.md, "Explaining the number": a customer's total_expected_cost is split over their
incidents by exact Shapley values on the money itself. The value of a set S of incidents
is the customer's total with only those incidents switched on: churn from the model,
reach from the complaint flag (only when the complaint is in S), handling cost from the
counts in S. Each incident gets its marginal value averaged over every order of
switching the customer's incidents on, so the parts sum exactly to the total, do not
depend on column order, and give 0 to an incident the customer did not have.

The players are incident features, or groups of features the model cannot tell apart
(a group acts as one player: switched on and off together). `default_players` uses
`data.schema.INCIDENT_GROUPS` where the schema defines it, one player per incident
feature otherwise.

The model inference is split from the money so that a money slider costs no prediction.
With a(S) = max(churn(S) - baseline, 0) the value of S is

    v(S) = a(S) * (clv * departure_discount + quiet * prospect_value)
         + a(S) * [complaint in S] * quiet * (multiplier - 1) * prospect_value
         + sum over priced incidents in S of count * rate

with quiet = people_told * in_market_share * deterrence_rate. Shapley values are linear
in v, so `churn_shapley` computes, once per portfolio, the Shapley values of a(S) and of
a(S) * [complaint in S]; `cost_by_root_cause` weights them by the money of the
assumptions in use and adds each priced count to its own player.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from math import factorial

import numpy as np
import pandas as pd

from data import schema
from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from model.assumptions import Assumptions
from model.churn import ChurnModel, feature_matrix
from model.costs import SERVICE_COST_RATES, mean_clv, portfolio_prospect_value

#: Player name -> the incident features switched on and off together.
Players = Mapping[str, tuple[str, ...]]

COMPLAINT = "regulator_complaint"

#: Predictions per model call at most, so a common pattern of many incidents stays small.
_PREDICTION_BATCH = 1 << 18


def default_players() -> dict[str, tuple[str, ...]]:
    """One player per incident feature (the pages show a group as one bar when the model's
    refits cannot split it: model.root_causes)."""
    return {feature: (feature,) for feature in INCIDENT_FEATURES}


def grouped_players() -> dict[str, tuple[str, ...]]:
    """Players with the incidents the data cannot separate as one (data.schema.INCIDENT_GROUPS).

    Every incident feature in no group is a player of its own.
    """
    groups: Mapping[str, tuple[str, ...]] = getattr(schema, "INCIDENT_GROUPS", {}) or {}
    grouped = {feature for members in groups.values() for feature in members}
    players = {name: tuple(members) for name, members in groups.items()}
    players |= {feature: (feature,) for feature in INCIDENT_FEATURES if feature not in grouped}
    order = {feature: i for i, feature in enumerate(INCIDENT_FEATURES)}
    return dict(sorted(players.items(), key=lambda item: min(order.get(f, 99) for f in item[1])))


def players_for(scored: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """`default_players`, plus any priced count the frame has that no player covers.

    A count that costs money but is not a model feature (e.g. `reshipped_orders` before
    the model reads it) still needs a player, or its handling cost would belong to none.
    """
    players = default_players()
    covered = {feature for members in players.values() for feature in members}
    for feature in SERVICE_COST_RATES:
        if feature in scored.columns and feature not in covered:
            players[feature] = (feature,)
    return players


@dataclass(frozen=True)
class ChurnShapley:
    """Per customer and player: Shapley values of attributable churn and of its complaint part.

    `churn[i, j]` is player j's share of customer i's attributable churn (rows sum to it);
    `complaint_churn[i, j]` the same for a(S) * [complaint in S] (rows sum to the
    attributable churn of customers who complained, 0 for the others).
    """

    players: dict[str, tuple[str, ...]]
    index: pd.Index
    churn: np.ndarray
    complaint_churn: np.ndarray

    def churn_frame(self) -> pd.DataFrame:
        """The attributable churn split, one column per player."""
        return pd.DataFrame(self.churn, index=self.index, columns=list(self.players))


@cache
def _shapley_matrix(k: int) -> np.ndarray:
    """W (2**k x k) with Shapley values = values @ W, subsets numbered by bitmask.

    W[S, j] = s! (k-s-1)! / k! with s = |S| - 1 when j is in S, minus the same with
    s = |S| when it is not: each coalition's value enters every player's average of
    marginal gains with its exact weight.
    """
    weight = [factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)]
    matrix = np.zeros((1 << k, k))
    for subset in range(1 << k):
        size = subset.bit_count()
        for j in range(k):
            if subset >> j & 1:
                matrix[subset, j] = weight[size - 1]
            elif size < k:
                matrix[subset, j] = -weight[size]
    return matrix


def _active_players(customers: pd.DataFrame, players: Players) -> np.ndarray:
    """Boolean (customers x players): does the customer have any of the player's incidents."""
    active = np.zeros((len(customers), len(players)), dtype=bool)
    for j, members in enumerate(players.values()):
        for feature in members:
            if feature in customers.columns:
                active[:, j] |= customers[feature].to_numpy(dtype="float64") != 0
    return active


def _subset_churn(matrix, member_columns, baseline, churn, model):
    """Model churn (rows x 2**k) with only each subset of the k players switched on.

    The empty set is the baseline and the full set the churn already predicted, so only
    the 2**k - 2 mixed subsets are predicted, in batches of bounded size.
    """
    k = len(member_columns)
    subsets = 1 << k
    values = np.empty((len(matrix), subsets))
    values[:, 0], values[:, subsets - 1] = baseline, churn
    mixed = list(range(1, subsets - 1))
    if not mixed:
        return values
    rows_per_batch = max(1, _PREDICTION_BATCH // len(mixed))
    for start in range(0, len(matrix), rows_per_batch):
        block = matrix[start : start + rows_per_batch]
        batch = np.repeat(block[None, :, :], len(mixed), axis=0)
        for position, subset in enumerate(mixed):
            off = [c for j in range(k) if not subset >> j & 1 for c in member_columns[j]]
            batch[position][:, off] = 0.0
        predicted = model.predict_matrix(batch.reshape(-1, matrix.shape[1]))
        values[start : start + len(block), 1 : subsets - 1] = predicted.reshape(
            len(mixed), len(block)
        ).T
    return values


def churn_shapley(
    scored: pd.DataFrame, model: ChurnModel, players: Players | None = None
) -> ChurnShapley:
    """The model inference of the money split, done once per portfolio.

    `scored` holds the contract's columns plus `churn_probability` and
    `baseline_churn_probability` (as `model.estimate.scored_customers` returns). Customers
    with the same set of active players are predicted together; k active players cost
    2**k - 2 predictions each.
    """
    players = dict(players or players_for(scored))
    matrix = feature_matrix(scored)
    churn = scored["churn_probability"].to_numpy(dtype="float64")
    baseline = scored["baseline_churn_probability"].to_numpy(dtype="float64")
    complained = (
        scored[COMPLAINT].to_numpy(dtype="float64") == 1
        if COMPLAINT in scored.columns
        else np.zeros(len(scored), dtype=bool)
    )
    complaint_player = next((j for j, m in enumerate(players.values()) if COMPLAINT in m), None)
    member_columns = [
        [MODEL_FEATURES.index(f) for f in members if f in MODEL_FEATURES]
        for members in players.values()
    ]

    active = _active_players(scored, players)
    shares = np.zeros((len(scored), len(players)))
    complaint_shares = np.zeros_like(shares)
    patterns, group = np.unique(active, axis=0, return_inverse=True)
    for number, pattern in enumerate(patterns):
        if not pattern.any():
            continue
        rows = np.flatnonzero(group.ravel() == number)
        on = np.flatnonzero(pattern)
        values = _subset_churn(
            matrix[rows], [member_columns[j] for j in on], baseline[rows], churn[rows], model
        )
        attributable = np.maximum(values - baseline[rows, None], 0.0)
        weights = _shapley_matrix(len(on))
        shares[np.ix_(rows, on)] = attributable @ weights
        if complaint_player is not None and complaint_player in on:
            position = int(np.flatnonzero(on == complaint_player)[0])
            has_complaint = (np.arange(1 << len(on)) >> position & 1).astype(bool)
            with_complaint = attributable * has_complaint * complained[rows, None]
            complaint_shares[np.ix_(rows, on)] = with_complaint @ weights
    return ChurnShapley(players, scored.index, shares, complaint_shares)


def cost_by_root_cause(
    estimates: pd.DataFrame,
    shapley: ChurnShapley,
    assumptions: Assumptions,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """Each customer's total_expected_cost split over the players (rows sum to it).

    Arithmetic only. `estimates` are `model.costs.add_costs` of the same customers with
    the same assumptions and `prospect_value` (None: the mean clv of these customers, as
    in add_costs); `shapley` is `churn_shapley` of them.
    """
    if prospect_value is None:
        prospect_value = portfolio_prospect_value(mean_clv(estimates, assumptions), assumptions)
    quiet = (
        assumptions.people_told
        * assumptions.in_market_share
        * assumptions.deterrence_rate
        * prospect_value
    )
    per_departure = estimates["clv"].to_numpy() * assumptions.departure_discount + quiet
    complaint_extra = quiet * (assumptions.public_complaint_multiplier - 1.0)
    split = shapley.churn * per_departure[:, None] + shapley.complaint_churn * complaint_extra
    for j, members in enumerate(shapley.players.values()):
        for feature in members:
            if feature in SERVICE_COST_RATES and feature in estimates.columns:
                rate = getattr(assumptions, SERVICE_COST_RATES[feature])
                split[:, j] += estimates[feature].to_numpy(dtype="float64") * rate
    return pd.DataFrame(split, index=estimates.index, columns=list(shapley.players))


def churn_attribution(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """Each customer's attributable churn split over INCIDENT_FEATURES (rows sum to it).

    The churn part of the money split, one column per incident feature; customers without
    `churn_probability` and `baseline_churn_probability` are scored first.
    """
    from model.estimate import score_churn

    scored = customers
    if not {"churn_probability", "baseline_churn_probability"} <= set(customers.columns):
        scored = customers.join(score_churn(customers, model))
    return churn_shapley(scored, model, default_players()).churn_frame()
