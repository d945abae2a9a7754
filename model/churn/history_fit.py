"""Fit a churn model to a company's own history: its customers with `churned`, and its card.

A history's model may read the company's own incidents and traits (model.churn.layout) and
takes whichever of two forms its held-out quarter prefers: the built-in model's additive
form (model.churn.fit), or monotone boosted trees in which incidents never interact
(model.churn.boosted), sized by cross-validation. Its card records the history's size (with a
warning when it is too small to trust), the held-out metrics of both forms and of the plain
models a data scientist would try (model.churn.plain), and each check passed or not, which
`check_sentences` says in words. Why: docs/adr/0015.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from data.schema import CHURNED
from model.churn.additive import AdditiveLogit, FitSettings, bootstrap_refits, fit_additive_logit
from model.churn.blend import BLEND_SHARES, BlendedLogit, blended, choose_share, prior_share
from model.churn.boosted import BoostedLogit, BoostingSize, choose_size, fit_boosted
from model.churn.card import HistorySize, ModelCard
from model.churn.churn_model import ChurnModel
from model.churn.fit import EXTRA_KNOTS, TrainingSettings, base_card
from model.churn.history_checks import history_checks, history_warning, refuse_unlearnable
from model.churn.layout import FeatureLayout, layout_for
from model.churn.metrics import probability_metrics
from model.churn.plain import plain_model_metrics
from model.churn.shrinkage import PRIOR_WEIGHTS, Shrinkage, choose_shrinkage, leaning_on_assumptions

HISTORY_MODEL_NAME = (
    "monotone boosted trees, each incident on its own with the customer's traits "
    "(scikit-learn histogram gradient boosting, exported as plain tables)"
)
#: The cross-validation that sizes the trees uses at most this many customers.
CV_ROWS = 30_000
#: A history's additive refits with other knots: coarser than the built-in model's 48 at
#: the fine end, which took as long as the main fit (a history's fit must stay under a
#: minute at 100,000 customers: benchmarks/history_fit.py).
HISTORY_KNOT_VARIANTS = (12, 36)


def _cv_sample(rows: int, seed: int) -> np.ndarray:
    """The rows the cross-validation sees: all of them, or CV_ROWS drawn with the seed."""
    if rows <= CV_ROWS:
        return np.arange(rows)
    return np.sort(np.random.default_rng(seed + 11).choice(rows, CV_ROWS, replace=False))


def _history_fits(matrix, churned, incidents, size: BoostingSize, seed: int):
    """The model on every row, two refits on bootstrap resamples and two of other sizes."""
    main = fit_boosted(matrix, churned, incidents, size, seed)
    rng = np.random.default_rng(seed + 7)
    variants = [
        fit_boosted(
            matrix, churned, incidents, size, seed, rng.poisson(1.0, len(matrix)).astype(float)
        )
        for _ in range(2)
    ]
    for leaves in (max(2, size.max_leaf_nodes // 2), size.max_leaf_nodes * 2):
        variants.append(
            fit_boosted(matrix, churned, incidents, replace(size, max_leaf_nodes=leaves), seed)
        )
    return main, tuple(variants)


#: The additive form is kept when its held-out log-loss is within this share of the
#: boosted form's: its curves are one per incident by construction, which keeps incidents
#: that travel together apart (docs/adr/0008), so it wins a tie (docs/adr/0015).
ADDITIVE_PREFERENCE = 0.005
ADDITIVE_NAME = "monotone additive logistic model (piecewise-linear lookup tables)"


def _history_directions(layout: FeatureLayout) -> list[int]:
    """+1 for every incident (churn never falls as it rises), 0 for every trait."""
    incidents = set(layout.incident_positions)
    return [1 if j in incidents else 0 for j in range(len(layout.columns))]


#: A history's additive fits stop at this relative improvement per step: half the time of
#: the built-in model's 1e-12, with root-cause shares equal to four decimals (measured on
#: 100,000 synthetic customers, 36 knots).
HISTORY_TOLERANCE = 1e-10


def _history_fit_settings(
    layout: FeatureLayout, settings: TrainingSettings, knots=None, shrink: Shrinkage | None = None
):
    """The additive fit's settings for a history's columns (`knots` per feature if given),
    shrinking toward `shrink`'s priors if given."""
    fit = FitSettings(
        knots_per_feature=knots or settings.knots_per_feature,
        rise_penalty=settings.rise_penalty,
        ridge_penalty=settings.ridge_penalty,
        extra_knots=tuple(EXTRA_KNOTS.get(name, ()) for name in layout.columns),
        tolerance=HISTORY_TOLERANCE,
    )
    return shrink.apply(fit, layout.columns) if shrink else fit


