"""What-if: move the levers, see what fixing the failures would save against today."""

import streamlit as st

from model.display import charts
from model.money import compare, keep_own_incidents
from ui.shared import draw_comparison, draw_comparison_table, draw_downloads, draw_report_download
from ui.state import model_for, portfolio_estimates, settings
from ui.what_if import draw_business_case, draw_declared_controls, draw_levers

view = settings()

st.title("What would fixing it save?")
st.caption(
    f"Portfolio: {view.source.description}. Set how much of each kind of failure a fix "
    "removes; the customers it changes are re-scored and priced with the sidebar's "
    "assumptions. The page address keeps the settings: copy it to share this view."
)
draw_levers()
draw_declared_controls(model_for(view.source))

today = portfolio_estimates(view)
with_fixes = portfolio_estimates(view, view.scenario)
comparison = compare(today, with_fixes)

draw_comparison(comparison)
if view.scenario.is_today:
    st.info(
        "Move a lever above to see what fixing that kind of failure would save: the saving "
        "by part of the cost is drawn here."
    )
else:
    st.plotly_chart(charts.savings_chart(comparison))
st.markdown("**Today against the fixes**")
draw_comparison_table(comparison)

st.subheader("The business case")
st.caption(
    "What the fixes above cost, against what they save month by month: net saving, return "
    "on investment, payback month and net present value at the sidebar's discount rate."
)
draw_business_case(
    today, with_fixes, view.assumptions, comparison.loc["total_expected_cost", "saving"]
)

st.subheader("Download")
draw_downloads(
    keep_own_incidents(today, with_fixes),
    view.assumptions,
    view.scenario,
    "estimates-with-fixes",
    key="what-if",
)
draw_report_download(view, key="what-if")
