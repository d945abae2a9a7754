"""A board-ready report: one HTML file that opens offline in any browser.

    python -m model.report customers.csv -o report.html [--assumptions A.json]
        [--scenario S.json] [--model DIR] [--sheet NAME]
        [--fix-one-off X] [--fix-per-year Y] [--horizon-years N]

What it holds: the headline figures with their likely range; the split by component and
by root cause; the costliest customers and why the costliest cost that much; segments
by tenure, revenue and each text column of the file; the what-if of the scenario and the
business case of its fix; the assumptions with their sources; the model card's summary;
expected against realised churn when the file has `churned`. It is dated and carries the
SHA-256 of the input file. Plotly's JavaScript is written into the file once (about 4.7
MB), so every chart draws without a network.

HTML, not PDF: the charts stay interactive (hover shows the amounts), it needs no
headless browser or LaTeX to make, and a browser prints it to PDF when a PDF is wanted
(docs/adr/0012).

The estimate is made exactly as `python -m model.score` makes it (the same reader,
validation, scoring and pricing, the whole file's median clv as the prospect value), so the
report's total equals the command line's for the same file and settings (tested).

Charts come from ui/charts.py and numbers are formatted by ui/format.py: both are plain
Plotly and Python, with no Streamlit, so the dashboard and the report draw alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from data.customers import read_customer_file
from data.io import UnreadableFile
from data.validation import ContractError
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model, load_user_model
from model.churn.realised import expected_against_realised
from model.churn.refits import model_draws
from model.churn.scoring import scored_customers
from model.display import charts, labels
from model.display.format import count, money, percent
from model.explain.portfolio import (
    component_totals,
    costliest_customers,
    headline,
    root_cause_totals,
)
from model.explain.range import SOURCES, TotalRange, total_range
from model.explain.range_words import range_sentences
from model.explain.segments import segment_table, segmentation_choices
from model.explain.waterfall import explanations, money_by_incident
from model.money.assumptions import ASSUMPTION_INFO, Assumptions, load_assumptions
from model.money.business_case import BusinessCase, FixCost, business_case
from model.money.costs import add_costs
from model.money.estimate import scored_scenario
from model.money.scenario import LEVER_LABELS, Scenario, compare, load_scenario

EXIT_WRITTEN, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2
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


def sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Content ---------------------------------------------------------------------------------


@dataclass
class _Page:
    """The report's body as it is built: HTML parts and the charts' divs."""

    parts: list[str] = field(default_factory=list)
    figures: int = 0

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def text(self, text: str) -> None:
        self.parts.append(f"<p>{html.escape(text)}</p>")

    def items(self, texts: list[str]) -> None:
        lines = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
        self.parts.append(f"<ul>{lines}</ul>")

    def figure(self, figure: go.Figure) -> None:
        self.figures += 1
        self.parts.append(
            figure.to_html(
                full_html=False,
                include_plotlyjs=False,
                div_id=f"chart-{self.figures}",
                config={"displaylogo": False, "responsive": True},
            )
        )

    def table(self, frame: pd.DataFrame, prose: bool = False) -> None:
        """A table (cells escaped), scrolling sideways when wide; `prose` aligns left."""
        classes = "table prose" if prose else "table"
        rendered = frame.to_html(index=False, escape=True, border=0, classes=classes)
        self.parts.append(f'<div class="scroll">{rendered}</div>')

    def figures_row(self, label: str, value: str, data_key: str = "", raw: float = 0.0) -> str:
        data = f' data-key="{data_key}" data-value="{raw!r}"' if data_key else ""
        return (
            f'<div class="figure"><div class="label">{html.escape(label)}</div>'
            f'<div class="value"{data}>{html.escape(value)}</div></div>'
        )


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


def _headline(page: _Page, estimates: pd.DataFrame, likely: TotalRange, assumptions) -> None:
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


def _splits(page: _Page, estimates: pd.DataFrame, split: pd.DataFrame) -> None:
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


def _costliest(page: _Page, estimates: pd.DataFrame, split: pd.DataFrame) -> None:
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


def _segments(page: _Page, estimates: pd.DataFrame) -> None:
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
    page: _Page, today: pd.DataFrame, fixed: pd.DataFrame | None, settings: ReportSettings
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


def _business_case(page: _Page, case: BusinessCase, cost: FixCost, assumptions: Assumptions):
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


def _assumptions(page: _Page, assumptions: Assumptions) -> None:
    page.heading("Assumptions and their sources")
    rows = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        shown = "the portfolio's median lifetime value" if value is None else f"{value:g}"
        rows.append((info.label, key, shown, info.unit, info.source))
    frame = pd.DataFrame(rows, columns=["assumption", "key", "value", "unit", "source"])
    page.table(frame, prose=True)


def _model_card(page: _Page, card: dict) -> None:
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


def _realised(page: _Page, estimates: pd.DataFrame) -> None:
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


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1100px;color:#1c2833;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.5rem}
.meta{color:#566573;font-size:.9rem}.meta code{word-break:break-all}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.figure{border:1px solid #d5dbdb;border-radius:6px;padding:.6rem 1rem;min-width:180px}
.figure .label{font-size:.8rem;color:#566573}.figure .value{font-size:1.4rem;font-weight:600}
.sentence{font-size:1.2rem;font-weight:600}
table.table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem;width:100%}
table.table th,table.table td{border-bottom:1px solid #e5e8e8;padding:.25rem .5rem;
text-align:right}table.table th:first-child,table.table td:first-child{text-align:left}
table.prose th,table.prose td{text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
@media print{.plotly-graph-div{page-break-inside:avoid}}
"""


