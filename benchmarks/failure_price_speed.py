"""Print how long a price for every failure takes at the dashboard's portfolio sizes.

    python benchmarks/failure_price_speed.py [customers ...]     # default: 10000 100000

For each size: the model inference (every customer who has a failure scored with one unit
more, once per portfolio, cached by the dashboard) and the pricing (arithmetic only, re-done
on every money slider). Best of 3 for the pricing.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from model.cases.synthetic_portfolios import synthetic_portfolio
from model.churn import load_model, scored_customers
from model.explain import bumped_scores, failure_prices
from model.money import Assumptions


def main(sizes: list[int]) -> None:
    model = load_model()
    for size in sizes:
        scored = scored_customers(synthetic_portfolio(size), model)
        start = time.perf_counter()
        bumped = bumped_scores(scored, model)
        inference = time.perf_counter() - start
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            failure_prices(scored, bumped, Assumptions())
            timings.append(time.perf_counter() - start)
        print(
            f"{size:>7,} customers: inference {inference:.2f} s (once), "
            f"pricing {min(timings):.3f} s (each money slider)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
