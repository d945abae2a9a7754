"""What-if: move the levers, see what fixing the failures would save against today."""

import streamlit as st

from model.display import charts
from model.money import compare, levers_that_move
from ui.shared import draw_comparison, draw_comparison_table, draw_downloads, draw_report_download
from ui.state import current_settings, model_for, portfolio_estimates
from ui.what_if import draw_business_case, draw_call_list, draw_declared_controls, draw_levers

settings = current_settings()

st.title("What would fixing it save?")
st.caption(
    f"Portfolio: {settings.source.description}. Set how much of each kind of failure a fix "
    "removes; the customers it changes are re-scored and priced with the sidebar's "
    "assumptions. The page address keeps the settings: copy it to share this view."
)
today = portfolio_estimates(settings)
draw_levers(levers_that_move(today))
draw_declared_controls(model_for(settings.source))

with_fixes = portfolio_estimates(settings, settings.scenario)
comparison = compare(today, with_fixes)

draw_comparison(comparison)
if settings.scenario.is_today:
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
case = draw_business_case(
    today,
    with_fixes,
    settings,
    model_for(settings.source),
    comparison.loc["total_expected_cost", "saving"],
)

st.subheader("Who to call first")
st.caption(
    "A service-recovery contact for the customers it pays most to call, within a budget: "
    "each customer's expected saving from the contact less its cost, best first."
)
draw_call_list(today)

st.subheader("Download")
draw_downloads(
    with_fixes,
    settings.assumptions,
    settings.scenario,
    "estimates-with-fixes",
    key="what-if",
    case=None if settings.scenario.is_today else case,
    today=today,
)
draw_report_download(settings, key="what-if")
