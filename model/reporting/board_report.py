"""The board report's content: what it says, section by section, for one set of customers.

What it holds: the headline figures with their likely range; the split by component and
by root cause; the costliest customers and why the costliest cost that much; segments
by tenure, revenue and each text column of the file; the what-if of the scenario and the
business case of its fix; who to call first (model.reporting.report_calls); the
assumptions with their sources; the model card's summary; expected against realised churn
when the file has `churned`. It is dated and carries the
SHA-256 of the input file.

The estimate is made exactly as `python -m model.score` makes it (the same reader,
validation, scoring and pricing, the whole file's median clv as the prospect value), so the
report's total equals the command line's for the same file and settings (tested).
Charts come from model.display, as on the dashboard; the page is laid out by
model.reporting.report_page; `python -m model.report` is model.commands.report, which
writes one file through model.reporting.report_file.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd

from model.churn import (
    ChurnModel,
    ModelCard,
    expected_against_realised,
    failed_checks,
    failed_checks_sentence,
    misfit_warning,
    model_draws,
    root_cause_table,
    unsure_groups,
    with_groups_as_one,
)
from model.display import (
    assumption_value,
    charts,
    count,
    evidence_sentences,
    failure_price_table,
    labels,
    money,
    percent,
)
from model.explain import (
    SOURCES,
    TotalRange,
    budget_sentences,
    bumped_scores,
    component_totals,
    costliest_customers,
    explanations,
    failure_prices,
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
    Assumptions,
    estimate,
    score,
)
from model.reporting.report_calls import call_list_section
from model.reporting.report_case import ReportSettings, what_if_section
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
        + page.figures_row(
            labels.EXPECTED_TO_BE_LOST,
            money(figures.expected_to_be_lost),
            "expected_to_be_lost",
            figures.expected_to_be_lost,
        )
        + page.figures_row(
            labels.SERVICE_COST, money(figures.service_cost), "service_cost", figures.service_cost
        )
        + page.figures_row(labels.LIKELY_LOW, money(combined.p10), "p10", combined.p10)
        + page.figures_row(labels.P50_MIDDLE, money(combined.p50), "p50", combined.p50)
        + page.figures_row(labels.LIKELY_HIGH, money(combined.p90), "p90", combined.p90)
        + page.figures_row(labels.EXPECTED_CHURNERS, count(figures.expected_churners))
        + page.figures_row("Customers estimated", count(figures.customers))
        + "</div>"
    )
    budget, why = budget_sentences(likely, assumptions, money)
    page.parts.append(f'<p class="sentence">{html.escape(budget)}</p>')
    page.text(why)
    page.text(
        f"The incidents of the last 12 months are expected to cost "
        f"{money(figures.total_expected_cost)}, two kinds of money: "
        f"{money(figures.expected_to_be_lost)} is expected to be lost "
        f"({money(figures.expected_departure_cost)} for the customers they drive away, "
        f"{money(figures.word_of_mouth_loss)} of prospects their stories put off), and "
        f"{money(figures.service_cost)} was already spent handling the failures, "
        f"{money(float(estimates['staff_turnover_cost'].sum()))} of it the staff turnover "
        "the failure work causes."
    )
    rows = [
        (labels.RANGE_SOURCES[name], money(p.p10), money(p.p50), money(p.p90))
        for name, p in ((n, likely.sources[n]) for n in SOURCES if n in likely.sources)
    ]
    page.table(
        pd.DataFrame(
            rows,
            columns=[
                "Source of doubt",
                f"{labels.P10} (1 in 10 below, $)",
                f"{labels.P50} ($)",
                f"{labels.P90} (1 in 10 above, $)",
            ],
        )
    )
    sentences = range_sentences(likely, assumptions, money)
    page.items([sentences[name] for name in ("combined", *SOURCES[:3]) if name in sentences])
    page.text(sentences["how"])


def _splits(
    page: ReportPage,
    estimates: pd.DataFrame,
    split: pd.DataFrame,
    scored: pd.DataFrame,
    model: ChurnModel,
) -> None:
    page.heading("Where the total comes from")
    page.figure(charts.components_chart(component_totals(estimates)))
    # as the dashboard shows them: incidents the model's refits cannot tell apart (calls,
    # time on the phone, agents) are one root cause, contact burden
    grouped = unsure_groups(root_cause_table(scored, model))
    causes = with_groups_as_one(root_cause_totals(split), grouped)
    page.figure(charts.root_cause_chart(causes, "Cost by root cause"))
    if grouped:
        page.text(
            "Calls, time on the phone and agents passed through rise together: the data show "
            "their joint cost, not its split, so they are one root cause, contact burden."
        )
    table = pd.DataFrame(
        {
            "Root cause": [labels.ROOT_CAUSE_LABELS.get(n, n) for n in causes.index],
            "Expected cost ($)": causes.map(money).to_numpy(),
            "Share of the total": (causes / max(causes.sum(), 1e-12)).map(percent).to_numpy(),
        }
    )
    page.table(table)


def _costliest(page: ReportPage, estimates: pd.DataFrame, split: pd.DataFrame) -> None:
    page.heading(f"The {COSTLIEST_SHOWN} costliest customers")
    top = costliest_customers(estimates, COSTLIEST_SHOWN)
    money_columns = [
        "total_expected_cost",
        "expected_departure_cost",
        "word_of_mouth_loss",
        "service_cost",
        "staff_turnover_cost",
        "clv",
        "monthly_revenue",
    ]
    shares = ["churn_probability", "baseline_churn_probability"]
    # the columns that fit a page; each customer's incidents are in the sentences below
    shown = _money_table(top[["customer_id", *money_columns, *shares]], money_columns, shares)
    page.table(shown.rename(columns=labels.COLUMN_TITLES))
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
            "expected_departure_cost",
            "word_of_mouth_loss",
            "service_cost",
            "total_expected_cost",
            "cost_per_customer",
        ]
        shown = _money_table(table, money_columns, ["share_of_total"])
        shown["expected_churners"] = table["expected_churners"].map(lambda v: count(v, 1))
        shown["customers"] = table["customers"].map(count)
        page.table(shown.rename(columns=labels.COLUMN_TITLES))


def _assumptions(page: ReportPage, assumptions: Assumptions) -> None:
    page.heading("Assumptions and their sources")
    rows = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        default = getattr(Assumptions(), key)
        source = (
            info.source if value == default else f"Set for this report. (Default: {info.source})"
        )
        rows.append((info.label, assumption_value(key, value), source, key))
    frame = pd.DataFrame(
        rows, columns=["Assumption", "Value used", "Where the default comes from", "JSON key"]
    )
    page.table(frame, prose=True)


def _model_card(page: ReportPage, card: ModelCard) -> None:
    page.heading("The churn model")
    metrics = card.get("metrics_on_held_out_test", {})
    training = card.get("training", {})
    history = card.get("history")
    if history:  # fitted to the company's own history: say so, with what it warned
        fitted = (
            f"fitted to your history: {count(history.get('rows', 0))} customers, "
            f"{count(history.get('churners', 0))} of whom left"
        )
    else:
        fitted = (
            f"trained on {count(training.get('n_train', 0))} synthetic customers "
            f"(seed {training.get('seed', 'n/a')})"
        )
    facts = [f"{card.get('model', 'model')}, {fitted}."]
    facts += [f"Warning: {warning}" for warning in card.get("warnings", [])]
    for key, label in (
        ("roc_auc", "how well it tells leavers from stayers (ROC AUC, 0.5 chance, 1 perfect)"),
        ("log_loss", "error of its probabilities (log-loss, lower is better)"),
        ("bayes_optimal_log_loss", "the best possible error on these customers"),
        ("expected_calibration_error", "mean gap between predicted and observed churn"),
    ):
        if key in metrics:
            facts.append(f"{label}: {metrics[key]:.4f}")
    facts += [f"Where its effect comes from: {line}" for line in evidence_sentences(card)]
    if card.get("artefact_sha256"):
        facts.append(f"artefact SHA-256: {card['artefact_sha256']}")
    page.items(facts)


def _realised(page: ReportPage, estimates: pd.DataFrame, model: ChurnModel) -> None:
    """Expected against realised churn and lost value, overall and by decile of predicted
    risk (`model.churn.realised`), when the file says who left (its `churned` column); with
    the built-in model, a warning when they are further apart than chance allows."""
    tally = expected_against_realised(estimates)
    if not tally.customers:
        return
    page.heading("Expected against realised churn")
    warning = misfit_warning(model, estimates)
    if warning:
        page.warning(warning)
    overall = tally.overall()
    page.text(
        f"The file says who left (the churned column): the model expected "
        f"{count(overall['expected_churners'], 1)} of its {count(overall['customers'])} "
        f"customers to leave and {count(overall['realised_churners'])} did; it expected "
        f"{money(overall['expected_lost_value'])} of lifetime value to leave with them. "
        f"The same model values those who left at {money(overall['lost_value'])} of "
        "lifetime value (a model's figure, not money counted); the revenue a finance team "
        f"can check, their monthly revenue times twelve, is "
        f"{money(overall['churner_revenue_year'])}."
    )
    deciles = tally.by_decile()
    shown = pd.DataFrame(
        {
            "decile of predicted risk": deciles["decile"].astype(int),
            "customers": deciles["customers"].map(count),
            "expected churners": deciles["expected_churners"].map(lambda v: count(v, 1)),
            "realised churners": deciles["realised_churners"].map(count),
            "expected lost value": deciles["expected_lost_value"].map(money),
            "leavers' lifetime value (model)": deciles["lost_value"].map(money),
            "leavers' revenue x 12": deciles["churner_revenue_year"].map(money),
        }
    )
    page.table(shown)


def _failure_prices(
    page: ReportPage, scored: pd.DataFrame, model: ChurnModel, assumptions: Assumptions
) -> None:
    prices = failure_prices(scored, bumped_scores(scored, model), assumptions)
    if prices.empty:
        return
    page.heading("A price for every failure", 3)
    page.text(
        "What one more unit of each failure costs, on average over the customers who have "
        "it: what it is expected to lose (customers driven away, prospects put off) and its "
        "handling. A complaint is priced as the customer's cost with it against without it."
    )
    page.table(failure_price_table(prices))


def report_html(
    customers: pd.DataFrame,
    source: InputFile,
    model: ChurnModel,
    settings: ReportSettings,
    generated_at: dt.datetime | None = None,
    sections: tuple = (),
) -> str:
    """The whole report for these validated customers, as one self-contained HTML page.
    `sections`: more, each a function drawing on the page, after the what-if (a workspace's
    trend, bridge and fixes followed: model/store/report.py)."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    scored = score(customers, model)
    today = estimate(scored, model, settings.assumptions, already_scored=True)
    fixed = None
    if not settings.scenario.is_today:
        fixed = estimate(customers, model, settings.assumptions, settings.scenario)
    split = money_by_incident(today, model, settings.assumptions)
    likely = likely_range(scored, today, settings.assumptions, model)

    page = ReportPage()
    failed = failed_checks(model.card)
    if failed:  # the model was used only because its failed checks were accepted
        page.parts.append(f'<p class="sentence">{html.escape(failed_checks_sentence(failed))}</p>')
    _headline(page, today, likely, settings.assumptions)
    _splits(page, today, split, scored, model)
    _failure_prices(page, scored, model, settings.assumptions)
    _costliest(page, today, split)
    _segments(page, today)
    what_if_section(page, today, fixed, settings, model)
    call_list_section(page, today, settings.calls, settings.origin)
    for section in sections:
        section(page)
    _assumptions(page, settings.assumptions)
    _model_card(page, model.card)
    _realised(page, today, model)

    # the findings first; the file's fingerprint, for whoever checks, at the end (issue 31)
    meta = (
        f"Made {generated_at:%Y-%m-%d %H:%M} UTC from <b>{html.escape(source.name)}</b>: "
        f"{count(source.estimated)} customers estimated."
    )
    page.heading("The file these figures come from")
    page.text(
        f"{source.name}, SHA-256 {source.sha256}. {count(source.rows_read)} rows read: "
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
