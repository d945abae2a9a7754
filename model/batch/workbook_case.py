"""The workbook's Scenario and Business case sheets: the levers and fix costs as cells,
the totals today and with the fixes, and the monthly cash flow, NPV and payback as
formulas (model/money/business_case.py, cell by cell).

The churn with the fixes comes from the model, as values on the Estimates sheet; the
money over it is formulas. The business case dates each year's loss as the product does:
with every year's failures repeating, the departures saved in month t are

    sum over customers priced as lost value of (a_today - a_fixed) * gross_margin
        * monthly_revenue / 12 * r (1 - r^(t-1)) / (1 - r)
    + sum over customers priced as their replacement of (a_today - a_fixed)
        * replacement / 12

(the year-by-year windows of business_case.py add up to this; which customers are
replaced follows the `departure_cost` cell), and a twelfth of the year's word of mouth and
handling saved falls in every month. The Workings sheet holds each customer's r, whether
they are replaced, their margin weight and their replacement saved a month, so each month
is one SUMPRODUCT and one SUM.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from model.batch.workbook_cells import FormulaSheet, Styles, _retention
from model.money import (
    LEVER_INFO,
    BusinessCase,
    FixCost,
    Scenario,
)

ESTIMATES_SHEET = "Estimates"
TODAY_SHEET = "Estimates today"
SCENARIO_SHEET = "Scenario"
CASE_SHEET = "Business case"
WORKINGS_SHEET = "Workings"
#: The money parts compared today and with the fixes, as the Scenario sheet lists them.
PARTS = {
    "expected_departure_cost": "Customers driven away",
    "word_of_mouth_loss": "Word of mouth",
    "service_cost": "Handling cost",
    "total_expected_cost": "Total",
}


@dataclass(frozen=True)
class RangeRow:
    """One figure's P10, P50 and P90 as the workbook lists them (labels said in words)."""

    label: str
    p10: float | str
    p50: float | str
    p90: float | str


def _column_range(sheet: str, columns: list[str], name: str, rows: int) -> str:
    letter = xl_col_to_name(columns.index(name))
    return f"'{sheet}'!${letter}$2:${letter}${rows + 1}"


def write_scenario(
    workbook, styles: Styles, scenario: Scenario, cost: FixCost | None, totals: dict
) -> None:
    """The levers, the fixes' cost and horizon (named cells `fix_one_off`, `fix_per_year`,
    `horizon_years`), and the money today, with the fixes and saved, as formulas.

    `totals` maps each part to (today formula or None, with-fixes formula, cached today,
    cached with fixes).
    """
    sheet = workbook.add_worksheet(SCENARIO_SHEET, FormulaSheet)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 4, 16)
    for column, name in enumerate(("key", "lever", "share of the failures fixed")):
        sheet.write_string(0, column, name, styles.bold)
    row = 1
    for key, lever in LEVER_INFO.items():
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, lever.label)
        sheet.write_number(row, 2, float(getattr(scenario, key)), styles.share)
        row += 1
    for column, share in scenario.declared_incidents_cut:
        sheet.write_string(row, 0, f"declared_incidents_cut.{column}")
        sheet.write_string(row, 1, f"Cut {column} by")
        sheet.write_number(row, 2, float(share), styles.share)
        row += 1
    row += 1
    cost = cost or FixCost()
    for name, label, value in (
        ("fix_one_off", "One-off cost of the fixes (month 0)", cost.one_off),
        ("fix_per_year", "Cost of the fixes per year (a twelfth each month)", cost.per_year),
        ("horizon_years", "Horizon of the business case (years)", cost.horizon_years),
    ):
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, label)
        sheet.write_number(row, 2, float(value), None if name == "horizon_years" else styles.money)
        workbook.define_name(name, f"='{SCENARIO_SHEET}'!$C${row + 1}")
        row += 1
    row += 1
    for column, name in enumerate(("part", "", "today", "with the fixes", "saving")):
        sheet.write_string(row, column, name, styles.bold)
    row += 1
    for part, label in PARTS.items():
        today_formula, fixed_formula, today_value, fixed_value = totals[part]
        sheet.write_string(row, 0, part)
        sheet.write_string(row, 1, label)
        if today_formula is not None:
            sheet.write_formula(row, 2, today_formula, styles.money, today_value)
            sheet.write_formula(
                row, 4, f"=C{row + 1}-D{row + 1}", styles.money, today_value - fixed_value
            )
        sheet.write_formula(row, 3, fixed_formula, styles.money, fixed_value)
        workbook.define_name(f"saved_{part}", f"='{SCENARIO_SHEET}'!$E${row + 1}")
        row += 1
    row += 1
    sheet.write_string(
        row,
        0,
        "The churn with the fixes comes from the model: the Estimates sheet holds it as "
        "values; every amount over it is a formula of the Assumptions sheet.",
    )


