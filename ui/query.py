"""The view's settings in the page address, so a link reproduces what its sender saw.

The query string uses the JSON files' own keys and units: every Assumptions field and
every Scenario lever by name, with its stored value (shares as 0..1, e.g.
`?outage_hours_cut=0.3&cost_per_call=9.5`), plus `customers` for the synthetic
portfolio's size. Only values that differ from the defaults are written, so a plain
address means the defaults.

Reading never fails: a value that is not a number, or is outside what the dashboard's
widgets offer, is replaced by its default and named in `problems`, which the page shows.
Unknown keys are left alone (Streamlit and embedding sites add their own).
Pure functions, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from model.cases import DEFAULT_PORTFOLIO_SIZE, PORTFOLIO_SIZES
from model.display import count
from model.money import Assumptions, Scenario
from ui.controls import CONTROLS, LEVER_NAMES

SIZE_PARAM = "customers"


@dataclass(frozen=True)
class AddressView:
    """What an address asks for, after falling back to defaults where it could not be read."""

    assumptions: Assumptions = field(default_factory=Assumptions)
    scenario: Scenario = field(default_factory=Scenario)
    portfolio_size: int = DEFAULT_PORTFOLIO_SIZE
    problems: tuple[str, ...] = ()


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _last(value: str | list[str]) -> str:
    """A repeated key counts by its last value, as st.query_params reads it."""
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _text(value: float) -> str:
    return format(value, ".10g")


def settings_from_query(params: Mapping[str, str | list[str]]) -> AddressView:
    """The settings an address asks for; unreadable values fall back and are named."""
    problems: list[str] = []
    assumption_values: dict[str, float | None] = {}
    for control in CONTROLS:
        if control.key not in params:
            continue
        raw = _last(params[control.key])
        if control.optional and raw.strip() == "":
            continue
        value = _number(raw)
        if not control.offers(value):
            problems.append(
                f"{control.key}={raw!r} is not a number from {control.offered_range}; "
                "the default is used."
            )
            continue
        assumption_values[control.key] = value

    lever_values: dict[str, float] = {}
    for name in LEVER_NAMES:
        if name not in params:
            continue
        raw = _last(params[name])
        value = _number(raw)
        if value is None or not 0.0 <= value <= 1.0:
            problems.append(f"{name}={raw!r} is not a share from 0 to 1; 0 is used.")
            continue
        lever_values[name] = value

    size = DEFAULT_PORTFOLIO_SIZE
    if SIZE_PARAM in params:
        raw = _last(params[SIZE_PARAM])
        value = _number(raw)
        if value is not None and value in PORTFOLIO_SIZES:
            size = int(value)
        else:
            offered = ", ".join(str(s) for s in PORTFOLIO_SIZES)
            problems.append(
                f"{SIZE_PARAM}={raw!r} is not one of {offered}; "
                f"{count(DEFAULT_PORTFOLIO_SIZE)} customers are used."
            )

    return AddressView(
        assumptions=Assumptions(**assumption_values),
        scenario=Scenario(**lever_values),
        portfolio_size=size,
        problems=tuple(problems),
    )


def query_from_settings(
    assumptions: Assumptions, scenario: Scenario, portfolio_size: int | None
) -> dict[str, str]:
    """The query parameters of a view: every value that differs from its default.

    `portfolio_size` is None for an uploaded portfolio, which an address cannot carry.
    """
    defaults, no_fix = Assumptions(), Scenario()
    params: dict[str, str] = {}
    if portfolio_size is not None and portfolio_size != DEFAULT_PORTFOLIO_SIZE:
        params[SIZE_PARAM] = str(portfolio_size)
    for control in CONTROLS:
        value = getattr(assumptions, control.key)
        if value != getattr(defaults, control.key) and value is not None:
            params[control.key] = _text(value)
    for name in LEVER_NAMES:
        value = getattr(scenario, name)
        if value != getattr(no_fix, name):
            params[name] = _text(value)
    return params
