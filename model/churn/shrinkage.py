"""Small histories borrow strength: a history's incident effects shrunk toward a prior.

A fit to a company's history (model.churn.history_fit) in the additive form pulls each
incident's curve toward a prior curve by a penalty on the squared gap at its knots
(model.churn.additive, `FitSettings.priors`), as strong as `weight` customers at each knot:
a count that many of the company's customers have is the company's own; one that few have
leans on the prior. The prior of each incident (`priors_for`):

- **public evidence** where the evidence table has its kind (model.churn.evidence): the
  mean of the sets' curves;
- for a contract incident with none, **the built-in model's** effect, itself assumed;
- for a company's own declared incident with none, **a typical incident's effect** in the
  evidence (the median of every set's curve).

The weights are chosen by the data (`choose_weight`): cross-validated log-loss over
PRIOR_WEIGHTS, 0 (no prior) included, first one for every prior, then the public evidence's
own, so a large history whose law contradicts the evidence picks a weight too small to
overrule it, and one that agrees with the assumed curves but not the evidence can lean on
the one and not the other. Revenue, tenure and a company's traits shrink toward no effect
(a flat curve) by the first weight. Why: docs/adr/0023.

How much of each incident's effect came from the company's own data (`own_data_figures`)
is the data's share of the precision at each knot, info / (info + 2 * weight), info being
the sum over customers of p (1 - p) times their squared weight on the knot: 1 with no
prior, 0 for an incident no customer has; averaged over the knots weighted by the
customers there. What the data can support is 1 / sqrt(info), the standard error their own
customers give the curve: the "size of history" check asks, per incident the history
records, that it be at most SUPPORTED_ERROR or that the effect lean on public evidence
(`leaning_on_assumptions`), not that the history have some fixed number of customers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from model.churn.additive import AdditiveLogit, FitSettings, fit_additive_logit
from model.churn.evidence import (
    CURVE_COUNTS,
    entries_for_kind,
    evidence_table,
    kind_of,
    pooled_curve,
    typical_curve,
)
from model.churn.metrics import probability_metrics

#: The prior weights the cross-validation chooses among (customers' worth at each knot).
PRIOR_WEIGHTS = (0.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
#: The cross-validation that chooses the weight uses every customer of the fitting part up
#: to this many (a sample of this many beyond). A weight chosen on a sample is the best for
#: a history of the sample's size, not the whole one's: on a 120,000-customer history whose
#: law halves the built-in outages, 10,000 customers chose 10 and all 90,000 of its fitting
#: part chose 0, which the fit on all of them needed (docs/adr/0027). The fits' time is
#: mostly the optimiser's own steps, not the rows: all 90,000 took 1.2 times 10,000's.
CV_PRIOR_ROWS = 100_000
CV_PRIOR_FOLDS = 3
#: A history supports an incident's effect on its own when the standard error of its curve
#: from its customers alone is at most this (log-odds): a 95 % range within about a factor
#: of two on the odds either way.
SUPPORTED_ERROR = 0.35

Curve = tuple[tuple[float, ...], tuple[float, ...]]
#: A trait's prior: no effect (its curve flat at its first knot's 0).
FLAT: Curve = ((0.0, 1.0), (0.0, 0.0))


@dataclass(frozen=True)
class IncidentPrior:
    """What one incident's effect is shrunk toward, and where that comes from."""

    incident: str
    source: str  # "public evidence", "the built-in model" or "a typical incident"
    sets: int
    curve: Curve

    @property
    def label(self) -> str:
        if self.source == "public evidence":
            return f"public evidence: {self.sets} set{'s' if self.sets > 1 else ''}"
        if self.source == "the built-in model":
            return "assumed: no public evidence (the built-in model's effect)"
        return "no public evidence of its own: a typical incident's effect in the evidence"


def _built_in_curve(name: str) -> Curve:
    """The built-in model's curve for a contract incident, at its own knots."""
    from model.churn.loader import default_model  # the built-in model, loaded once

    estimator = default_model().estimator
    position = MODEL_FEATURES.index(name)
    knots = estimator.knots[position]
    return tuple(map(float, knots)), tuple(map(float, estimator.effect(position, knots)))


def priors_for(incidents: tuple[str, ...], table: dict | None = None) -> dict[str, IncidentPrior]:
    """Each incident's prior (module docstring); `table` in place of the committed one."""
    table = table or evidence_table()
    counts = tuple(float(c) for c in CURVE_COUNTS)
    priors = {}
    for name in incidents:
        kind = kind_of(name)
        entries = entries_for_kind(kind, table) if kind else []
        if entries:
            central = tuple(map(float, pooled_curve(entries)[0]))
            priors[name] = IncidentPrior(name, "public evidence", len(entries), (counts, central))
        elif name in INCIDENT_FEATURES:
            priors[name] = IncidentPrior(name, "the built-in model", 0, _built_in_curve(name))
        else:
            typical = tuple(map(float, typical_curve(table)))
            priors[name] = IncidentPrior(name, "a typical incident", 0, (counts, typical))
    return priors


