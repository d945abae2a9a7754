"""Overview: what service failures cost the portfolio, why, and which customers carry it."""

import streamlit as st

from model.churn import root_causes_as_shown, unsure_groups, with_groups_as_one
from model.display import charts, labels, percent
from model.explain import (
    assumption_swings,
    component_totals,
    concentration_curve,
    cost_by_root_cause,
    costliest_customers,
    headline,
    root_cause_totals,
    top_share,
)
from ui.overview import (
    draw_costliest_table,
    draw_customer_explanation,
    draw_failure_prices,
    draw_handling_against_actuals,
    draw_next_step,
    draw_segments,
)
from ui.shared import (
    draw_downloads,
    draw_headline,
    draw_misfit_warning,
    draw_range,
    draw_report_download,
)
from ui.state import (
    current_settings,
    portfolio_estimates,
    portfolio_range,
    portfolio_root_causes,
    portfolio_shapley,
    scored_portfolio,
)
from ui.trend import draw_workspace_alerts

GROUPED_NOTE = (
    "Calls, time on the phone and agents passed through rise together: the data show their "
    "joint cost, not its split, so they are one bar, contact burden. "
)
settings = current_settings()
estimates = portfolio_estimates(settings)

st.title("What our service failures cost us")
st.caption(
    f"Portfolio: {settings.source.description}. Expected cost of the incidents of the last 12 "
    "months: customers they drive away, prospects their stories put off, and handling them."
)
draw_misfit_warning(settings, estimates)
headline_figures = headline(estimates)
draw_headline(headline_figures)
draw_workspace_alerts()  # only when a workspace already kept has an alert
draw_handling_against_actuals(estimates, settings.assumptions)

left, right = st.columns(2)
left.plotly_chart(charts.components_chart(component_totals(estimates)))
cost_split = cost_by_root_cause(estimates, portfolio_shapley(settings.source), settings.assumptions)
causes = portfolio_root_causes(settings.source)
grouped = unsure_groups(causes)
by_cause = with_groups_as_one(root_cause_totals(cost_split), grouped)
right.plotly_chart(charts.root_cause_chart(by_cause, "Cost by root cause"))
right.caption(
    "Each customer's money split fairly over their own incidents (each incident gets its "
    "average extra cost over every order in which the incidents could have happened); the "
    "bars add up to the total. " + (GROUPED_NOTE if grouped else "") + "See Methodology for how."
)
if st.toggle(labels.SHOW_ROOT_CAUSE_RANGES, key="overview.root_cause_ranges"):
    st.plotly_chart(
        charts.root_cause_range_chart(
            root_causes_as_shown(causes), "How sure each root cause is: its range over refits"
        )
    )
    st.caption(
        "Each root cause's share of the churn the incidents cause; the whiskers span the "
        "model refitted on resampled data and with other settings. A range wider than 3 "
        "points means the data cannot pin that share down."
    )

draw_next_step(by_cause, headline_figures.total_expected_cost)

st.subheader("Who carries the cost")
costs = estimates["total_expected_cost"]
top_decile = top_share(costs, 0.10)
left, right = st.columns([1, 2])
left.metric(
    labels.TOP_DECILE_SHARE,
    percent(top_decile),
    help="Share of the total expected cost carried by the costliest tenth of customers.",
)
left.markdown(
    f"The costliest 10 % of customers account for **{percent(top_decile)}** of the cost. "
    "Fixing what happened to them is where a service budget goes furthest."
)
right.plotly_chart(charts.concentration_chart(concentration_curve(costs), top_decile))

st.markdown("**The 20 costliest customers** (click a row to see why)")
draw_costliest_table(costliest_customers(estimates, 20))

st.subheader("Why this customer costs this much")
draw_customer_explanation(estimates, settings.assumptions, grouped)

st.subheader("A price for every failure")
draw_failure_prices(settings)

st.subheader("Segments")
draw_segments(estimates)

st.subheader("How sure is the total?")
draw_range(
    portfolio_range(settings),
    settings.assumptions,
)
if st.toggle(labels.SHOW_SENSITIVITY, key="overview.sensitivity"):
    swings = assumption_swings(scored_portfolio(settings.source), settings.assumptions)
    st.plotly_chart(charts.tornado_chart(swings, headline_figures.total_expected_cost))
    st.caption(
        "Each assumption moved alone to the ends of its plausible range (Methodology lists "
        "the ranges and their sources), the others as in the sidebar."
    )
else:
    st.caption(
        "Switch on the chart to see how far each assumption alone moves the total. While "
        "retention comes from the model it is not an assumption, so it is not in the chart."
    )

st.subheader("Download")
draw_downloads(estimates, settings.assumptions, None, "estimates", key="overview")
draw_report_download(settings, key="overview")
