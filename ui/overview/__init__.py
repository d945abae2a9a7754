"""The Overview page's own panels: the costliest customers and why one costs what it does,
the segments, the price of every failure, the handling cost against the contact centre's
books, and the next step."""

from ui.overview.actuals import draw_handling_against_actuals
from ui.overview.customer import draw_costliest_table, draw_customer_explanation
from ui.overview.failure_prices import draw_failure_prices
from ui.overview.next_step import NEXT_STEP_LINK, draw_next_step
from ui.overview.segments import draw_segments

__all__ = [
    "NEXT_STEP_LINK",
    "draw_costliest_table",
    "draw_customer_explanation",
    "draw_failure_prices",
    "draw_handling_against_actuals",
    "draw_next_step",
    "draw_segments",
]
