"""Print how long the money's explanations take at the dashboard's largest portfolio.

    python benchmarks/money_speed.py [customers ...]     # default: 100000

For each size: the model inference of the root-cause split (once per portfolio, cached by
the dashboard), the money split itself (re-done on every money slider: arithmetic only),
the refits' predictions for the model's range (once per portfolio), and the range with
1,000 draws from all three sources (on every money slider). Best of 3 for the per-slider
work, with the ratio to pricing the portfolio once (`add_costs`) measured in the same run.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from model.cases.synthetic_portfolios import synthetic_portfolio
from model.churn.loader import default_model
from model.churn.refits import model_draws
from model.churn.scoring import scored_customers
from model.churn.shapley import churn_shapley
from model.explain.money_split import cost_by_root_cause
from model.explain.range import total_range
from model.money.assumptions import Assumptions
from model.money.costs import add_costs


def timed(work, repeats: int = 1):
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(sizes: list[int]) -> None:
    print(f"cores available: {os.cpu_count()}")
    model, assumptions = default_model(), Assumptions()
    refits = model.variants or None
    for size in sizes:
        scored = scored_customers(synthetic_portfolio(size), model)
        price_s, estimates = timed(lambda s=scored: add_costs(s, assumptions), 3)
        infer_s, shapley = timed(lambda s=scored: churn_shapley(s, model))
        split_s, _ = timed(lambda e=estimates, s=shapley: cost_by_root_cause(e, s, assumptions), 3)
        print(f"{size:,} customers")
        print(f"  pricing (add_costs), per slider:           {price_s:6.3f} s")
        print(f"  root-cause inference, once per portfolio:  {infer_s:6.2f} s")
        print(
            f"  money split (Shapley on money), per slider: {split_s:6.3f} s "
            f"= {split_s / price_s:.2f} x pricing"
        )
        draws = None
        if refits is not None:
            draws_s, draws = timed(lambda s=scored: model_draws(s, refits))
            print(f"  model draws ({len(refits)} refits), once:       {draws_s:6.2f} s")
        range_s, likely = timed(
            lambda e=estimates, d=draws: total_range(e, assumptions, model_draws=d, draws=1000),
            3,
        )
        print(
            f"  range, 1,000 draws x {len(likely.sources)} sources, per slider: {range_s:6.3f} s "
            f"= {range_s / price_s:.2f} x pricing"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000])
