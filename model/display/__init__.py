"""What users see, shared by the dashboard and the report: charts (Plotly figures from
results), numbers as text (money, shares, counts) and the words on the pages.
Imports no Streamlit, so the report draws exactly the dashboard's charts.
"""

from model.display import charts, labels, trend_charts
from model.display.evidence_words import effect_sources, evidence_sentences, evidence_summary
from model.display.failure_table import failure_price_table
from model.display.format import (
    assumption_value,
    count,
    markdown_safe,
    money,
    percent,
    percentage_points,
    plain,
    share_of,
    signed_money,
    unescape_markdown,
)

__all__ = [
    "assumption_value",
    "charts",
    "count",
    "effect_sources",
    "evidence_sentences",
    "evidence_summary",
    "failure_price_table",
    "labels",
    "markdown_safe",
    "money",
    "percent",
    "percentage_points",
    "plain",
    "share_of",
    "signed_money",
    "trend_charts",
    "unescape_markdown",
]
