"""Fit the churn model, on synthetic data or on a company's own history, and write it with its card.

    python -m model.train                          # built-in: model/churn/churn_model.json + card
    python -m model.train --data HISTORY -o DIR    # your history (CSV or Parquet with `churned`)
        [--incidents COLUMN ...] [--covariates COLUMN ...]

The built-in model is a monotone additive logistic model, one lookup table per feature
(model.churn.additive; why: docs/adr/0008). Beside it, refits on resampled rows and with
coarser and finer knots are saved: how far their root causes spread is how sure the model
is of its own (model.churn.root_causes). The card records the data (seed and size, or rows and
churners), the settings, held-out metrics, the monotone and calibration checks and, for
the built-in model, root causes against the generator's truth.

A history's model may read the company's own incidents and traits (model.churn.layout) and
takes whichever of two forms its held-out quarter prefers: the same additive model, or
monotone boosted trees in which incidents never interact (model.churn.boosted), sized by
cross-validation; `train` says in words what each check found, beside the plain models
(model.churn.plain). Why: docs/adr/0015.
"""

from __future__ import annotations

import argparse
import logging
import platform
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from data import synthetic
from data.customers import read_customer_file
from data.io import UnreadableFile
from data.schema import (
    CHURNED,
    CUSTOMER_FEATURES,
    INCIDENT_FEATURES,
    MODEL_FEATURES,
    declared_incident,
)
from data.validation import ContractError
from model.churn.additive import AdditiveLogit, FitSettings, fit_additive_logit
from model.churn.artefact import BUILT_IN_DIR, installed_versions, save_model
from model.churn.boosted import BoostedLogit, BoostingSize, choose_size, fit_boosted
from model.churn.churn_model import ChurnModel, feature_matrix
from model.churn.history_checks import refuse_unlearnable
from model.churn.layout import FeatureLayout, layout_for
from model.churn.metrics import probability_metrics
from model.churn.plain import as_good_as_plain, plain_model_metrics
from model.churn.root_causes import root_cause_table
from model.churn.truth import generator_truth

log = logging.getLogger(__name__)

CARD_SCHEMA_VERSION = 2
MODEL_NAME = "monotone additive logistic model (piecewise-linear lookup tables)"

#: +1: churn never falls as the feature rises; -1: never rises; 0: free.
MONOTONIC_CONSTRAINTS = {"monthly_revenue": 0, "tenure_months": -1} | {
    name: 1 for name in INCIDENT_FEATURES
}
#: Outages are counted in days (a 48-hour promise, "more than two days without service"):
#: knots at each whole day up to ten, and an hour after each, let the curve step there.
DAY_KNOTS = tuple(float(h) for day in range(1, 11) for h in (24 * day, 24 * day + 1))
EXTRA_KNOTS = {"outage_hours": DAY_KNOTS}
#: Below these a history is too small to trust; the card and the page say so.
SMALL_HISTORY_ROWS, SMALL_HISTORY_CHURNERS = 5_000, 500
#: Held-out calibration error above which the card warns.
CALIBRATION_LIMIT = 0.02


@dataclass(frozen=True)
class TrainingSettings:
    """Everything that decides the trained model; the card records it whole."""

    seed: int = 20261122
    n_train: int = 300_000
    n_test: int = 50_000
    knots_per_feature: int = 24
    rise_penalty: float = 2e-5
    ridge_penalty: float = 1e-6
    bootstrap_refits: int = 2
    knot_variants: tuple[int, ...] = (12, 48)
    history_test_share: float = 0.25
    #: A history's model: the folds of the cross-validation and the tree sizes it tries.
    cv_folds: int = 3
    candidate_leaves: tuple[int, ...] = (4, 8, 16)

    def sample_seeds(self) -> dict[str, int]:
        """Distinct generator seeds for the samples, derived from the one seed."""
        return {"train": self.seed, "test": self.seed + 2}

    def fit_settings(self, knots: int | None = None) -> FitSettings:
        return FitSettings(
            knots_per_feature=knots or self.knots_per_feature,
            rise_penalty=self.rise_penalty,
            ridge_penalty=self.ridge_penalty,
            extra_knots=tuple(EXTRA_KNOTS.get(name, ()) for name in MODEL_FEATURES),
        )


def _directions() -> list[int]:
    return [MONOTONIC_CONSTRAINTS[name] for name in MODEL_FEATURES]


