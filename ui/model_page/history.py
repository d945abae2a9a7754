"""The Model page's part for a history: an upload with the `churned` outcome.

Expected against realised churn for the model in use; fitting the same kind of model on
the history, with progress; that model beside the built-in one on the visitor's own data;
and the switch that scores the upload with it. The fitted model is kept in this session's
state only (ui/state/settings.py), so no other visitor can reach it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.schema import CHURNED, INCIDENT_FEATURES
from model.churn import (
    RESERVED,
    UnlearnableHistory,
    expected_against_realised,
    failed_checks,
    models_on_history,
    train_on_history,
)
from model.display import charts, count, effect_sources, money, percent
from model.display.fit_checks import fit_checks_in_words
from ui.model_page.card import card_facts
from ui.state import (
    UploadedPortfolio,
    churn_model,
    keep_session_model,
    keys,
    session_model,
)

FIT_BUTTON = "Fit a model to my history"
INCIDENTS_CHOICE = "Your own incident columns"
COVARIATES_CHOICE = "Customer traits (covariates)"
LEAK_EXPANDER = "If a column is refused as a likely leak"
LEAK_CHOICE = "Fit with these columns all the same"
#: All expected churn's lifetime value: a label of its own, since the Overview's "Expected
#: lost lifetime value" counts only the churn the failures cause.
#: The contract's columns a history fit always uses, any of which may be refused as a leak.
_CONTRACT_COLUMNS = ("monthly_revenue", "tenure_months", *INCIDENT_FEATURES)
LEAVERS_VALUE_EXPECTED = "Value of expected leavers, all churn"


def own_columns(customers: pd.DataFrame) -> list[str]:
    """The upload's columns beyond the contract and the estimate: what may be declared."""
    return [c for c in customers.columns if c not in RESERVED]


def incident_candidates(customers: pd.DataFrame, columns: list[str]) -> list[str]:
    """Columns whose every value is a number >= 0: the ones that can be incidents."""
    fit = []
    for name in columns:
        values = pd.to_numeric(customers[name], errors="coerce")
        if values.notna().all() and (values >= 0).all():
            fit.append(name)
    return fit


USE_SWITCH = "Score my upload with the model fitted to my history (this session only)"
ACCEPT_CHECKS = "I understand what these failed checks mean and want to use this model anyway"


def has_outcomes(upload: UploadedPortfolio | None) -> bool:
    return upload is not None and CHURNED.name in upload.customers.columns


def draw_expected_against_realised(estimates: pd.DataFrame, model_name: str) -> None:
    """Expected against realised churners and lost value, overall and by decile, and the
    calibration chart of the deciles."""
    tally = expected_against_realised(estimates)
    totals = tally.overall()
    columns = st.columns(5)
    columns[0].metric("Expected churners", count(totals["expected_churners"]))
    columns[1].metric("Customers who left", count(totals["realised_churners"]))
    columns[2].metric(
        LEAVERS_VALUE_EXPECTED,
        money(totals["expected_lost_value"]),
        help="The lifetime value of every customer the model expected to leave, for any "
        "reason: not the Overview's expected lost lifetime value, which counts only the "
        "leaving the failures cause.",
    )
    columns[3].metric(
        "Leavers' value, as modelled",
        money(totals["lost_value"]),
        help="The model's own lifetime value summed over the customers who left: a model's "
        "figure, which another model would put elsewhere, not money counted.",
    )
    columns[4].metric(
        "Leavers' revenue × 12",
        money(totals["churner_revenue_year"]),
        help="The revenue of the customers who left over a year: a figure finance can check.",
    )
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
    """The choice of the upload's own incidents and traits, the button that fits a model on
    the upload, then that model beside the built-in one."""
    extra = own_columns(upload.customers)
    incidents = st.multiselect(
        INCIDENTS_CHOICE,
        incident_candidates(upload.customers, extra),
        key="model.declared_incidents",
        help="Your own failures (dropped calls, late deliveries): numbers of 0 or more. Churn "
        "never falls as they rise; they are priced, split by Shapley and offered as levers.",
    )
    covariates = st.multiselect(
        COVARIATES_CHOICE,
        [c for c in extra if c not in incidents],
        key="model.covariates",
        help="Who the customer is (plan, contract, region, usage): they shape each "
        "customer's baseline churn and are never a cause, so they get no money.",
    )
    with st.expander(LEAK_EXPANDER):
        allowed = st.multiselect(
            LEAK_CHOICE,
            [c for c in (*_CONTRACT_COLUMNS, *incidents, *covariates) if c in upload.customers],
            key="model.allow_leak",
            help="A column that alone tells leavers from stayers is usually written after the "
            "customer left. Pick it only if you know it is recorded before: the model card "
            "and the report will say it was kept.",
        )
    if st.button(FIT_BUTTON, key="model.fit_history"):
        _fit(upload, tuple(incidents), tuple(covariates), tuple(allowed))
    draw_fitted(upload)


