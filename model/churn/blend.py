"""The boosted form borrows strength from the evidence: its trees blended with the prior.

A history's boosted trees (model.churn.boosted) take no prior: scikit-learn's histogram
boosting starts every fit from one constant and has no starting score per customer
(scikit-learn issue 27109), so the trees cannot be grown from the evidence's log-odds. The
additive form carries the priors (model.churn.shrinkage: each incident pulled toward the
public evidence, the built-in model or a typical incident, by a weight its own
cross-validation chose). The boosted form's log-odds are therefore a blend,

    log-odds = (1 - share) * trees(x) + share * additive-with-priors(x),

with `share` chosen among BLEND_SHARES by the lowest cross-validated log-loss on the fitting
rows (`choose_share`): each fold's trees and additive model fitted on the other folds, the
blend measured on the fold left out. A small history, whose trees are noisy, leans on the
prior-carrying model; a large one, whose trees are sure, speaks for itself (share 0: the
trees alone, as before). Both parts are monotone in every incident and neither lets two
incidents meet, so neither does the blend. Why: docs/adr/0029.

How much of an incident's effect came from the prior is then the blend's share times the
additive model's own share from its prior (`prior_share`), what the card says.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from model.churn.additive import AdditiveLogit, FitSettings, fit_additive_logit, logistic
from model.churn.boosted import BoostedLogit, BoostingSize, fit_boosted

#: The additive (prior-carrying) model's weights in the boosted form the data choose among.
BLEND_SHARES = tuple(round(0.05 * k, 2) for k in range(21))
#: The cross-validation that chooses the share uses at most this many customers.
CV_BLEND_ROWS = 10_000
CV_BLEND_FOLDS = 3


@dataclass(frozen=True)
class BlendedLogit:
    """Boosted trees and the additive model with priors, their log-odds weighted by
    1 - share and share."""

    trees: BoostedLogit
    additive: AdditiveLogit
    share: float

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        trees = self.trees.log_odds(matrix)
        return (1 - self.share) * trees + self.share * self.additive.log_odds(matrix)

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        return logistic(self.log_odds(matrix))

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        leave = self.churn_probability(matrix)
        return np.column_stack([1 - leave, leave])

    def monotone_in(self, positions: list[int]) -> bool:
        """Both parts never fall as any of these columns rises (so their blend does not)."""
        tables = all(np.all(np.diff(self.additive.values[j]) >= 0) for j in positions)
        return self.trees.monotone_in(positions) and bool(tables)

    def to_dict(self) -> dict:
        return {
            "share": self.share,
            "trees": self.trees.to_dict(),
            "additive": self.additive.to_dict(),
        }

    @classmethod
    def from_dict(cls, content: dict, columns: int) -> BlendedLogit:
        """A saved blend, each part checked as its own form's reader checks it."""
        share = float(content["share"])
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"the blend's share must lie in [0, 1], got {share}")
        return cls(
            BoostedLogit.from_dict(content["trees"], columns),
            AdditiveLogit.from_dict(content["additive"]),
            share,
        )


def blended(trees: BoostedLogit, additive: AdditiveLogit | None, share: float):
    """The boosted form's estimator: the trees alone when the share is 0 (or there is no
    additive model), else their blend."""
    if additive is None or share <= 0:
        return trees
    return BlendedLogit(trees, additive, float(share))


def _out_of_fold(matrix, churned, positions, size, seed, directions, settings):
    """Each row's log-odds from trees and from the additive model fitted without its fold."""
    folds = np.random.default_rng(seed + 29).permutation(len(matrix)) % CV_BLEND_FOLDS
    trees, additive = np.zeros(len(matrix)), np.zeros(len(matrix))
    for fold in range(CV_BLEND_FOLDS):
        fit, out = folds != fold, folds == fold
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            boosted = fit_boosted(matrix[fit], churned[fit], positions, size, seed)
        trees[out] = boosted.log_odds(matrix[out])
        model = fit_additive_logit(matrix[fit], churned[fit], directions, settings)
        additive[out] = model.log_odds(matrix[out])
    return trees, additive


def choose_share(
    matrix: np.ndarray,
    churned: np.ndarray,
    positions: list[int],
    size: BoostingSize,
    seed: int,
    directions: list[int],
    settings: FitSettings,
    shares: tuple[float, ...] = BLEND_SHARES,
) -> tuple[float, dict[str, float]]:
    """The additive model's share in the boosted form chosen by cross-validation, and each
    candidate's log-loss: the smallest share whose log-loss is within one standard error
    (over the customers) of the lowest's.

    `size` is the trees' (model.churn.boosted.choose_size), `settings` the additive fit's
    with its priors (model.churn.shrinkage); folds drawn with `seed`, on at most
    CV_BLEND_ROWS customers."""
    if len(shares) == 1:
        return shares[0], {}
    rows = np.arange(len(matrix))
    if len(rows) > CV_BLEND_ROWS:
        rng = np.random.default_rng(seed + 31)
        rows = np.sort(rng.choice(rows, CV_BLEND_ROWS, replace=False))
    matrix, churned = matrix[rows], churned[rows]
    trees, additive = _out_of_fold(matrix, churned, positions, size, seed, directions, settings)
    per_row = {}
    for share in shares:
        log_odds = (1 - share) * trees + share * additive
        # each customer's log-loss: log(1 + e^-z) if they left, log(1 + e^z) if they stayed
        per_row[share] = np.logaddexp(0.0, np.where(churned == 1, -log_odds, log_odds))
    losses = {f"{s:g}": round(float(per_row[s].mean()), 6) for s in shares}
    best = min(sorted(shares), key=lambda s: per_row[s].mean())
    # the smallest share within one standard error of the best: the trees are the company's
    # own data, and the prior must earn its place by more than the folds' noise
    for share in sorted(shares):
        gap = per_row[share] - per_row[best]
        if gap.mean() <= gap.std() / np.sqrt(len(gap)):
            return float(share), losses
    return float(best), losses


def prior_share(model) -> float:
    """How much of a fitted history model's log-odds passes through the additive model that
    carries the priors: 1 for the additive form, the blend's share for blended trees, 0 for
    trees alone."""
    if isinstance(model, AdditiveLogit):
        return 1.0
    if isinstance(model, BlendedLogit):
        return model.share
    return 0.0
