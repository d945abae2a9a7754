"""The churn model's form: a monotone additive logistic model, one lookup table per feature.

    log-odds(leave) = intercept + sum over features of f_feature(value)

Each f is piecewise linear between knots, so a prediction is one table lookup
(`np.interp`) per feature and a logistic. Every incident's f starts at 0 and never falls
(its increments between knots are >= 0), tenure's never rises, revenue's is free: churn
never falls when an incident rises, by construction. The incidents' effects add on the
log-odds scale, which is how the evidence says failures combine (each missed promise
multiplies the odds), and why this form gives each incident its own effect instead of
lending one feature the effect of another it travels with (docs/adr/0008).

Fitting maximises the (weighted) likelihood with a small penalty on the total rise of
each curve (an L1 penalty on the increments, which lets a curve jump where the data say so
and stay flat elsewhere) plus a small ridge term, by L-BFGS-B with bounds: deterministic.
The fitted tables are plain numbers, saved as JSON: nothing to unpickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# SciPy is imported where a model is fitted, not at import: scoring is np.interp alone.

#: Direction of each feature's curve: +1 never falls, -1 never rises, 0 free.
Direction = int


@dataclass(frozen=True)
class FitSettings:
    """What decides a fit besides the data; the model card records it."""

    knots_per_feature: int = 24
    rise_penalty: float = 2e-5
    ridge_penalty: float = 1e-6
    max_iterations: int = 2_000
    #: L-BFGS-B stops when the loss improves by less than this (relative) in a step.
    tolerance: float = 1e-12
    #: Further knots by feature position (see `choose_knots`).
    extra_knots: tuple[tuple[float, ...], ...] = ()
    #: A curve to shrink each feature toward, by position: (values, log-odds) pairs read
    #: between them and flat beyond, or None for no prior (model.churn.shrinkage).
    priors: tuple[tuple[tuple[float, ...], tuple[float, ...]] | None, ...] = ()
    #: How strongly: as many customers' worth at each knot (0: no shrinkage), for every
    #: feature, or by position where `prior_weights` gives one.
    prior_weight: float = 0.0
    prior_weights: tuple[float, ...] = ()


@dataclass(frozen=True)
class AdditiveLogit:
    """Fitted tables: for each feature (by position) its knots and the curve's values there."""

    intercept: float
    knots: tuple[np.ndarray, ...]
    values: tuple[np.ndarray, ...]

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        total = np.full(len(matrix), self.intercept)
        for position, (knots, values) in enumerate(zip(self.knots, self.values, strict=True)):
            total += np.interp(matrix[:, position], knots, values)
        return total

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        """P(leave) per row of a matrix in the model's feature order."""
        return logistic(self.log_odds(matrix))

    def terms(self, matrix: np.ndarray) -> np.ndarray:
        """Each feature's term of the log-odds, f_feature(value): (rows, features)."""
        terms = np.empty(matrix.shape, dtype=np.float64)
        for position, (knots, values) in enumerate(zip(self.knots, self.values, strict=True)):
            terms[:, position] = np.interp(matrix[:, position], knots, values)
        return terms

    def churn_of_terms(self, terms: Sequence[np.ndarray]) -> np.ndarray:
        """P(leave) from one term per feature, in the model's column order, each an array
        (arrays that broadcast: a column of rows against a row of variants gives a table).

        The intercept plus the terms, added one by one in order as `log_odds` adds them:
        the terms of a matrix give `churn_probability` of that matrix to the last bit, so
        predicting many variants of the same rows (a subset of incidents switched off, one
        incident raised by one) costs additions, not table lookups.
        """
        total = np.asarray(self.intercept, dtype=np.float64)
        for term in terms:
            total = total + term
        return logistic(total)

    def churn_and_baseline(
        self, matrix: np.ndarray, incident_positions: list[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """P(leave) per row, and P(leave) with every incident at 0, in one walk of the tables.

        The baseline adds each incident's table at 0 where today's adds its value, in the
        same order: both equal `churn_probability` of their matrices to the last bit, and
        the rows with incidents need no second prediction.
        """
        incidents = set(incident_positions)
        total = np.full(len(matrix), self.intercept)
        baseline = total.copy()
        for position, (knots, values) in enumerate(zip(self.knots, self.values, strict=True)):
            term = np.interp(matrix[:, position], knots, values)
            total += term
            baseline += np.interp(0.0, knots, values) if position in incidents else term
        return logistic(total), logistic(baseline)

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """scikit-learn's shape: (rows, 2), P(stay) then P(leave)."""
        leave = self.churn_probability(matrix)
        return np.column_stack([1 - leave, leave])

    def effect(self, position: int, values: np.ndarray) -> np.ndarray:
        """f_feature at the given values: the feature's contribution to the log-odds."""
        return np.interp(values, self.knots[position], self.values[position])

    def to_dict(self) -> dict:
        return {
            "intercept": self.intercept,
            "knots": [knots.tolist() for knots in self.knots],
            "values": [values.tolist() for values in self.values],
        }

    @classmethod
    def from_dict(cls, content: dict) -> AdditiveLogit:
        knots = tuple(np.asarray(k, dtype=np.float64) for k in content["knots"])
        values = tuple(np.asarray(v, dtype=np.float64) for v in content["values"])
        if len(knots) != len(values) or any(
            k.shape != v.shape or k.ndim != 1 or len(k) < 1 or np.any(np.diff(k) <= 0)
            for k, v in zip(knots, values, strict=True)
        ):
            raise ValueError("the model's tables are malformed (knots and values disagree)")
        return cls(float(content["intercept"]), knots, values)


def logistic(log_odds: np.ndarray) -> np.ndarray:
    """Chance from log-odds: 1 / (1 + exp(-x)), written so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * log_odds))


def choose_knots(
    column: np.ndarray, direction: Direction, count: int, extra: tuple[float, ...] = ()
) -> np.ndarray:
    """Knots for one feature: where its values lie, so every segment holds data.

    Incidents (direction +1) start at 0, the value of a customer without them; whole
    counts get a knot at each of 1..10 too, since the first few incidents matter most.
    `extra` knots (within the data's range) let a curve step where people count in
    round units (an outage of more than two days). The last knot is the largest value
    seen: beyond it a curve stays flat.
    """
    column = np.asarray(column, dtype=np.float64)
    if direction > 0:
        positive = column[column > 0]
        if len(positive) == 0:
            return np.array([0.0, 1.0])
        levels = np.quantile(positive, np.linspace(0, 1, count + 1))
        knots = np.concatenate([[0.0], levels])
        if np.all(column == np.round(column)):
            knots = np.concatenate([np.round(knots), np.arange(1, 11)])
            knots = knots[knots <= positive.max()]
    else:
        knots = np.quantile(column, np.linspace(0, 1, count + 1))
    knots = np.concatenate([knots, [k for k in extra if column.min() < k < column.max()]])
    knots = np.unique(np.round(knots, 6))
    return knots if len(knots) > 1 else np.array([knots[0], knots[0] + 1.0])


def _hat_basis(column: np.ndarray, knots: np.ndarray):
    """Weights of each row on the knots either side of its value (two per row, summing to 1),
    as a SciPy sparse matrix."""
    from scipy import sparse

    x = np.clip(column, knots[0], knots[-1])
    right = np.clip(np.searchsorted(knots, x, side="right"), 1, len(knots) - 1)
    left = right - 1
    width = knots[right] - knots[left]
    u = (x - knots[left]) / width
    rows = np.arange(len(x))
    data = np.concatenate([1 - u, u])
    return sparse.csr_matrix(
        (data, (np.concatenate([rows, rows]), np.concatenate([left, right]))),
        shape=(len(x), len(knots)),
    )


def _starting_point(start, knots, signs, y, w) -> np.ndarray:
    """The parameters to start from: `start`'s curves at these knots, else flat at the mean."""
    if start is None:
        mean = np.average(y, weights=w)
        return np.concatenate([[np.log(mean / (1 - mean))], np.zeros(len(signs))])
    increments = np.concatenate([np.diff(start.effect(j, k)) for j, k in enumerate(knots)])
    increments = np.where(signs > 0, np.maximum(increments, 0), increments)
    increments = np.where(signs < 0, np.minimum(increments, 0), increments)
    offsets = sum(start.effect(j, k[:1])[0] for j, k in enumerate(knots))
    return np.concatenate([[start.intercept + offsets], increments])


def fit_additive_logit(
    matrix: np.ndarray,
    churned: np.ndarray,
    directions: list[Direction],
    settings: FitSettings,
    weights: np.ndarray | None = None,
    start: AdditiveLogit | None = None,
) -> AdditiveLogit:
    """Fit the tables by penalised maximum likelihood; deterministic for its inputs.

    Each curve is parametrised by its increments between knots (first value 0): bounded
    >= 0 for direction +1 and <= 0 for -1, so the fitted curves are monotone exactly.
    `start`, a fit of similar data, makes a refit (resampled rows, other knots) converge
    in far fewer steps; the optimum it reaches is the same.
    """
    from scipy.optimize import minimize

    n = len(matrix)
    y = np.asarray(churned, dtype=np.float64)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    design = _Design.of(matrix, directions, settings)
    prior = _Prior.of(design, settings, n)
    result = minimize(
        _penalised_loss,
        _starting_point(start, design.knots, design.signs, y, w),
        args=(design, y, w, settings, prior),
        jac=True,
        method="L-BFGS-B",
        bounds=design.bounds(),
        options={"maxiter": settings.max_iterations, "ftol": settings.tolerance, "gtol": 1e-9},
    )
    values = design.values_of(result.x[1:])
    starts = design.starts
    return AdditiveLogit(
        intercept=float(result.x[0]),
        knots=tuple(design.knots),
        values=tuple(
            np.concatenate([[0.0], values[starts[j] : starts[j + 1]]])
            for j in range(design.features)
        ),
    )


@dataclass(frozen=True)
class _Design:
    """The fit's fixed part: each feature's knots, every row's weights on them (one sparse
    matrix for all features, the first knot of each left out since its value is 0), where
    each feature's increments start among the parameters, and the sign each must keep."""

    knots: list[np.ndarray]
    basis: object  # scipy.sparse.csr_matrix, rows by increments
    basis_t: object  # its transpose, kept in row order for the gradient's product
    starts: np.ndarray
    signs: np.ndarray
    features: int

    @classmethod
    def of(cls, matrix: np.ndarray, directions: list[Direction], settings: FitSettings):
        """The design of `matrix` (rows by features) with the knots `settings` ask for."""
        from scipy import sparse

        features = matrix.shape[1]
        extra = settings.extra_knots or ((),) * features
        knots = [
            choose_knots(matrix[:, j], directions[j], settings.knots_per_feature, extra[j])
            for j in range(features)
        ]
        bases = [_hat_basis(matrix[:, j], knots[j])[:, 1:] for j in range(features)]
        basis = sparse.hstack(bases, format="csr")
        sizes = [len(k) - 1 for k in knots]
        starts = np.concatenate([[0], np.cumsum(sizes)])
        signs = np.concatenate([np.full(size, directions[j]) for j, size in enumerate(sizes)])
        return cls(knots, basis, basis.T.tocsr(), starts, signs, features)

    def values_of(self, increments: np.ndarray) -> np.ndarray:
        """Each curve's values at its knots after the first: its increments summed."""
        starts = self.starts
        return np.concatenate(
            [np.cumsum(increments[starts[j] : starts[j + 1]]) for j in range(self.features)]
        )

    def increments_gradient(self, values_gradient: np.ndarray) -> np.ndarray:
        """A gradient over the values carried back to the increments."""
        # d(values)/d(increments) is a lower-triangular block of ones: reverse cumulative sums
        starts = self.starts
        return np.concatenate(
            [
                np.cumsum(values_gradient[starts[j] : starts[j + 1]][::-1])[::-1]
                for j in range(self.features)
            ]
        )

    def bounds(self) -> list[tuple[float | None, float | None]]:
        """L-BFGS-B's bounds: the intercept free, each increment kept to its curve's sign."""
        return [(None, None)] + [
            (0.0, None) if sign > 0 else (None, 0.0) if sign < 0 else (None, None)
            for sign in self.signs
        ]


@dataclass(frozen=True)
class _Prior:
    """The shrinkage toward prior curves: each curve's value at the knots after the first,
    the prior weight at each (0: no prior), and the penalty's coefficient, one over the rows:
    the log-loss is a mean, so a weight of m counts as m customers at each knot."""

    target: np.ndarray
    mask: np.ndarray
    coefficient: float

    @classmethod
    def of(cls, design: _Design, settings: FitSettings, rows: int) -> _Prior | None:
        weights = [
            settings.prior_weights[j] if j < len(settings.prior_weights) else settings.prior_weight
            for j in range(design.features)
        ]
        if max(weights) <= 0 or not any(settings.priors):
            return None
        targets, masks = [], []
        for j, knots in enumerate(design.knots):
            curve = settings.priors[j] if j < len(settings.priors) else None
            inner = knots[1:]
            if curve is None:
                targets.append(np.zeros(len(inner)))
                masks.append(np.zeros(len(inner)))
            else:
                targets.append(np.interp(inner, curve[0], curve[1]))
                masks.append(np.full(len(inner), weights[j]))
        return cls(np.concatenate(targets), np.concatenate(masks), 1.0 / rows)

    def loss_and_gradient(self, values: np.ndarray) -> tuple[float, np.ndarray]:
        """The penalty at the curves' values, and its gradient over those values."""
        gap = values - self.target
        weighted = self.mask * gap
        return self.coefficient * float(weighted @ gap), 2 * self.coefficient * weighted


def _penalised_loss(
    theta: np.ndarray,
    design: _Design,
    y: np.ndarray,
    w: np.ndarray,
    settings: FitSettings,
    prior: _Prior | None = None,
) -> tuple[float, np.ndarray]:
    """The weighted log-loss of parameters `theta` (intercept, then every increment), plus
    the rise and ridge penalties and any shrinkage toward prior curves, with its exact
    gradient: what L-BFGS-B minimises."""
    intercept, increments = theta[0], theta[1:]
    values = design.values_of(increments)
    z = intercept + design.basis @ values
    p = logistic(z)
    loss = float(np.sum(w * (np.logaddexp(0.0, z) - y * z)))
    residual = w * (p - y)
    gradient = np.empty_like(theta)
    gradient[0] = residual.sum()
    gradient[1:] = design.increments_gradient(design.basis_t @ residual)
    signs = design.signs
    constrained = signs != 0
    loss += settings.rise_penalty * float(np.sum(np.abs(increments[constrained])))
    gradient[1:] += settings.rise_penalty * signs * constrained
    loss += settings.ridge_penalty * float(increments @ increments)
    gradient[1:] += 2 * settings.ridge_penalty * increments
    if prior is not None:
        penalty, values_gradient = prior.loss_and_gradient(values)
        loss += penalty
        gradient[1:] += design.increments_gradient(values_gradient)
    return loss, gradient


def bootstrap_refits(
    matrix: np.ndarray,
    churned: np.ndarray,
    directions: list[Direction],
    settings: FitSettings,
    main: AdditiveLogit,
    count: int,
    seed: int,
) -> list[AdditiveLogit]:
    """`count` refits of `main` on Poisson-bootstrap resamples of the rows, warm-started from
    it: how the built-in model, a history's fit and the evidence measure how sure a curve is."""
    rng = np.random.default_rng(seed)
    return [
        fit_additive_logit(
            matrix,
            churned,
            directions,
            settings,
            weights=rng.poisson(1.0, len(matrix)).astype(np.float64),
            start=main,
        )
        for _ in range(count)
    ]
