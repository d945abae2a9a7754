"""The built-in model's warning when an uploaded history shows it does not fit.

Shown on the Overview and the Model page (the report carries the same words): whenever the
portfolio is an upload with a `churned` column and the built-in model scores it, expected
and realised churners are compared (model.churn.realised) and a gap beyond chance is said,
with the way out: fit the model to this history on the Model page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.churn import DASHBOARD_WAY_OUT, misfit_warning
from ui.state import Settings, model_for


def draw_misfit_warning(settings: Settings, estimates: pd.DataFrame) -> None:
    """A warning box when the built-in model misses the upload's realised churn."""
    if settings.source.kind != "uploaded":
        return  # the synthetic portfolios are the data the built-in model was fitted on
    warning = misfit_warning(model_for(settings.source), estimates, DASHBOARD_WAY_OUT)
    if warning:
        st.warning(warning, icon="⚠️")
