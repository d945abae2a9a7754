"""The board report and the estimates workbook, as download buttons built on click.

The report is `model.reporting.report_html` of the portfolio in use, with the sidebar's
assumptions, the what-if's levers and, when the what-if page has them, the fixes' costs:
and who to call first when the what-if page has a contact's cost and success rate: the same
file `python -m model.report` writes for the same customers and settings.
"""

from __future__ import annotations

import datetime as dt
import logging

import streamlit as st

from data.export import safe_csv_bytes
from model.display import unescape_markdown
from model.explain import CallRequest
from model.money import FixCost
from model.reporting import (
    InputFile,
    ReportFailed,
    ReportSettings,
    report_html,
    report_in_child,
    sha256_of_bytes,
)
from ui.shared.downloads import file_button
from ui.state import churn_model, keys, portfolio_customers, session, uploaded

_LOG = logging.getLogger(__name__)


def current_fix_cost() -> FixCost | None:
    """The what-if page's cost of the fixes, if the user gave one."""
    one_off = float(session.get(keys.FIX_ONE_OFF) or 0.0)
    per_year = float(session.get(keys.FIX_PER_YEAR) or 0.0)
    if one_off == 0 and per_year == 0:
        return None
    return FixCost(one_off, per_year, int(session.get(keys.FIX_HORIZON) or 3))


def current_call_request() -> CallRequest | None:
    """The What-if page's call list inputs, if the user gave a contact's cost and success
    rate (the rate is kept in percent, as its widget shows it)."""
    cost, rate = session.get(keys.CALL_COST), session.get(keys.CALL_SAVE_RATE)
    if cost is None or rate is None:
        return None
    budget = session.get(keys.CALL_BUDGET)
    in_calls = session.get(keys.CALL_BUDGET_KIND) == "calls"
    return CallRequest(
        float(cost),
        float(rate) / 100,
        budget=None if in_calls or budget is None else float(budget),
        calls=int(budget) if in_calls and budget is not None else None,
    )


def _about_the_upload(settings):
    """The upload's name, SHA-256 and row counts, when the portfolio in use is an upload."""
    upload = uploaded()
    if settings.source.kind == "uploaded" and upload is not None and upload.file_sha256:
        return upload
    return None


def _input_file(settings, customers, upload) -> InputFile:
    if upload is not None:
        return InputFile(
            name=unescape_markdown(upload.name),  # kept escaped for the pages' markdown
            sha256=upload.file_sha256,
            rows_read=upload.rows_read,
            estimated=len(customers),
            rejected=upload.rejected,
            blank=upload.blank,
        )
    return InputFile(
        name=f"the {settings.source.description} portfolio (SHA-256 of its customers as CSV)",
        sha256=sha256_of_bytes(safe_csv_bytes(customers)),
        rows_read=len(customers),
        estimated=len(customers),
    )


def report_maker(settings):
    """What the download button calls when clicked: everything it needs from the session is
    taken now, during the run (a click is served outside any run, without session state).
    An upload lives in the session, so its customers are taken now; a synthetic portfolio
    is named by its size and seed and drawn on click, which keeps its generation (about
    120 ms at 100,000 customers) out of every rerun of the pages that show the button."""
    kept = portfolio_customers(settings.source) if settings.source.kind == "uploaded" else None
    upload = _about_the_upload(settings)
    for_report = ReportSettings(
        settings.assumptions,
        settings.scenario,
        current_fix_cost(),
        current_call_request(),
        "dashboard",
    )
    model = churn_model()

    def make() -> bytes:
        customers = kept if kept is not None else portfolio_customers(settings.source)
        source = _input_file(settings, customers, upload)
        try:  # built in a child with the same built-in model: the server stays free (adr 0016)
            return report_in_child(customers, source, for_report)
        except ReportFailed as failure:
            _LOG.error("The board report's child failed; building it here: %s", failure)
            return report_html(customers, source, model, for_report).encode("utf-8")

    return make


def draw_report_download(settings, key: str) -> None:
    """One button: the board report (HTML, opens offline), built when clicked."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    file_button(
        st,
        "Download the board report (HTML)",
        report_maker(settings),
        f"churn-cost-report-{stamp}.html",
        f"{key}.report",
        help="One file that opens in any browser without a network: headline and range, "
        "splits, costliest customers, segments, the what-if and its business case, who to "
        "call first, the "
        "assumptions with their sources, the model card. Print it from the browser for a PDF.",
    )
