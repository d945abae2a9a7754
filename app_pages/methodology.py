"""Methodology: every formula, the source of every default, the model, the root causes."""

import streamlit as st

from ui.controls import sources_markdown
from ui.model_card import draw_card_facts
from ui.prose import prose
from ui.state import settings

settings()
st.title("Methodology")
st.markdown(prose("formulas"))

st.markdown("## Where each default comes from")
st.caption("Every assumption can be changed in the sidebar; the JSON downloads use the keys.")
st.markdown(sources_markdown())

st.markdown(prose("scenarios"))
st.markdown(prose("root_causes"))
st.markdown(prose("model"))
draw_card_facts()
st.markdown(prose("uncertainty"))
