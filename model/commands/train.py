"""`python -m model.train` (`churn-cost train`): fit the churn model and write it with its card.

    python -m model.train                          # built-in: model/churn/churn_model.json + card
    python -m model.train --data HISTORY -o DIR    # your history (CSV or Parquet with `churned`)
        [--incidents COLUMN ...] [--covariates COLUMN ...]

The built-in model is fitted on the synthetic generator (model.churn's `train_model`); a
history's model on the company's own customers with `churned` (`train_on_history`), which
says in words what each of its checks found. Exit status: 0 written; 1 written, some rows of
the history rejected and left out; 2 nothing fitted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from data.customers import read_customer_file
from data.io import UnreadableFile
from data.schema import declared_incident
from data.validation import ContractError
from model.churn import (
    BUILT_IN_DIR,
    ModelCard,
    TrainingSettings,
    UnlearnableHistory,
    check_sentences,
    failed_checks,
    save_model,
    train_model,
    train_on_history,
)

#: What `--help` says the command does.
DESCRIPTION = (
    "Fit the churn model, on synthetic data or on a company's own history, and write it with "
    "its card."
)


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments; --incidents, --covariates and --allow-leak need --data."""
    parser = argparse.ArgumentParser(prog="python -m model.train", description=DESCRIPTION)
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
    """Fit the built-in model on the generator and write it (beside the code by default)."""
    started = time.perf_counter()
    model = train_model(TrainingSettings(seed=args.seed, n_train=args.rows))
    directory = Path(args.output) if args.output else BUILT_IN_DIR
    save_model(model, directory)
    metrics = model.card.metrics_on_held_out_test
    print(
        f"Trained in {time.perf_counter() - started:.1f} s; held-out log-loss "
        f"{metrics['log_loss']:.4f} (best possible {metrics['bayes_optimal_log_loss']:.4f}), "
        f"calibration error {metrics['expected_calibration_error']:.4f}. Wrote {directory}."
    )
    return 0


def _train_on_file(args: argparse.Namespace) -> int:
    """Fit a model to the history in `--data` and write it to `-o`, saying what it found."""
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
    except UnlearnableHistory as error:
        hint = f" To fit with it all the same: --allow-leak {error.leak}." if error.leak else ""
        print(f"No model was fitted: {error}{hint}", file=sys.stderr)
        return 2
    except (UnreadableFile, ContractError, ValueError, OSError) as error:
        print(f"No model was fitted: {error}", file=sys.stderr)
        return 2
    save_model(model, Path(args.output))
    history, metrics = model.card.history, model.card.metrics_on_held_out_test
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
    failed = failed_checks(model.card)
    if failed:  # written all the same: the refusal is at use
        print(
            f"The model is written, but it failed {', '.join(c.name for c in failed)}: "
            "python -m model.score scores with it only with --accept-failed-checks, and the "
            "dashboard only once you acknowledge it."
        )
    for warning in model.card.warnings or []:
        print(f"Warning: {warning}", file=sys.stderr)
    if len(result.rejected):
        print(
            f"{len(result.rejected):,} rows were rejected and left out, for example: row "
            f"{result.rejected.iloc[0]['row_number']}: {result.rejected.iloc[0]['problems']}",
            file=sys.stderr,
        )
        return 1
    return 0


def _declared_sentence(card: ModelCard) -> str:
    """The history's own incidents and covariates, as the card records them, in words."""
    incidents, covariates = card.declared_incidents, card.covariates
    return (
        f"Incidents: the contract's nine{' and ' + ', '.join(incidents) if incidents else ''}; "
        f"covariates (baseline only, never a cause): {', '.join(covariates) or 'none'}."
    )


def main(argv: list[str] | None = None) -> int:
    """Fit the built-in model, or with --data one to the history, and write it with its card."""
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return _train_on_file(args) if args.data else _train_built_in(args)


if __name__ == "__main__":
    raise SystemExit(main())
