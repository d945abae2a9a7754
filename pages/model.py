"""Model page: what the churn model is, how good it is, and where it came from."""

import streamlit as st

from ui.cache import churn_model

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
with st.expander("Model card (JSON)"):
    st.json(card)