def fit(
    matrix: np.ndarray, churned: np.ndarray, settings: TrainingSettings, with_variants: bool = True
) -> tuple[AdditiveLogit, tuple[AdditiveLogit, ...]]:
    """The model, and its refits on resampled rows and with other knots (warm-started)."""
    main = fit_additive_logit(matrix, churned, _directions(), settings.fit_settings())
    if not with_variants:
        return main, ()
    rng = np.random.default_rng(settings.seed + 7)
    variants = [
        fit_additive_logit(
            matrix,
            churned,
            _directions(),
            settings.fit_settings(),
            weights=rng.poisson(1.0, len(matrix)).astype(np.float64),  # a bootstrap resample
            start=main,
        )
        for _ in range(settings.bootstrap_refits)
    ]
    variants += [
        fit_additive_logit(matrix, churned, _directions(), settings.fit_settings(knots), start=main)
        for knots in settings.knot_variants
    ]
    return main, tuple(variants)


def _as_model(main: AdditiveLogit, variants, card: dict) -> ChurnModel:
    return ChurnModel(
        main, card, tuple(ChurnModel(v, {"variant_of": card["model"]}) for v in variants)
    )


def model_checks(model: AdditiveLogit, held_out_metrics: dict) -> dict:
    """The promises the card makes, checked on the fitted tables and the held-out rows."""
    monotone = all(
        np.all(np.diff(values) * direction >= 0)
        for values, direction in zip(model.values, _directions(), strict=True)
        if direction != 0
    )
    error = held_out_metrics["expected_calibration_error"]
    return {
        "monotone_in_every_incident_and_tenure": bool(monotone),
        "held_out_calibration_error": error,
        "calibration_error_below": CALIBRATION_LIMIT,
        "calibrated": bool(error < CALIBRATION_LIMIT),
    }


def _base_card(settings: TrainingSettings) -> dict:
    return {
        "card_schema_version": CARD_SCHEMA_VERSION,
        "model": MODEL_NAME,
        "features": list(MODEL_FEATURES),
        "customer_features": list(CUSTOMER_FEATURES),
        "incident_features": list(INCIDENT_FEATURES),
        "monotonic_constraints": MONOTONIC_CONSTRAINTS,
        "extra_knots": {name: list(knots) for name, knots in EXTRA_KNOTS.items()},
        "variants": f"{settings.bootstrap_refits} refits on bootstrap resamples, and refits "
        f"with {' and '.join(map(str, settings.knot_variants))} knots per feature",
        "library_versions": installed_versions(),
        "python_version": platform.python_version(),
    }


def train_model(settings: TrainingSettings | None = None) -> ChurnModel:
    """The built-in model, fitted on the generator; deterministic for a settings object."""
    settings = settings or TrainingSettings()
    seeds = settings.sample_seeds()
    train = synthetic.generate(settings.n_train, seeds["train"])
    test = synthetic.generate(settings.n_test, seeds["test"])
    main, variants = fit(feature_matrix(train), train["churned"].to_numpy(), settings)

    metrics = probability_metrics(
        test["churned"],
        main.churn_probability(feature_matrix(test)),
        test["true_churn_probability"],
    )
    card = _base_card(settings) | {
        "training": asdict(settings) | {"sample_seeds": seeds, "data": "data.synthetic"},
        "metrics_on_held_out_test": metrics,
        "checks": model_checks(main, metrics),
    }
    model = _as_model(main, variants, card)
    sample = test.head(10_000)
    shares = root_cause_table(sample, model)
    shares["truth"] = root_cause_table(sample, generator_truth())["share"]
    card["root_causes_on_held_out_test"] = {
        "customers": len(sample),
        "shares": {name: row.round(4).to_dict() for name, row in shares.iterrows()},
    }
    return model


def history_warning(rows: int, churners: int) -> str | None:
    """A plain warning when a history is too small for its figures to be trusted."""
    if rows >= SMALL_HISTORY_ROWS and churners >= SMALL_HISTORY_CHURNERS:
        return None
    return (
        f"Only {rows:,} customers and {churners:,} who left: too few to trust this model "
        f"(at least {SMALL_HISTORY_ROWS:,} customers and {SMALL_HISTORY_CHURNERS:,} who left "
        "are needed). Its curves and root causes may be noise; compare it with the built-in "
        "model before using it."
    )


