"""The page address carries the scenario and the assumptions, and never breaks the page."""

from model.cases.synthetic_portfolios import DEFAULT_PORTFOLIO_SIZE
from model.money.assumptions import Assumptions
from model.money.scenario import Scenario
from ui.state.address import SIZE_PARAM, query_from_settings, settings_from_query


def test_an_empty_address_means_the_defaults():
    settings = settings_from_query({})
    assert settings.assumptions == Assumptions()
    assert settings.scenario == Scenario()
    assert settings.portfolio_size == DEFAULT_PORTFOLIO_SIZE
    assert settings.problems == ()


def test_only_values_that_differ_from_the_defaults_are_written():
    assert query_from_settings(Assumptions(), Scenario(), DEFAULT_PORTFOLIO_SIZE) == {}
    params = query_from_settings(
        Assumptions(cost_per_call=9.5), Scenario(outage_hours_cut=0.3), 1000
    )
    assert params == {"cost_per_call": "9.5", "outage_hours_cut": "0.3", SIZE_PARAM: "1000"}


def test_settings_survive_a_round_trip_through_the_address():
    assumptions = Assumptions(gross_margin=0.45, people_told=12, prospect_value=3000.0)
    scenario = Scenario(repeat_calls_avoided=0.25, regulator_complaints_avoided=1.0)
    read = settings_from_query(query_from_settings(assumptions, scenario, 100_000))
    assert (read.assumptions, read.scenario, read.portfolio_size) == (
        assumptions,
        scenario,
        100_000,
    )
    assert read.problems == ()


def test_an_uploaded_portfolio_writes_no_size():
    assert SIZE_PARAM not in query_from_settings(Assumptions(), Scenario(), None)


def test_unreadable_values_fall_back_to_defaults_and_are_named():
    read = settings_from_query(
        {
            "outage_hours_cut": "1.5",
            "promises_kept": "half",
            "cost_per_call": "nan",
            "gross_margin": "0.7",
            SIZE_PARAM: "123",
        }
    )
    assert read.scenario == Scenario()
    assert read.assumptions == Assumptions(gross_margin=0.7)
    assert read.portfolio_size == DEFAULT_PORTFOLIO_SIZE
    named = " ".join(read.problems)
    for key in ("outage_hours_cut", "promises_kept", "cost_per_call", SIZE_PARAM):
        assert f"{key}=" in named
    assert "gross_margin" not in named


def test_values_outside_what_the_widgets_offer_are_refused():
    # 80 % a year is a valid assumption but beyond the discount slider's 50 %.
    read = settings_from_query({"annual_discount_rate": "0.8"})
    assert read.assumptions.annual_discount_rate == Assumptions().annual_discount_rate
    assert len(read.problems) == 1


def test_an_empty_prospect_value_means_the_portfolio_mean():
    assert settings_from_query({"prospect_value": ""}).assumptions.prospect_value is None


def test_a_repeated_key_counts_by_its_last_value_and_unknown_keys_are_ignored():
    read = settings_from_query({"outage_hours_cut": ["0.1", "0.4"], "embed": "true"})
    assert read.scenario == Scenario(outage_hours_cut=0.4)
    assert read.problems == ()


def test_the_way_a_departure_is_priced_and_the_turnover_survive_the_address():
    # issue 28: a word-valued assumption travels as its option's name, numbers as numbers
    assumptions = Assumptions(
        departure_cost="cheaper", acquisition_cost=420.0, agent_attrition_rate=0.4
    )
    params = query_from_settings(assumptions, Scenario(), None)
    assert params["departure_cost"] == "cheaper"
    read = settings_from_query(params)
    assert read.assumptions == assumptions and read.problems == ()


def test_an_unknown_way_of_pricing_a_departure_falls_back_and_is_named():
    read = settings_from_query({"departure_cost": "both"})
    assert read.assumptions.departure_cost == "lost_value"
    assert "departure_cost='both'" in read.problems[0]
