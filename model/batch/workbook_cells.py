"""The workbook's model: the Assumptions sheet of named cells, and each customer's money
as formulas over them (docs/methodology/formulas.md, cell by cell).

Every formula is written with its computed value as its cached result, so a reader that
does not recalculate (pandas, a previewer) sees the figures; a spreadsheet that does
recalculates them from the named cells. The names are the JSON keys of the assumptions
(`gross_margin`, `people_told`, ...) and the derived figures below them
(`monthly_discount_rate`, `departure_discount`, `median_clv`, `prospect_value_in_use`).

User text is written with `write_string` only (the workbook is opened with formula
detection off), so a customer id beginning with "=" stays text: our own formulas are the
only ones in the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from data.excel_write import ESTIMATE_FORMATS, MONEY_FORMAT, SHARE_FORMAT
from model.money import (
    ASSUMPTION_INFO,
    CHOICE_INFO,
    SERVICE_COST_RATES,
    UNSET_MEANS,
    Assumptions,
)

#: The highest monthly retention (keeps a lifetime finite): the assumption's own maximum.
MAX_RETENTION = ASSUMPTION_INFO["monthly_retention"].maximum

ASSUMPTIONS_SHEET = "Assumptions"
ASSUMPTION_HEADER = ("key", "label", "value", "unit", "source", "plausible low", "plausible high")
WITH_FIXES = "_with_fixes"


class FormulaSheet(Worksheet):
    """A worksheet whose formulas are written as given.

    XlsxWriter runs some thirty regular expressions over every formula to prefix Excel's
    newer functions (`_xlfn.`); ours use only the classic ones, so the passes are skipped:
    they took about a millisecond a formula, minutes for 100,000 customers. The
    LibreOffice tests (tests/spreadsheet/) recalculate what this writes.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")


@dataclass
class Styles:
    """The workbook's formats, made once per workbook."""

    money: object
    share: object
    bold: object
    wrap: object

    @classmethod
    def of(cls, workbook) -> Styles:
        return cls(
            money=workbook.add_format({"num_format": MONEY_FORMAT}),
            share=workbook.add_format({"num_format": SHARE_FORMAT}),
            bold=workbook.add_format({"bold": True}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
        )


def _absolute(sheet: str, row: int, column: int) -> str:
    return f"='{sheet}'!${xl_col_to_name(column)}${row + 1}"


def write_assumptions(
    workbook, styles: Styles, assumptions: Assumptions, derived: dict[str, float], notes
) -> dict[str, str]:
    """The Assumptions sheet: one row per assumption (its JSON key, label, value, unit,
    source, plausible range), the value a named cell; then the derived figures as formulas.

    `derived` holds the cached values of the derived cells (`median_clv`,
    `prospect_value_in_use`), `notes` lines written above the table. Returns the cell of
    each declared incident's unit cost, by column.
    """
    sheet = workbook.add_worksheet(ASSUMPTIONS_SHEET, FormulaSheet)
    for column, width in enumerate((30, 34, 14, 24, 80, 13, 13)):
        sheet.set_column(column, column, width)
    for column, name in enumerate(ASSUMPTION_HEADER):
        sheet.write_string(0, column, name, styles.bold)
    row = 1
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, info.label)
        if value is None:
            sheet.write_blank(row, 2, None)
        else:
            sheet.write_number(row, 2, float(value))
        unset = (
            f" Left empty: {UNSET_MEANS.get(key, 'each customer own')}." if value is None else ""
        )
        sheet.write_string(row, 3, info.unit)
        sheet.write_string(row, 4, info.source + unset)
        sheet.write_number(row, 5, info.plausible_low)
        sheet.write_number(row, 6, info.plausible_high)
        workbook.define_name(key, _absolute(ASSUMPTIONS_SHEET, row, 2))
        row += 1
    row = _write_choices(workbook, sheet, assumptions, row)
    declared_cells = {}
    for column_name, rate in assumptions.declared_rates.items():
        sheet.write_string(row, 0, f"cost_per_declared_incident.{column_name}")
        sheet.write_string(row, 1, f"Cost per {column_name} (a declared incident)")
        sheet.write_number(row, 2, float(rate))
        sheet.write_string(row, 3, "dollars per incident")
        sheet.write_string(row, 4, "Your own figure, set with the model fitted to your history.")
        declared_cells[column_name] = f"'{ASSUMPTIONS_SHEET}'!$C${row + 1}"
        row += 1
    row = _write_derived(workbook, sheet, styles, assumptions, derived, row + 1)
    for line in notes:
        sheet.write_string(row, 0, "Note", styles.bold)
        sheet.write_string(row, 1, line)
        row += 1
    sheet.freeze_panes(1, 1)
    return declared_cells


def _write_choices(workbook, sheet, assumptions: Assumptions, row: int) -> int:
    """The assumptions whose value is a word (`departure_cost`), as named text cells."""
    for key, choice in CHOICE_INFO.items():
        value = getattr(assumptions, key)
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, choice.label)
        sheet.write_string(row, 2, value)
        sheet.write_string(row, 3, "one of: " + ", ".join(choice.options))
        sheet.write_string(row, 4, f"{choice.source} In use: {choice.options[value]}.")
        workbook.define_name(key, _absolute(ASSUMPTIONS_SHEET, row, 2))
        row += 1
    return row