def with_priors(
    settings: FitSettings,
    columns: tuple[str, ...],
    priors: dict[str, IncidentPrior],
    weight: float,
    evidence_weight: float | None = None,
) -> FitSettings:
    """`settings` shrinking each incident toward its prior and every other column (revenue,
    tenure, a company's traits) toward a flat curve: a small history's trait curves overfit
    as surely as its incidents' do. The incidents with public evidence by `evidence_weight`
    customers at each knot (`weight` if None), every other column by `weight`."""
    curves = tuple(priors[c].curve if c in priors else FLAT for c in columns)
    backed = evidence_weight if evidence_weight is not None else weight
    weights = tuple(
        float(backed) if c in priors and priors[c].sets else float(weight) for c in columns
    )
    return replace(settings, priors=curves, prior_weight=float(weight), prior_weights=weights)


def _cv_loss(matrix, churned, directions, settings, folds, starts) -> float:
    """Cross-validated log-loss of `settings` over `folds`; each fold's fit is kept in
    `starts` and the next call's fit of that fold starts from it."""
    total = 0.0
    for fold in range(CV_PRIOR_FOLDS):
        fit_rows, test_rows = folds != fold, folds == fold
        model = fit_additive_logit(
            matrix[fit_rows], churned[fit_rows], directions, settings, start=starts[fold]
        )
        starts[fold] = model
        p = model.churn_probability(matrix[test_rows])
        total += probability_metrics(churned[test_rows], p)["log_loss"] * int(test_rows.sum())
    return total / len(folds)


def choose_weight(
    matrix: np.ndarray,
    churned: np.ndarray,
    directions: list[int],
    weighted,
    seed: int,
    weights: tuple[float, ...] = PRIOR_WEIGHTS,
) -> tuple[float, float, dict[str, float]]:
    """The prior weights with the lowest cross-validated log-loss: first one weight for
    every prior, then, that one kept for the others, the public evidence's own. Returns the
    weight, the evidence's weight and each candidate's log-loss.

    `weighted(weight, evidence_weight)` gives the fit's settings (`with_priors`); folds drawn
    with `seed`, on at most CV_PRIOR_ROWS customers."""
    if len(weights) == 1:
        return weights[0], weights[0], {}
    rng = np.random.default_rng(seed + 23)
    rows = np.arange(len(matrix))
    if len(rows) > CV_PRIOR_ROWS:
        rows = np.sort(rng.choice(rows, CV_PRIOR_ROWS, replace=False))
    matrix, churned = matrix[rows], churned[rows]
    folds = rng.permutation(len(rows)) % CV_PRIOR_FOLDS
    starts: list[AdditiveLogit | None] = [None] * CV_PRIOR_FOLDS
    losses = {
        f"{w:g}": _cv_loss(matrix, churned, directions, weighted(w, None), folds, starts)
        for w in weights
    }
    best = min(weights, key=lambda w: losses[f"{w:g}"])
    for w in weights:
        if w != best:
            settings = weighted(best, w)
            losses[f"{best:g}, evidence {w:g}"] = _cv_loss(
                matrix, churned, directions, settings, folds, starts
            )
    losses[f"{best:g}, evidence {best:g}"] = losses[f"{best:g}"]
    evidence = min(weights, key=lambda w: losses[f"{best:g}, evidence {w:g}"])
    return best, evidence, losses


def _knot_information(model: AdditiveLogit, matrix: np.ndarray, j: int):
    """For feature j's knots after the first: the customers on each (their hat weights
    summed) and the data's information there (p (1 - p) times the squared weights)."""
    p = model.churn_probability(matrix)
    knots = model.knots[j]
    x = np.clip(matrix[:, j], knots[0], knots[-1])
    right = np.clip(np.searchsorted(knots, x, side="right"), 1, len(knots) - 1)
    u = (x - knots[right - 1]) / (knots[right] - knots[right - 1])
    near, info = np.zeros(len(knots)), np.zeros(len(knots))
    for index, share in ((right - 1, 1 - u), (right, u)):
        np.add.at(near, index, share)
        np.add.at(info, index, p * (1 - p) * share**2)
    return near[1:], info[1:]  # the first knot is none: its value is 0, not fitted


def own_data_figures(
    model: AdditiveLogit, matrix: np.ndarray, positions: dict[str, int], weights: dict
) -> dict[str, tuple[float, float | None]]:
    """Per incident: the share of its effect from the company's own data, and the standard
    error its own data alone give its curve (None where no customer has it); both averaged
    over its knots, weighted by the customers there (module docstring)."""
    figures = {}
    for name, j in positions.items():
        near, info = _knot_information(model, matrix, j)
        if near.sum() <= 0:
            figures[name] = (0.0, None)
            continue
        weight = weights[name]
        own = info / (info + 2 * weight) if weight > 0 else np.ones(len(info))
        error = np.minimum(1 / np.sqrt(np.maximum(info, 1e-12)), 1e3)
        figures[name] = (
            round(float(np.average(own, weights=near)), 4),
            round(float(np.average(error, weights=near)), 4),
        )
    return figures


