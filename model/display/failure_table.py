"""The price of every failure as a table in the users' words, shared by the Overview and the
report: one row per failure, money as money, each column saying its unit."""

from __future__ import annotations

import pandas as pd

from model.display.format import count, money
from model.display.labels import FEATURE_LABELS

#: Column headers, in the words an operations or finance reader uses.
HEADERS: dict[str, str] = {
    "failure": "Failure",
    "unit": "One unit",
    "customers_with_it": "Customers with it",
    "price_per_unit": "Price of one more unit",
    "expected_to_be_lost": "Of which expected to be lost",
    "handling": "Of which handling",
}


def failure_price_table(prices: pd.DataFrame) -> pd.DataFrame:
    """`model.explain.failure_prices`' table with labels, counts and money as text (with
    cents: an outage hour's handling is a few cents)."""
    shown = pd.DataFrame(
        {
            "failure": prices["failure"].map(lambda name: FEATURE_LABELS.get(name, name)),
            "unit": prices["unit"],
            "customers_with_it": prices["customers_with_it"].map(count),
            **{
                name: prices[name].map(lambda v: money(v, cents=True))
                for name in ("price_per_unit", "expected_to_be_lost", "handling")
            },
        }
    )
    return shown.rename(columns=HEADERS)