def _write_derived(workbook, sheet, styles, assumptions: Assumptions, derived, row: int) -> int:
    """The figures the money takes from the assumptions, as formulas with their values."""
    d = assumptions.monthly_discount_rate
    rows = [
        (
            "monthly_discount_rate",
            "Monthly discount rate d = (1 + a)^(1/12) - 1",
            "=(1+annual_discount_rate)^(1/12)-1",
            d,
        ),
        (
            "departure_discount",
            "Departure discount (1/12) * sum over m = 1..12 of (1 + d)^-m",
            "=IF(monthly_discount_rate=0,1,"
            "(1-(1+monthly_discount_rate)^-12)/(12*monthly_discount_rate))",
            assumptions.departure_discount,
        ),
        (
            "max_retention",
            "Highest monthly retention (keeps a lifetime finite)",
            None,
            MAX_RETENTION,
        ),
        (
            "median_clv",
            "Median lifetime value of the Estimates sheet, at 4 significant figures",
            derived.get("median_formula"),
            derived["median_clv"],
        ),
        (
            "prospect_value_in_use",
            "Value of a won prospect in use: prospect_value, or the median lifetime value",
            "=IF(ISNUMBER(prospect_value),prospect_value,median_clv)",
            derived["prospect_value_in_use"],
        ),
    ]
    sheet.write_string(row, 0, "Derived from the assumptions", styles.bold)
    row += 1
    for name, label, formula, value in rows:
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, label)
        if formula is None:
            sheet.write_number(row, 2, value)
        elif formula.startswith("{"):
            sheet.write_array_formula(row, 2, row, 2, formula, None, value)
        else:
            sheet.write_formula(row, 2, formula, None, value)
        workbook.define_name(name, _absolute(ASSUMPTIONS_SHEET, row, 2))
        row += 1
    return row + 1


def median_formula(sheet: str, column: int, rows: int) -> str:
    """The median of a column's values at four significant figures, as the product takes
    it (model/money/typical.py): each value rounded, then the median of the rounded."""
    cells = f"'{sheet}'!${xl_col_to_name(column)}$2:${xl_col_to_name(column)}${rows + 1}"
    return f"{{=MEDIAN(ROUND({cells},3-INT(LOG10(ABS({cells})+({cells}=0)))))}}"


def _retention(baseline: str) -> str:
    own = f"MIN((1-MAX(0,MIN(1,{baseline})))^(1/12),max_retention)"
    return f"IF(ISNUMBER(monthly_retention),monthly_retention,{own})"


def money_formulas(
    columns: list[str], assumptions: Assumptions, declared_cells: dict[str, str]
) -> dict[str, str]:
    """Each money column's formula for row `{n}` (a template), over the row's own cells and
    the named assumptions; under a scenario the counts are the `_with_fixes` columns."""

    def cell(name: str) -> str:
        return f"{xl_col_to_name(columns.index(name))}{{n}}"

    def count(name: str) -> str | None:
        for candidate in (name + WITH_FIXES, name):
            if candidate in columns:
                return cell(candidate)
        return None

    churn, baseline = cell("churn_probability"), cell("baseline_churn_probability")
    attributable, clv = cell("attributable_churn_probability"), cell("clv")
    retention = _retention(baseline)
    complaint = count("regulator_complaint")
    reach = f"IF({complaint}=1,public_complaint_multiplier,1)" if complaint is not None else "1"
    handling = [
        f"{count(column)}*{rate}"
        for column, rate in SERVICE_COST_RATES.items()
        if count(column) is not None
    ]
    handling += [
        f"{count(column)}*{where}"
        for column, where in declared_cells.items()
        if count(column) is not None
    ]
    hours = count("hours_on_phone")
    turnover = (
        f"{hours}*agent_attrition_rate*cost_to_replace_agent/agent_hours_per_year"
        if hours is not None
        else "0"
    )
    handling.append(turnover)
    replacement = f"(acquisition_cost+gross_margin*{cell('monthly_revenue')}*months_to_replace)"
    departure = (
        f'IF(departure_cost="lost_value",{clv},IF(departure_cost="replacement",'
        f"{replacement},MIN({clv},{replacement})))"
    )
    return {
        "attributable_churn_probability": f"=MAX({churn}-{baseline},0)",
        "clv": f"=gross_margin*{cell('monthly_revenue')}*{retention}"
        f"/(1+monthly_discount_rate-{retention})",
        "expected_lost_clv": f"={attributable}*{clv}*departure_discount",
        "expected_departure_cost": f"={attributable}*{departure}*departure_discount",
        "word_of_mouth_loss": f"={attributable}*people_told*{reach}*in_market_share"
        "*deterrence_rate*prospect_value_in_use",
        "staff_turnover_cost": f"={turnover}",
        "service_cost": "=" + "+".join(handling),
        "total_expected_cost": f"={cell('expected_departure_cost')}"
        f"+{cell('word_of_mouth_loss')}+{cell('service_cost')}",
    }


def write_estimates(sheet, styles: Styles, frame: pd.DataFrame, formulas: dict[str, str] | None):
    """The customers, header in the first row, columns as the CSV's; the money columns as
    `formulas` (templates over row `{n}`) with their values cached, or values only."""
    for column, name in enumerate(frame.columns):
        style = (
            styles.money
            if name in ESTIMATE_FORMATS.money
            else styles.share
            if name in ESTIMATE_FORMATS.shares
            else None
        )
        sheet.write_string(0, column, str(name), styles.bold)
        sheet.set_column(
            column, column, 16 if style else max(10, min(40, len(str(name)) + 2)), style
        )
        values = frame[name].tolist()
        template = (formulas or {}).get(name)
        if template is not None:
            for row, value in enumerate(values, start=1):
                sheet.write_formula(row, column, template.format(n=row + 1), style, value)
            continue
        numeric = pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(
            frame[name]
        )
        for row, value in enumerate(values, start=1):
            _write_value(sheet, row, column, value, numeric, style)
    sheet.freeze_panes(1, 1)


def _write_value(sheet, row: int, column: int, value, numeric: bool, style) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return
    if numeric:
        sheet.write_number(row, column, float(value), style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    else:
        sheet.write_string(row, column, str(value))
