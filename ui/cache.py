"""Streamlit caches around the packages' expensive calls."""

from __future__ import annotations

import streamlit as st

from model.churn import ChurnModel, load_model


@st.cache_resource(show_spinner="Loading the churn model…")
def churn_model() -> ChurnModel:
    """The verified churn model, loaded once per server process and shared by every session."""
    return load_model()
