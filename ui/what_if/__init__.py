"""The What-if page's own panels: the levers (built-in and a history's own incidents) and
the business case of a fix."""

from ui.what_if.business_case import draw_business_case
from ui.what_if.call_list import draw_call_list
from ui.what_if.levers import draw_declared_controls, draw_levers

__all__ = ["draw_business_case", "draw_call_list", "draw_declared_controls", "draw_levers"]