#: A history's model: held-out calibration error above this fails its check (issue 18).
HISTORY_CALIBRATION_LIMIT = 0.03
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
    incidents = set(layout.incident_positions)
    return [1 if j in incidents else 0 for j in range(len(layout.columns))]


#: A history's additive fits stop at this relative improvement per step: half the time of
#: the built-in model's 1e-12, with root-cause shares equal to four decimals (measured on
#: 100,000 synthetic customers, 36 knots).
HISTORY_TOLERANCE = 1e-10


def _history_fit_settings(layout: FeatureLayout, settings: TrainingSettings, knots=None):
    return FitSettings(
        knots_per_feature=knots or settings.knots_per_feature,
        rise_penalty=settings.rise_penalty,
        ridge_penalty=settings.ridge_penalty,
        extra_knots=tuple(EXTRA_KNOTS.get(name, ()) for name in layout.columns),
        tolerance=HISTORY_TOLERANCE,
    )


def _additive_fits(matrix, churned, layout: FeatureLayout, settings: TrainingSettings, start):
    """The additive model on every row, and its refits (as the built-in model's: ADR 0008)."""
    directions = _history_directions(layout)
    main = fit_additive_logit(
        matrix, churned, directions, _history_fit_settings(layout, settings), start=start
    )
    rng = np.random.default_rng(settings.seed + 7)
    variants = [
        fit_additive_logit(
            matrix,
            churned,
            directions,
            _history_fit_settings(layout, settings),
            weights=rng.poisson(1.0, len(matrix)).astype(np.float64),
            start=main,
        )
        for _ in range(settings.bootstrap_refits)
    ]
    variants += [
        fit_additive_logit(
            matrix, churned, directions, _history_fit_settings(layout, settings, k), start=main
        )
        for k in HISTORY_KNOT_VARIANTS
    ]
    return main, tuple(variants)


def _monotone(model, layout: FeatureLayout) -> bool:
    if isinstance(model, BoostedLogit):
        return model.monotone_in(layout.incident_positions)
    return all(np.all(np.diff(model.values[j]) >= 0) for j in layout.incident_positions)


def history_checks(model, layout: FeatureLayout, metrics: dict, plain: dict, history) -> dict:
    """The promises a history's card makes, each passed or not."""
    error = metrics["expected_calibration_error"]
    monotone = _monotone(model, layout)
    return {
        "monotone_in_every_incident": monotone,
        "monotone_in_every_incident_and_tenure": monotone,  # the key older cards used
        "held_out_calibration_error": error,
        "calibration_error_below": HISTORY_CALIBRATION_LIMIT,
        "calibrated": bool(error < HISTORY_CALIBRATION_LIMIT),
        "history_large_enough": history["warning"] is None,
    } | (as_good_as_plain(metrics, plain) if plain else {})


def check_sentences(card: dict) -> list[str]:
    """What each check of a history's card found, in words, for `train` to print."""
    checks, metrics = card["checks"], card["metrics_on_held_out_test"]
    history = card["history"]
    plain = card.get("plain_models_on_held_out_test", {})
    names = {"logistic_regression": "logistic regression", "gradient_boosting": "gradient boosting"}
    passed = {True: "passed", False: "FAILED"}
    lines = [
        f"Calibration: {passed[checks['calibrated']]}: held-out calibration error "
        f"{checks['held_out_calibration_error']:.4f} (must be below "
        f"{checks['calibration_error_below']:.2f}).",
        f"Monotone: {passed[checks['monotone_in_every_incident']]}: churn never falls as any "
        f"of the {len(card['incident_features'])} incidents rises (checked on every tree).",
        f"Size of history: {passed[checks['history_large_enough']]}: {history['rows']:,} "
        f"customers, {history['churners']:,} who left"
        + (f" ({history['warning']})" if history["warning"] else "."),
    ]
    if plain:
        others = ", ".join(f"{names[n]} {m['log_loss']:.4f}" for n, m in plain.items())
        lines.append(
            f"As good as the best plain model: {passed[checks['as_good_as_plain_models']]}: "
            f"log-loss {metrics['log_loss']:.4f} against {others} on the same columns "
            f"({checks['log_loss_over_best_plain']:+.1%} on the better; at most "
            f"+{checks['log_loss_margin']:.0%} allowed)."
        )
    return lines


def train_on_history(
    customers: pd.DataFrame,
    settings: TrainingSettings | None = None,
    progress=None,
    incidents: tuple[str, ...] = (),
    covariates: tuple[str, ...] = (),
    compare_plain: bool = True,
    allow_leak: tuple[str, ...] = (),
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
    is then fitted on every row, with its refits. `progress(share, text)`, if given, is
    told how far along it is.
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
        )


