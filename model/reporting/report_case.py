"""The board report's what-if: the levers, the saving, and the business case of the fix
with its range (three sources of doubt) and its break-even (the largest one-off cost that
pays back at the horizon)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from model.churn import ChurnModel, model_draws
from model.display import charts, labels, money, percent
from model.explain import (
    CallRequest,
    break_even_sentence,
    business_case_range,
    case_range_sentence,
    largest_one_off,
    range_rows,
)
from model.money import (
    LEVER_LABELS,
    Assumptions,
    BusinessCase,
    FixCost,
    Scenario,
    business_case,
    compare,
    saving_difference_sentence,
)
from model.reporting.report_calls import ORIGINS
from model.reporting.report_page import ReportPage


@dataclass(frozen=True)
class ReportSettings:
    """The one Assumptions and the one Scenario of the report, the fix's cost if known, the
    call list asked for if any, and where the report was asked for ("dashboard" or
    "command": the section without a list says where to ask for one)."""

    assumptions: Assumptions = field(default_factory=Assumptions)
    scenario: Scenario = field(default_factory=Scenario)
    fix_cost: FixCost | None = None
    calls: CallRequest | None = None
    origin: str = "command"

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"origin: must be 'dashboard' or 'command', got {self.origin!r}")


def what_if_section(
    page: ReportPage,
    today: pd.DataFrame,
    fixed: pd.DataFrame | None,
    settings: ReportSettings,
    model: ChurnModel,
) -> None:
    """The levers set, the saving by part, and the business case when the fix has a cost."""
    page.heading("What fixing it would save")
    if fixed is None:
        page.text("No fix was set (every lever at 0), so there is no saving to show.")
        return
    levers = [
        f"{LEVER_LABELS[name]} {percent(value, 0)}"
        for name, value in settings.scenario.to_dict().items()
        if value
    ]
    page.items(levers)
    comparison = compare(today, fixed)
    page.figure(charts.savings_chart(comparison))
    if settings.fix_cost is None:
        page.text("No cost of the fixes was given, so there is no business case.")
        return
    case = business_case(today, fixed, settings.fix_cost, settings.assumptions)
    year_saving = comparison.loc["total_expected_cost", "saving"]
    _business_case(page, case, settings.fix_cost, settings.assumptions, year_saving)
    _case_range(page, today, fixed, settings, model)


def _business_case(
    page: ReportPage,
    case: BusinessCase,
    cost: FixCost,
    assumptions: Assumptions,
    year_saving: float,
):
    page.heading("The business case", 3)
    page.parts.append(f'<p class="sentence">{html.escape(case.sentence(money))}</p>')
    page.text(saving_difference_sentence(year_saving, case, money, assumptions.departure_cost))
    roi = percent(case.return_on_investment) if case.return_on_investment is not None else "n/a"
    payback = case.payback_words or "no cost entered"
    page.parts.append(
        '<div class="figures">'
        + page.figures_row("Net saving", money(case.net_saving), "net_saving", case.net_saving)
        + page.figures_row("Return on investment", roi)
        + page.figures_row("Payback", payback)
        + page.figures_row(
            f"Net present value at {percent(assumptions.annual_discount_rate)} a year",
            money(case.net_present_value),
            "npv",
            case.net_present_value,
        )
        + "</div>"
    )
    page.text(
        f"The fixes cost {money(cost.one_off)} now and {money(cost.per_year)} a year over "
        f"{cost.horizon_years} years; the saving is dated month by month as the customers "
        "they keep would have left and as handling would have been incurred."
    )
    page.figure(charts.cash_flow_chart(case.cash_flow))


def _case_range(page: ReportPage, today, fixed, settings: ReportSettings, model) -> None:
    """How sure the business case is, and the largest one-off cost that pays back."""
    refits_today = model_draws(today, model.variants)
    refits_fixed = model_draws(fixed, model.variants) if refits_today is not None else None
    ranged = business_case_range(
        today, fixed, settings.fix_cost, settings.assumptions, refits_today, refits_fixed
    )
    page.heading("How sure the business case is", 3)
    page.table(
        pd.DataFrame(
            range_rows(ranged, money),
            columns=["Figure", labels.P10, labels.P50, labels.P90],
        )
    )
    page.text(case_range_sentence(ranged, money))
    even = largest_one_off(today, fixed, settings.fix_cost, settings.assumptions, ranged)
    page.text(break_even_sentence(even, money))
