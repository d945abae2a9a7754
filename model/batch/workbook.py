"""The estimate as a workbook that is a model: a finance team can trace every figure to
the assumptions and change one of them themselves.

Sheets, in order:

- **Estimates**: one row per customer, header in the first row, the columns named as the
  CSV's; the churn probabilities are the model's, as values; every amount is a formula of
  the row and the Assumptions sheet, its value cached. Under a scenario it holds the
  with-fixes figures, as the CSV does.
- **Assumptions**: one row per assumption (its JSON key, label, value, unit, source and
  plausible range), each value a named cell; the derived figures below (monthly discount
  rate, departure discount, the median lifetime value at four significant figures, the
  value of a won prospect in use) are formulas.
- Under a scenario: **Scenario** (levers, fix costs, horizon, the totals today and with the
  fixes); with today's estimates beside it (the dashboard's What-if page): **Estimates
  today**, **Workings** (each customer's retention and weight) and **Business case** (the
  monthly cash flow, yearly totals, NPV and payback as formulas, and their P10/P50/P90).
- One sheet per segmentation, named for what it shows (today or with the fixes): values.

Past `FORMULA_ROWS_MAX` customers the money is written as values only, and the
Assumptions sheet says so: a spreadsheet recalculating a million rows of formulas is slow
past use, and a sheet holds 1,048,575 rows at most. The dashboard's download and the
command line's `.xlsx` output are this one writer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from data.excel_write import SAFE_WORKBOOK_OPTIONS, sheet_name
from model.batch.workbook_case import (
    ESTIMATES_SHEET,
    PARTS,
    TODAY_SHEET,
    RangeRow,
    _column_range,
    write_business_case,
    write_scenario,
    write_workings,
)
from model.batch.workbook_cells import (
    FormulaSheet,
    Styles,
    median_formula,
    money_formulas,
    write_assumptions,
    write_estimates,
)
from model.explain import download_frame, segment_table, segmentation_choices
from model.money import Assumptions, FixCost, Scenario, business_case, typical_clv

#: Customers above which the money is written as values only (with a note).
FORMULA_ROWS_MAX = 1_000_000


@dataclass(frozen=True)
class BusinessCaseInputs:
    """What the Business case sheet needs beside the with-fixes estimates: today's priced
    estimates (same customers, same order), the fixes' cost and the range of its figures."""

    today: pd.DataFrame
    cost: FixCost = field(default_factory=FixCost)
    ranges: tuple[RangeRow, ...] = ()


@dataclass(frozen=True)
class WorkbookContents:
    """Everything one workbook says. `estimates` are priced with `assumptions` (under
    `scenario`, the with-fixes estimates with each customer's own incidents kept, as the
    download's); `prospect_value` is the portfolio's median lifetime value when these
    customers are a part of it; `notes` are lines the Assumptions sheet adds (a failed
    check of the model, the contact centre's actual cost)."""

    estimates: pd.DataFrame
    assumptions: Assumptions = field(default_factory=Assumptions)
    scenario: Scenario | None = None
    case: BusinessCaseInputs | None = None
    prospect_value: float | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def segment_sheets(estimates: pd.DataFrame, when: str = "") -> dict[str, pd.DataFrame]:
    """One segment table per segmentation on offer, named "by <segmentation>" and, under a
    scenario, what it shows ("with fixes")."""
    suffix = f", {when}" if when else ""
    return {
        f"by {by}{suffix}": segment_table(estimates, by) for by in segmentation_choices(estimates)
    }


def _derived(contents: WorkbookContents, frame: pd.DataFrame, formulas: bool) -> dict:
    assumptions = contents.assumptions
    median = (
        contents.prospect_value
        if contents.prospect_value is not None
        else typical_clv(frame, assumptions)
    )
    in_use = assumptions.prospect_value if assumptions.prospect_value is not None else median
    derived = {"median_clv": float(median), "prospect_value_in_use": float(in_use)}
    if formulas and contents.prospect_value is None and len(frame):
        column = list(frame.columns).index("clv")
        derived["median_formula"] = median_formula(ESTIMATES_SHEET, column, len(frame))
    return derived


