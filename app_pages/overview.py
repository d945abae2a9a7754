"""Overview: what service failures cost the portfolio, why, and which customers carry it."""

import streamlit as st

from model.attribution import cost_by_root_cause
from model.costs import add_costs
from model.portfolio import (
    component_totals,
    concentration_curve,
    costliest_customers,
    headline,
    root_cause_totals,
    top_share,
)
from model.root_causes import root_causes_as_shown, unsure_groups, with_groups_as_one
from model.sensitivity import assumption_swings
from model.uncertainty import total_range
from ui import charts, labels
from ui.cache import portfolio_attribution, portfolio_root_causes, scored_portfolio
from ui.downloads import draw_downloads
from ui.format import money, percent
from ui.metrics import draw_headline
from ui.state import settings
from ui.tables import draw_customers

GROUPED_NOTE = (
    "Calls, time on the phone and agents passed through rise together: the data show their "
    "joint cost, not its split, so they are one bar, contact burden. "
)
view = settings()
estimates = add_costs(scored_portfolio(view.source), view.assumptions)

st.title("What our service failures cost us")
st.caption(
    f"Portfolio: {view.source.description}. Expected cost of the incidents of the last 12 "
    "months: customers they drive away, prospects their stories put off, and handling them."
)
headline_figures = headline(estimates)
draw_headline(headline_figures)

left, right = st.columns(2)
left.plotly_chart(charts.components_chart(component_totals(estimates)))
cost_split = cost_by_root_cause(estimates, portfolio_attribution(view.source), view.assumptions)
causes = portfolio_root_causes(view.source)
grouped = unsure_groups(causes)
right.plotly_chart(
    charts.root_cause_chart(
        with_groups_as_one(root_cause_totals(cost_split), grouped),
        "Cost by root cause (exact Shapley)",
    )
)
right.caption(
    "Each customer's cost split over their own incidents; the bars add up to the total. "
    + (GROUPED_NOTE if grouped else "")
    + "See Methodology for how."
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

st.markdown("**The 20 costliest customers**")
draw_customers(costliest_customers(estimates, 20))

st.subheader("How sure is the total?")
likely = total_range(estimates, view.assumptions)
left, middle, right = st.columns([1, 1, 2])
range_help = (
    "Every assumption drawn together, 4,000 times, from its plausible range (Methodology); "
    "8 draws in 10 give a total between the low and the high."
)
left.metric(labels.LIKELY_LOW, money(likely.p10), help=range_help)
middle.metric(labels.LIKELY_HIGH, money(likely.p90), help=range_help)
right.markdown(
    f"At the sidebar's assumptions the total is **{money(likely.total)}**. Drawing every "
    "assumption at once from its documented plausible range, 8 times in 10 the total lands "
    f"between **{money(likely.p10)}** and **{money(likely.p90)}**. The churn probabilities "
    "are held as predicted: the model is calibrated to within about half a point."
)
if st.toggle(labels.SHOW_SENSITIVITY, key="overview.sensitivity"):
    swings = assumption_swings(scored_portfolio(view.source), view.assumptions)
    st.plotly_chart(charts.tornado_chart(swings, headline_figures.total_expected_cost))
    st.caption(
        "Each assumption moved alone to the ends of its plausible range (Methodology lists "
        "the ranges and their sources), the others as in the sidebar."
    )
else:
    st.caption(
        "The word-of-mouth assumptions are the least certain and, at the defaults, the "
        "largest part of the total; switch on the chart to see how far each one moves it."
    )

st.subheader("Download")
draw_downloads(estimates, view.assumptions, None, "estimates", key="overview")