def evidence_entries(
    priors: dict[str, IncidentPrior],
    figures: dict[str, tuple[float, float | None]] | None,
    weights: tuple[float, float],
    losses: dict[str, float],
    through: float = 1.0,
) -> dict:
    """The card's `evidence` entry: per incident its prior, the share of its effect from
    the company's own data and the standard error its own data give it (`own_data_figures`;
    None without an additive fit to read them from). `through` is how much of the kept
    model's log-odds passes through the additive model that carries the priors (1: the
    additive form; the blend's share for boosted trees, model.churn.blend): the share from
    the prior is that times the additive model's own."""
    prior = None if figures is None else {n: through * (1 - f[0]) for n, f in figures.items()}
    return {
        "prior_weight": weights[0],
        "evidence_weight": weights[1],
        "prior_weight_rule": "the weights (customers' worth at each knot) with the lowest "
        f"{CV_PRIOR_FOLDS}-fold cross-validated log-loss: first one for every prior, then the "
        "public evidence's own, the first kept for the others",
        "cross_validated_log_loss": {w: round(v, 6) for w, v in losses.items()},
        "share_of_model_with_priors": round(float(through), 4),
        "incidents": {
            name: {
                "prior": p.label,
                "public_sets": p.sets,
                "prior_weight": weights[1] if p.sets else weights[0],
                "share_from_own_data": None
                if prior is None
                else round(1 - prior.get(name, 1.0), 4),
                "share_from_prior": None if prior is None else round(prior.get(name, 1.0), 4),
                "standard_error_from_own_data": None if figures is None else figures[name][1],
            }
            for name, p in priors.items()
        },
    }


def supported_by_own_data(entry: dict) -> bool:
    """Whether a history's own customers pin an incident's effect down: the standard error
    of its curve from them alone at most SUPPORTED_ERROR."""
    error = entry["standard_error_from_own_data"]
    return error is not None and error <= SUPPORTED_ERROR


def leaning_on_assumptions(evidence: dict | None, recorded: set[str]) -> list[str]:
    """The incidents the history records that its own data do not support
    (`supported_by_own_data`) and that do not lean on public evidence either (no public
    set, or a prior weight of 0 chosen): what 'size of history' fails on."""
    if not evidence:
        return []
    borrowed = (
        evidence.get("evidence_weight", evidence["prior_weight"]) > 0
        and evidence.get("share_of_model_with_priors", 1.0) > 0
    )
    return [
        name
        for name, entry in evidence["incidents"].items()
        if name in recorded
        and entry["standard_error_from_own_data"] is not None
        and not supported_by_own_data(entry)
        and not (borrowed and entry["public_sets"] > 0)
    ]


@dataclass(frozen=True)
class Shrinkage:
    """A history's priors and the weight its cross-validation chose."""

    priors: dict[str, IncidentPrior]
    weight: float
    evidence_weight: float
    losses: dict[str, float]

    def apply(self, settings: FitSettings, columns: tuple[str, ...]) -> FitSettings:
        return with_priors(settings, columns, self.priors, self.weight, self.evidence_weight)

    def card_entry(
        self, model: AdditiveLogit | None, matrix: np.ndarray, columns, through: float = 1.0
    ) -> dict:
        """The card's `evidence` entry, the shares read from `model` fitted on `matrix`, of
        which `through` of the kept model's log-odds passes (`evidence_entries`)."""
        positions = {name: columns.index(name) for name in self.priors}
        weights = {
            name: self.evidence_weight if prior.sets else self.weight
            for name, prior in self.priors.items()
        }
        figures = None if model is None else own_data_figures(model, matrix, positions, weights)
        both = (self.weight, self.evidence_weight)
        return evidence_entries(self.priors, figures, both, self.losses, through)


def choose_shrinkage(
    matrix: np.ndarray,
    churned: np.ndarray,
    columns: tuple[str, ...],
    incidents: tuple[str, ...],
    directions: list[int],
    settings: FitSettings,
    seed: int,
    table: dict | None = None,
    weights: tuple[float, ...] = PRIOR_WEIGHTS,
) -> Shrinkage:
    """Each incident's prior, and the weight the data choose for them among `weights`
    (module docstring; `(0.0,)`: no shrinkage, the fit as it was before issue 32)."""
    priors = priors_for(incidents, table)

    def weighted(weight: float, evidence_weight: float | None) -> FitSettings:
        return with_priors(settings, columns, priors, weight, evidence_weight)

    weight, evidence_weight, losses = choose_weight(
        matrix, churned, directions, weighted, seed, weights
    )
    return Shrinkage(priors, weight, evidence_weight, losses)
