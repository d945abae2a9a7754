"""The board report built in a child process is the report `python -m model.report` builds,
byte for byte."""

from __future__ import annotations

import datetime as dt

from data.synthetic import generate
from model.churn.loader import default_model
from model.explain import CallRequest
from model.money.assumptions import Assumptions
from model.money.business_case import FixCost
from model.money.scenario import Scenario
from model.reporting.board_report import InputFile, ReportSettings, report_html
from model.reporting.report_process import report_in_child


def test_the_report_built_in_a_child_is_the_report_built_here(monkeypatch):
    import plotly.io as pio

    # importing Streamlit (other tests do) makes its chart template Plotly's default; the
    # child, like `python -m model.report`, imports no Streamlit and draws with Plotly's own
    monkeypatch.setattr(pio.templates, "default", "plotly")
    customers = generate(300, seed=4).drop(columns=["true_churn_probability", "churned"])
    source = InputFile("<b>mine</b>.csv", "ab" * 32, rows_read=301, estimated=300, rejected=1)
    settings = ReportSettings(
        Assumptions(people_told=12),
        Scenario(outage_hours_cut=0.3),
        FixCost(1000.0, 200.0, 2),
        CallRequest(20.0, 0.3, calls=15),
        "dashboard",
    )
    when = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)

    there = report_in_child(customers, source, settings, generated_at=when)

    here = report_html(customers, source, default_model(), settings, generated_at=when)
    assert there.decode("utf-8") == here
    assert "&lt;b&gt;mine&lt;/b&gt;.csv" in here  # the file's name is text in the report
    assert 'data-key="calls" data-value="15"' in here  # the call list went to the child too
