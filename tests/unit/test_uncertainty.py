"""The range of the total from three sources: reproducible, and right where it can be worked out."""

import numpy as np
import pandas as pd
import pytest

from model.churn import refits as model_refits
from model.churn.loader import default_model
from model.churn.refits import ModelDraws
from model.explain import range as uncertainty
from model.explain import range_words
from model.explain.range import draw_assumptions, total_range, two_outcomes
from model.money.assumptions import ASSUMPTION_INFO, Assumptions
from model.money.costs import add_costs, mean_clv, typical_clv


@pytest.fixture(scope="module")
def scored(scored_synthetic):
    return scored_synthetic


def test_the_fast_expected_total_equals_pricing_every_draw_with_add_costs(scored):
    for assumptions in (
        Assumptions(),
        Assumptions(monthly_retention=0.99, prospect_value=900.0, cost_per_escalation=3.0),
        # issue 28: a departure priced as its replacement, or the cheaper customer by
        # customer (own retention, and a fixed one); staff turnover drawn with the rest
        Assumptions(departure_cost="replacement", months_to_replace=2.0),
        Assumptions(departure_cost="cheaper", acquisition_cost=600.0),
        Assumptions(departure_cost="cheaper", monthly_retention=0.97, prospect_value=800.0),
    ):
        drawn = draw_assumptions(assumptions, 5, np.random.default_rng(3))
        portfolio = uncertainty._portfolio(scored, None, None, assumptions)
        # a prospect is priced at the median clv, which each draw moves as it moves the mean
        typical_to_mean = typical_clv(scored, assumptions) / mean_clv(scored, assumptions)
        fast = uncertainty._expected_totals(
            portfolio, drawn, assumptions.prospect_value is None, state=0
        )
        for j in range(5):
            values = {k: float(v[j]) for k, v in drawn.items()}
            values["departure_cost"] = assumptions.departure_cost
            if assumptions.monthly_retention is None:
                values["monthly_retention"] = None
            if assumptions.prospect_value is None:
                drawn_clv = add_costs(scored, Assumptions(**values | {"prospect_value": None}))
                values["prospect_value"] *= drawn_clv["clv"].mean() * typical_to_mean
            slow = add_costs(scored, Assumptions(**values))["total_expected_cost"].sum()
            assert fast[j] == pytest.approx(slow, rel=1e-9)


def test_same_seed_same_figures(scored):
    estimates = add_costs(scored, Assumptions())
    first = total_range(estimates, Assumptions(), seed=5)
    assert total_range(estimates, Assumptions(), seed=5) == first
    assert total_range(estimates, Assumptions(), seed=6) != first
    assert set(first.sources) == {"assumptions", "outcomes", "combined"}
    assert first.draws == 1000 and first.seed == 5


def collapse_ranges(monkeypatch, assumptions):
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        point = 1.0 if value is None else value
        monkeypatch.setitem(
            ASSUMPTION_INFO,
            key,
            info.__class__(**vars(info) | {"plausible_low": point, "plausible_high": point}),
        )


def one_kind_of_customer(count, attributable):
    return pd.DataFrame(
        {
            "monthly_revenue": 100.0,
            "support_calls": 2,
            "churn_probability": 0.1 + attributable,
            "baseline_churn_probability": 0.1,
        },
        index=range(count),
    )


@pytest.mark.parametrize("way", ["lost_value", "replacement", "cheaper"])
def test_for_one_customer_p10_and_p90_are_the_two_outcomes(monkeypatch, way):
    assumptions = Assumptions(departure_cost=way)
    collapse_ranges(monkeypatch, assumptions)
    estimates = add_costs(one_kind_of_customer(1, 0.885), assumptions)
    outcomes = two_outcomes(estimates.iloc[0], assumptions, typical_clv(estimates, assumptions))
    assert outcomes.cost_if_stays == pytest.approx(2 * assumptions.cost_per_call)
    expected = (
        outcomes.probability_driven_away * outcomes.cost_if_driven_away
        + (1 - outcomes.probability_driven_away) * outcomes.cost_if_stays
    )
    assert expected == pytest.approx(estimates["total_expected_cost"].iloc[0])
    # P(stays) = 0.115 > 0.10: P10 is the cost of staying, P50 and P90 of leaving
    likely = total_range(estimates, assumptions, draws=20_000, seed=1)
    for source in ("outcomes", "combined"):
        assert likely.sources[source].p10 == pytest.approx(outcomes.cost_if_stays)
        assert likely.sources[source].p90 == pytest.approx(outcomes.cost_if_driven_away)


