"""Every chart the pages and the report draw, by name: `charts.components_chart(...)`.

Plotly figures with a title, axis titles with units and currency ticks, each taking a small
result table and doing no business arithmetic. They live by subject: the money in
cost_charts, the churn model in model_charts, the frame they share (colours, template,
wrapping, legend) in chart_layout; this module is the one place callers reach them from.
"""

from model.display.chart_layout import (
    COST_COLOUR,
    LABEL_WIDTH,
    LINE_COLOUR,
    LOW_END_COLOUR,
    SAVING_COLOUR,
    TEMPLATE,
    TITLE_WIDTH,
    TODAY_COLOUR,
    wrapped,
)
from model.display.cost_charts import (
    cash_flow_chart,
    components_chart,
    concentration_chart,
    fix_savings_chart,
    fixes_saving_nothing,
    root_cause_chart,
    root_cause_name,
    savings_chart,
    segments_chart,
    tornado_chart,
    waterfall_chart,
)
from model.display.model_charts import (
    calibration_chart,
    incident_effects_chart,
    root_cause_range_chart,
)

__all__ = [
    "COST_COLOUR",
    "LABEL_WIDTH",
    "LINE_COLOUR",
    "LOW_END_COLOUR",
    "SAVING_COLOUR",
    "TEMPLATE",
    "TITLE_WIDTH",
    "TODAY_COLOUR",
    "calibration_chart",
    "cash_flow_chart",
    "components_chart",
    "concentration_chart",
    "fix_savings_chart",
    "fixes_saving_nothing",
    "incident_effects_chart",
    "root_cause_chart",
    "root_cause_name",
    "root_cause_range_chart",
    "savings_chart",
    "segments_chart",
    "tornado_chart",
    "waterfall_chart",
    "wrapped",
]
