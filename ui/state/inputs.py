"""The widgets' values set from settings: seeded, kept across pages, and reset.

The sidebar, the What-if page and the Case study draw their widgets under the keys of
ui/state/keys.py; this module puts values into those keys (from the address, a JSON file or
the defaults: ui/state/controls.py converts to display units, percent for shares), keeps the
values of widgets a page does not draw, and holds the reset buttons' callbacks and the case
study's inputs. ui/state/settings.py reads the widgets back into the run's `Settings`.
"""

from __future__ import annotations

from collections.abc import Mapping

import ui.state.session as session
from model.cases import CUSTOMER_PRESETS, TELCO
from model.money import Assumptions, Scenario
from ui.state.controls import (
    CONTROLS_BY_KEY,
    FIXED_RETENTION_OFFERED,
    display_from_assumptions,
    display_from_scenario,
    lever_to_display,
)
from ui.state.keys import (
    ASSUMPTION_KEYS,
    CASE_KEYS,
    CASE_PRESET,
    DECLARED_COST_PREFIX,
    DECLARED_LEVER_PREFIX,
    KEPT_IF_SET,
    LEVER_KEYS,
    PORTFOLIO_SIZE_KEY,
    PORTFOLIO_SOURCE,
    RETENTION_SOURCE_KEY,
)


def assumption_widget_values(assumptions: Assumptions) -> dict[str, object]:
    """Widget key -> value showing these assumptions, the retention source included."""
    values: dict[str, object] = {
        ASSUMPTION_KEYS[key]: shown for key, shown in display_from_assumptions(assumptions).items()
    }
    from_model = assumptions.monthly_retention is None
    values[RETENTION_SOURCE_KEY] = "model" if from_model else "fixed"
    if from_model:  # the fixed rate offered if the user switches
        values[ASSUMPTION_KEYS["monthly_retention"]] = CONTROLS_BY_KEY[
            "monthly_retention"
        ].to_display(FIXED_RETENTION_OFFERED)
    for name, cost in assumptions.cost_per_declared_incident:  # a history's own incidents
        values[f"{DECLARED_COST_PREFIX}{name}"] = float(cost)
    return values


def declared_lever_values(scenario: Scenario) -> dict[str, float]:
    """Widget key -> percent shown, for the levers of a history's declared incidents."""
    return {
        f"{DECLARED_LEVER_PREFIX}{name}": lever_to_display(share)
        for name, share in scenario.declared_incidents_cut
    }


def seed_widgets(assumptions: Assumptions, scenario: Scenario, size: int) -> None:
    """Set the sidebar's and the levers' widgets to show these settings."""
    for key, shown in assumption_widget_values(assumptions).items():
        session.put(key, shown)
    for name, shown in display_from_scenario(scenario).items():
        session.put(LEVER_KEYS[name], shown)
    session.put(PORTFOLIO_SIZE_KEY, size)
    session.setdefault(PORTFOLIO_SOURCE, "synthetic")


def keep_across_pages() -> None:
    """Keep the values of widgets that only some pages draw (levers, case inputs, the fixed
    retention, the fixes' costs, a history's declared incidents) through runs of pages that
    do not draw them."""
    if not session.has(CASE_KEYS["monthly_revenue"]):
        reset_case()
    kept = [key for key in KEPT_IF_SET if session.has(key)]
    kept += session.keys_starting(DECLARED_LEVER_PREFIX)
    kept += session.keys_starting(DECLARED_COST_PREFIX)
    for key in (
        *LEVER_KEYS.values(),
        *CASE_KEYS.values(),
        ASSUMPTION_KEYS["monthly_retention"],
        *kept,
    ):
        session.keep(key)


def show_assumptions(assumptions: Assumptions) -> None:
    """Callback of a button that sets the assumptions (e.g. unit costs scaled to the books):
    the sidebar's widgets show them, so they are the run's assumptions from then on."""
    for key, shown in assumption_widget_values(assumptions).items():
        session.put(key, shown)


def reset_assumptions() -> None:
    """Callback of the reset button: every assumption back to its default."""
    for key, shown in assumption_widget_values(Assumptions()).items():
        session.put(key, shown)
    for key in session.keys_starting(DECLARED_COST_PREFIX):
        session.put(key, 0.0)  # a declared incident's unit cost: 0 unless set


def load_case_customer(figures: Mapping[str, object]) -> None:
    """Put a customer's figures into the case study's inputs (the complaint as a switch)."""
    for name, key in CASE_KEYS.items():
        value = figures[name]
        session.put(key, bool(value) if name == "regulator_complaint" else value)


def reset_case() -> None:
    """The case study inputs back to the chosen preset customer (the telco case unless
    another is chosen); also the reset button's callback."""
    preset = CUSTOMER_PRESETS.get(session.get(CASE_PRESET), TELCO)
    load_case_customer(preset.customer())


def current_case() -> dict[str, float | int]:
    """The case study customer's fields as the inputs show them (complaint as 0 or 1)."""
    values = _values(CASE_KEYS)
    values["regulator_complaint"] = int(bool(values["regulator_complaint"]))
    return values


def _values(keys: Mapping[str, str]) -> dict[str, float | None]:
    return {name: session.get(key) for name, key in keys.items()}
