"""Who to call first: the list within a budget is the best one, checked by brute force."""

from itertools import combinations

import pandas as pd
import pytest

from model.explain.call_list import call_list


def _portfolio() -> pd.DataFrame:
    # six customers; with a 40 % success rate and $30 a call the nets are
    # 0.4 * (departure + stories) - 30: 50, 10, -14, 90, 26, 0 (C6 exactly breaks even)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(1, 7)],
            "expected_departure_cost": [180.0, 90.0, 30.0, 280.0, 130.0, 70.0],
            "word_of_mouth_loss": [20.0, 10.0, 10.0, 20.0, 10.0, 5.0],
            "service_cost": [500.0, 500.0, 500.0, 500.0, 500.0, 500.0],  # spent: not saved
            "support_calls": [3, 1, 0, 6, 2, 0],
            "outage_hours": [0.0, 4.0, 1.0, 10.0, 0.0, 0.0],
        }
    )


def _brute_force(portfolio, call_cost, save_rate, budget):
    saved = save_rate * (portfolio["expected_departure_cost"] + portfolio["word_of_mouth_loss"])
    best = 0.0
    for size in range(len(portfolio) + 1):
        for chosen in combinations(range(len(portfolio)), size):
            if call_cost * size <= budget + 1e-9:
                best = max(best, float(sum(saved.iloc[list(chosen)]) - call_cost * size))
    return best


@pytest.mark.parametrize("budget", [0, 29, 30, 60, 90, 120, 1_000])
def test_the_list_within_a_money_budget_is_the_best_any_choice_could_be(budget):
    portfolio = _portfolio()
    chosen = call_list(portfolio, call_cost=30.0, save_rate=0.4, budget=budget)
    assert chosen.net_saving == pytest.approx(_brute_force(portfolio, 30.0, 0.4, budget))
    assert chosen.spent <= budget


def test_the_list_is_best_first_with_each_customers_saving_and_failures():
    chosen = call_list(_portfolio(), call_cost=30.0, save_rate=0.4, calls=3)
    # nets 90 (C4), 50 (C1), 26 (C5); savings 120, 80, 56
    assert list(chosen.calls["customer_id"]) == ["C4", "C1", "C5"]
    assert list(chosen.calls["net_saving"]) == pytest.approx([90.0, 50.0, 26.0])
    assert list(chosen.calls["expected_saving"]) == pytest.approx([120.0, 80.0, 56.0])
    assert chosen.calls.loc[0, "why"] == "outage_hours 10, support_calls 6"
    assert chosen.spent == 90.0 and chosen.net_saving == pytest.approx(166.0)
    # the list pays when 90 of calls save 90: 90 / (300 + 200 + 140) = 0.140625
    assert chosen.break_even_save_rate == pytest.approx(90 / 640)
    # a thousand more buys 33 calls, of which only C2 (net 10) is worth making
    assert chosen.next_thousand == pytest.approx(10.0)


def test_without_a_limit_only_calls_that_pay_are_listed():
    chosen = call_list(_portfolio(), call_cost=30.0, save_rate=0.4)
    assert set(chosen.calls["customer_id"]) == {"C4", "C1", "C5", "C2"}  # C6 nets 0, C3 < 0


@pytest.mark.parametrize("seed", range(5))
def test_random_small_portfolios_match_the_brute_force(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    portfolio = pd.DataFrame(
        {
            "customer_id": [f"R{i}" for i in range(8)],
            "expected_departure_cost": rng.gamma(2, 60, 8),
            "word_of_mouth_loss": rng.gamma(2, 5, 8),
        }
    )
    for budget in (0, 25, 75, 140, 400):
        chosen = call_list(portfolio, call_cost=25.0, save_rate=0.3, budget=budget)
        assert chosen.net_saving == pytest.approx(_brute_force(portfolio, 25.0, 0.3, budget))