def _train_on_history(
    customers, settings, progress, incidents, covariates, compare_plain, allow_leak=()
):
    if CHURNED.name not in customers.columns:
        raise ValueError(
            f"The history has no {CHURNED.name} column: add it (1 if the customer left in "
            "the 12 months after the incident window, else 0) to fit a model to it."
        )
    report = progress or (lambda share, text: None)
    churned = customers[CHURNED.name].to_numpy(np.int64)
    rows, churners = len(customers), int(churned.sum())
    if rows < 100 or churners < 10 or churners > rows - 10:
        raise ValueError(
            f"The history has {rows:,} customers of whom {churners:,} left: a model needs at "
            "least 100 customers and 10 who left and 10 who stayed."
        )
    layout = layout_for(customers, tuple(incidents), tuple(covariates))
    leaks = refuse_unlearnable(customers, churned, incidents, covariates, tuple(allow_leak))
    matrix = layout.matrix(customers)
    positions = layout.incident_positions
    held_out = np.random.default_rng(settings.seed).random(rows) < settings.history_test_share
    train, test = matrix[~held_out], matrix[held_out]
    report(0.05, "Choosing the size of the model by cross-validation…")
    sample = _cv_sample(len(train), settings.seed)
    size, cross_validation = choose_size(
        train[sample],
        churned[~held_out][sample],
        positions,
        settings.seed,
        folds=settings.cv_folds,
        leaves=settings.candidate_leaves,
    )
    report(0.3, "Fitting both forms on three quarters of your history…")
    boosted = fit_boosted(train, churned[~held_out], positions, size, settings.seed)
    forms = {"boosted": probability_metrics(churned[held_out], boosted.churn_probability(test))}
    form = "boosted"
    # a numeric covariate with blank cells: only the trees have a way for missing values
    if not np.isnan(matrix).any():
        additive = fit_additive_logit(
            train,
            churned[~held_out],
            _history_directions(layout),
            _history_fit_settings(layout, settings),
        )
        forms["additive"] = probability_metrics(churned[held_out], additive.churn_probability(test))
        if forms["additive"]["log_loss"] <= forms["boosted"]["log_loss"] * (
            1 + ADDITIVE_PREFERENCE
        ):
            form = "additive"
    check = additive if form == "additive" else boosted
    metrics = forms[form]
    plain = {}
    if compare_plain:
        report(0.5, "Fitting the plain models to compare…")
        plain = plain_model_metrics(
            train, churned[~held_out], test, churned[held_out], settings.seed
        )
    report(0.6, "Fitting on all of your history, and its refits…")
    if form == "additive":
        main, variants = _additive_fits(matrix, churned, layout, settings, additive)
    else:
        main, variants = _history_fits(matrix, churned, positions, size, settings.seed)
    report(1.0, "Done.")
    history = {
        "rows": rows,
        "churners": churners,
        "held_out_rows": int(held_out.sum()),
        "warning": history_warning(rows, churners),
    }
    card = _base_card(settings) | {
        "model": HISTORY_MODEL_NAME if form == "boosted" else ADDITIVE_NAME,
        "form": form,
        "forms_on_held_out_test": {
            name: {
                "log_loss": m["log_loss"],
                "expected_calibration_error": m["expected_calibration_error"],
            }
            for name, m in forms.items()
        },
        "form_rule": f"the additive form unless the boosted one's held-out log-loss is more "
        f"than {ADDITIVE_PREFERENCE:.1%} lower",
        "features": list(layout.columns),
        "incident_features": list(layout.incidents),
        "customer_features": [layout.columns[j] for j in layout.trait_positions],
        "monotonic_constraints": {name: 1 for name in layout.incidents},
        "variants": "2 refits on bootstrap resamples, and refits with half and twice the "
        "leaves per tree"
        if form == "boosted"
        else f"{settings.bootstrap_refits} refits on bootstrap resamples, and refits with "
        f"{' and '.join(map(str, HISTORY_KNOT_VARIANTS))} knots per feature",
        "training": {
            "seed": settings.seed,
            "history_test_share": settings.history_test_share,
            "data": "the user's history",
            "size": asdict(size),
            "cross_validation": cross_validation | {"customers": len(sample)},
        },
        **layout.to_card(),
        "history": history,
        "warnings": [*([history["warning"]] if history["warning"] else []), *leaks],
        "metrics_on_held_out_test": metrics,
        "checks": history_checks(check, layout, metrics, plain, history),
    }
    card.pop("extra_knots", None)
    if plain:
        card["plain_models_on_held_out_test"] = plain
    return ChurnModel(
        main,
        card,
        tuple(ChurnModel(v, {"variant_of": card["model"]}, layout=layout) for v in variants),
        layout=layout,
    )


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m model.train", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--seed", type=int, default=TrainingSettings.seed)
    parser.add_argument("--rows", type=int, default=TrainingSettings.n_train)
    parser.add_argument(
        "--data", help="your history: CSV or Parquet in the data contract plus `churned`"
    )
    parser.add_argument(
        "-o", "--output", help="directory for the model and its card (required with --data)"
    )
    parser.add_argument(
        "--incidents",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="with --data: your own incident columns (numbers >= 0; churn never falls as they "
        "rise), priced, attributed and offered as levers beside the contract's",
    )
    parser.add_argument(
        "--covariates",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="with --data: customer traits (numbers or text: plan, contract, region, usage) "
        "that shape each customer's baseline and are never a cause",
    )
    parser.add_argument(
        "--allow-leak",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="with --data: fit with a column that predicts churned almost perfectly alone "
        "(refused by default as a likely leak)",
    )
    args = parser.parse_args(argv)
    if (args.incidents or args.covariates or args.allow_leak) and not args.data:
        parser.error("--incidents, --covariates and --allow-leak need --data HISTORY")
    return args