def _notes(contents: WorkbookContents, rows: int, formulas: bool) -> list[str]:
    notes = list(contents.notes)
    if not formulas:
        notes.append(
            f"{rows:,} customers: above {FORMULA_ROWS_MAX:,} the amounts on the Estimates sheet "
            "are values, not formulas (a spreadsheet recalculating a million rows of formulas "
            "is too slow to use); the named assumptions are still here to read."
        )
    if contents.prospect_value is not None:
        notes.append(
            "median_clv is the median lifetime value of the whole portfolio these customers "
            "belong to, as a value."
        )
    if contents.scenario is not None and not contents.scenario.is_today and contents.case is None:
        notes.append(
            "The Estimates sheet holds the figures with the fixes; the business case of the "
            "fixes is in the dashboard's What-if workbook, which has today's estimates beside."
        )
    return notes


def estimates_workbook(estimates: pd.DataFrame | WorkbookContents) -> bytes:
    """The workbook of an estimate (a frame alone: at the default assumptions)."""
    contents = estimates if isinstance(estimates, WorkbookContents) else WorkbookContents(estimates)
    import xlsxwriter  # imported here: only downloads pay for it

    frame = download_frame(contents.estimates)
    formulas = len(frame) <= FORMULA_ROWS_MAX
    scenario = contents.scenario if contents.scenario and not contents.scenario.is_today else None
    buffer = io.BytesIO()
    options = dict(SAFE_WORKBOOK_OPTIONS)
    with xlsxwriter.Workbook(buffer, options) as workbook:
        styles = Styles.of(workbook)
        estimates_sheet = workbook.add_worksheet(ESTIMATES_SHEET, FormulaSheet)
        declared = write_assumptions(
            workbook,
            styles,
            contents.assumptions,
            _derived(contents, frame, formulas),
            _notes(contents, len(frame), formulas),
        )
        columns = list(frame.columns)
        templates = money_formulas(columns, contents.assumptions, declared) if formulas else None
        write_estimates(estimates_sheet, styles, frame, templates)
        if scenario is not None:
            _write_case_sheets(workbook, styles, contents, frame, templates, declared)
        when = "with fixes" if scenario is not None else ""
        taken = set(workbook.sheetnames)
        for wanted, table in segment_sheets(contents.estimates, when).items():
            name = sheet_name(wanted, taken)
            taken.add(name)
            write_estimates(workbook.add_worksheet(name, FormulaSheet), styles, table, None)
    return buffer.getvalue()


def _write_case_sheets(workbook, styles, contents, frame, templates, declared) -> None:
    """Scenario, and with today's estimates: Estimates today, Workings, Business case."""
    case = contents.case if templates is not None else None
    today_frame = None
    if case is not None:
        today_frame = download_frame(case.today)
        today_columns = list(today_frame.columns)
        today_templates = money_formulas(today_columns, contents.assumptions, declared)
        write_estimates(
            workbook.add_worksheet(TODAY_SHEET, FormulaSheet), styles, today_frame, today_templates
        )
    totals = {}
    for part in PARTS:
        fixed = float(frame[part].sum())
        fixed_formula = (
            f"=SUM({_column_range(ESTIMATES_SHEET, list(frame.columns), part, len(frame))})"
        )
        if today_frame is None:
            totals[part] = (None, fixed_formula, 0.0, fixed)
            continue
        today_cells = _column_range(TODAY_SHEET, list(today_frame.columns), part, len(today_frame))
        totals[part] = (
            f"=SUM({today_cells})",
            fixed_formula,
            float(today_frame[part].sum()),
            fixed,
        )
    write_scenario(workbook, styles, contents.scenario, case.cost if case else None, totals)
    if case is None:
        return
    margin = write_workings(
        workbook, styles, list(frame.columns), len(frame), list(today_frame.columns)
    )
    figures = business_case(case.today, contents.estimates, case.cost, contents.assumptions)
    write_business_case(
        workbook,
        styles,
        figures,
        contents.assumptions.monthly_discount_rate,
        margin,
        list(case.ranges),
    )
