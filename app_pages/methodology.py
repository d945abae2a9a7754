"""Methodology: every formula, the source of every default, the model, the root causes."""

import streamlit as st

from model.display import labels
from model.display.format import percent
from model.money.costs import add_costs, component_shares
from ui.cache import scored_portfolio
from ui.controls import sources_markdown
from ui.model_card import draw_card_facts
from ui.prose import prose
from ui.state import settings

view = settings()
st.title("Methodology")
st.markdown(prose("formulas"))

shares = component_shares(add_costs(scored_portfolio(view.source), view.assumptions))
st.markdown(
    f"**In use now** ({view.source.description}, the sidebar's assumptions): "
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
st.markdown(prose("model"))
draw_card_facts()
st.markdown(prose("uncertainty"))
