"""The board report of a workspace: the report of its latest period (its customers as
stored, priced with the model and assumptions that period was priced with, so its figures are
the period's), with three more sections in the report's own words and layout: the trend of
every period, the bridge of the last change (the previous period to the latest), and the
fixes followed. Any member may make it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from model.display import money, signed_money, trend_charts
from model.explain import CallRequest
from model.money import Scenario, assumptions_from_json
from model.reporting import InputFile, ReportPage, ReportSettings, report_html, sha256_of_file
from model.store.access import VIEWER, authorize
from model.store.bridge import Bridge, bridge, inputs_file
from model.store.database import Store, StoreError
from model.store.fixes import FixFollowed, fixes_followed
from model.store.models import model_in_use
from model.store.periods import stored_periods
from model.store.trend import previous_period, trend


def _trend_section(table: pd.DataFrame):
    def draw(page: ReportPage) -> None:
        page.heading("The trend, period by period")
        page.text(
            "What service failures cost in each period stored in the workspace: the money "
            "expected to be lost (departures and word of mouth) beside the handling already "
            "spent, and the total by root cause."
        )
        page.figure(trend_charts.trend_chart(table))
        shown = table.copy()
        for column in shown.columns[2:]:
            shown[column] = shown[column].map(money)
        page.table(shown)

    return draw


def _bridge_section(made: Bridge | None):
    def draw(page: ReportPage) -> None:
        page.heading("What moved the total in the last change")
        if made is None:
            page.text("The workspace holds one period: there is no change to explain yet.")
            return
        title = f"From {made.start_period} to {made.end_period}: what moved the total"
        page.figure(trend_charts.bridge_chart(made.frame(), title))
        rows = [
            {"step": trend_charts.step_label(step), "amount": signed_money(amount)}
            for step, amount in made.bars.items()
        ]
        page.table(pd.DataFrame(rows))
        page.text(
            f"{money(made.start)} + the bars = {money(made.end)}: the change, "
            f"{signed_money(made.end - made.start)}, split exactly."
        )

    return draw


def _fixes_section(fixes: list[FixFollowed]):
    def draw(page: ReportPage) -> None:
        page.heading("Fixes followed: forecast against realised")
        if not fixes:
            page.text("No fix is followed in this workspace yet.")
        for fix in fixes:
            page.heading(f"{fix.scenario}, started in {fix.started_in}", level=3)
            page.text(
                f"Forecast on {fix.forecast.baseline_period}: {money(fix.forecast.yearly_saving)}"
                " a year."
            )
            rows = [
                {
                    "period": p.period,
                    "incident": t,
                    "before, per 1,000": f"{p.before_per_thousand[t]:,.1f}",
                    "forecast, per 1,000": f"{p.forecast_per_thousand[t]:,.1f}",
                    "realised, per 1,000": f"{p.realised_per_thousand[t]:,.1f}",
                    "year's saving realised": money(p.yearly_saving_realised),
                }
                for p in fix.periods
                for t in fix.forecast.avoided
            ]
            if rows:
                page.table(pd.DataFrame(rows))
            page.text(fix.words)

    return draw


def workspace_report_html(
    store: Store,
    workspace: str,
    generated_at: dt.datetime | None = None,
    calls: CallRequest | None = None,
    origin: str = "command",
) -> str:
    """The workspace's board report as one self-contained HTML page (`calls`: the call
    list asked for, if any; `origin`: "dashboard" or "command", where it was asked for)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
    records = stored_periods(store, workspace)
    if not records:
        raise StoreError("The workspace holds no period yet: there is nothing to report.")
    latest = records[-1]
    with store.engine.connect() as connection:
        model = model_in_use(connection, ws, latest.model_version).model
    with tempfile.TemporaryDirectory(prefix="churn-cost-report-") as scratch:
        path = inputs_file(store, workspace, latest.period, Path(scratch))
        customers, fingerprint = pd.read_parquet(path), sha256_of_file(path)
    before = previous_period([r.period for r in records], latest.period)
    made = bridge(store, workspace, before, latest.period) if before else None
    source = InputFile(
        name=f"workspace {workspace!r}, period {latest.period} (its customers as stored)",
        sha256=fingerprint,
        rows_read=latest.rows_read,
        estimated=latest.customers,
        rejected=latest.rejected,
    )
    assumptions = assumptions_from_json(latest.assumptions)
    settings = ReportSettings(assumptions, Scenario(), None, calls, origin)
    sections = (
        _trend_section(trend(store, workspace)),
        _bridge_section(made),
        _fixes_section(fixes_followed(store, workspace)),
    )
    return report_html(customers, source, model, settings, generated_at, sections)
