"""The board report and the estimates workbook, as download buttons built on click.

The report is `model.report.report_html` of the portfolio in use, with the sidebar's
assumptions, the what-if's levers and, when the what-if page has them, the fixes' costs:
the same file `python -m model.report` writes for the same customers and settings.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data.export import safe_csv_bytes
from model.business_case import FixCost
from model.report import InputFile, ReportSettings, report_html, sha256_of_bytes
from ui.cache import churn_model, portfolio_customers
from ui.downloads import file_button
from ui.state import FIX_HORIZON, FIX_ONE_OFF, FIX_PER_YEAR, uploaded


def current_fix_cost() -> FixCost | None:
    """The what-if page's cost of the fixes, if the user gave one."""
    one_off = float(st.session_state.get(FIX_ONE_OFF) or 0.0)
    per_year = float(st.session_state.get(FIX_PER_YEAR) or 0.0)
    if one_off == 0 and per_year == 0:
        return None
    return FixCost(one_off, per_year, int(st.session_state.get(FIX_HORIZON) or 3))


def _input_file(view, customers) -> InputFile:
    upload = uploaded()
    if view.source.kind == "uploaded" and upload is not None and upload.file_sha256:
        return InputFile(
            name=upload.name,
            sha256=upload.file_sha256,
            rows_read=upload.rows_read,
            estimated=len(customers),
            rejected=upload.rejected,
            blank=upload.blank,
        )
    return InputFile(
        name=f"the {view.source.description} portfolio (SHA-256 of its customers as CSV)",
        sha256=sha256_of_bytes(safe_csv_bytes(customers)),
        rows_read=len(customers),
        estimated=len(customers),
    )


def report_bytes(view) -> bytes:
    """The report of the portfolio in use, as UTF-8 HTML bytes."""
    customers = portfolio_customers(view.source)
    settings = ReportSettings(view.assumptions, view.scenario, current_fix_cost())
    text = report_html(customers, _input_file(view, customers), churn_model(), settings)
    return text.encode("utf-8")


def draw_report_download(view, key: str) -> None:
    """One button: the board report (HTML, opens offline), built when clicked."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    file_button(
        st,
        "Download the board report (HTML)",
        lambda: report_bytes(view),
        f"churn-cost-report-{stamp}.html",
        f"{key}.report",
        help="One file that opens in any browser without a network: headline and range, "
        "splits, costliest customers, segments, the what-if and its business case, the "
        "assumptions with their sources, the model card. Print it from the browser for a PDF.",
    )
