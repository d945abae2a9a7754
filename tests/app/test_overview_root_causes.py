"""The Overview's root causes (AppTest): incidents the data cannot tell apart are one bar,
and each root cause's range over the model's refits is one switch away. The grouped case is
a model fitted on few customers (tests/app/conftest.py): the built-in model's refits now
split calls, phone time and agents within 3 points."""

import json

from data.schema import INCIDENT_GROUPS
from model.display import labels
from model.display.charts import root_cause_name
from tests.app.harness import open_app, rerun


def chart(app, title: str) -> dict:
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    # titles are wrapped to a phone's width with <br>
    return next(s for s in specs if s["layout"]["title"]["text"].replace("<br>", " ") == title)


def test_the_contact_group_is_one_bar_of_the_cost_by_root_cause(contact_group_unsure):
    app = open_app()
    bars = chart(app, "Cost by root cause")["data"][0]["y"]
    assert root_cause_name("contact_burden") in bars
    assert root_cause_name("contact_burden").startswith("Contact burden:<br>calls")
    members = {labels.FEATURE_LABELS[m] for m in INCIDENT_GROUPS["contact_burden"]}
    assert not members & set(bars)
    assert any("contact burden" in c.value for c in app.caption)


def test_the_ranges_of_the_root_causes_are_drawn_on_request(contact_group_unsure):
    app = open_app()
    app.toggle(key="overview.root_cause_ranges").set_value(True)
    rerun(app)
    ranges = chart(app, "How sure each root cause is: its range over refits")["data"][0]
    assert root_cause_name("contact_burden") in ranges["y"]
    assert all(high >= 0 for high in ranges["error_x"]["array"])
