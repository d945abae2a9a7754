"""What-if: move the levers, see what fixing the failures would save against today."""

import streamlit as st

from model.display import charts
from model.money import compare
from ui.business_case_view import draw_business_case
from ui.cache import portfolio_estimates
from ui.downloads import draw_downloads
from ui.levers import draw_levers
from ui.metrics import draw_comparison
from ui.report_download import draw_report_download
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

today = portfolio_estimates(view)
with_fixes = portfolio_estimates(view, view.scenario)
comparison = compare(today, with_fixes)

draw_comparison(comparison)
st.plotly_chart(charts.savings_chart(comparison))
st.markdown("**Today against the fixes**")
draw_comparison_table(comparison)
if view.scenario.is_today:
    st.info("Move a lever above to see what fixing that kind of failure would save.")

st.subheader("The business case")
st.caption(
    "What the fixes above cost, against what they save month by month: net saving, return "
    "on investment, payback month and net present value at the sidebar's discount rate."
)
draw_business_case(today, with_fixes, view.assumptions)

st.subheader("Download")
draw_downloads(with_fixes, view.assumptions, view.scenario, "estimates-with-fixes", key="what-if")
draw_report_download(view, key="what-if")
