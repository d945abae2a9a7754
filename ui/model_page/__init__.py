"""The Model page's own panels: the model card's facts (Methodology shows them too) and a fit
on the company's own history."""

from ui.model_page.card import draw_card_facts
from ui.model_page.history import draw_expected_against_realised, draw_fit_on_history, has_outcomes

__all__ = [
    "draw_card_facts",
    "draw_expected_against_realised",
    "draw_fit_on_history",
    "has_outcomes",
]
