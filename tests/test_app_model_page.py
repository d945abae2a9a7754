"""The Model page renders the card's headline figures."""

from streamlit.testing.v1 import AppTest

from model.churn import default_model


def test_model_page_shows_the_held_out_metrics_of_the_card():
    app = AppTest.from_file("../app.py", default_timeout=60)
    app.switch_page("pages/model.py")
    app.run()
    assert not app.exception
    shown = {metric.label: metric.value for metric in app.metric}
    auc = default_model().card["metrics_on_held_out_test"]["roc_auc"]
    assert shown["ROC AUC"] == f"{auc:.3f}"
