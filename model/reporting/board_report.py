"""The board report's content: what it says, section by section, for one set of customers.

What it holds: the headline figures with their likely range; the split by component and
by root cause; the costliest customers and why the costliest cost that much; segments
by tenure, revenue and each text column of the file; the what-if of the scenario and the
business case of its fix; the assumptions with their sources; the model card's summary;
expected against realised churn when the file has `churned`. It is dated and carries the
SHA-256 of the input file.

The estimate is made exactly as `python -m model.score` makes it (the same reader,
validation, scoring and pricing, the whole file's median clv as the prospect value), so the
report's total equals the command line's for the same file and settings (tested).
Charts come from model.display, as on the dashboard; the page is laid out by
model.reporting.report_page; `python -m model.report` is model.reporting.report_command.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd

from model.churn import (
    ChurnModel,
    expected_against_realised,
    model_draws,
)
from model.display import charts, count, labels, money, percent
from model.explain import (
    SOURCES,
    TotalRange,
    component_totals,
    costliest_customers,
    explanations,
    headline,
    money_by_incident,
    range_sentences,
    root_cause_totals,
    segment_table,
    segmentation_choices,
    total_range,
)
from model.money import (
    ASSUMPTION_INFO,
    LEVER_LABELS,
    Assumptions,
    BusinessCase,
    FixCost,
    Scenario,
    business_case,
    compare,
    estimate,
    score,
)
from model.reporting.report_page import ReportPage, document

COSTLIEST_SHOWN = 20
EXPLAINED_CUSTOMERS = 3


@dataclass(frozen=True)
class InputFile:
    """Where the customers came from: a name, the SHA-256 of its bytes, what its rows gave."""

    name: str
    sha256: str
    rows_read: int
    estimated: int
    rejected: int = 0
    blank: int = 0


@dataclass(frozen=True)
class ReportSettings:
    """The one Assumptions and the one Scenario of the report, and the fix's cost if known."""

    assumptions: Assumptions = field(default_factory=Assumptions)
    scenario: Scenario = field(default_factory=Scenario)
    fix_cost: FixCost | None = None


def _money_table(frame: pd.DataFrame, money_columns: list[str], share_columns=()) -> pd.DataFrame:
    shown = frame.copy()
    for name in money_columns:
        shown[name] = shown[name].map(money)
    for name in share_columns:
        shown[name] = shown[name].map(percent)
    return shown


def likely_range(
    scored: pd.DataFrame, estimates: pd.DataFrame, assumptions: Assumptions, model: ChurnModel
) -> TotalRange:
    """The total's range from the three sources; the model's source from its own refits
    (`model.variants`), left out when the model has none."""
    return total_range(estimates, assumptions, model_draws(scored, model.variants))


def _headline(page: ReportPage, estimates: pd.DataFrame, likely: TotalRange, assumptions) -> None:
    figures = headline(estimates)
    combined = likely.sources["combined"]
    page.heading("What our service failures cost us")
    page.parts.append(
        '<div class="figures">'
        + page.figures_row(
            labels.TOTAL_EXPECTED_COST,
            money(figures.total_expected_cost),
            "total_expected_cost",
            figures.total_expected_cost,
        )
        + page.figures_row(labels.LIKELY_LOW, money(combined.p10), "p10", combined.p10)
        + page.figures_row("Likely middle (P50)", money(combined.p50), "p50", combined.p50)
        + page.figures_row(labels.LIKELY_HIGH, money(combined.p90), "p90", combined.p90)
        + page.figures_row(labels.EXPECTED_CHURNERS, count(figures.expected_churners, 1))
        + page.figures_row("Customers estimated", count(figures.customers))
        + "</div>"
    )
    page.text(
        f"The incidents of the last 12 months are expected to cost "
        f"{money(figures.total_expected_cost)}: {money(figures.expected_lost_clv)} of lifetime "
        f"value of customers they drive away, {money(figures.word_of_mouth_loss)} of "
        f"prospects their stories put off and {money(figures.service_cost)} of handling."
    )
    rows = [
        (labels.RANGE_SOURCES[name], money(p.p10), money(p.p50), money(p.p90))
        for name, p in ((n, likely.sources[n]) for n in SOURCES if n in likely.sources)
    ]
    page.table(pd.DataFrame(rows, columns=["source of doubt", "P10", "P50", "P90"]))
    sentences = range_sentences(likely, assumptions, money)
    page.items([sentences[name] for name in ("combined", *SOURCES[:3]) if name in sentences])
    page.text(sentences["how"])


def _splits(page: ReportPage, estimates: pd.DataFrame, split: pd.DataFrame) -> None:
    page.heading("Where the total comes from")
    page.figure(charts.components_chart(component_totals(estimates)))
    causes = root_cause_totals(split)
    page.figure(charts.root_cause_chart(causes, "Cost by root cause (exact Shapley)"))
    table = pd.DataFrame(
        {
            "root cause": [labels.FEATURE_LABELS.get(n, n) for n in causes.index],
            "expected cost": causes.map(money).to_numpy(),
            "share of total": (causes / max(causes.sum(), 1e-12)).map(percent).to_numpy(),
        }
    )
    page.table(table)


def _costliest(page: ReportPage, estimates: pd.DataFrame, split: pd.DataFrame) -> None:
    page.heading(f"The {COSTLIEST_SHOWN} costliest customers")
    top = costliest_customers(estimates, COSTLIEST_SHOWN)
    money_columns = [
        c
        for c in (
            "total_expected_cost",
            "expected_lost_clv",
            "word_of_mouth_loss",
            "service_cost",
            "clv",
            "monthly_revenue",
        )
        if c in top.columns
    ]
    shares = [c for c in top.columns if c.endswith("churn_probability")]
    page.table(_money_table(top, money_columns, shares))
    positions = estimates["total_expected_cost"].nlargest(EXPLAINED_CUSTOMERS, keep="first").index
    for position in positions:
        row = estimates.loc[position]
        page.heading(f"Why {row['customer_id']} costs {money(row['total_expected_cost'])}", 3)
        page.items(explanations(row, split.loc[position], money=money))