def _additive_fits(matrix, churned, layout: FeatureLayout, settings, start, shrink=None):
    """The additive model on every row, and its refits (as the built-in model's: ADR 0008)."""
    directions = _history_directions(layout)
    fit_settings = _history_fit_settings(layout, settings, shrink=shrink)
    main = fit_additive_logit(matrix, churned, directions, fit_settings, start=start)
    variants = bootstrap_refits(
        matrix,
        churned,
        directions,
        fit_settings,
        main,
        settings.bootstrap_refits,
        settings.seed + 7,
    )
    variants += [
        fit_additive_logit(
            matrix,
            churned,
            directions,
            _history_fit_settings(layout, settings, k, shrink),
            start=main,
        )
        for k in HISTORY_KNOT_VARIANTS
    ]
    return main, tuple(variants)


def train_on_history(
    customers: pd.DataFrame,
    settings: TrainingSettings | None = None,
    progress=None,
    incidents: tuple[str, ...] = (),
    covariates: tuple[str, ...] = (),
    compare_plain: bool = True,
    allow_leak: tuple[str, ...] = (),
    evidence: dict | None = None,
    prior_weights: tuple[float, ...] = PRIOR_WEIGHTS,
) -> ChurnModel:
    """A model fitted to a company's history: validated customers with `churned`.

    Refused first (model.churn.history_checks.UnlearnableHistory, naming the column) when a
    covariate is non-finite, huge or an id, or a column predicts `churned` almost perfectly
    alone (a likely leak) and is not in `allow_leak`; the card's `warnings` name each leak
    fitted all the same.

    `incidents` are the company's own incident columns (numbers >= 0, monotone, priced,
    attributed), `covariates` its traits (numbers or text; they shape the baseline and are
    never a cause); the contract's incidents are always incidents. A random share
    (`history_test_share`) is held out: the tree size is chosen by cross-validation on the
    rest, a model of that size fitted on the rest is measured on the held-out rows (with
    the plain models beside it, unless `compare_plain` is False), and the model returned
    is then fitted on every row, with its refits. The additive form shrinks each
    incident's effect toward public evidence (`evidence`: a table in place of the committed
    one) by the weight among `prior_weights` its cross-validation prefers
    (model.churn.shrinkage; `(0.0,)`: none). `progress(share, text)`, if given, is told how
    far along it is.
    """
    # One thread: on a machine shared with other work, scikit-learn's OpenMP threads
    # spin-wait for each other and a fit took 7 to 20 times longer than on one thread
    # (benchmarks/history_fit.py, docs/adr/0015).
    with threadpool_limits(limits=1):
        return _train_on_history(
            customers,
            settings or TrainingSettings(),
            progress,
            incidents,
            covariates,
            compare_plain,
            allow_leak,
            (evidence, prior_weights),
        )


@dataclass(frozen=True)
class _Split:
    """A history's rows as the fit sees them: all of them, and the fitting and held-out parts."""

    matrix: np.ndarray
    churned: np.ndarray
    held_out: np.ndarray
    train: np.ndarray
    train_churned: np.ndarray
    test: np.ndarray
    test_churned: np.ndarray

    @property
    def rows(self) -> int:
        return len(self.matrix)

    @property
    def churners(self) -> int:
        return int(self.churned.sum())

    def recorded(self, columns: tuple[str, ...]) -> set[str]:
        """The columns at least one customer has above 0."""
        return {name for j, name in enumerate(columns) if np.any(self.matrix[:, j] > 0)}


def _split(customers: pd.DataFrame, layout: FeatureLayout, seed: int, share: float) -> _Split:
    """The history's matrix and `churned`, a random `share` held out; a ValueError when it
    has too few customers, or too few who left or stayed, to fit a model."""
    matrix, churned = layout.matrix(customers), customers[CHURNED.name].to_numpy(np.int64)
    rows, churners = len(customers), int(churned.sum())
    if rows < 100 or churners < 10 or churners > rows - 10:
        raise ValueError(
            f"The history has {rows:,} customers of whom {churners:,} left: a model needs at "
            "least 100 customers and 10 who left and 10 who stayed."
        )
    held_out = np.random.default_rng(seed).random(rows) < share
    return _Split(
        matrix,
        churned,
        held_out,
        train=matrix[~held_out],
        train_churned=churned[~held_out],
        test=matrix[held_out],
        test_churned=churned[held_out],
    )


