"""The Case study page's own panels: the sources' cases as presets and the customer's inputs."""

from ui.case_study.inputs import (
    SCHOOL_SUPPLIES,
    draw_case_inputs,
    draw_customer_preset_figures,
    draw_preset_choice,
    draw_school_supplies,
)
from ui.case_study.new_costs import draw_turnover_and_replacement

__all__ = [
    "SCHOOL_SUPPLIES",
    "draw_case_inputs",
    "draw_customer_preset_figures",
    "draw_preset_choice",
    "draw_school_supplies",
    "draw_turnover_and_replacement",
]
