"""The Model page's curves: monotone, from one customer, and near the generator's truth."""

import numpy as np
import pytest

from data.schema import INCIDENT_FEATURES
from model.churn.effects import incident_effects
from model.churn.loader import default_model
from model.churn.truth import generator_truth


@pytest.fixture(scope="module")
def effects():
    return incident_effects(default_model(), generator_truth())


def test_churn_never_falls_as_an_incident_rises_alone(effects):
    assert list(dict.fromkeys(effects["feature"])) == list(INCIDENT_FEATURES)
    for _, rows in effects.groupby("feature"):
        assert rows["value"].iloc[0] == 0
        assert np.all(np.diff(rows["churn_probability"].to_numpy()) >= -1e-12)
    first = effects.groupby("feature")["churn_probability"].first()
    assert first.nunique() == 1  # every curve starts from the same customer without incidents


@pytest.mark.parametrize(
    ("feature", "value"),
    [("outage_hours", 12.0), ("outage_hours", 24.0), ("unresolved_promises", 3.0),
     ("billing_errors", 2.0), ("reshipped_orders", 2.0)],
)  # fmt: skip
def test_the_learnt_effect_of_a_separable_incident_is_near_the_truth(effects, feature, value):
    row = effects[(effects["feature"] == feature) & (effects["value"] == value)].iloc[0]
    assert row["churn_probability"] == pytest.approx(row["true_churn_probability"], abs=0.03)


def test_most_of_the_step_at_two_days_of_outage_is_learnt(effects):
    # few customers have outages near 48 hours, so the step is learnt less sharply
    outage = effects[effects["feature"] == "outage_hours"].set_index("value")
    curves = ["churn_probability", "true_churn_probability"]
    step, true_step = outage.loc[49.0, curves] - outage.loc[36.0, curves]
    assert step > 0.5 * true_step
    assert outage.loc[49.0, "churn_probability"] == pytest.approx(
        outage.loc[49.0, "true_churn_probability"], abs=0.06
    )
