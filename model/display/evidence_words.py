"""Where each incident's effect comes from, in words for the Model page, the Methodology
page and the report: public evidence or an assumption (the built-in model), and how much
came from the company's own data (a model fitted to its history: model.churn.shrinkage)."""

from __future__ import annotations

import pandas as pd

from model.display.format import percent
from model.display.labels import FEATURE_LABELS

_RANGE_WORDS = {
    True: "the built-in effect lies within its range",
    False: "the built-in effect lies outside its range (see Methodology)",
    None: "",
}


def _built_in(label: str, entry: dict) -> str:
    within = _RANGE_WORDS[entry.get("within_evidence_range")]
    return f"{label}: {entry['evidence']}" + (f"; {within}" if within else "")


def _history(label: str, entry: dict) -> str:
    share = entry.get("share_from_own_data")
    if share is None or entry.get("no_prior_in_form"):
        return f"{label}: from your own data alone (the form chosen uses no prior)"
    return (
        f"{label}: {percent(share, 0)} from your own data, {percent(1 - share, 0)} from "
        f"its prior ({entry['prior']})"
    )


def evidence_sentences(card: dict) -> list[str]:
    """One sentence per incident of the card's `evidence` entry (none when it has none)."""
    evidence = card.get("evidence") or {}
    # trees alone (model.churn.blend): the form kept uses no prior, whatever the curves had
    alone = {"no_prior_in_form": evidence.get("share_of_model_with_priors", 1.0) == 0}
    incidents = evidence.get("incidents", {})
    history = "history" in card
    return [
        (_history if history else _built_in)(FEATURE_LABELS.get(name, name), entry | alone)
        for name, entry in incidents.items()
    ]


def evidence_summary(card: dict) -> str:
    """The sentences as one fact for a list ('' when the card has no `evidence`)."""
    sentences = evidence_sentences(card)
    if not sentences:
        return ""
    head = (
        "**Where each effect comes from** (your own data, and the rest from the public "
        "evidence or an assumed curve, as far as your held-out customers said it helps)"
        if "history" in card
        else "**Where each effect comes from**"
    )
    return f"{head}: " + "; ".join(sentences) + "."


def effect_sources(card: dict) -> pd.DataFrame:
    """The card's `evidence` as a table beside the effect curves: each incident, where its
    effect comes from, and (the built-in model) whether it lies within the evidence's range
    or (a history's model) the share from the company's own data."""
    evidence = card.get("evidence") or {}
    alone = evidence.get("share_of_model_with_priors", 1.0) == 0
    incidents = evidence.get("incidents", {})
    rows = []
    for name, entry in incidents.items():
        row = {"Incident": FEATURE_LABELS.get(name, name)}
        if "history" in card:
            share = entry.get("share_from_own_data")
            row["Shrunk toward"] = entry["prior"]
            row["From your own data"] = (
                "all (no prior)" if share is None or alone else percent(share, 0)
            )
        else:
            within = entry.get("within_evidence_range")
            row["Where its effect comes from"] = entry["evidence"]
            row["Within the evidence's range"] = {True: "yes", False: "no", None: "-"}[within]
        rows.append(row)
    return pd.DataFrame(rows)