def write_workings(workbook, styles: Styles, columns: list[str], rows: int, today_cols) -> str:
    """Each customer's monthly retention r; whether their departure is priced as their
    replacement (1) or as lost value (0), as `departure_cost` says; the margin weight of a
    lost-value departure, (a_today - a_fixed) * gross margin * monthly revenue / 12; and the
    replacement saved in each month, (a_today - a_fixed) * replacement / 12. Returns the
    template of the departures saved in the month of cell `{month}`."""
    sheet = workbook.add_worksheet(WORKINGS_SHEET, FormulaSheet)
    names = (
        "customer_id",
        "monthly_retention",
        "replaced",
        "margin_weight",
        "replacement_saved_a_month",
    )
    for column, name in enumerate(names):
        sheet.write_string(0, column, name, styles.bold)
        sheet.set_column(column, column, 18)

    def at(frame_columns, sheet_name, name, row):
        return f"'{sheet_name}'!{xl_col_to_name(frame_columns.index(name))}{row}"

    for row in range(2, rows + 2):
        estimate = at(columns, ESTIMATES_SHEET, "customer_id", row)
        sheet.write_formula(row - 1, 0, "=" + estimate)
        sheet.write_formula(
            row - 1,
            1,
            "=" + _retention(at(columns, ESTIMATES_SHEET, "baseline_churn_probability", row)),
        )
        revenue = at(columns, ESTIMATES_SHEET, "monthly_revenue", row)
        replacement = f"(acquisition_cost+gross_margin*{revenue}*months_to_replace)"
        clv = at(columns, ESTIMATES_SHEET, "clv", row)
        sheet.write_formula(
            row - 1,
            2,
            f'=IF(departure_cost="lost_value",0,IF(departure_cost="replacement",1,'
            f"IF({replacement}<{clv},1,0)))",
        )
        attributable = "attributable_churn_probability"
        saved = (
            f"({at(today_cols, TODAY_SHEET, attributable, row)}"
            f"-{at(columns, ESTIMATES_SHEET, attributable, row)})"
        )
        sheet.write_formula(row - 1, 3, f"=(1-C{row})*{saved}*gross_margin*{revenue}/12")
        sheet.write_formula(row - 1, 4, f"=C{row}*{saved}*{replacement}/12")
    r = f"'{WORKINGS_SHEET}'!$B$2:$B${rows + 1}"
    weight = f"'{WORKINGS_SHEET}'!$D$2:$D${rows + 1}"
    replaced = f"'{WORKINGS_SHEET}'!$E$2:$E${rows + 1}"
    return f"=SUMPRODUCT({weight},{r}*(1-{r}^({{month}}-1))/(1-{r}))+SUM({replaced})"


#: The business case's monthly table: its header, left to right.
MONTHLY_HEADER = (
    "month",
    "year",
    "departures saved",
    "word of mouth saved",
    "handling saved",
    "saving",
    "fix cost",
    "net cash flow",
    "cumulative net cash flow",
    "spent on the fixes",
    "paid back (month)",
    "discounted net cash flow",
)


def write_business_case(
    workbook,
    styles: Styles,
    case: BusinessCase,
    monthly_rate: float,
    margin_template: str,
    ranges: list[RangeRow],
) -> None:
    """The board's figures over the monthly table, the yearly cash flows, and the range."""
    sheet = workbook.add_worksheet(CASE_SHEET, FormulaSheet)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(MONTHLY_HEADER), 16)
    months = case.cash_flow["month"].to_numpy()
    years = case.horizon_years
    first = 16 + years  # the monthly table's header row (0-based)
    top, bottom = first + 2, first + 1 + len(months)  # its rows, 1-based, month 0 first

    def col(name: str) -> str:
        letter = xl_col_to_name(MONTHLY_HEADER.index(name))
        return f"${letter}${top}:${letter}${bottom}"

    summary = [
        ("Saving over the horizon", f"=SUM({col('saving')})", case.saving, styles.money),
        ("Cost of the fixes over the horizon", f"=SUM({col('fix cost')})", case.cost, styles.money),
        ("Net saving", f"=SUM({col('net cash flow')})", case.net_saving, styles.money),
        (
            "Return on investment",
            '=IF(B3>0,B4/B3,"n/a")',
            case.return_on_investment if case.return_on_investment is not None else "n/a",
            styles.share,
        ),
        (
            "Net present value",
            f"=SUM({col('discounted net cash flow')})",
            case.net_present_value,
            styles.money,
        ),
        (
            "Payback month",
            f'=IF(B3=0,"no cost entered",IF(COUNT({col("paid back (month)")})=0,'
            f'"not within {_years(years)}",MIN({col("paid back (month)")})))',
            _payback_value(case),
            None,
        ),
    ]
    sheet.write_string(0, 0, "Business case of the fixes", styles.bold)
    for offset, (label, formula, value, style) in enumerate(summary, start=1):
        sheet.write_string(offset, 0, label)
        sheet.write_formula(offset, 1, formula, style, value)
    _write_ranges(sheet, styles, ranges, 8)
    _write_years(sheet, styles, case, col, 13)
    flow = case.cash_flow.assign(
        discounted_net_cash_flow=case.cash_flow["net_cash_flow"]
        / (1 + monthly_rate) ** case.cash_flow["month"]
    )
    _write_months(sheet, styles, case, flow, margin_template, first)


