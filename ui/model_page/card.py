"""The model card's key facts, as the Model and Methodology pages show them."""

from __future__ import annotations

import streamlit as st

from model.display import count, evidence_summary, labels, percent
from ui.state import churn_model


def card_facts(card: dict) -> list[str]:
    """The card's key facts as sentences (model, data, quality, checks, versions)."""
    metrics = card["metrics_on_held_out_test"]
    training = card["training"]
    versions = ", ".join(f"{name} {version}" for name, version in card["library_versions"].items())
    constrained = [name for name, sign in card["monotonic_constraints"].items() if sign == 1]
    if "history" in card:
        history = card["history"]
        data = (
            f"**Data**: your history, {count(history['rows'])} customers of whom "
            f"{count(history['churners'])} left; {count(history['held_out_rows'])} held out "
            "to test a fit on the others."
        )
        quality = (
            f"tells leavers from stayers {metrics['roc_auc']:.3f} (0.5 is chance, 1 perfect); "
            f"error of its probabilities {metrics['log_loss']:.4f}"
        )
    else:
        data = (
            f"**Data**: synthetic, seed {training['seed']}: "
            f"{count(training['n_train'])} customers to train, {count(training['n_test'])} "
            "held out to test."
        )
        quality = (
            f"tells leavers from stayers {metrics['roc_auc']:.3f} (0.5 is chance, 1 perfect); "
            f"error of its probabilities {metrics['log_loss']:.4f} against a "
            f"best possible {metrics['bayes_optimal_log_loss']:.4f} "
            f"({percent(metrics['log_loss_excess_over_bayes'], 2)} above it)"
        )
    return [
        f"**Model**: {card['model']}; beside it, the same model refitted on resampled "
        "customers and with coarser and finer curves, whose spread gives the ranges of the "
        "root causes (the card below names them).",
        f"**Features**: {', '.join(labels.FEATURE_LABELS.get(f, f) for f in card['features'])}; "
        "churn never falls as any of "
        f"{len(constrained)} incident features rises (checked: "
        f"{'yes' if card['checks']['monotone_in_every_incident_and_tenure'] else 'NO'}).",
        data,
        f"**Quality on the held-out customers**: {quality}; calibration error "
        f"{percent(metrics['expected_calibration_error'], 2)}.",
        f"**Built with** Python {card['python_version']}, {versions}; "
        + (
            f"file SHA-256 `{card['artefact_sha256'][:16]}…`, checked before loading."
            if "artefact_sha256" in card
            else "kept in this session's memory only, never written to a file."
        ),
        *([evidence_summary(card)] if evidence_summary(card) else []),
    ]


def draw_card_facts() -> None:
    st.markdown("\n".join(f"- {fact}" for fact in card_facts(churn_model().card)))