@dataclass(frozen=True)
class _Forms:
    """What the held-out rows decided: each form's figures there, the form kept, the model of
    that form fitted on the other rows (whose checks the card reports), and the additive
    model fitted there, if any (the full fit starts from it)."""

    metrics: dict[str, dict]
    form: str
    checked: AdditiveLogit | BoostedLogit | BlendedLogit
    additive: AdditiveLogit | None


def _choose_form(
    split: _Split,
    layout: FeatureLayout,
    size: BoostingSize,
    settings: TrainingSettings,
    shrink: Shrinkage | None = None,
    share: float = 0.0,
) -> _Forms:
    """Both forms fitted on the fitting rows and measured on the held-out ones; the additive
    form is kept unless the boosted one is better by more than ADDITIVE_PREFERENCE. The
    boosted form blends its trees with the additive model by `share` (model.churn.blend)."""
    trees = fit_boosted(
        split.train, split.train_churned, layout.incident_positions, size, settings.seed
    )
    # a numeric covariate with blank cells: only the trees have a way for missing values
    if np.isnan(split.matrix).any():
        forms = {
            "boosted": probability_metrics(split.test_churned, trees.churn_probability(split.test))
        }
        return _Forms(forms, "boosted", trees, None)
    additive = fit_additive_logit(
        split.train,
        split.train_churned,
        _history_directions(layout),
        _history_fit_settings(layout, settings, shrink=shrink),
    )
    boosted = blended(trees, additive, share)
    forms = {
        name: probability_metrics(split.test_churned, model.churn_probability(split.test))
        for name, model in (("boosted", boosted), ("additive", additive))
    }
    if forms["additive"]["log_loss"] <= forms["boosted"]["log_loss"] * (1 + ADDITIVE_PREFERENCE):
        return _Forms(forms, "additive", additive, additive)
    return _Forms(forms, "boosted", boosted, additive)


def _full_fits(split: _Split, layout, settings, size, forms: _Forms, shrink):
    """The form kept, fitted on every row, with its refits; blended trees pair each tree
    refit with an additive refit (model.churn.blend)."""
    if forms.form == "additive":
        return _additive_fits(split.matrix, split.churned, layout, settings, forms.additive, shrink)
    main, variants = _history_fits(
        split.matrix, split.churned, layout.incident_positions, size, settings.seed
    )
    share = prior_share(forms.checked)
    if share <= 0:
        return main, variants
    additive, refits = _additive_fits(
        split.matrix, split.churned, layout, settings, forms.additive, shrink
    )
    paired = zip(variants, itertools.cycle(refits or (additive,)))
    return blended(main, additive, share), tuple(blended(t, a, share) for t, a in paired)


def _priors_and_blend(split: _Split, layout, settings, size, prior, report):
    """The priors and their weights (model.churn.shrinkage), and the additive model's share
    in the boosted form (model.churn.blend), both chosen by cross-validation on the fitting
    rows; none when a covariate has blank cells (only the trees can fit it)."""
    if np.isnan(split.matrix).any():
        return None, 0.0, {}
    report(0.2, "Choosing how far to lean on public evidence…")
    directions = _history_directions(layout)
    shrink = choose_shrinkage(
        split.train,
        split.train_churned,
        layout.columns,
        layout.incidents,
        directions,
        _history_fit_settings(layout, settings),
        settings.seed,
        *prior,
    )
    share, losses = choose_share(
        split.train,
        split.train_churned,
        layout.incident_positions,
        size,
        settings.seed,
        directions,
        _history_fit_settings(layout, settings, shrink=shrink),
        BLEND_SHARES if max(prior[1]) > 0 else (0.0,),
    )
    return shrink, share, losses


