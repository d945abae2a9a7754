"""A price for every failure, on the Overview: one more unit of each failure, in money."""

from __future__ import annotations

import streamlit as st

from model.display import failure_price_table
from ui.state import Settings, portfolio_failure_prices


def draw_failure_prices(settings: Settings) -> None:
    """The table of prices, and a line on how to read it beside service targets."""
    prices = portfolio_failure_prices(settings)
    if prices.empty:
        st.info("No customer in this portfolio has a failure to price.")
        return
    st.dataframe(failure_price_table(prices), hide_index=True)
    st.caption(
        "What one more unit of each failure costs, on average over the customers who have "
        "it: the customers it would drive away and the prospects their stories would put off "
        "(expected to be lost), and the handling of that unit. Set it beside your service "
        "targets: an outage hour saved is worth its price in every customer who has outages. "
        "A complaint is priced as the customer's cost with it against without it. Calls, time "
        "on the phone and agents are each priced one more unit at a time, the others as they "
        "are: a price per unit, not the split of their joint cost."
    )
