"""The churn model for a company's own history: boosted trees in which incidents never meet.

    log-odds(leave) = b + sum over trees t of tree_t(x)

Each tree is grown by scikit-learn's HistGradientBoostingClassifier under two constraints:

- **monotone in every incident**: churn never falls as an incident rises;
- **interactions only with traits**: a tree may use one incident together with the
  customer's traits (revenue, tenure, the covariates), never two incidents. So the
  log-odds is a sum of one term per incident (each free to depend on who the customer
  is) and a baseline term of the traits alone: one incident's effect is kept apart from
  another's, which is what the root causes and the levers need (docs/adr/0015).

The number of trees and their size are chosen by cross-validation on the history
(`choose_size`), never fixed. The fitted trees are exported to plain arrays (each node's
feature, threshold, children, leaf value, where a missing value goes) and saved as JSON:
prediction walks them with numpy, so nothing is ever unpickled and scikit-learn is not
needed to score.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from model.churn.additive import logistic

# scikit-learn is imported where a model is fitted, not at import: scoring needs only
# numpy, and importing scikit-learn takes longer than scoring 200,000 customers.


@dataclass(frozen=True)
class BoostingSize:
    """What decides the trees besides the data: the cross-validation picks it."""

    max_leaf_nodes: int = 8
    max_iter: int = 200
    learning_rate: float = 0.1
    min_samples_leaf: int = 40
    l2_regularization: float = 1.0


#: Tree sizes the cross-validation chooses among; the number of trees is chosen for each.
CANDIDATE_LEAVES = (4, 8, 16)
#: The smallest leaf (customers) tried beside BoostingSize's 40, at the best number of leaves.
SMALLER_LEAF = 20
#: Most trees tried; the cross-validation stops earlier where the held-out folds say so.
MAX_TREES = 400
CV_FOLDS = 3
#: Trees grown past the best one before a fold stops.
PATIENCE = 20

_ROWS_PER_BLOCK = 1 << 14


@dataclass(frozen=True)
class BoostedLogit:
    """Fitted trees as flat arrays: node j of tree t is at roots[t] + j.

    `feature` is -1 at a leaf; `left`/`right` are absolute node numbers; `missing_left`
    sends a missing value left. `value` is the leaf's contribution to the log-odds.
    """

    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    missing_left: np.ndarray
    value: np.ndarray
    depth: int

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        total = np.full(len(matrix), self.baseline)
        if len(self.roots) == 0:
            return total
        for start in range(0, len(matrix), _ROWS_PER_BLOCK):
            block = matrix[start : start + _ROWS_PER_BLOCK]
            rows = np.arange(len(block))[:, None]
            node = np.broadcast_to(self.roots, (len(block), len(self.roots))).copy()
            for _ in range(self.depth):
                feature = self.feature[node]
                inner = feature >= 0
                if not inner.any():
                    break
                x = block[rows, np.maximum(feature, 0)]
                go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
                node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
            total[start : start + len(block)] += self.value[node].sum(axis=1)
        return total

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        return logistic(self.log_odds(matrix))

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        leave = self.churn_probability(matrix)
        return np.column_stack([1 - leave, leave])

    @property
    def trees(self) -> int:
        return len(self.roots)

    def monotone_in(self, positions: list[int]) -> bool:
        """True when every tree is non-decreasing in each of these columns.

        Checked on the trees themselves: at every split on such a column, the largest
        leaf below its left child is at most the smallest leaf below its right child.
        That makes each tree, and so their sum, monotone in the column.
        """
        low, high = self._leaf_bounds()
        wanted = np.isin(self.feature, positions)
        return bool(np.all(high[self.left[wanted]] <= low[self.right[wanted]] + 1e-12))

    def _leaf_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.value.copy(), self.value.copy()
        inner = np.flatnonzero(self.feature >= 0)
        for _ in range(self.depth):  # children are settled after at most `depth` sweeps
            low[inner] = np.minimum(low[self.left[inner]], low[self.right[inner]])
            high[inner] = np.maximum(high[self.left[inner]], high[self.right[inner]])
        return low, high

    def to_dict(self) -> dict:
        return {
            "baseline": self.baseline,
            "depth": self.depth,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": [None if np.isinf(t) else t for t in self.threshold.tolist()],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "missing_left": self.missing_left.astype(int).tolist(),
            "value": self.value.tolist(),
        }

    @classmethod
    def from_dict(cls, content: dict, columns: int) -> BoostedLogit:
        """The trees of a saved artefact, checked: every node and column number in range."""
        feature = np.asarray(content["feature"], dtype=np.int64)
        nodes = len(feature)
        threshold = np.array(
            [np.inf if t is None else t for t in content["threshold"]], dtype=np.float64
        )
        left = np.asarray(content["left"], dtype=np.int64)
        right = np.asarray(content["right"], dtype=np.int64)
        missing_left = np.asarray(content["missing_left"], dtype=bool)
        value = np.asarray(content["value"], dtype=np.float64)
        roots = np.asarray(content["roots"], dtype=np.int64)
        inner = feature >= 0
        if (
            any(len(a) != nodes for a in (threshold, left, right, missing_left, value))
            or np.any(feature >= columns)
            or np.any((left[inner] <= np.flatnonzero(inner)) | (left[inner] >= nodes))
            or np.any((right[inner] <= np.flatnonzero(inner)) | (right[inner] >= nodes))
            or np.any((roots < 0) | (roots >= max(nodes, 1)))
            or not np.all(np.isfinite(value))
        ):
            raise ValueError("the model's trees are malformed (node numbers out of range)")
        return cls(
            baseline=float(content["baseline"]),
            roots=roots,
            feature=feature,
            threshold=threshold,
            left=left,
            right=right,
            missing_left=missing_left,
            value=value,
            depth=int(content["depth"]),
        )


def interaction_groups(incidents: list[int], traits: list[int]) -> list[set[int]]:
    """The sets of columns a tree may use together: one incident with every trait."""
    if not incidents:
        return [set(traits)]
    return [set(traits) | {j} for j in incidents]


def _estimator(size: BoostingSize, monotone, groups, seed: int, **extra):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        loss="log_loss",
        learning_rate=size.learning_rate,
        max_iter=size.max_iter,
        max_leaf_nodes=size.max_leaf_nodes,
        min_samples_leaf=size.min_samples_leaf,
        l2_regularization=size.l2_regularization,
        monotonic_cst=monotone,
        interaction_cst=groups,
        random_state=seed,
        **({"early_stopping": False} | extra),
    )


def _fit(matrix, churned, size, monotone, groups, seed, weights=None):
    estimator = _estimator(size, monotone, groups, seed)
    with warnings.catch_warnings():  # a constant column (an incident nobody had) is fine
        warnings.simplefilter("ignore", UserWarning)
        return estimator.fit(matrix, churned, sample_weight=weights)


def _cv_curve(matrix, churned, size, monotone, groups, seed, splitter, folds) -> np.ndarray:
    """The mean held-out log-loss over the folds after 0, 1, 2, ... trees of this size; a
    fold stops once PATIENCE more trees have not improved it (then stays at its last value)."""
    curve = np.zeros(size.max_iter + 1)
    for train, test in splitter.split(matrix, churned):
        estimator = _estimator(
            size, monotone, groups, seed, early_stopping=True, n_iter_no_change=PATIENCE
        )
        estimator.set_params(scoring="loss", tol=0.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            estimator.fit(matrix[train], churned[train], X_val=matrix[test], y_val=churned[test])
        fold = -np.asarray(estimator.validation_score_)  # after 0, 1, 2, ... trees
        padded = np.concatenate([fold, np.full(size.max_iter + 1 - len(fold), fold[-1])])
        curve += padded / folds
    return curve


def choose_size(
    matrix: np.ndarray,
    churned: np.ndarray,
    incidents: list[int],
    seed: int,
    folds: int = CV_FOLDS,
    leaves: tuple[int, ...] = CANDIDATE_LEAVES,
    max_trees: int = MAX_TREES,
) -> tuple[BoostingSize, dict]:
    """The tree size, smallest leaf and number of trees with the lowest cross-validated
    log-loss.

    Each candidate number of leaves is fitted once per fold (`_cv_curve`), then the best of
    them again with leaves of SMALLER_LEAF customers: a history of many look-alike customers
    (the Iranian set's) wants finer leaves than one of varied ones. The size and number of
    trees with the lowest mean curve win. Returns them and what the cross-validation
    measured.
    """
    from sklearn.model_selection import StratifiedKFold

    monotone, groups = _constraints(matrix.shape[1], incidents)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)

    def curve_of(size: BoostingSize) -> np.ndarray:
        return _cv_curve(matrix, churned, size, monotone, groups, seed, splitter, folds)

    sizes = {str(c): BoostingSize(max_leaf_nodes=c, max_iter=max_trees) for c in leaves}
    losses = {name: curve_of(size) for name, size in sizes.items()}
    first = min(losses, key=lambda name: losses[name][1:].min())
    finer = BoostingSize(sizes[first].max_leaf_nodes, max_trees, min_samples_leaf=SMALLER_LEAF)
    name = f"{first}, leaves of {SMALLER_LEAF}"
    sizes[name], losses[name] = finer, curve_of(finer)
    best = min(losses, key=lambda n: losses[n][1:].min())
    best_trees = int(np.argmin(losses[best][1:])) + 1
    chosen = BoostingSize(
        max_leaf_nodes=sizes[best].max_leaf_nodes,
        max_iter=best_trees,
        min_samples_leaf=sizes[best].min_samples_leaf,
    )
    return chosen, {
        "folds": folds,
        "candidate_leaves": list(leaves),
        "smaller_leaf_tried": SMALLER_LEAF,
        "max_trees": max_trees,
        "cross_validated_log_loss": {
            n: round(float(curve[1:].min()), 6) for n, curve in losses.items()
        },
        "chosen_leaves": chosen.max_leaf_nodes,
        "chosen_min_samples_leaf": chosen.min_samples_leaf,
        "chosen_trees": best_trees,
    }


def _constraints(columns: int, incidents: list[int]):
    traits = [j for j in range(columns) if j not in set(incidents)]
    monotone = [1 if j in set(incidents) else 0 for j in range(columns)]
    return monotone, interaction_groups(incidents, traits)


def fit_boosted(
    matrix: np.ndarray,
    churned: np.ndarray,
    incidents: list[int],
    size: BoostingSize,
    seed: int,
    weights: np.ndarray | None = None,
) -> BoostedLogit:
    """Trees of the given size, monotone in `incidents`, incidents never together."""
    monotone, groups = _constraints(matrix.shape[1], incidents)
    fitted = _fit(
        matrix, np.asarray(churned, dtype=np.int64), size, monotone, groups, seed, weights
    )
    return export(fitted)


def export(fitted) -> BoostedLogit:
    """The fitted trees of scikit-learn's estimator as plain arrays (numeric splits only)."""
    parts = {name: [] for name in ("feature", "threshold", "left", "right", "missing", "value")}
    roots, offset, depth = [], 0, 0
    for (tree,) in fitted._predictors:
        nodes = tree.nodes
        leaf = nodes["is_leaf"].astype(bool)
        if np.any(nodes["is_categorical"][~leaf]):
            raise ValueError("categorical splits are not exported: encode text as indicators")
        roots.append(offset)
        parts["feature"].append(np.where(leaf, -1, nodes["feature_idx"]).astype(np.int64))
        parts["threshold"].append(np.where(leaf, np.inf, nodes["num_threshold"]))
        parts["left"].append(np.where(leaf, 0, nodes["left"] + offset).astype(np.int64))
        parts["right"].append(np.where(leaf, 0, nodes["right"] + offset).astype(np.int64))
        parts["missing"].append(nodes["missing_go_to_left"].astype(bool))
        parts["value"].append(np.where(leaf, nodes["value"], 0.0).astype(np.float64))
        depth = max(depth, int(nodes["depth"].max()))
        offset += len(nodes)
    joined = {k: np.concatenate(v) if v else np.empty(0) for k, v in parts.items()}
    return BoostedLogit(
        baseline=float(np.ravel(fitted._baseline_prediction)[0]),
        roots=np.asarray(roots, dtype=np.int64),
        feature=joined["feature"].astype(np.int64),
        threshold=joined["threshold"].astype(np.float64),
        left=joined["left"].astype(np.int64),
        right=joined["right"].astype(np.int64),
        missing_left=joined["missing"].astype(bool),
        value=joined["value"].astype(np.float64),
        depth=depth,
    )
