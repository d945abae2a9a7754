"""The rest of the view in the page address: the fixes' costs, the case study, the segments.

ui/query.py carries the assumptions, the levers and the portfolio's size; this module
carries what the pages themselves add, so a copied address reopens the very view its
sender saw (the same net present value on the what-if page, the same customer on the case
study, the same segmentation on the overview):

- `fix_one_off`, `fix_per_year` (dollars >= 0) and `fix_horizon_years` (1..30): the
  business case's inputs;
- `case`: the case study's preset (its key, e.g. `neighbour-account`), and `case_<column>`
  for each case input that differs from that preset's figures (`case_outage_hours=40`);
- `segment_by`: the overview's segmentation as its label ("Tenure"); a label this
  portfolio does not offer falls back to the first choice on the page.

Only values that differ from their defaults are written. Reading never fails: a value that
cannot be read is left out and named in `problems`, which the page shows with the others.
Pure functions on plain mappings, no Streamlit (ui/state.py maps them to widget keys).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from data.schema import COLUMNS_BY_NAME
from model.money import DEFAULT_HORIZON_YEARS

FIX_PARAMS = {"one_off": "fix_one_off", "per_year": "fix_per_year"}
HORIZON_PARAM = "fix_horizon_years"
PRESET_PARAM = "case"
CASE_PREFIX = "case_"
SEGMENT_PARAM = "segment_by"
#: The longest segmentation label an address may carry (a column name of the user's file).
LONGEST_SEGMENT = 200


@dataclass(frozen=True)
class PageView:
    """What an address asks of the pages: each field None (or empty) when not given."""

    fix_cost: dict[str, float] = field(default_factory=dict)
    horizon_years: int | None = None
    preset: str | None = None
    case_inputs: dict[str, float | int] = field(default_factory=dict)
    segment_by: str | None = None
    problems: tuple[str, ...] = ()


def _last(value: str | list[str]) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _text(value: float) -> str:
    return format(value, ".10g")


def _case_value(name: str, raw: str) -> float | int | None:
    """A case input read as its column's kind: a flag 0 or 1, a whole count, a number >= 0."""
    value = _number(raw)
    if value is None or value < 0:
        return None
    kind = COLUMNS_BY_NAME[name].kind
    if kind == "flag":
        return int(value) if value in (0, 1) else None
    if kind == "integer":
        return int(value) if value.is_integer() else None
    return value


def page_view_from_query(
    params: Mapping[str, str | list[str]], presets: Mapping[str, object], case_fields: list[str]
) -> PageView:
    """What the address asks of the pages; `presets` are the case study's preset keys and
    `case_fields` its inputs' column names."""
    problems: list[str] = []
    fix_cost: dict[str, float] = {}
    for name, param in FIX_PARAMS.items():
        if param in params:
            raw = _last(params[param])
            value = _number(raw)
            if value is None or value < 0:
                problems.append(f"{param}={raw!r} is not an amount >= 0; 0 is used.")
            else:
                fix_cost[name] = value
    horizon = None
    if HORIZON_PARAM in params:
        raw = _last(params[HORIZON_PARAM])
        value = _number(raw)
        if value is None or not value.is_integer() or not 1 <= value <= 30:
            problems.append(
                f"{HORIZON_PARAM}={raw!r} is not a whole number of years from 1 to 30; "
                f"{DEFAULT_HORIZON_YEARS} is used."
            )
        else:
            horizon = int(value)
    preset = None
    if PRESET_PARAM in params:
        raw = _last(params[PRESET_PARAM])
        if raw in presets:
            preset = raw
        else:
            problems.append(f"{PRESET_PARAM}={raw!r} is not one of {', '.join(presets)}.")
    case_inputs: dict[str, float | int] = {}
    for name in case_fields:
        param = CASE_PREFIX + name
        if param not in params:
            continue
        raw = _last(params[param])
        value = _case_value(name, raw)
        if value is None:
            problems.append(f"{param}={raw!r} is not a valid {name.replace('_', ' ')}.")
        else:
            case_inputs[name] = value
    segment = None
    if SEGMENT_PARAM in params:
        raw = _last(params[SEGMENT_PARAM])
        if 0 < len(raw) <= LONGEST_SEGMENT:
            segment = raw
    return PageView(fix_cost, horizon, preset, case_inputs, segment, tuple(problems))


def query_from_page_view(
    fix_cost: Mapping[str, float],
    horizon_years: int,
    preset: str | None,
    default_preset: str,
    case_inputs: Mapping[str, float | int],
    preset_figures: Mapping[str, float | int] | None,
    segment_by: str | None,
    default_segment: str | None,
) -> dict[str, str]:
    """The address's part for the pages: every value that differs from its default.

    `preset_figures` are the chosen preset's own inputs (None for a preset without
    inputs, such as the school-supplies portfolio): only inputs the user changed are
    written. `default_segment` is the first segmentation offered.
    """
    params: dict[str, str] = {}
    for name, param in FIX_PARAMS.items():
        value = float(fix_cost.get(name) or 0.0)
        if value:
            params[param] = _text(value)
    if horizon_years != DEFAULT_HORIZON_YEARS:
        params[HORIZON_PARAM] = str(int(horizon_years))
    if preset is not None and preset != default_preset:
        params[PRESET_PARAM] = preset
    if preset_figures is not None:
        for name, value in case_inputs.items():
            if name in preset_figures and float(value) != float(preset_figures[name]):
                params[CASE_PREFIX + name] = _text(float(value))
    if segment_by is not None and segment_by != default_segment:
        params[SEGMENT_PARAM] = segment_by
    return params