def _fit(
    upload: UploadedPortfolio,
    incidents: tuple[str, ...],
    covariates: tuple[str, ...],
    allowed: tuple[str, ...],
) -> None:
    """Fit on the upload and keep the model in this session, or say why none was fitted."""
    bar = st.progress(0.0, text="Fitting…")
    try:
        model = train_on_history(
            upload.customers,
            progress=lambda share, text: bar.progress(share, text=text),
            incidents=incidents,
            covariates=covariates,
            allow_leak=allowed,
        )
    except UnlearnableHistory as error:
        hint = (
            f" If {error.leak} is known before a customer leaves, pick it under "
            f"\u201c{LEAK_EXPANDER}\u201d and fit again."
            if error.leak
            else ""
        )
        st.error(f"No model was fitted: {error}{hint}")
        return
    except ValueError as error:
        st.error(f"No model was fitted: {error}")
        return
    keep_session_model(model, upload.digest)


def draw_fitted(upload: UploadedPortfolio) -> None:
    """The model fitted in this session: its warnings, checks, where its effects come from,
    and it beside the built-in one on the visitor's own rows."""
    kept = session_model()
    if kept is None:
        st.caption(
            "Fits the same kind of model (monotone, one curve per incident) to your customers "
            "and what they did: a quarter is held out to test it. It stays in this session."
        )
        return
    card = kept.model.card
    for warning in card.get("warnings") or (
        [card["history"]["warning"]] if card["history"]["warning"] else []
    ):
        st.warning(warning)  # a small history, and each likely leak fitted all the same
    st.markdown("\n".join(f"- {fact}" for fact in card_facts(card)[2:4]))
    for check in fit_checks_in_words(card):
        st.markdown(check.sentence, help=check.detail)
    if card.get("evidence"):
        st.markdown(
            "**Where each effect comes from**: each incident's curve is pulled toward public "
            "evidence (or, without any, an assumed curve) as far as your held-out customers "
            "said it helps; a count many of your customers have speaks for itself."
        )
        st.dataframe(effect_sources(card), hide_index=True)
    compared = models_on_history(
        upload.customers, {"Built-in model": churn_model(), "Fitted to your history": kept.model}
    )
    st.dataframe(_comparison_table(compared))
    st.caption(
        "Both models on every row of your history. The fitted model has seen these rows, so "
        "its figures here flatter it: its held-out figures above are the fair comparison."
    )
    draw_use_switch(kept.model)


def draw_use_switch(model) -> None:
    """The switch that scores the upload with the fitted model; a model that failed checks
    of its own needs them acknowledged first, each said with what it means for the money."""
    failed = failed_checks(model.card)
    accepted = True
    if failed:
        st.error(
            "This model failed "
            + ("a check" if len(failed) == 1 else f"{len(failed)} checks")
            + " of its own, so its figures cannot be trusted as they stand:\n\n"
            + "\n".join(f"- {check.sentence}." for check in failed)
        )
        accepted = st.checkbox(
            ACCEPT_CHECKS,
            key=keys.ACCEPT_FAILED_CHECKS,
            help="Every page, the report and the workbook will then say which check failed.",
        )
    st.toggle(USE_SWITCH, key=keys.USE_SESSION_MODEL, disabled=not accepted)


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
