"""Entry point: page config and navigation. No computation lives here."""

import streamlit as st

st.set_page_config(page_title="Churn cost estimator", page_icon="📉", layout="wide")

PAGES = [
    st.Page("pages/model.py", title="Model", icon="🧠", url_path="model", default=True),
]

st.navigation(PAGES).run()
