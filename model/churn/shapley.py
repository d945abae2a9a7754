"""Exact Shapley values of each customer's attributable churn over their incidents.

The model's part of the root causes (docs/methodology/formulas.md, "Explaining the
number"): the value of a set S of incidents is the customer's attributable churn with only
the incidents of S switched on, a(S) = max(churn(S) - baseline, 0). Each player (an
incident feature) gets its marginal value averaged over every order of switching the
customer's incidents on, so the parts sum exactly to the attributable churn, do not depend
on column order, and give 0 to an incident the customer did not have. One player per
incident feature; the pages show a group as one bar where the model's refits cannot split
it (model.churn.root_causes).

`churn_shapley` also returns the Shapley values of a(S) * [complaint in S], so that
model.explain.money_split can price the complaint's wider reach by arithmetic: a money
slider costs no prediction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from math import factorial

import numpy as np
import pandas as pd

from model.churn.churn_model import ChurnModel
from model.churn.estimator import AdditiveTerms
from model.churn.layout import BUILT_IN_LAYOUT, FeatureLayout

#: Player name -> the incident features switched on and off together.
Players = Mapping[str, tuple[str, ...]]

COMPLAINT = "regulator_complaint"

#: Predictions per model call at most, so a common pattern of many incidents stays small.
_PREDICTION_BATCH = 1 << 18


def default_players(layout: FeatureLayout = BUILT_IN_LAYOUT) -> dict[str, tuple[str, ...]]:
    """One player per incident feature of the layout, declared ones included (the pages
    show a group as one bar when the model's refits cannot split it:
    model.churn.root_causes)."""
    return {feature: (feature,) for feature in layout.incidents}


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


def _pattern_groups(active: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct rows of `active` in `np.unique(active, axis=0)`'s order, and each one's
    row numbers, ascending: the same groups, found by sorting one integer code per row (its
    players as bits, the first the highest) rather than whole rows, ten times cheaper."""
    bits = 1 << np.arange(active.shape[1] - 1, -1, -1, dtype=np.int64)
    codes, group = np.unique(active.astype(np.int64) @ bits, return_inverse=True)
    patterns = (codes[:, None] & bits) != 0
    order = np.argsort(group.ravel(), kind="stable")
    bounds = np.cumsum(np.bincount(group.ravel(), minlength=len(codes)))[:-1]
    return patterns, np.split(order, bounds)


def _off_columns(member_columns, mixed: list[int], width: int) -> np.ndarray:
    """Boolean (subsets x columns): the columns switched off (set to 0) in each subset."""
    subsets = np.asarray(mixed)
    off = np.zeros((len(mixed), width), dtype=bool)
    for j, columns in enumerate(member_columns):
        off[:, columns] |= (subsets >> j & 1 == 0)[:, None]
    return off


def _additive_subset_churn(terms, zero_terms, off, estimator: AdditiveTerms) -> np.ndarray:
    """Churn (rows x subsets) of the additive model from the rows' terms: each switched-off
    column's term is its term at 0, every other the row's own, added in column order as a
    prediction of the changed matrix adds them (the same numbers to the last bit). A column
    whose term is 0 in every row and subset (an incident none of these rows has: each
    incident's curve is 0 at 0) is left out: adding 0 changes no sum's value."""
    columns = []
    for column in range(terms.shape[1]):
        own = terms[:, column, None]
        switched = off[:, column].any()
        if not own.any() and (not switched or zero_terms[column] == 0):
            continue
        if switched:
            own = np.where(off[None, :, column], zero_terms[column], own)
        columns.append(own)
    return estimator.churn_of_terms(columns)


def _subset_churn(matrix, member_columns, baseline, churn, model, terms=None):
    """Model churn (rows x 2**k) with only each subset of the k players switched on.

    The empty set is the baseline and the full set the churn already predicted, so only
    the 2**k - 2 mixed subsets are predicted, in batches of bounded size. `terms`, given
    for an additive model (each row's term per column, then the terms at 0), turns each
    prediction into additions of terms already looked up; `matrix` (the rows' features) is
    then not needed and may be None.
    """
    k = len(member_columns)
    subsets = 1 << k
    values = np.empty((len(baseline), subsets))
    values[:, 0], values[:, subsets - 1] = baseline, churn
    mixed = list(range(1, subsets - 1))
    if not mixed:
        return values
    rows_per_batch = max(1, _PREDICTION_BATCH // len(mixed))
    if terms is not None:
        rows_terms, zero_terms = terms
        off = _off_columns(member_columns, mixed, rows_terms.shape[1])
        for start in range(0, len(rows_terms), rows_per_batch):
            block = rows_terms[start : start + rows_per_batch]
            values[start : start + len(block), 1 : subsets - 1] = _additive_subset_churn(
                block, zero_terms, off, model.estimator
            )
        return values
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


def _terms(model: ChurnModel, matrix: np.ndarray, troubled: np.ndarray):
    """For an additive model, each troubled row's term per column (the other rows' are
    never read) and each column's term at 0 (looked up as a column of zeros, as a
    prediction of a zeroed column looks it up)."""
    if not isinstance(model.estimator, AdditiveTerms):
        return None
    terms = np.empty(matrix.shape)
    terms[troubled] = model.estimator.terms(matrix[troubled])
    zeros = np.zeros((1, matrix.shape[1]))
    return terms, model.estimator.terms(zeros)[0]


def churn_shapley(
    scored: pd.DataFrame, model: ChurnModel, players: Players | None = None
) -> ChurnShapley:
    """The model inference of the money split, done once per portfolio.

    `scored` holds the contract's columns plus `churn_probability` and
    `baseline_churn_probability` (as `model.churn.scoring.scored_customers` returns). Customers
    with the same set of active players are predicted together; k active players cost
    2**k - 2 predictions each.
    """
    players = dict(players or default_players(model.layout))
    matrix = model.matrix(scored)
    churn = scored["churn_probability"].to_numpy(dtype="float64")
    baseline = scored["baseline_churn_probability"].to_numpy(dtype="float64")
    complained = (
        scored[COMPLAINT].to_numpy(dtype="float64") == 1
        if COMPLAINT in scored.columns
        else np.zeros(len(scored), dtype=bool)
    )
    complaint_player = next((j for j, m in enumerate(players.values()) if COMPLAINT in m), None)
    columns = model.layout.columns
    member_columns = [
        [columns.index(f) for f in members if f in model.layout.incidents]
        for members in players.values()
    ]

    active = _active_players(scored, players)
    shares = np.zeros((len(scored), len(players)))
    complaint_shares = np.zeros_like(shares)
    terms = _terms(model, matrix, active.any(axis=1))
    for pattern, rows in zip(*_pattern_groups(active), strict=True):
        if not pattern.any():
            continue
        on = np.flatnonzero(pattern)
        values = _subset_churn(
            matrix[rows] if terms is None else None,  # the terms stand for the rows
            [member_columns[j] for j in on],
            baseline[rows],
            churn[rows],
            model,
            None if terms is None else (terms[0][rows], terms[1]),
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


def churn_attribution(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """Each customer's attributable churn split over the model's incidents (rows sum to it).

    The churn part of the money split, one column per incident feature; customers without
    `churn_probability` and `baseline_churn_probability` are scored first.
    """
    from model.churn.scoring import score_churn

    scored = customers
    if not {"churn_probability", "baseline_churn_probability"} <= set(customers.columns):
        scored = customers.join(score_churn(customers, model))
    return churn_shapley(scored, model, default_players(model.layout)).churn_frame()