def test_for_many_alike_customers_p10_and_p90_are_the_binomial_quantiles(monkeypatch):
    assumptions = Assumptions()
    collapse_ranges(monkeypatch, assumptions)
    count, attributable = 50, 0.3
    estimates = add_costs(one_kind_of_customer(count, attributable), assumptions)
    row = estimates.iloc[0]
    outcomes = two_outcomes(row, assumptions, typical_clv(estimates, assumptions))
    per_leaver = outcomes.cost_if_driven_away - outcomes.cost_if_stays
    handling = count * outcomes.cost_if_stays
    # worked out by hand: the number driven away is Binomial(50, 0.3); its 10th, 50th and
    # 90th percentiles are 11, 15 and 19, and the CDF is well clear of 0.1, 0.5 and 0.9 at
    # each (P(<= 10) = 0.079, P(<= 11) = 0.139, P(<= 14) = 0.447, P(<= 15) = 0.569,
    # P(<= 18) = 0.859, P(<= 19) = 0.915), so 20,000 draws cannot land elsewhere
    low, middle, high = 11, 15, 19
    likely = total_range(estimates, assumptions, draws=20_000, seed=2)
    for source in ("outcomes", "combined"):
        assert likely.sources[source].p10 == pytest.approx(handling + low * per_leaver)
        assert likely.sources[source].p50 == pytest.approx(handling + middle * per_leaver)
        assert likely.sources[source].p90 == pytest.approx(handling + high * per_leaver)
    assert likely.sources["assumptions"].p10 == pytest.approx(likely.total)


def test_model_draws_move_the_total_by_their_own_spread(scored):
    estimates = add_costs(scored, Assumptions())
    same = ModelDraws(
        np.vstack([scored["churn_probability"]] * 3),
        np.vstack([scored["baseline_churn_probability"]] * 3),
        "the point model three times",
    )
    held = total_range(estimates, Assumptions(), model_draws=same)
    assert held.model_draws == 3
    assert held.sources["model"].p10 == pytest.approx(held.total)
    assert held.sources["model"].p90 == pytest.approx(held.total)
    higher = ModelDraws(
        np.vstack([np.minimum(scored["churn_probability"] * k, 1) for k in (1.0, 1.1, 1.2)]),
        np.vstack([scored["baseline_churn_probability"]] * 3),
        "churn raised by 0-20 %",
    )
    moved = total_range(estimates, Assumptions(), model_draws=higher)
    assert moved.sources["model"].p90 > held.total
    assert moved.sources["model"].p10 == pytest.approx(held.total)


def test_wider_assumptions_give_a_wider_range(scored):
    narrow = Assumptions(people_told=9)
    wide = Assumptions(people_told=40)  # outside the plausible 9-15: the range widens to it
    spans = []
    for assumptions in (narrow, wide):
        likely = total_range(add_costs(scored, assumptions), assumptions)
        spans.append(likely.sources["assumptions"].p90 - likely.sources["assumptions"].p10)
    assert spans[1] > spans[0]


def test_the_models_refits_give_one_draw_each(scored):
    refits = default_model().variants
    draws = model_refits.model_draws(scored.head(50), refits)
    assert draws.churn.shape == draws.baseline.shape == (len(refits), 50)
    assert (draws.churn >= draws.baseline - 1e-9).all()  # incidents never lower churn
    assert model_refits.model_draws(scored.head(5), ()) is None


def test_each_source_gets_a_sentence_and_one_customer_hears_of_its_two_outcomes():
    assumptions = Assumptions()
    estimates = add_costs(one_kind_of_customer(1, 0.885), assumptions)
    likely = total_range(estimates, assumptions, draws=2000)
    outcomes = two_outcomes(estimates.iloc[0], assumptions, typical_clv(estimates, assumptions))
    sentences = range_words.range_sentences(likely, assumptions, "${:,.0f}".format, outcomes)
    assert set(sentences) == {"assumptions", "model", "outcomes", "combined", "how"}
    assert "88.5%" in sentences["outcomes"]
    assert f"${outcomes.cost_if_driven_away:,.0f}" in sentences["outcomes"]
    assert "2,000 draws, seed 0" in sentences["how"]
    portfolio = range_words.range_sentences(likely, assumptions, "${:,.0f}".format)
    assert "8 times in 10" in portfolio["outcomes"]
    assert "people told" in range_words.cautious_assumptions(assumptions)
