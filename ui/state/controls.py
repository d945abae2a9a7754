"""How each assumption and lever is shown as a widget, and how its value converts.

Pure (no Streamlit): the sidebar draws these, the session-state code seeds them from the
URL, and tests check the conversions. Shares are stored as 0..1 in `Assumptions` and
`Scenario` but shown in percent, so each control carries its display scale; the widget's
range is the assumption's allowed range (ASSUMPTION_INFO) in display units, narrowed where
the full range would make a slider unusable. Each control is read from its assumption's
`Widget` (model.money.assumptions), where its words and ranges are kept once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from model.display import markdown_safe, money, percent
from model.money import (
    ASSUMPTION_INFO,
    FROM_YOUR_BOOKS,
    LEVER_INFO,
    SIDEBAR_GROUPS,
    UNSET_MEANS,
    Assumptions,
    Scenario,
)

if TYPE_CHECKING:
    from model.money.assumptions import Widget


@dataclass(frozen=True)
class Control:
    """One assumption's widget, read from its `Widget` (model.money.assumptions) where its
    words and ranges are kept once, with the conversions between stored and shown values."""

    key: str

    @property
    def spec(self) -> Widget:
        return ASSUMPTION_INFO[self.key].widget

    @property
    def kind(self) -> Literal["slider", "number"]:
        return self.spec.kind

    @property
    def scale(self) -> float:
        return self.spec.scale

    @property
    def minimum(self) -> float:
        return self.spec.minimum

    @property
    def maximum(self) -> float:
        return self.spec.maximum

    @property
    def step(self) -> float:
        return self.spec.step

    @property
    def format(self) -> str:
        return self.spec.format

    @property
    def group(self) -> str:
        return self.spec.group

    @property
    def unset_means(self) -> str | None:
        """What leaving the widget empty means (model.money.UNSET_MEANS), if it may be."""
        return UNSET_MEANS.get(self.key)

    @property
    def from_model_when_unset(self) -> bool:
        """Unset means each customer's own value from the model (its own radio control)."""
        return self.key in FROM_MODEL_WHEN_UNSET

    @property
    def optional(self) -> bool:
        return self.unset_means is not None or self.from_model_when_unset

    @property
    def label(self) -> str:
        return self.spec.label

    def to_display(self, value: float | None) -> float | None:
        """The stored value (e.g. 0.6) as the widget shows it (60.0)."""
        if value is None:
            return None
        return round(float(value) * self.scale, 10)

    def from_display(self, shown: float | None) -> float | None:
        """The widget's value (60.0) as stored in Assumptions (0.6)."""
        if shown is None:
            return None
        return round(float(shown) / self.scale, 12)

    def offers(self, value: float | None) -> bool:
        """Whether the widget can show this stored value: a number within its range."""
        shown = self.to_display(value)
        return shown is not None and self.minimum <= shown <= self.maximum

    @property
    def offered_range(self) -> str:
        """The widget's range in stored units, as messages quote it ("0 to 0.5")."""
        return f"{self.from_display(self.minimum):g} to {self.from_display(self.maximum):g}"

    @property
    def help(self) -> str:
        """Help text: what it means, the source of the default, the plausible range."""
        info = ASSUMPTION_INFO[self.key]
        plausible = self.plausible()
        if self.unset_means is not None:
            shown_default = f"empty ({self.unset_means})"
        elif self.from_model_when_unset:
            shown_default = "each customer's own, from the model"
        else:
            plausible = "none published" if plausible is None else plausible
            shown_default = self.show(getattr(Assumptions(), self.key))
        return markdown_safe(
            f"{info.help}\n\nDefault {shown_default}. Source: {info.source}\n\n"
            f"Plausible range: {plausible}."
        )

    def plausible(self) -> str | None:
        """The published plausible range in words (None if none is published); for an
        assumption that may be unset, in multiples of what unset means."""
        info = ASSUMPTION_INFO[self.key]
        if self.unset_means is not None:
            return f"{info.plausible_low:g}-{info.plausible_high:g} times {self.unset_means}"
        if self.key in FROM_YOUR_BOOKS:
            return "a figure from your own books, to which no published range applies"
        if info.plausible_low == info.plausible_high:
            return None
        return f"{self.show(info.plausible_low)} to {self.show(info.plausible_high)}"

    def show(self, value: float) -> str:
        """A stored value in words, as the help text quotes it."""
        if self.scale == 100:
            return percent(value, 1)
        if ASSUMPTION_INFO[self.key].unit.startswith(("currency", "dollars")):
            return money(value, cents=value < 100)
        return f"{value:g}"


#: Assumptions whose unset value is each customer's own, from the model's baseline.
FROM_MODEL_WHEN_UNSET: frozenset[str] = frozenset({"monthly_retention"})
#: The fixed monthly retention offered when a user switches away from the model's own:
#: 1.5 % churn a month, inside US postpaid phone churn of 0.8-1.7 % a month (2018).
FIXED_RETENTION_OFFERED = 0.985

GROUPS = SIDEBAR_GROUPS


#: Every assumption's control, in the order the sidebar shows them (ASSUMPTION_INFO's).
CONTROLS: tuple[Control, ...] = tuple(Control(key) for key in ASSUMPTION_INFO)
CONTROLS_BY_KEY: dict[str, Control] = {control.key: control for control in CONTROLS}

#: The contract's levers, one slider each; a history's declared incidents get theirs on the
#: What-if page from the model in use (Scenario.declared_incidents_cut).
LEVER_NAMES: tuple[str, ...] = tuple(LEVER_INFO)


def default_display() -> dict[str, float | None]:
    """Every assumption's default as its widget shows it."""
    defaults = Assumptions()
    return {c.key: c.to_display(getattr(defaults, c.key)) for c in CONTROLS}


def assumptions_from_display(shown: Mapping[str, Any]) -> Assumptions:
    """One Assumptions object from the widgets' values (display units), keyed by field."""
    return Assumptions(**{c.key: c.from_display(shown[c.key]) for c in CONTROLS})


def display_from_assumptions(assumptions: Assumptions) -> dict[str, float | None]:
    """The widgets' values (display units) that show these assumptions."""
    return {c.key: c.to_display(getattr(assumptions, c.key)) for c in CONTROLS}


def lever_to_display(share: float) -> float:
    """A lever's share fixed (0.3) as its slider shows it (30.0 percent)."""
    return round(float(share) * 100, 10)


def scenario_from_display(shown: Mapping[str, float]) -> Scenario:
    """One Scenario from the lever sliders' percentages, keyed by lever name."""
    return Scenario(**{name: round(float(shown[name]) / 100, 12) for name in LEVER_NAMES})


def display_from_scenario(scenario: Scenario) -> dict[str, float]:
    return {name: lever_to_display(getattr(scenario, name)) for name in LEVER_NAMES}


def sources_markdown() -> str:
    """Every assumption as a markdown list item: name, key, default, range and source."""
    defaults = Assumptions()
    items = []
    for control in CONTROLS:
        info = ASSUMPTION_INFO[control.key]
        value = getattr(defaults, control.key)
        default = control.unset_means or (
            "each customer's own, from the model" if value is None else control.show(value)
        )
        plausible = control.plausible() or "(none published)"
        items.append(
            f"- **{info.label}** (`{control.key}`): default {default}, plausible range "
            f"{plausible}. {info.source}"
        )
    return markdown_safe("\n".join(items))
