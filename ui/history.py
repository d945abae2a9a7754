"""The Model page's part for a history: an upload with the `churned` outcome.

Expected against realised churn for the model in use; fitting the same kind of model on
the history, with progress; that model beside the built-in one on the visitor's own data;
and the switch that scores the upload with it. The fitted model is kept in this session's
state only (ui/state.py), so no other visitor can reach it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.schema import CHURNED
from model.churn import expected_against_realised, models_on_history, train_on_history
from model.display import charts, count, money, percent
from ui.cache import churn_model
from ui.model_card import card_facts
from ui.state import (
    USE_SESSION_MODEL,
    UploadedPortfolio,
    keep_session_model,
    session_model,
)

FIT_BUTTON = "Fit a model to my history"
USE_SWITCH = "Score my upload with the model fitted to my history (this session only)"


def has_outcomes(upload: UploadedPortfolio | None) -> bool:
    return upload is not None and CHURNED.name in upload.customers.columns


def draw_expected_against_realised(estimates: pd.DataFrame, model_name: str) -> None:
    """Expected against realised churners and lost value, overall and by decile, and the
    calibration chart of the deciles."""
    tally = expected_against_realised(estimates)
    totals = tally.overall()
    columns = st.columns(4)
    columns[0].metric("Expected churners", count(totals["expected_churners"]))
    columns[1].metric("Customers who left", count(totals["realised_churners"]))
    columns[2].metric("Expected lost lifetime value", money(totals["expected_lost_value"]))
    columns[3].metric("Lifetime value of those who left", money(totals["lost_value"]))
    left, right = st.columns([2, 3])
    deciles = tally.by_decile()
    left.plotly_chart(
        charts.calibration_chart(deciles, "Predicted against realised churn, by decile of risk")
    )
    right.dataframe(_decile_table(deciles), hide_index=True)
    st.caption(
        f"Scored with {model_name}. Each row is a tenth of your customers by predicted risk: "
        "the churners the model expected (the sum of its probabilities) against those who "
        "left, and the lifetime value it expected to lose against the value of those who left. "
        "On the diagonal of the chart, predicted churn is what happened."
    )


def _decile_table(deciles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Decile of risk": deciles["decile"],
            "Customers": deciles["customers"].astype(int),
            "Expected churners": deciles["expected_churners"].round(1),
            "Left": deciles["realised_churners"].astype(int),
            "Predicted churn": deciles["predicted"].map(percent),
            "Realised churn": deciles["observed"].map(percent),
        }
    )


def draw_fit_on_history(upload: UploadedPortfolio) -> None:
    """The button that fits a model on the upload, then that model beside the built-in one."""
    if st.button(FIT_BUTTON, key="model.fit_history"):
        bar = st.progress(0.0, text="Fitting…")
        model = train_on_history(
            upload.customers, progress=lambda share, text: bar.progress(share, text=text)
        )
        keep_session_model(model, upload.digest)
    kept = session_model()
    if kept is None:
        st.caption(
            "Fits the same kind of model (monotone, one curve per incident) to your customers "
            "and what they did: a quarter is held out to test it. It stays in this session."
        )
        return
    card = kept.model.card
    if card["history"]["warning"]:
        st.warning(card["history"]["warning"])
    st.markdown("\n".join(f"- {fact}" for fact in card_facts(card)[2:4]))
    compared = models_on_history(
        upload.customers, {"Built-in model": churn_model(), "Fitted to your history": kept.model}
    )
    st.dataframe(_comparison_table(compared))
    st.caption(
        "Both models on every row of your history. The fitted model has seen these rows, so "
        "its figures here flatter it: its held-out figures above are the fair comparison."
    )
    st.toggle(USE_SWITCH, key=USE_SESSION_MODEL)


def _comparison_table(compared: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Expected churners": compared["expected_churners"].round(1),
            "Left": compared["realised_churners"].astype(int),
            "Log-loss": compared["log_loss"].round(4),
            "Calibration error": compared["expected_calibration_error"].map(
                lambda v: percent(v, 2)
            ),
            "ROC AUC": compared["roc_auc"].round(3),
        },
        index=compared.index,
    )
