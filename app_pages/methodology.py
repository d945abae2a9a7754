"""Methodology: every formula, the source of every default, the model, the root causes."""

import streamlit as st

from model.churn import evidence_frame
from model.display import labels, percent
from model.money import component_shares
from ui.model_page import draw_card_facts
from ui.shared import prose
from ui.state import current_settings, portfolio_estimates, sources_markdown

settings = current_settings()
st.title("Methodology")
st.markdown(prose("formulas"))

shares = component_shares(portfolio_estimates(settings))
st.markdown(
    f"**In use now** ({settings.source.description}, the sidebar's assumptions): "
    + ", ".join(
        f"{labels.COMPONENT_LABELS[name].lower()} {percent(share, 1)}"
        for name, share in shares.items()
    )
    + " of the total."
)

st.markdown("## Where each default comes from")
st.caption("Every assumption can be changed in the sidebar; the JSON downloads use the keys.")
st.markdown(sources_markdown())

st.markdown(prose("scenarios"))
st.markdown(prose("business_case"))
st.markdown(prose("root_causes"))
st.markdown(prose("bridge"))
st.markdown(prose("fixes"))
st.markdown(prose("model"))
draw_card_facts()
st.markdown(prose("evidence"))
st.dataframe(evidence_frame(), hide_index=True)
st.markdown(prose("uncertainty"))
st.markdown(prose("records"))
st.markdown(prose("command_line"))
