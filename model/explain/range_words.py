"""The range in sentences a finance reader understands: one per source, and why the
estimate sits where it does among the draws (model.explain.range computes them)."""

from __future__ import annotations

from collections.abc import Callable

from model.explain.range import TotalRange, TwoOutcomes
from model.money import ASSUMPTION_INFO, Assumptions


def cautious_assumptions(assumptions: Assumptions) -> list[str]:
    """Labels of assumptions set nearer the low end of their plausible range than the high.

    Their draws are skewed upwards (a triangular distribution peaking near its low end
    has its mean above the peak), which puts the point below the middle of the range.
    """
    names = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        if value is None or info.plausible_low == info.plausible_high:
            continue
        middle = (info.plausible_low + info.plausible_high) / 2
        if value < middle - 0.05 * (info.plausible_high - info.plausible_low):
            names.append(info.label.lower())
    return names


def ordinal(number: float) -> str:
    """A rank as it is written: 1 -> "1st", 2 -> "2nd", 33 -> "33rd", 11 -> "11th"."""
    whole = round(number)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{'th' if whole % 100 in (11, 12, 13) else suffix}"


def range_sentences(
    likely: TotalRange,
    assumptions: Assumptions,
    money: Callable[[float], str],
    outcomes: TwoOutcomes | None = None,
) -> dict[str, str]:
    """One plain sentence per source shown, plus how the range was drawn ("how").

    `money` formats an amount; `outcomes` (one customer only) replaces the outcome
    percentiles by the two amounts the customer can actually cost.
    """

    def between(name: str) -> str:
        band = likely.sources[name]
        return f"between {money(band.p10)} and {money(band.p90)} (median {money(band.p50)})"

    sentences = {
        "assumptions": "Assumptions: with every assumption anywhere in its plausible range, "
        f"likeliest near the value in use, 8 draws in 10 put the total {between('assumptions')}."
    }
    if "model" in likely.sources:
        sentences["model"] = (
            f"Model: refitting the churn model {likely.model_draws} times on resampled data "
            f"moves the total {between('model')}."
        )
    else:
        sentences["model"] = "Model: not drawn for this model (it carries no refits to draw from)."
    if outcomes is not None:
        sentences["outcomes"] = (
            "Who actually leaves: for one customer the cost is one of two amounts, "
            f"{money(outcomes.cost_if_driven_away)} if the failures drive them away "
            f"(probability {outcomes.probability_driven_away:.1%}) or "
            f"{money(outcomes.cost_if_stays)}, the handling already incurred, if they stay. "
            f"The estimate, {money(likely.total)}, is their probability-weighted average, "
            "which neither outcome equals."
        )
    else:
        sentences["outcomes"] = (
            "Who actually leaves: the estimate averages over chance; with these "
            "probabilities, 8 times in 10 the customers who really leave cost "
            f"{between('outcomes')}."
        )
    position = f"the {ordinal(likely.point_percentile)} percentile"
    cautious = cautious_assumptions(assumptions)
    if outcomes is not None:
        why = (
            "because one customer either leaves or stays: the draws pile up at the two "
            "outcomes and the average lies between them"
        )
    elif likely.point_percentile < 45 and cautious:
        why = (
            f"because {', '.join(cautious)} are set at the cautious end of their plausible "
            "ranges, so more draws land above the estimate than below it"
        )
    elif likely.point_percentile > 55:
        why = "because assumptions set near the top of their ranges draw lower more often"
    else:
        why = "near the middle: the sources are about as likely to move it up as down"
    sentences["combined"] = (
        f"All three together: {between('combined')}. The estimate, {money(likely.total)}, "
        f"sits at {position} of these draws, {why}."
    )
    sentences["how"] = (
        f"{likely.draws:,} draws, seed {likely.seed}; model draws: {likely.model_draws} refits."
    )
    return sentences


def budget_sentences(
    likely: TotalRange, assumptions: Assumptions, money: Callable[[float], str]
) -> tuple[str, str]:
    """Which figure to budget on, and why it and the middle of the range (P50) differ.

    The estimate is the probability-weighted average: the figure every table adds up to
    and the one a budget of many such years comes back to. The P50 is the total half the
    draws fall below; the two differ because the draws are lopsided.
    """
    middle = likely.sources["combined"].p50
    budget = (
        f"Budget on the estimate, {money(likely.total)}: it is the average over everything "
        "that could happen, and the figure every table here adds up to. The middle of the "
        f"range (P50) is {money(middle)}."
    )
    cautious = cautious_assumptions(assumptions)
    if abs(middle - likely.total) <= 0.005 * max(abs(likely.total), 1.0):
        why = "The two are within half a per cent of each other: the draws are about even."
    elif middle > likely.total and cautious:
        why = (
            f"The middle is higher because {', '.join(cautious)} are set at the cautious end "
            "of their plausible ranges, so more draws land above the estimate than below it."
        )
    elif middle > likely.total:
        why = (
            "The middle is higher because more draws land above the estimate than below it, "
            "while a few low draws pull the average down."
        )
    else:
        why = (
            "The middle is lower because a few customers who may or may not leave, or "
            "assumptions drawn high, pull the average up more than the typical draw."
        )
    return budget, why
