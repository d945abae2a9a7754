"""The model card's key facts, as the Model and Methodology pages show them."""

from __future__ import annotations

import streamlit as st

from ui.cache import churn_model
from ui.format import count, percent


def card_facts(card: dict) -> list[str]:
    """The card's key facts as sentences (model, data, quality, versions)."""
    metrics = card["metrics_on_held_out_test"]
    logistic = card["logistic_regression_on_same_test"]
    training = card["training"]
    versions = ", ".join(f"{name} {version}" for name, version in card["library_versions"].items())
    constrained = [name for name, sign in card["monotonic_constraints"].items() if sign == 1]
    return [
        f"**Model**: {card['model']}, {card['trees']} trees.",
        f"**Features**: {', '.join(card['features'])}; churn never falls as any of "
        f"{len(constrained)} incident features rises.",
        f"**Data**: synthetic ({training['data']}), seed {training['seed']}: "
        f"{count(training['n_train'])} customers to train, {count(training['n_calibration'])} "
        f"to calibrate, {count(training['n_test'])} held out to test.",
        f"**Quality on the held-out customers**: ROC AUC {metrics['roc_auc']:.3f}; log-loss "
        f"{metrics['log_loss']:.4f} against a best possible {metrics['bayes_optimal_log_loss']:.4f}"
        f" ({percent(metrics['log_loss_excess_over_bayes'], 2)} above it); calibration error "
        f"{percent(metrics['expected_calibration_error'], 2)} (logistic regression: "
        f"{percent(logistic['expected_calibration_error'], 2)}).",
        f"**Built with** Python {card['python_version']}, {versions}; file SHA-256 "
        f"`{card['artefact_sha256'][:16]}…`, checked before loading.",
    ]


def draw_card_facts() -> None:
    st.markdown("\n".join(f"- {fact}" for fact in card_facts(churn_model().card)))
