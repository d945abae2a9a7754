"""Figures the Methodology's prose states, computed from the code that uses them.

A percentage typed into a page's text drifts from the live figure beside it (issue 31: the
prose said word of mouth took 3.7 % of the total where the page's own figure said 3.3 %).
The markdown in docs/methodology/ writes `{{name}}` where a figure goes; these functions
give each name its text, and `fill` refuses a name it was not given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from model.display.format import percent
from model.money import Assumptions, prospects_lost_per_departure

_FIELD = re.compile(r"\{\{(\w+)\}\}")


def fill(text: str, figures: Mapping[str, str]) -> str:
    """`text` with each `{{name}}` replaced by `figures[name]`; a KeyError names any field
    left without a figure, so a page never shows a placeholder."""
    return _FIELD.sub(lambda match: figures[match.group(1)], text)


def fields_of(text: str) -> set[str]:
    """The names of the figures `text` asks for."""
    return set(_FIELD.findall(text))


def word_of_mouth_figures(assumptions: Assumptions | None = None) -> dict[str, str]:
    """The derivation of "why word of mouth is kept small", at the defaults unless given."""
    chosen = assumptions or Assumptions()
    lost = prospects_lost_per_departure(np.array([0, 1]), chosen)
    return {
        "in_market_share": percent(chosen.in_market_share, 1),
        "deterrence_rate": percent(chosen.deterrence_rate, 1),
        "people_told": f"{chosen.people_told:g}",
        "in_market_fraction": f"{chosen.in_market_share:g}",
        "deterrence_fraction": f"{chosen.deterrence_rate:g}",
        "prospects_lost": f"{lost[0]:.2f}",
        "prospects_lost_after_complaint": f"{lost[1]:.2f}",
    }
