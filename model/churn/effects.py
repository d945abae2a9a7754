"""What the model learnt: one customer's churn as each incident rises alone, beside the truth.

The Model page draws these curves; for the built-in model the generator's own law
(`model.churn.truth`) is drawn beside them, so a visitor sees where the model follows it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import CUSTOMER_FEATURES, INCIDENT_FEATURES, MODEL_FEATURES
from model.churn.churn_model import ChurnModel

#: How far each incident is drawn: up to about the case study's levels (value, points).
EFFECT_RANGES: dict[str, tuple[float, int]] = {
    "outage_hours": (120.0, 121),
    "support_calls": (25.0, 26),
    "unresolved_promises": (6.0, 7),
    "hours_on_phone": (15.0, 31),
    "agents_contacted": (50.0, 51),
    "escalations": (5.0, 6),
    "billing_errors": (6.0, 7),
    "regulator_complaint": (1.0, 2),
    "reshipped_orders": (6.0, 7),
}


def incident_effects(
    model: ChurnModel,
    truth: ChurnModel | None = None,
    monthly_revenue: float = 55.0,
    tenure_months: float = 36.0,
) -> pd.DataFrame:
    """Churn probability of one customer as each incident feature rises alone from 0.

    The customer has the given revenue and tenure (defaults: the synthetic portfolio's
    typical customer) and every other incident at 0. Columns: feature, value,
    churn_probability, and with `truth` also true_churn_probability; rows grouped by
    feature in INCIDENT_FEATURES order.
    """
    frames = []
    for feature in INCIDENT_FEATURES:
        top, points = EFFECT_RANGES[feature]
        values = np.linspace(0.0, top, points)
        matrix = np.zeros((points, len(MODEL_FEATURES)))
        matrix[:, MODEL_FEATURES.index(CUSTOMER_FEATURES[0])] = monthly_revenue
        matrix[:, MODEL_FEATURES.index(CUSTOMER_FEATURES[1])] = tenure_months
        matrix[:, MODEL_FEATURES.index(feature)] = values
        frame = pd.DataFrame(
            {"feature": feature, "value": values, "churn_probability": model.predict_matrix(matrix)}
        )
        if truth is not None:
            frame["true_churn_probability"] = truth.predict_matrix(matrix)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
