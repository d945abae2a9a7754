"""The shapes of an assumption's words: its widget, its information, and the choices of
an assumption whose value is a word; and the sidebar's groups (model/money/assumption_info.py
fills them in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The sidebar's groups of assumptions, in the order it shows them.
CUSTOMER_VALUE = "Customer value"
WORD_OF_MOUTH = "Word of mouth"
HANDLING_COSTS = "Cost of handling failures"
STAFF = "Staff turnover"
SIDEBAR_GROUPS = (CUSTOMER_VALUE, WORD_OF_MOUTH, HANDLING_COSTS, STAFF)


@dataclass(frozen=True)
class Widget:
    """How the dashboard offers an assumption: its label (with the unit it shows), a slider
    or a number box, the display scale (100: a share shown in percent), the widget's range,
    step and format in display units, and the sidebar group it sits in."""

    label: str
    kind: Literal["slider", "number"]
    scale: float
    minimum: float
    maximum: float
    step: float
    format: str
    group: str


@dataclass(frozen=True)
class AssumptionInfo:
    """What a user needs to know about one assumption to trust or change it, and how the
    dashboard offers it: every word and range of an assumption lives here, once."""

    label: str
    unit: str
    source: str
    minimum: float
    maximum: float
    plausible_low: float
    plausible_high: float
    help: str
    widget: Widget


@dataclass(frozen=True)
class ChoiceInfo:
    """An assumption that is one of a few named ways, not a number: its label, what each
    option means (in the order offered), why, and the sidebar group it sits in."""

    label: str
    options: dict[str, str]
    source: str
    help: str
    group: str