def report_html(
    customers: pd.DataFrame,
    source: InputFile,
    model: ChurnModel,
    settings: ReportSettings,
    generated_at: dt.datetime | None = None,
) -> str:
    """The whole report for these validated customers, as one self-contained HTML page."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    scored = scored_customers(customers, model)
    today = add_costs(scored, settings.assumptions)
    fixed = None
    if not settings.scenario.is_today:
        fixed = add_costs(scored_scenario(scored, settings.scenario, model), settings.assumptions)
    split = money_by_incident(today, model, settings.assumptions)
    likely = likely_range(scored, today, settings.assumptions, model)

    page = _Page()
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
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>What our service failures cost us: {html.escape(source.name)}</title>"
        f"<meta name='generator' content='churn cost estimator'>"
        f"<style>{_STYLE}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<h1>The cost of our service failures</h1><p class='meta'>{meta}</p>"
        + "".join(page.parts)
        + "</body></html>"
    )


# Command line ------------------------------------------------------------------------------


def write_report(
    input_path: str | Path,
    output_path: str | Path,
    settings: ReportSettings,
    model: ChurnModel | None = None,
    sheet: str | None = None,
) -> InputFile:
    """Read, validate, estimate and write the report of one customer file."""
    path = Path(input_path)
    result = read_customer_file(path, sheet=sheet)
    source = InputFile(
        name=path.name,
        sha256=sha256_of_file(path),
        rows_read=result.rows_read,
        estimated=len(result.valid),
        rejected=len(result.rejected),
        blank=result.blank,
    )
    if result.valid.empty:
        raise ContractError(f"{path.name} has no valid row to report on.")
    text = report_html(result.valid, source, model or default_model(), settings)
    Path(output_path).write_text(text, encoding="utf-8")
    return source


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m model.report",
        description="Write a board-ready HTML report of what service failures cost, for a "
        "CSV, Parquet or Excel file of customers.",
    )
    parser.add_argument("input", help="customer file (.csv, .parquet or .xlsx)")
    parser.add_argument("-o", "--output", required=True, help="the report (.html)")
    parser.add_argument("--assumptions", help="JSON file of economic assumptions")
    parser.add_argument("--scenario", help="JSON file of what-if levers (shares 0 to 1)")
    parser.add_argument("--model", help="folder holding churn_model.joblib and model_card.json")
    parser.add_argument("--sheet", help="worksheet of an .xlsx input (default: the first)")
    parser.add_argument("--fix-one-off", type=float, help="one-off cost of the fixes")
    parser.add_argument("--fix-per-year", type=float, help="yearly cost of the fixes")
    parser.add_argument("--horizon-years", type=int, default=3, help="business case horizon")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        assumptions = load_assumptions(args.assumptions) if args.assumptions else Assumptions()
        scenario = load_scenario(args.scenario) if args.scenario else Scenario()
        fix_cost = None
        if args.fix_one_off is not None or args.fix_per_year is not None:
            fix_cost = FixCost(
                args.fix_one_off or 0.0, args.fix_per_year or 0.0, args.horizon_years
            )
        model = load_user_model(args.model) if args.model else None
        source = write_report(
            args.input,
            args.output,
            ReportSettings(assumptions, scenario, fix_cost),
            model,
            args.sheet,
        )
    except (UnreadableFile, ContractError, ValueError, OSError, json.JSONDecodeError) as error:
        print(f"No report was written: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    blank = f", {source.blank:,} blank skipped" if source.blank else ""
    print(
        f"Wrote {args.output}: {source.estimated:,} customers estimated, "
        f"{source.rejected:,} rejected{blank}."
    )
    return EXIT_SOME_REJECTED if source.rejected else EXIT_WRITTEN


if __name__ == "__main__":
    raise SystemExit(main())
