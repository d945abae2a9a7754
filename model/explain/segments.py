"""Segments: the total and its components by tenure band, revenue band or a text column.

Every customer falls in exactly one segment of a segmentation (a blank text cell is its
own segment, "(blank)"), so a segment table's rows add up to the portfolio's total.

Bands: tenure in the years a retention team talks about (under 1 year, 1-2, 2-5, 5 and
more: first-year customers leave most); revenue in quartiles of the portfolio itself, so
the bands work in any currency and each holds about a quarter of the customers. A text
column of the user's own file (region, plan, channel) is offered when it has at most
`MAX_SEGMENTS` distinct values; one with more (a name, an address) would give a table
of one customer per row.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pandas as pd

from data.schema import COLUMNS_BY_NAME, OUTPUT_COLUMNS
from model.money import COST_COMPONENTS

#: A text column with more distinct values than this is not offered as a segmentation.
MAX_SEGMENTS = 50
BLANK_SEGMENT = "(blank)"
#: The columns of a segment table, after `segment`.
SEGMENT_COLUMNS: tuple[str, ...] = (
    "customers",
    "expected_churners",
    *COST_COMPONENTS,
    "total_expected_cost",
    "share_of_total",
    "cost_per_customer",
)
TENURE_BANDS: tuple[tuple[float, str], ...] = (
    (12, "under 1 year"),
    (24, "1-2 years"),
    (60, "2-5 years"),
    (np.inf, "5 years and more"),
)


def tenure_band(estimates: pd.DataFrame) -> pd.Series:
    """Each customer's tenure band (an ordered categorical, shortest tenure first)."""
    edges = [-np.inf, *(upper for upper, _ in TENURE_BANDS)]
    names = [name for _, name in TENURE_BANDS]
    return pd.cut(estimates["tenure_months"], edges, right=False, labels=names)


def revenue_band(estimates: pd.DataFrame) -> pd.Series:
    """Each customer's monthly-revenue quartile, labelled with its bounds and their unit
    ("$20.00 to $45.50 a month"; ordered)."""
    revenue = estimates["monthly_revenue"].astype("float64")
    if revenue.nunique() < 2:
        label = f"${revenue.iloc[0]:,.2f} a month" if len(revenue) else "all"
        return pd.Series(pd.Categorical([label] * len(revenue)), index=estimates.index)
    edges = np.unique(np.quantile(revenue, [0, 0.25, 0.5, 0.75, 1]))
    names = [f"${low:,.2f} to ${high:,.2f} a month" for low, high in pairwise(edges)]
    return pd.cut(revenue, edges, labels=names, include_lowest=True, duplicates="drop")


def text_columns(estimates: pd.DataFrame) -> list[str]:
    """The user's own text columns that can segment the portfolio, in the file's order.

    Not the contract's columns (customer_id is one per customer; the others are numbers),
    not output columns, and at most MAX_SEGMENTS distinct values.
    """
    found = []
    for name in estimates.columns:
        if name in COLUMNS_BY_NAME or name in OUTPUT_COLUMNS:
            continue
        values = estimates[name]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        if 1 <= values.nunique(dropna=False) <= MAX_SEGMENTS:
            found.append(name)
    return found


def text_segment(estimates: pd.DataFrame, column: str) -> pd.Series:
    """The values of a text column as segments; blank cells are the segment "(blank)"."""
    values = estimates[column].astype("string").str.strip()
    return values.mask(values.isna() | (values == ""), BLANK_SEGMENT).astype("object")


#: The built-in segmentations, by the label a user picks.
BANDS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "Tenure": tenure_band,
    "Monthly revenue": revenue_band,
}


def segmentation_choices(estimates: pd.DataFrame) -> list[str]:
    """What a user can segment by: the bands, then the file's own text columns."""
    return [*BANDS, *text_columns(estimates)]


def segment_of(estimates: pd.DataFrame, by: str) -> pd.Series:
    """Each customer's segment under the segmentation named `by` (a band or a column)."""
    if by in BANDS:
        return BANDS[by](estimates)
    if by in estimates.columns:
        return text_segment(estimates, by)
    raise ValueError(f"Unknown segmentation {by!r}; choose one of: {', '.join(BANDS)} or a column")


def segment_table(estimates: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per segment: customers, expected churners, each cost component, the total,
    its share of the portfolio's total and the cost per customer.

    Bands keep their order (shortest tenure, lowest revenue first); text segments are
    sorted by total, largest first. The rows add up to the portfolio (tested).
    """
    segment = segment_of(estimates, by)
    money = [*COST_COMPONENTS, "total_expected_cost"]
    grouped = estimates[["attributable_churn_probability", *money]].groupby(
        segment.rename("segment"), observed=True, sort=by in BANDS
    )
    table = grouped.sum().rename(columns={"attributable_churn_probability": "expected_churners"})
    table.insert(0, "customers", grouped.size())
    total = float(estimates["total_expected_cost"].sum())
    table["share_of_total"] = table["total_expected_cost"] / total if total > 0 else 0.0
    table["cost_per_customer"] = table["total_expected_cost"] / table["customers"]
    if by not in BANDS:
        table = table.sort_values("total_expected_cost", ascending=False, kind="stable")
    table.index = table.index.astype(str)
    return table.rename_axis("segment").reset_index()[["segment", *SEGMENT_COLUMNS]]
