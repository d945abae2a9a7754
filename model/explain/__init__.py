"""Why the total is what it is: root causes in money, one customer's waterfall, the
range of the total, its sensitivity to each assumption, segments and portfolio summaries.

`money_split` prices the churn Shapley values (model.churn.shapley) into money per
incident; `waterfall` explains one customer; `range` draws P10/P50/P90 from three sources
and `range_words` says them in sentences (and which figure to budget on); `case_range`,
`break_even` and `case_words` do the same for the business case of a fix; `sensitivity`
swings each assumption; `segments` and `portfolio` are the tables the Overview and the
report draw.
"""

from model.explain.break_even import BreakEven, largest_one_off, smallest_cut
from model.explain.call_list import CallList, CallRequest, call_list
from model.explain.case_range import CaseRange, business_case_range, figure_draws
from model.explain.case_words import (
    FIGURE_LABELS,
    break_even_sentence,
    case_range_sentence,
    payback_words,
    range_rows,
)
from model.explain.failure_prices import bumped_scores, failure_prices
from model.explain.money_split import cost_by_root_cause, players_for
from model.explain.portfolio import (
    Headline,
    component_totals,
    concentration_curve,
    costliest_customers,
    download_frame,
    headline,
    root_cause_totals,
    top_share,
)
from model.explain.range import (
    SOURCES,
    TotalRange,
    TwoOutcomes,
    total_range,
    two_outcomes,
)
from model.explain.range_words import budget_sentences, range_sentences
from model.explain.segments import (
    BANDS,
    segment_table,
    segmentation_choices,
)
from model.explain.sensitivity import assumption_swings, calibration_curve
from model.explain.waterfall import (
    churn_by_incident,
    churn_waterfall,
    explanations,
    find_customer,
    money_by_incident,
    money_waterfall,
    portfolio_prospect,
    remembering,
)

__all__ = [
    "BANDS",
    "FIGURE_LABELS",
    "SOURCES",
    "BreakEven",
    "CallList",
    "CallRequest",
    "CaseRange",
    "Headline",
    "TotalRange",
    "TwoOutcomes",
    "assumption_swings",
    "break_even_sentence",
    "budget_sentences",
    "bumped_scores",
    "business_case_range",
    "calibration_curve",
    "call_list",
    "case_range_sentence",
    "churn_by_incident",
    "churn_waterfall",
    "component_totals",
    "concentration_curve",
    "cost_by_root_cause",
    "costliest_customers",
    "download_frame",
    "explanations",
    "failure_prices",
    "figure_draws",
    "find_customer",
    "headline",
    "largest_one_off",
    "money_by_incident",
    "money_waterfall",
    "payback_words",
    "players_for",
    "portfolio_prospect",
    "range_rows",
    "range_sentences",
    "remembering",
    "root_cause_totals",
    "segment_table",
    "segmentation_choices",
    "smallest_cut",
    "top_share",
    "total_range",
    "two_outcomes",
]