def _segments(page: ReportPage, estimates: pd.DataFrame) -> None:
    page.heading("Segments")
    for by in segmentation_choices(estimates):
        table = segment_table(estimates, by)
        page.heading(f"By {by.lower()}", 3)
        page.figure(charts.segments_chart(table, by))
        money_columns = [
            "expected_lost_clv",
            "word_of_mouth_loss",
            "service_cost",
            "total_expected_cost",
            "cost_per_customer",
        ]
        shown = _money_table(table, money_columns, ["share_of_total"])
        shown["expected_churners"] = table["expected_churners"].map(lambda v: count(v, 1))
        page.table(shown)


def _what_if(
    page: ReportPage, today: pd.DataFrame, fixed: pd.DataFrame | None, settings: ReportSettings
) -> None:
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
    _business_case(page, case, settings.fix_cost, settings.assumptions)


def _business_case(page: ReportPage, case: BusinessCase, cost: FixCost, assumptions: Assumptions):
    page.heading("The business case", 3)
    page.parts.append(f'<p class="sentence">{html.escape(case.sentence(money))}</p>')
    roi = percent(case.return_on_investment) if case.return_on_investment is not None else "n/a"
    payback = f"month {case.payback_month}" if case.payback_month is not None else "not within"
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


def _assumptions(page: ReportPage, assumptions: Assumptions) -> None:
    page.heading("Assumptions and their sources")
    rows = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        shown = "the portfolio's median lifetime value" if value is None else f"{value:g}"
        rows.append((info.label, key, shown, info.unit, info.source))
    frame = pd.DataFrame(rows, columns=["assumption", "key", "value", "unit", "source"])
    page.table(frame, prose=True)


def _model_card(page: ReportPage, card: dict) -> None:
    page.heading("The churn model")
    metrics = card.get("metrics_on_held_out_test", {})
    training = card.get("training", {})
    facts = [
        f"{card.get('model', 'model')}, trained on {count(training.get('n_train', 0))} "
        f"synthetic customers (seed {training.get('seed', 'n/a')}).",
    ]
    for key, label in (
        ("roc_auc", "ROC AUC"),
        ("log_loss", "log-loss"),
        ("bayes_optimal_log_loss", "best possible log-loss"),
        ("expected_calibration_error", "calibration error"),
    ):
        if key in metrics:
            facts.append(f"{label}: {metrics[key]:.4f}")
    if card.get("artefact_sha256"):
        facts.append(f"artefact SHA-256: {card['artefact_sha256']}")
    page.items(facts)


def _realised(page: ReportPage, estimates: pd.DataFrame) -> None:
    """Expected against realised churn and lost value, overall and by decile of predicted
    risk (`model.churn.realised`), when the file says who left (its `churned` column)."""
    tally = expected_against_realised(estimates)
    if not tally.customers:
        return
    page.heading("Expected against realised churn")
    overall = tally.overall()
    page.text(
        f"The file says who left (the churned column): the model expected "
        f"{count(overall['expected_churners'], 1)} of its {count(overall['customers'])} "
        f"customers to leave and {count(overall['realised_churners'])} did; it expected "
        f"{money(overall['expected_lost_value'])} of lifetime value to leave with them, "
        f"against {money(overall['lost_value'])}."
    )
    deciles = tally.by_decile()
    shown = pd.DataFrame(
        {
            "decile of predicted risk": deciles["decile"].astype(int),
            "customers": deciles["customers"].map(count),
            "expected churners": deciles["expected_churners"].map(lambda v: count(v, 1)),
            "realised churners": deciles["realised_churners"].map(count),
            "expected lost value": deciles["expected_lost_value"].map(money),
            "realised lost value": deciles["lost_value"].map(money),
        }
    )
    page.table(shown)


def report_html(
    customers: pd.DataFrame,
    source: InputFile,
    model: ChurnModel,
    settings: ReportSettings,
    generated_at: dt.datetime | None = None,
) -> str:
    """The whole report for these validated customers, as one self-contained HTML page."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    scored = score(customers, model)
    today = estimate(scored, model, settings.assumptions, already_scored=True)
    fixed = None
    if not settings.scenario.is_today:
        fixed = estimate(customers, model, settings.assumptions, settings.scenario)
    split = money_by_incident(today, model, settings.assumptions)
    likely = likely_range(scored, today, settings.assumptions, model)

    page = ReportPage()
    _headline(page, today, likely, settings.assumptions)
    _splits(page, today, split)
    _costliest(page, today, split)
    _segments(page, today)
    _what_if(page, today, fixed, settings)
    _assumptions(page, settings.assumptions)
    _model_card(page, model.card)
    _realised(page, today)

    meta = (
        f"Made {generated_at:%Y-%m-%d %H:%M} UTC from <b>{html.escape(source.name)}</b>, "
        f"SHA-256 <code>{source.sha256}</code>. {count(source.rows_read)} rows read: "
        f"{count(source.estimated)} estimated, {count(source.rejected)} rejected"
        + (f", {count(source.blank)} blank skipped" if source.blank else "")
        + "."
    )
    return document(
        f"What our service failures cost us: {source.name}",
        "The cost of our service failures",
        meta,
        page,
    )
