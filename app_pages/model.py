"""Model page: what the churn model is, how good it is, what it learnt, and how sure its
reasons are; with a history uploaded, how it did on it and a model fitted to it."""

import streamlit as st

from model.churn import root_causes_as_shown, root_causes_of_card, unsure_groups
from model.display import charts, effect_sources
from ui.model_page import (
    draw_card_facts,
    draw_expected_against_realised,
    draw_fit_on_history,
    has_outcomes,
)
from ui.shared import draw_misfit_warning
from ui.state import (
    churn_model,
    current_settings,
    held_out_calibration,
    portfolio_estimates,
    typical_incident_effects,
    uploaded,
)

settings = current_settings()
card = churn_model().card
metrics = card["metrics_on_held_out_test"]

st.title("The churn model")
st.caption(
    f"A {card['model']}, trained on {card['training']['n_train']:,} "
    f"synthetic customers (seed {card['training']['seed']})."
)
columns = st.columns(4)
columns[0].metric(
    "Tells leavers from stayers",
    f"{metrics['roc_auc']:.3f}",
    help="ROC AUC: the chance that a customer who left is ranked as riskier than one who "
    "stayed; 0.5 is a coin toss, 1 is perfect.",
)
columns[1].metric(
    "Error of the probabilities",
    f"{metrics['log_loss']:.4f}",
    help="Log-loss: lower is better. The best any model could reach on these customers is "
    "that of the true probabilities built into the synthetic data.",
)
columns[2].metric(
    "Best possible error",
    f"{metrics['bayes_optimal_log_loss']:.4f}",
    help="Log-loss of the true probabilities built into the synthetic data.",
)
columns[3].metric(
    "Calibration error",
    f"{metrics['expected_calibration_error']:.2%}",
    help="Mean gap between predicted and observed churn over 10 probability bins.",
)
st.markdown(
    "Each incident adds its own curve to the odds of leaving, learnt from the data with "
    "churn never falling as an incident rises; a prediction is one table lookup per feature. "
    "The model's root causes match the true ones built into the synthetic data within 3 "
    "points for every incident the data can tell apart (see Methodology)."
)

left, right = st.columns([2, 3])
training = card["training"]
left.plotly_chart(
    charts.calibration_chart(
        held_out_calibration(training["n_test"], training["sample_seeds"]["test"])
    )
)
left.caption(
    f"The {training['n_test']:,} held-out customers of the card, in 10 bins of predicted "
    "churn: on the diagonal, predicted churn is what happens. The money is probability "
    "times value, so this is how far the money can be trusted."
)
right.plotly_chart(charts.incident_effects_chart(typical_incident_effects()))
right.caption(
    "A customer paying $55 a month for 3 years, with one incident raised from 0 and the "
    "others at 0; dashed, the true effect built into the synthetic data it was trained on. "
    "Curves never fall (the model is built so); outage hours jump after two days, where "
    "customers give up waiting, and support calls at the fourth call, as public data show."
)
right.dataframe(effect_sources(card), hide_index=True)
right.caption(
    "Public evidence: real churn data sets that record the failure (Methodology lists them, "
    "with the odds each found). Assumed: no public data set records it, so its effect is the "
    "synthetic law's."
)

st.subheader("How sure are the reasons?")
causes = root_causes_of_card(card)
shown = root_causes_as_shown(causes)
st.plotly_chart(
    charts.root_cause_range_chart(
        shown, "Root causes on held-out customers: the model against the truth", causes["truth"]
    )
)
grouped = unsure_groups(causes)
held_out = card["root_causes_on_held_out_test"]["customers"]
st.caption(
    f"Share of the churn the incidents cause, on {held_out:,} held-out customers; whiskers "
    "span the model refitted on resampled data and with other settings, diamonds the true "
    "shares built into the synthetic data. "
    + (
        "Calls, time on the phone and agents passed through rise together, so the data show "
        "their joint effect but not its split: where the refits disagree on it by more than "
        "3 points they are shown as one root cause, contact burden."
        if grouped
        else "Every range is narrow enough to show each incident alone."
    )
)

upload = uploaded()
if has_outcomes(upload):
    st.subheader("Your history: expected against realised")
    if settings.source.kind == "uploaded":
        estimates = portfolio_estimates(settings)
        draw_misfit_warning(settings, estimates)
        name = (
            "the model fitted to your history"
            if settings.source.model == "history"
            else "the built-in model"
        )
        draw_expected_against_realised(estimates, name)
    else:
        st.info("Choose your upload as the portfolio in the sidebar to compare with it.")
    st.subheader("Fit the model to your history")
    draw_fit_on_history(upload)
else:
    st.info(
        "Upload customers with a `churned` column (1 if they left in the 12 months after the "
        "incident window, else 0) on the Portfolio page to compare expected with realised "
        "churn and to fit the model to your own history."
    )

st.subheader("Model card")
draw_card_facts()
with st.expander("Model card (JSON)"):
    st.json(card)
