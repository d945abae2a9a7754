"""Case study: the telco customer of DESIGN.md, priced, and what each fix would have saved."""

import streamlit as st

from model.attribution import cost_by_root_cause
from model.case_study import fix_savings
from model.costs import COST_COLUMNS, add_costs
from model.portfolio import root_cause_totals
from ui import charts, labels
from ui.cache import case_scoring
from ui.case import draw_case_inputs
from ui.format import money, percent, percentage_points
from ui.prose import prose
from ui.state import current_case, settings
from ui.tables import draw_fix_savings

view = settings()

st.title("The telco case: one customer, priced")
st.markdown(prose("case_study"))
draw_case_inputs()

scoring = case_scoring(tuple(current_case().items()))
estimates = add_costs(scoring.scored, view.assumptions)
result = estimates.iloc[0]

st.subheader("What the failures cost")
columns = st.columns(4)
columns[0].metric(labels.CHURN_PROBABILITY, percent(result["churn_probability"]))
columns[1].metric(labels.BASELINE_CHURN_PROBABILITY, percent(result["baseline_churn_probability"]))
columns[2].metric(
    labels.ATTRIBUTABLE_CHURN_PROBABILITY,
    percentage_points(result["attributable_churn_probability"]),
)
columns[3].metric(labels.CLV, money(result["clv"]))
columns = st.columns(4)
for column, name in zip(columns, COST_COLUMNS, strict=True):
    column.metric(labels.COMPONENT_LABELS[name], money(result[name]))
if view.assumptions.prospect_value is None:
    st.caption(
        "A won prospect is valued at this customer's own lifetime value (the mean of a "
        "one-customer portfolio); set a value in the sidebar to change it."
    )

left, right = st.columns(2)
cost_split = cost_by_root_cause(estimates, scoring.attribution, view.assumptions)
left.plotly_chart(
    charts.root_cause_chart(root_cause_totals(cost_split), "This customer's cost by root cause")
)
savings = fix_savings(scoring.scored, scoring.fixes, view.assumptions)
right.plotly_chart(charts.fix_savings_chart(savings))

st.subheader("What each fix would have saved")
st.caption(
    "Each row removes one kind of failure completely and prices the customer again; fixes "
    "overlap, so the rows need not add up to all of them together."
)
draw_fix_savings(savings)