def _train_on_history(
    customers, settings, progress, incidents, covariates, compare_plain, allow_leak, prior
):
    """`train_on_history`'s work, in the order its progress reports it."""
    if CHURNED.name not in customers.columns:
        raise ValueError(
            f"The history has no {CHURNED.name} column: add it (1 if the customer left in "
            "the 12 months after the incident window, else 0) to fit a model to it."
        )
    report = progress or (lambda share, text: None)
    layout = layout_for(customers, tuple(incidents), tuple(covariates))
    split = _split(customers, layout, settings.seed, settings.history_test_share)
    leaks = refuse_unlearnable(customers, split.churned, incidents, covariates, allow_leak)
    report(0.05, "Choosing the size of the model by cross-validation…")
    sample = _cv_sample(len(split.train), settings.seed)
    size, cross_validation = choose_size(
        split.train[sample],
        split.train_churned[sample],
        layout.incident_positions,
        settings.seed,
        folds=settings.cv_folds,
        leaves=settings.candidate_leaves,
    )
    shrink, share, blend_losses = _priors_and_blend(split, layout, settings, size, prior, report)
    report(0.3, "Fitting both forms on three quarters of your history…")
    forms = _choose_form(split, layout, size, settings, shrink, share)
    plain = {}
    if compare_plain:
        report(0.5, "Fitting the plain models to compare…")
        plain = plain_model_metrics(
            split.train, split.train_churned, split.test, split.test_churned, settings.seed
        )
    report(0.6, "Fitting on all of your history, and its refits…")
    main, variants = _full_fits(split, layout, settings, size, forms, shrink)
    report(1.0, "Done.")
    training = {
        "seed": settings.seed,
        "history_test_share": settings.history_test_share,
        "data": "the user's history",
        "size": asdict(size),
        "cross_validation": cross_validation | {"customers": len(sample)},
        "blend": {
            "share_of_additive_model": share,
            "rule": "the share of the additive model with priors in the boosted form's "
            "log-odds with the lowest 3-fold cross-validated log-loss on the fitting rows",
            "cross_validated_log_loss": blend_losses,
        },
    }
    evidence = (
        shrink.card_entry(forms.additive, split.train, layout.columns, prior_share(forms.checked))
        if shrink
        else None
    )
    card = _history_card(settings, layout, split, forms, training, plain, leaks, evidence)
    return ChurnModel(
        main,
        card,
        tuple(ChurnModel(v, ModelCard(variant_of=card.model), layout=layout) for v in variants),
        layout=layout,
    )


def _model_name(forms: _Forms) -> str:
    """The kept form in words; blended trees say the additive model's share."""
    if forms.form == "additive":
        return ADDITIVE_NAME
    share = prior_share(forms.checked)
    if share <= 0:
        return HISTORY_MODEL_NAME
    return (
        f"{HISTORY_MODEL_NAME}, blended with the additive model that carries the priors "
        f"({share:.0%} of the log-odds, chosen by cross-validation)"
    )


def _history_card(
    settings: TrainingSettings,
    layout: FeatureLayout,
    split: _Split,
    forms: _Forms,
    training: dict,
    plain: dict,
    leaks: list[str],
    evidence: dict | None = None,
) -> ModelCard:
    """The card of a history's model: the built-in card's frame with the history's facts,
    and its warnings (a small history, each likely leak the user insisted on)."""
    leaning = leaning_on_assumptions(evidence, split.recorded(layout.columns))
    history = HistorySize(
        rows=split.rows,
        churners=split.churners,
        held_out_rows=int(split.held_out.sum()),
        warning=history_warning(split.rows, split.churners, leaning),
    )
    metrics = forms.metrics[forms.form]
    boosted = forms.form == "boosted"
    return replace(
        base_card(settings),
        model=_model_name(forms),
        form=forms.form,
        forms_on_held_out_test={
            name: {
                "log_loss": m["log_loss"],
                "expected_calibration_error": m["expected_calibration_error"],
            }
            for name, m in forms.metrics.items()
        },
        form_rule=f"the additive form unless the boosted one's held-out log-loss is more "
        f"than {ADDITIVE_PREFERENCE:.1%} lower",
        features=list(layout.columns),
        incident_features=list(layout.incidents),
        customer_features=[layout.columns[j] for j in layout.trait_positions],
        monotonic_constraints={name: 1 for name in layout.incidents},
        extra_knots=None,
        variants="2 refits on bootstrap resamples, and refits with half and twice the "
        "leaves per tree"
        if boosted
        else f"{settings.bootstrap_refits} refits on bootstrap resamples, and refits with "
        f"{' and '.join(map(str, HISTORY_KNOT_VARIANTS))} knots per feature",
        training=training,
        **layout.to_card(),
        history=history,
        evidence=evidence,
        warnings=[*([history["warning"]] if history["warning"] else []), *leaks],
        metrics_on_held_out_test=metrics,
        checks=history_checks(forms.checked, layout, metrics, plain, history),
        plain_models_on_held_out_test=plain or None,
    )
