"""What a history must hold before a model is fitted to it, in words a person can act on.

A fit learns whatever the columns allow, including what it should not: a column written
after the customer left (a closing fee, a "reason for leaving" code, an incident count
that is the outcome times three) predicts `churned` almost perfectly and gives a model
with a held-out ROC AUC of 1.000 that passes every check and is worthless on customers who
have not left yet. So, before fitting (`refuse_unlearnable`):

- a covariate of numbers must be finite and at most LARGEST_MAGNITUDE in size (1e308 is
  an export's overflow, not a trait; a mere outlier is fine);
- a covariate of text must have at most MOST_LEVELS different values: one with thousands
  is an id, from which nothing about other customers can be learnt;
- no column may tell leavers from stayers almost perfectly on its own (ROC AUC of at least
  LEAK_AUC, or at most 1 - LEAK_AUC): it is named as a likely leak, and fitted only when
  the user insists (`allow_leak`; on the command line `--allow-leak COLUMN`). A text column's
  values are scored by the churn rate of the same value in the other half of the rows, so a column
  with many small values is not called a leak for fitting itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import COLUMNS_BY_NAME, INCIDENT_FEATURES
from model.churn.blend import BlendedLogit
from model.churn.boosted import BoostedLogit
from model.churn.card import HistorySize, ModelCard
from model.churn.layout import FeatureLayout
from model.churn.plain import as_good_as_plain

#: A covariate's largest magnitude: beyond it a number is an overflow or a placeholder.
LARGEST_MAGNITUDE = 1e12
#: A text covariate's most different values: beyond it the column is an id.
MOST_LEVELS = 1_000
#: A column whose ROC AUC alone is this close to 1 (or to 0) is a likely leak.
LEAK_AUC = 0.99


class UnlearnableHistory(ValueError):
    """A history a model must not be fitted to as it is: the message names the column.

    `leak` is the column refused as a likely leak (None for other refusals): the command
    line tells how to insist on it, the page does not offer to."""

    def __init__(self, message: str, leak: str | None = None) -> None:
        super().__init__(message)
        self.leak = leak


def _blank(values: pd.Series) -> np.ndarray:
    return values.astype("string").str.strip().fillna("").eq("").to_numpy()


def check_covariate(values: pd.Series, name: str) -> None:
    """UnlearnableHistory for a covariate of non-finite or huge numbers, or of an id."""
    filled = ~_blank(values)
    parsed = pd.to_numeric(values[filled], errors="coerce").to_numpy(dtype="float64")
    if len(parsed) and not np.isnan(parsed).any():
        bad = ~np.isfinite(parsed) | (np.abs(parsed) > LARGEST_MAGNITUDE)
        if bad.any():
            at = int(np.flatnonzero(bad)[0])
            raise UnlearnableHistory(
                f"{name}: a covariate of numbers must be finite and at most "
                f"{LARGEST_MAGNITUDE:.0e} in size; the {at + 1:,}th filled row has "
                f"{values[filled].iloc[at]!r}. Fix those values or leave {name} out."
            )
        return
    levels = values[filled].astype("string").str.strip().nunique()
    if levels > MOST_LEVELS:
        raise UnlearnableHistory(
            f"{name}: a covariate with {levels:,} different values is an id, not a trait "
            f"many customers share (at most {MOST_LEVELS:,}): nothing learnt from it holds "
            f"for another customer. Group its values, or leave {name} out."
        )


def _scores(values: pd.Series, churned: np.ndarray) -> np.ndarray:
    """Numbers as they are (blank: the median); text as the churn rate of the same value in
    the other half of the rows (never the row's own outcome)."""
    parsed = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    blank = _blank(values)
    if np.isfinite(parsed[~blank]).all():
        fill = np.nanmedian(parsed) if np.isfinite(parsed).any() else 0.0
        return np.where(np.isfinite(parsed), parsed, fill)
    text = values.astype("string").str.strip().fillna("").to_numpy(dtype=object)
    half = np.arange(len(text)) % 2 == 0
    scores = np.full(len(text), churned.mean())
    for mine, other in ((half, ~half), (~half, half)):
        rates = pd.Series(churned[other]).groupby(text[other]).mean()
        scores[mine] = pd.Series(text[mine]).map(rates).fillna(churned.mean()).to_numpy()
    return scores


def likely_leaks(history: pd.DataFrame, churned: np.ndarray, columns) -> list[tuple[str, float]]:
    """The columns that alone tell leavers from stayers almost perfectly, with their ROC AUC.

    scikit-learn is imported here, where a history is fitted, so that scoring (which imports
    this room's face) starts without it."""
    from sklearn.metrics import roc_auc_score

    leaks = []
    for name in columns:
        scores = _scores(history[name], churned)
        if np.ptp(scores) == 0:
            continue
        auc = float(roc_auc_score(churned, scores))
        if max(auc, 1 - auc) >= LEAK_AUC:
            leaks.append((name, auc))
    return leaks


def refuse_unlearnable(
    history: pd.DataFrame,
    churned: np.ndarray,
    incidents: tuple[str, ...] = (),
    covariates: tuple[str, ...] = (),
    allow_leak: tuple[str, ...] = (),
) -> list[str]:
    """Raise UnlearnableHistory for what no model should be fitted to (module docstring);
    return a warning for each likely leak the user insisted on (`allow_leak`)."""
    for name in covariates:
        check_covariate(history[name], name)
    contract = [n for n in ("monthly_revenue", "tenure_months", *INCIDENT_FEATURES)]
    columns = [n for n in (*contract, *incidents, *covariates) if n in history.columns]
    warnings = []
    for name, auc in likely_leaks(history, churned, columns):
        said = (
            f"{name} tells leavers from stayers almost perfectly on its own (ROC AUC "
            f"{auc:.3f}): it is likely written after the customer left, or from the outcome"
        )
        if name not in allow_leak:
            raise UnlearnableHistory(
                f"{said}, so a model fitted with it would look perfect and be useless on "
                f"customers who have not left. Leave {name} out.",
                leak=name,
            )
        warnings.append(f"{said}; fitted with it because you insisted on keeping {name}.")
    return warnings


def check_sentences(card: ModelCard) -> list[str]:
    """What each check of a history's card found, in words, for `train` and the page."""
    checks, metrics = card.checks, card.metrics_on_held_out_test
    history = card.history
    plain = card.plain_models_on_held_out_test or {}
    names = {"logistic_regression": "logistic regression", "gradient_boosting": "gradient boosting"}
    passed = {True: "passed", False: "FAILED"}
    lines = [
        f"Calibration: {passed[checks['calibrated']]}: held-out calibration error "
        f"{checks['held_out_calibration_error']:.4f} (must be below "
        f"{checks['calibration_error_below']:.2f}).",
        f"Monotone: {passed[checks['monotone_in_every_incident']]}: churn never falls as any "
        f"of the {len(card.incident_features)} incidents rises (checked on every tree).",
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


def history_warning(rows: int, churners: int, leaning: list[str]) -> str | None:
    """A plain warning naming the incidents whose effects the history cannot support and no
    public evidence backs (model.churn.shrinkage.leaning_on_assumptions); None when none."""
    if not leaning:
        return None
    # the contract's incidents as people name them; a company's own column keeps its name
    named = [COLUMNS_BY_NAME[n].label.lower() if n in COLUMNS_BY_NAME else n for n in leaning]
    return (
        f"{rows:,} customers of whom {churners:,} left say too little about "
        f"{', '.join(named)} to pin their effects down, and no public evidence backs them: "
        "their curves may be noise or an assumption (the built-in model's, or a typical "
        "incident's). Compare it with the built-in model before using it, or fit again on a "
        "longer history."
    )


#: A history's model: held-out calibration error above this fails its check (issue 18).
HISTORY_CALIBRATION_LIMIT = 0.03


def _monotone(model, layout: FeatureLayout) -> bool:
    """Churn never falls as an incident rises, checked on every tree or every table."""
    if isinstance(model, BoostedLogit | BlendedLogit):
        return model.monotone_in(layout.incident_positions)
    return all(np.all(np.diff(model.values[j]) >= 0) for j in layout.incident_positions)


def history_checks(
    model, layout: FeatureLayout, metrics: dict, plain: dict, history: HistorySize
) -> dict:
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
