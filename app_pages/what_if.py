"""What-if: move the levers, see what fixing the failures would save against today."""

import streamlit as st

from model.costs import add_costs
from model.scenario import compare
from ui import charts
from ui.cache import scenario_portfolio, scored_portfolio
from ui.downloads import draw_downloads
from ui.levers import draw_levers
from ui.metrics import draw_comparison
from ui.state import settings
from ui.tables import draw_comparison_table

view = settings()

st.title("What would fixing it save?")
st.caption(
    f"Portfolio: {view.source.description}. Set how much of each kind of failure a fix "
    "removes; the customers it changes are re-scored and priced with the sidebar's "
    "assumptions. The page address keeps the settings: copy it to share this view."
)
draw_levers()

today = add_costs(scored_portfolio(view.source), view.assumptions)
if view.scenario.is_today:
    with_fixes = today
else:
    with_fixes = add_costs(scenario_portfolio(view.source, view.scenario), view.assumptions)
comparison = compare(today, with_fixes)

draw_comparison(comparison)
st.plotly_chart(charts.savings_chart(comparison))
st.markdown("**Today against the fixes**")
draw_comparison_table(comparison)
if view.scenario.is_today:
    st.info("Move a lever above to see what fixing that kind of failure would save.")

st.subheader("Download")
draw_downloads(with_fixes, view.assumptions, view.scenario, "estimates-with-fixes", key="what-if")