def _years(count: int) -> str:
    return f"{count} year{'' if count == 1 else 's'}"


def _payback_value(case: BusinessCase) -> int | str:
    if not case.has_fix_cost:
        return "no cost entered"
    if case.payback_month is None:
        return f"not within {_years(case.horizon_years)}"
    return case.payback_month


def _write_ranges(sheet, styles: Styles, ranges: list[RangeRow], row: int) -> None:
    for column, name in enumerate(("range (three sources together)", "P10", "P50", "P90")):
        sheet.write_string(row, column, name, styles.bold)
    for offset, band in enumerate(ranges[:3], start=1):
        sheet.write_string(row + offset, 0, band.label)
        for column, value in enumerate((band.p10, band.p50, band.p90), start=1):
            if isinstance(value, str):
                sheet.write_string(row + offset, column, value)
            else:
                style = None if "month" in band.label else styles.money
                sheet.write_number(row + offset, column, value, style)


def _write_years(sheet, styles: Styles, case: BusinessCase, col, row: int) -> None:
    for column, name in enumerate(("year (0: now)", "saving", "fix cost", "net cash flow")):
        sheet.write_string(row, column, name, styles.bold)
    flow = case.cash_flow
    year_of = (flow["month"] + 11) // 12
    for year in range(case.horizon_years + 1):
        out = row + 1 + year
        sheet.write_number(out, 0, year)
        for column, name, source in (
            (1, "saving", "saving"),
            (2, "fix cost", "fix_cost"),
            (3, "net cash flow", "net_cash_flow"),
        ):
            value = float(flow.loc[year_of == year, source].sum())
            formula = f"=SUMIF({col('year')},A{out + 1},{col(name)})"
            sheet.write_formula(out, column, formula, styles.money, value)


def _write_months(sheet, styles: Styles, case: BusinessCase, flow, margin_template, first: int):
    """Month 0 (the one-off cost) to the horizon's last month, every cell a formula."""
    for column, name in enumerate(MONTHLY_HEADER):
        sheet.write_string(first, column, name, styles.bold)
    spent = flow["fix_cost"].cumsum()
    tolerance = 1e-9 * max(1.0, case.cost)
    for index, values in enumerate(flow.itertuples(index=False)):
        row = first + 1 + index
        n, month = row + 1, int(values.month)
        now = month == 0
        paid = values.cumulative_net_cash_flow > tolerance and spent.iloc[index] > 0
        cells = [
            (None, month),
            (f"=IF(A{n}=0,0,INT((A{n}+11)/12))", (month + 11) // 12),
            (None if now else margin_template.format(month=f"A{n}"), values.saving_departures),
            (None if now else "=saved_word_of_mouth_loss/12", values.saving_word_of_mouth),
            (None if now else "=saved_service_cost/12", values.saving_handling),
            (f"=C{n}+D{n}+E{n}", values.saving),
            (f"=IF(A{n}=0,fix_one_off,fix_per_year/12)", values.fix_cost),
            (f"=F{n}-G{n}", values.net_cash_flow),
            (f"=H{n}" if now else f"=I{n - 1}+H{n}", values.cumulative_net_cash_flow),
            (f"=G{n}" if now else f"=J{n - 1}+G{n}", float(spent.iloc[index])),
            (f'=IF(AND(I{n}>{tolerance!r},J{n}>0),A{n},"")', month if paid else ""),
            (f"=H{n}/(1+monthly_discount_rate)^A{n}", values.discounted_net_cash_flow),
        ]
        for column, (formula, value) in enumerate(cells):
            style = styles.money if 2 <= column <= 9 or column == 11 else None
            if formula is None:
                sheet.write_number(row, column, float(value), style)
            else:
                sheet.write_formula(row, column, formula, style, value)
