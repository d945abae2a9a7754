"""The view in the page address, so a link reproduces what its sender saw.

The query string uses the JSON files' own keys and units: every Assumptions field and every
Scenario lever by name, with its stored value (shares as 0..1, e.g.
`?outage_hours_cut=0.3&cost_per_call=9.5`), `customers` for the synthetic portfolio's size,
and what the pages themselves add, so a copied address reopens the very view its sender saw
(the same net present value on the what-if page, the same customer on the case study, the
same segmentation on the overview):

- `fix_one_off`, `fix_per_year` (dollars >= 0) and `fix_horizon_years` (1..30): the
  business case's inputs;
- `case`: the case study's preset (its key, e.g. `neighbour-account`), and `case_<column>`
  for each case input that differs from that preset's figures (`case_outage_hours=40`);
- `segment_by`: the overview's segmentation as its label ("Tenure"); a label this
  portfolio does not offer falls back to the first choice on the page.

Only values that differ from their defaults are written, so a plain address means the
defaults. Reading never fails: a value that is not a number, or is outside what the
dashboard's widgets offer, is replaced by its default and named in `problems`, which the
page shows. Unknown keys are left alone (Streamlit and embedding sites add their own).

The reading and writing are pure functions on plain mappings; `seed_from_address` and
`write_address` at the end put them into the session's widgets and back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

import ui.state.session as session
from data.schema import COLUMNS_BY_NAME
from model.cases import CUSTOMER_PRESETS, DEFAULT_PORTFOLIO_SIZE, PORTFOLIO_SIZES, TELCO
from model.display import count
from model.money import DEFAULT_HORIZON_YEARS, Assumptions, Scenario
from ui.state.controls import CHOICE_CONTROLS, CONTROLS, LEVER_NAMES
from ui.state.inputs import current_case, keep_across_pages, reset_case, seed_widgets
from ui.state.keys import (
    CASE_KEYS,
    CASE_PRESET,
    FIX_HORIZON,
    FIX_ONE_OFF,
    FIX_PER_YEAR,
    INITIALISED,
    PRESET_KEYS,
    QUERY_PROBLEMS,
    SEGMENT_BY,
    UPLOAD_NOT_HERE,
    WORKSPACE,
)
from ui.state.settings import DEFAULT_SEGMENTATION, Settings

SIZE_PARAM = "customers"
FIX_PARAMS = {"one_off": "fix_one_off", "per_year": "fix_per_year"}
HORIZON_PARAM = "fix_horizon_years"
PRESET_PARAM = "case"
CASE_PREFIX = "case_"
SEGMENT_PARAM = "segment_by"
#: Written while an upload is the portfolio in use: the address cannot carry the upload
#: itself, so a session it opens can say the figures are not those of the upload.
SOURCE_PARAM, UPLOADED = "portfolio", "uploaded"
#: The longest segmentation label an address may carry (a column name of the user's file).
LONGEST_SEGMENT = 200


@dataclass(frozen=True)
class AddressRequest:
    """What an address asks for, after falling back to defaults where it could not be read:
    the settings (assumptions, scenario, synthetic portfolio size) and the pages' own
    inputs (each None or empty when not given)."""

    assumptions: Assumptions = field(default_factory=Assumptions)
    scenario: Scenario = field(default_factory=Scenario)
    portfolio_size: int = DEFAULT_PORTFOLIO_SIZE
    fix_cost: dict[str, float] = field(default_factory=dict)
    horizon_years: int | None = None
    preset: str | None = None
    case_inputs: dict[str, float | int] = field(default_factory=dict)
    segment_by: str | None = None
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


def settings_from_query(params: Mapping[str, str | list[str]]) -> AddressRequest:
    """The settings an address asks for; unreadable values fall back and are named."""
    problems: list[str] = []
    assumption_values: dict[str, float | str | None] = {}
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
    for choice in CHOICE_CONTROLS:
        if choice.key not in params:
            continue
        raw = _last(params[choice.key])
        if raw.strip() in choice.options:
            assumption_values[choice.key] = raw.strip()
        else:
            problems.append(
                f"{choice.key}={raw!r} is not one of {', '.join(choice.options)}; "
                "the default is used."
            )

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

    return AddressRequest(
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
    for choice in CHOICE_CONTROLS:
        value = getattr(assumptions, choice.key)
        if value != getattr(defaults, choice.key):
            params[choice.key] = value
    for name in LEVER_NAMES:
        value = getattr(scenario, name)
        if value != getattr(no_fix, name):
            params[name] = _text(value)
    return params


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
) -> AddressRequest:
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
    return AddressRequest(
        fix_cost=fix_cost,
        horizon_years=horizon,
        preset=preset,
        case_inputs=case_inputs,
        segment_by=segment,
        problems=tuple(problems),
    )


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


# The session's side: the first run of a session seeds the widgets from the address; every
# run after writes the view back to it, so a copied link reproduces the settings.


def seed_from_address() -> None:
    """Seed the widgets from the address on a session's first run (app.py calls it first)."""
    request = read_address(session.address())
    seed_widgets(request.assumptions, request.scenario, request.portfolio_size)
    _seed_page_widgets(request)
    session.put(QUERY_PROBLEMS, list(request.problems))
    if _last(session.address().get(SOURCE_PARAM, "")) == UPLOADED:
        session.put(UPLOAD_NOT_HERE, True)  # a new session holds no upload


