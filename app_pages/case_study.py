"""Case study: every case of the sources priced: two customers, and a distributor's portfolio."""

import streamlit as st

from model.cases import CUSTOMER_PRESETS, TELCO, fix_savings
from model.churn import root_causes_of_card, unsure_groups, with_groups_as_one
from model.display import charts, labels, money, percent, percentage_points
from model.explain import cost_by_root_cause, root_cause_totals, total_range, two_outcomes
from model.money import COST_COLUMNS, estimate, portfolio_prospect_value, typical_clv
from ui.case_study import (
    SCHOOL_SUPPLIES,
    draw_case_inputs,
    draw_customer_preset_figures,
    draw_preset_choice,
    draw_school_supplies,
    draw_turnover_and_replacement,
)
from ui.shared import draw_fix_savings, draw_range, prose
from ui.state import case_scoring, churn_model, current_case, current_settings, scored_portfolio

settings = current_settings()

st.title("The cases of the sources, priced")
preset = draw_preset_choice()
if preset == SCHOOL_SUPPLIES:
    draw_school_supplies(settings.assumptions.annual_discount_rate)
    st.stop()
if preset == TELCO.key:
    st.markdown(prose("case_study"))
    with st.expander("The figures of this case, given and chosen"):
        draw_customer_preset_figures(TELCO, story=False)
else:
    draw_customer_preset_figures(CUSTOMER_PRESETS[preset])
draw_case_inputs()

scoring = case_scoring(tuple(current_case().items()))
portfolio = scored_portfolio(settings.source)
prospect_value = portfolio_prospect_value(
    typical_clv(portfolio, settings.assumptions), settings.assumptions
)
estimates = estimate(
    scoring.scored,
    churn_model(),
    settings.assumptions,
    already_scored=True,
    prospect_value=prospect_value,
)
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
if settings.assumptions.prospect_value is None:
    st.caption(
        f"A prospect put off by this customer's story is valued at {money(prospect_value)}, "
        f"the median lifetime value of the portfolio in use ({settings.source.description}), not "
        "at this customer's own: a prospect is a typical new customer. Set a value in the "
        "sidebar to change it."
    )
draw_turnover_and_replacement(result, settings.assumptions)

left, right = st.columns(2)
cost_split = cost_by_root_cause(
    estimates, scoring.attribution, settings.assumptions, prospect_value
)
card = churn_model().card  # the Overview's rule: incidents the refits cannot split are one
grouped = unsure_groups(root_causes_of_card(card)) if "root_causes_on_held_out_test" in card else []
left.plotly_chart(
    charts.root_cause_chart(
        with_groups_as_one(root_cause_totals(cost_split), grouped),
        "This customer's cost by root cause",
    )
)
savings = fix_savings(scoring.scored, scoring.fixes, settings.assumptions, prospect_value)
right.plotly_chart(charts.fix_savings_chart(savings))
st.caption(
    "Two questions, two answers. Left: how the cost divides among the failures, each "
    "getting its average extra cost over every order they could have happened in; the bars "
    "add up to the total. Right: what removing one kind of failure alone would save, the "
    "others staying: less than its share when the others would still drive the customer "
    "away, more when it is the one that tips them, so the fixes need not add up to the total."
    + (
        " Calls, time on the phone and agents are one root cause, as on the Overview."
        if grouped
        else ""
    )
    + (
        f" No bar for {' and '.join(nothing)}: this customer has none of those failures, "
        "so removing them saves nothing."
        if (nothing := charts.fixes_saving_nothing(savings))
        else ""
    )
)

st.subheader("What each fix would have saved")
st.caption(
    "Each row removes one kind of failure completely and prices the customer again; fixes "
    "overlap, so the rows need not add up to all of them together."
)
draw_fix_savings(savings)

st.subheader("How sure is this customer's cost?")
draw_range(
    total_range(estimates, settings.assumptions, scoring.model_draws, reference=portfolio),
    settings.assumptions,
    two_outcomes(result, settings.assumptions, prospect_value),
)
