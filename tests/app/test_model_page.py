"""The Model page renders the card's headline figures, its calibration and incident effects."""

import json

from model.churn.loader import default_model
from tests.app.harness import metrics, open_app


def test_model_page_shows_the_held_out_metrics_of_the_card():
    shown = metrics(open_app("app_pages/model.py"))
    auc = default_model().card["metrics_on_held_out_test"]["roc_auc"]
    # the metric says in words what ROC AUC measures (the name is in its help) since issue 19
    assert shown["Tells leavers from stayers"] == f"{auc:.3f}"


def test_model_page_draws_the_calibration_curve_and_the_effect_of_each_incident():
    app = open_app("app_pages/model.py")
    titles = [
        json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
        for c in app.get("plotly_chart")
    ]
    assert titles == [
        "Calibration on held-out customers",
        "Effect of each incident alone on a typical customer's churn",
        "Root causes on held-out customers: the model against the truth",
    ]