def _train_built_in(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    model = train_model(TrainingSettings(seed=args.seed, n_train=args.rows))
    directory = Path(args.output) if args.output else BUILT_IN_DIR
    save_model(model, directory)
    metrics = model.card["metrics_on_held_out_test"]
    print(
        f"Trained in {time.perf_counter() - started:.1f} s; held-out log-loss "
        f"{metrics['log_loss']:.4f} (best possible {metrics['bayes_optimal_log_loss']:.4f}), "
        f"calibration error {metrics['expected_calibration_error']:.4f}. Wrote {directory}."
    )
    return 0


def _train_on_file(args: argparse.Namespace) -> int:
    if not args.output:
        print(
            "Give -o MODEL_DIR: where to write the model fitted to your history.", file=sys.stderr
        )
        return 2
    started = time.perf_counter()
    try:
        declared = tuple(declared_incident(name) for name in args.incidents)
        result = read_customer_file(args.data, extra_columns=declared)
        model = train_on_history(
            result.valid,
            replace(TrainingSettings(), seed=args.seed),
            incidents=tuple(args.incidents),
            covariates=tuple(args.covariates),
            allow_leak=tuple(args.allow_leak),
        )
    except (UnreadableFile, ContractError, ValueError, OSError) as error:
        print(f"No model was fitted: {error}", file=sys.stderr)
        return 2
    save_model(model, Path(args.output))
    history, metrics = model.card["history"], model.card["metrics_on_held_out_test"]
    print(
        f"Fitted in {time.perf_counter() - started:.1f} s on {history['rows']:,} customers "
        f"({history['churners']:,} left); on {history['held_out_rows']:,} held-out customers: "
        f"log-loss {metrics['log_loss']:.4f}, calibration error "
        f"{metrics['expected_calibration_error']:.4f}, ROC AUC {metrics['roc_auc']:.3f}. "
        f"Wrote {args.output}."
    )
    print(_declared_sentence(model.card))
    for line in check_sentences(model.card):
        print(line)
    for warning in model.card.get("warnings", []):
        print(f"Warning: {warning}", file=sys.stderr)
    if len(result.rejected):
        print(
            f"{len(result.rejected):,} rows were rejected and left out, for example: row "
            f"{result.rejected.iloc[0]['row_number']}: {result.rejected.iloc[0]['problems']}",
            file=sys.stderr,
        )
        return 1
    return 0


def _declared_sentence(card: dict) -> str:
    incidents = card["declared_incidents"]
    covariates = card["covariates"]
    return (
        f"Incidents: the contract's nine{' and ' + ', '.join(incidents) if incidents else ''}; "
        f"covariates (baseline only, never a cause): {', '.join(covariates) or 'none'}."
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return _train_on_file(args) if args.data else _train_built_in(args)


if __name__ == "__main__":
    raise SystemExit(main())
