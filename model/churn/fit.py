"""Fit the churn model, on synthetic data or on a company's own history, and write it with its card.

    python -m model.train                          # built-in: model/churn/churn_model.json + card
    python -m model.train --data HISTORY -o DIR    # your history (CSV or Parquet with `churned`)

The model is a monotone additive logistic model, one lookup table per feature
(model.churn.additive; why: docs/adr/0008). Beside it, refits on resampled rows and with
coarser and finer knots are saved: how far their root causes spread is how sure the model
is of its own (model.churn.root_causes). The card records the data (seed and size, or rows and
churners), the settings, held-out metrics, the monotone and calibration checks and, for
the built-in model, root causes against the generator's truth.
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

from data import synthetic
from data.customers import read_customer_file
from data.io import UnreadableFile
from data.schema import CHURNED, CUSTOMER_FEATURES, INCIDENT_FEATURES, MODEL_FEATURES
from data.validation import ContractError
from model.churn.additive import AdditiveLogit, FitSettings, fit_additive_logit
from model.churn.artefact import BUILT_IN_DIR, installed_versions, save_model
from model.churn.churn_model import ChurnModel, feature_matrix
from model.churn.metrics import probability_metrics
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


def train_on_history(
    customers: pd.DataFrame, settings: TrainingSettings | None = None, progress=None
) -> ChurnModel:
    """A model fitted to a company's history: validated customers with `churned`.

    A random share (`history_test_share`) is held out: the card's metrics are those of
    a model fitted on the rest, measured on it. The model returned is then fitted on
    every row. `progress(share, text)`, if given, is told how far along it is.
    """
    settings = settings or TrainingSettings()
    if CHURNED.name not in customers.columns:
        raise ValueError(
            f"The history has no {CHURNED.name} column: add it (1 if the customer left in "
            "the 12 months after the incident window, else 0) to fit a model to it."
        )
    report = progress or (lambda share, text: None)
    matrix, churned = feature_matrix(customers), customers[CHURNED.name].to_numpy(np.float64)
    rows, churners = len(customers), int(churned.sum())
    if rows < 100 or churners < 10 or churners > rows - 10:
        raise ValueError(
            f"The history has {rows:,} customers of whom {churners:,} left: a model needs at "
            "least 100 customers and 10 who left and 10 who stayed."
        )
    held_out = np.random.default_rng(settings.seed).random(rows) < settings.history_test_share
    report(0.05, "Fitting on three quarters of your history…")
    check, _ = fit(matrix[~held_out], churned[~held_out], settings, with_variants=False)
    metrics = probability_metrics(churned[held_out], check.churn_probability(matrix[held_out]))
    report(0.35, "Fitting on all of your history, and its refits…")
    main, variants = fit(matrix, churned, settings)
    report(1.0, "Done.")
    card = _base_card(settings) | {
        "training": asdict(settings) | {"data": "the user's history"},
        "history": {
            "rows": rows,
            "churners": churners,
            "held_out_rows": int(held_out.sum()),
            "warning": history_warning(rows, churners),
        },
        "metrics_on_held_out_test": metrics,
        "checks": model_checks(check, metrics),
    }
    return _as_model(main, variants, card)


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
    return parser.parse_args(argv)


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
    try:
        result = read_customer_file(args.data)
        model = train_on_history(result.valid, replace(TrainingSettings(), seed=args.seed))
    except (UnreadableFile, ContractError, ValueError, OSError) as error:
        print(f"No model was fitted: {error}", file=sys.stderr)
        return 2
    save_model(model, Path(args.output))
    history, metrics = model.card["history"], model.card["metrics_on_held_out_test"]
    print(
        f"Fitted on {history['rows']:,} customers ({history['churners']:,} left); on "
        f"{history['held_out_rows']:,} held-out customers: log-loss {metrics['log_loss']:.4f}, "
        f"calibration error {metrics['expected_calibration_error']:.4f}, ROC AUC "
        f"{metrics['roc_auc']:.3f}. Wrote {args.output}."
    )
    if history["warning"]:
        print(f"Warning: {history['warning']}", file=sys.stderr)
    if len(result.rejected):
        print(
            f"{len(result.rejected):,} rows were rejected and left out, for example: row "
            f"{result.rejected.iloc[0]['row_number']}: {result.rejected.iloc[0]['problems']}",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return _train_on_file(args) if args.data else _train_built_in(args)


if __name__ == "__main__":
    raise SystemExit(main())
