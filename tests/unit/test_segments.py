"""Segments: every customer in one segment, and the segments add up to the total."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.explain.segments import (
    BLANK_SEGMENT,
    MAX_SEGMENTS,
    segment_table,
    segmentation_choices,
    tenure_band,
)


def _estimates(n: int = 200, seed: int = 3) -> pd.DataFrame:
    """Priced customers whose costs are known by construction (not from the model)."""
    rng = np.random.default_rng(seed)
    lost, wom, service = rng.gamma(2, 50, n), rng.gamma(2, 10, n), rng.gamma(2, 5, n)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(n)],
            "monthly_revenue": rng.choice([20.0, 35.0, 55.0, 80.0, 120.0], n),
            "tenure_months": rng.integers(0, 200, n).astype(float),
            "attributable_churn_probability": rng.uniform(0, 0.3, n),
            "expected_lost_clv": lost,
            "word_of_mouth_loss": wom,
            "service_cost": service,
            "total_expected_cost": lost + wom + service,
            "region": rng.choice(["North", "South", " East ", "", None], n),
            "name": [f"Person {i}" for i in range(n)],
        }
    )


@pytest.mark.parametrize("by", ["Tenure", "Monthly revenue", "region"])
def test_segments_add_up_to_the_total_and_every_component(by):
    estimates = _estimates()
    table = segment_table(estimates, by)

    assert table["customers"].sum() == len(estimates)
    for column in ("expected_lost_clv", "word_of_mouth_loss", "service_cost"):
        assert table[column].sum() == pytest.approx(estimates[column].sum())
    assert table["total_expected_cost"].sum() == pytest.approx(
        estimates["total_expected_cost"].sum()
    )
    assert table["expected_churners"].sum() == pytest.approx(
        estimates["attributable_churn_probability"].sum()
    )
    assert table["share_of_total"].sum() == pytest.approx(1.0)


def test_tenure_bands_are_in_years_with_their_edges_in_the_next_band():
    frame = pd.DataFrame({"tenure_months": [0.0, 11.9, 12.0, 23.0, 24.0, 59.0, 60.0, 400.0]})
    assert list(tenure_band(frame).astype(str)) == [
        "under 1 year",
        "under 1 year",
        "1-2 years",
        "1-2 years",
        "2-5 years",
        "2-5 years",
        "5 years and more",
        "5 years and more",
    ]


def test_bands_keep_their_order_and_text_segments_come_largest_first():
    estimates = _estimates()
    tenure = segment_table(estimates, "Tenure")
    assert list(tenure["segment"]) == ["under 1 year", "1-2 years", "2-5 years", "5 years and more"]
    region = segment_table(estimates, "region")
    assert region["total_expected_cost"].is_monotonic_decreasing
    # spaces trimmed; empty and missing cells are one "(blank)" segment
    assert set(region["segment"]) == {"North", "South", "East", BLANK_SEGMENT}


def test_revenue_bands_are_quartiles_labelled_with_their_bounds():
    estimates = _estimates()
    table = segment_table(estimates, "Monthly revenue")
    assert table["segment"].iloc[0].startswith("$20.00 to ")
    assert table["segment"].iloc[-1].endswith(" to $120.00 a month")


def test_only_text_columns_with_few_values_are_offered():
    estimates = _estimates(n=MAX_SEGMENTS + 10)
    assert segmentation_choices(estimates) == ["Tenure", "Monthly revenue", "region"]


def test_an_unknown_segmentation_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown segmentation 'plan'"):
        segment_table(_estimates(), "plan")
