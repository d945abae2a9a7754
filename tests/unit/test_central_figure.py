"""One central figure (issue 30, item 5): the report and the pages say which figure to
budget on and what the middle of the range is, and why the two differ, in one sentence."""

from __future__ import annotations

import datetime as dt

from data.synthetic import generate
from model.churn import default_model
from model.explain import budget_sentences
from model.explain.range import Percentiles, TotalRange
from model.money import Assumptions, FixCost, Scenario
from model.reporting import InputFile, ReportSettings, report_html


def _range(total: float, middle: float) -> TotalRange:
    band = Percentiles(total * 0.7, middle, total * 1.4)
    return TotalRange(total, 1000, 0, 0, {"combined": band, "assumptions": band}, 40.0)


def money(amount: float) -> str:
    return f"${amount:,.0f}"


def test_the_estimate_is_the_figure_to_budget_on_and_the_middle_is_named_beside_it():
    budget, why = budget_sentences(_range(1_710_318, 1_811_777), Assumptions(), money)
    assert budget.startswith("Budget on the estimate, $1,710,318")
    assert "The middle of the range (P50) is $1,811,777." in budget
    assert why.startswith("The middle is higher because") and why.count(".") == 1


def test_a_middle_within_half_a_per_cent_is_said_to_be_about_even():
    _, why = budget_sentences(_range(1_000_000, 1_002_000), Assumptions(), money)
    assert "about even" in why


def test_a_lower_middle_says_what_pulls_the_average_up():
    _, why = budget_sentences(_range(1_000_000, 900_000), Assumptions(), money)
    assert why.startswith("The middle is lower because")


def test_the_report_says_which_figure_to_budget_on_and_how_sure_the_business_case_is():
    customers = generate(300, seed=4).drop(columns=["true_churn_probability", "churned"])
    source = InputFile("mine.csv", "ab" * 32, rows_read=300, estimated=300)
    settings = ReportSettings(
        Assumptions(), Scenario(outage_hours_cut=0.3), FixCost(1000.0, 200.0, 2)
    )
    when = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    page = report_html(customers, source, default_model(), settings, generated_at=when)
    assert "Budget on the estimate" in page and "Middle of the range (P50)" in page
    assert "How sure the business case is" in page
    assert "8 draws in 10 put the net present value between" in page
    assert "for a one-off cost of up to" in page or "No one-off cost pays back" in page
