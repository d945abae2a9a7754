"""The dashboard's synthetic portfolios: the sizes it offers and the one seed they are drawn with.

A size names one portfolio (the seed is fixed), so a link or a cache key can carry it.
"""

from __future__ import annotations

import pandas as pd

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate

#: The dashboard's synthetic portfolio is always drawn with this seed, so a size names it.
DASHBOARD_SEED = 2026

#: Portfolio sizes the dashboard offers (customers); the middle one is the default.
PORTFOLIO_SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)
DEFAULT_PORTFOLIO_SIZE = 10_000


def synthetic_portfolio(size: int, seed: int = DASHBOARD_SEED) -> pd.DataFrame:
    """`size` synthetic customers in the contract's input columns (the generator's truth dropped).

    The truth columns are what a real portfolio never has; keeping them would leak into
    downloads and make the synthetic portfolio look unlike an uploaded one.
    """
    return generate(size, seed).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