def read_address(params: Mapping[str, str | list[str]]) -> AddressRequest:
    """Everything an address asks for: the settings and the pages' own inputs."""
    wanted = settings_from_query(params)
    pages = page_view_from_query(params, PRESET_KEYS, list(CASE_KEYS))
    return AddressRequest(
        assumptions=wanted.assumptions,
        scenario=wanted.scenario,
        portfolio_size=wanted.portfolio_size,
        fix_cost=pages.fix_cost,
        horizon_years=pages.horizon_years,
        preset=pages.preset,
        case_inputs=pages.case_inputs,
        segment_by=pages.segment_by,
        problems=(*wanted.problems, *pages.problems),
    )


def _seed_page_widgets(request: AddressRequest) -> None:
    """The pages' own inputs from the address: the fixes' costs and horizon, the case
    study's preset and inputs, the overview's segmentation."""
    for name, key in (("one_off", FIX_ONE_OFF), ("per_year", FIX_PER_YEAR)):
        if name in request.fix_cost:
            session.put(key, request.fix_cost[name])
    if request.horizon_years is not None:
        session.put(FIX_HORIZON, request.horizon_years)
    if request.preset is not None:
        session.put(CASE_PRESET, request.preset)
    reset_case()
    for name, value in request.case_inputs.items():
        session.put(CASE_KEYS[name], bool(value) if name == "regulator_complaint" else value)
    if request.segment_by is not None:
        session.put(SEGMENT_BY, request.segment_by)


def _page_query() -> dict[str, str]:
    """The pages' own inputs as address parameters (only those that differ from defaults)."""
    preset = session.get(CASE_PRESET)
    figures = CUSTOMER_PRESETS[preset].customer() if preset in CUSTOMER_PRESETS else None
    if preset is None:
        figures = TELCO.customer()
    return query_from_page_view(
        fix_cost={
            "one_off": session.get(FIX_ONE_OFF) or 0.0,
            "per_year": session.get(FIX_PER_YEAR) or 0.0,
        },
        horizon_years=int(session.get(FIX_HORIZON) or DEFAULT_HORIZON_YEARS),
        preset=preset,
        default_preset=PRESET_KEYS[0],
        case_inputs=current_case(),
        preset_figures=figures,
        segment_by=session.get(SEGMENT_BY),
        default_segment=DEFAULT_SEGMENTATION,
    )


#: The address's parameter naming the workspace chosen (a name as given: data, never markup).
WORKSPACE_PARAM = "workspace"


def read_chosen_workspace() -> None:
    """The workspace the address names, kept as the session's choice (every run, before the
    address is written back: a sidebar link to a workspace changes the address only)."""
    params = session.address()
    if WORKSPACE_PARAM in params:
        session.put(WORKSPACE, _last(params[WORKSPACE_PARAM]))


def workspace_link(page: str, label: str, name: str) -> None:
    """A link to `page` with the address naming the workspace `name` (the sidebar's list)."""
    st.page_link(
        page, label=label, icon=":material/folder_shared:", query_params={WORKSPACE_PARAM: name}
    )


def write_address(settings: Settings) -> None:
    """The run's settings and the pages' inputs into the page address (app.py: once the
    sidebar is drawn whole)."""
    source = settings.source
    size = source.size if source.kind == "synthetic" else None
    chosen = session.get(WORKSPACE)
    uploaded = {SOURCE_PARAM: UPLOADED} if source.kind == "uploaded" else {}
    session.set_address(
        {
            **query_from_settings(settings.assumptions, settings.scenario, size),
            **_page_query(),
            **({WORKSPACE_PARAM: chosen} if chosen else {}),
            **uploaded,
        }
    )


def upload_not_here() -> bool:
    """Whether this session was opened at an uploaded portfolio's address and holds no
    upload yet: its figures are the synthetic portfolio's, which the pages must say."""
    return bool(session.get(UPLOAD_NOT_HERE))


def forget_upload_not_here() -> None:
    """The visitor read the notice and goes on with the synthetic portfolio."""
    session.drop(UPLOAD_NOT_HERE)


def query_problems() -> list[str]:
    """Problems met reading the address the session was opened with (empty if none)."""
    return list(session.get(QUERY_PROBLEMS, []))


def init_session() -> None:
    """Start a run (app.py, first thing): on a session's first run, seed the widgets from
    the address; on every run, keep the widgets some pages do not draw."""
    if not session.get(INITIALISED):
        seed_from_address()
        session.put(INITIALISED, True)
    read_chosen_workspace()
    keep_across_pages()
