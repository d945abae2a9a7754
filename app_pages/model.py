"""Model page: what the churn model is, how good it is, and what it learnt."""

import streamlit as st

from ui import charts
from ui.cache import churn_model, held_out_calibration, typical_incident_effects
from ui.model_card import draw_card_facts
from ui.state import settings

settings()
card = churn_model().card
metrics = card["metrics_on_held_out_test"]
logistic = card["logistic_regression_on_same_test"]

st.title("The churn model")
st.caption(
    f"{card['model']}, {card['trees']} trees, trained on {card['training']['n_train']:,} "
    f"synthetic customers (seed {card['training']['seed']})."
)
columns = st.columns(4)
columns[0].metric("ROC AUC", f"{metrics['roc_auc']:.3f}")
columns[1].metric(
    "Log-loss",
    f"{metrics['log_loss']:.4f}",
    help="Lower is better. The best any model could reach on these customers is the "
    "generator's own probabilities.",
)
columns[2].metric("Best possible log-loss", f"{metrics['bayes_optimal_log_loss']:.4f}")
columns[3].metric(
    "Calibration error",
    f"{metrics['expected_calibration_error']:.2%}",
    help="Mean gap between predicted and observed churn over 10 probability bins.",
)
st.markdown(
    f"A plain logistic regression on the same data reaches log-loss "
    f"{logistic['log_loss']:.4f} with calibration error "
    f"{logistic['expected_calibration_error']:.2%}; the monotone tree ensemble captures the "
    "thresholds and saturation in the incident effects and guarantees that churn never falls "
    "when an incident rises."
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
    "A customer paying 55 a month for 3 years, with one incident raised from 0 and the "
    "others at 0. Curves never fall (monotonic constraints); the jump in outage hours near "
    "48 hours is where customers give up waiting."
)

st.subheader("Model card")
draw_card_facts()
with st.expander("Model card (JSON)"):
    st.json(card)
