"""What-if scenarios: operational levers that remove incidents, and what that saves.

A `Scenario` says what share of each kind of failure is fixed. `apply_scenario` turns
today's customers into the customers of the scenario; estimating both and calling
`compare` gives the saving per component and in total.

Counts stay whole numbers: cutting 30 % of 3 missed promises leaves 2.1 on average, so
the customer keeps 2 with probability 0.9 and 3 with probability 0.1. The draw is a
fixed function of the customer id and the feature, so the same scenario always gives
the same customers, and totals move smoothly with the lever instead of in steps (a
tree model would read 2.1 as 2 and 2.7 as 3). Why: docs/adr/0002.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.money.costs import COST_COMPONENTS, cost_totals
from model.money.settings_json import from_known_keys, json_object


@dataclass(frozen=True)
class Scenario:
    """Shares (0 to 1) of each kind of failure that a fix would remove."""

    outage_hours_cut: float = 0.0
    repeat_calls_avoided: float = 0.0
    promises_kept: float = 0.0
    escalations_avoided: float = 0.0
    billing_errors_prevented: float = 0.0
    regulator_complaints_avoided: float = 0.0
    reshipments_avoided: float = 0.0
    #: Shares of each declared incident (a history's own, `--incidents`) removed, by
    #: column: {"dropped_calls": 0.3}. Kept as sorted (column, share) pairs (hashable).
    declared_incidents_cut: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        declared = self.declared_incidents_cut
        if isinstance(declared, dict):
            declared = tuple(sorted(declared.items()))
        if not isinstance(declared, tuple | list) or not all(
            isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[0], str)
            for pair in declared
        ):
            raise ValueError(
                "declared_incidents_cut: must map column names to shares, e.g. "
                '{"dropped_calls": 0.3}'
            )
        object.__setattr__(self, "declared_incidents_cut", tuple(map(tuple, declared)))
        for column, value in self.declared_incidents_cut:
            _check_share(f"declared_incidents_cut.{column}", value)
        for name in LEVER_INFO:
            _check_share(name, getattr(self, name))

    @property
    def declared_cuts(self) -> dict[str, float]:
        return dict(self.declared_incidents_cut)

    @property
    def is_today(self) -> bool:
        return all(getattr(self, name) == 0 for name in LEVER_INFO) and not any(
            share for _, share in self.declared_incidents_cut
        )

    def to_dict(self) -> dict:
        values = asdict(self)
        values["declared_incidents_cut"] = self.declared_cuts
        return values


def _check_share(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: must be a number between 0 and 1, got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name}: must be between 0 and 1, got {value!r}")


@dataclass(frozen=True)
class Lever:
    """What a lever means to a user: its slider's label and help. Every lever is a share
    of one kind of failure fixed, 0 to 1, shown in percent in steps of `LEVER_STEP`."""

    label: str
    help: str


#: Lever sliders: percent of the failures fixed, 0 to 100 in steps of 5.
LEVER_STEP = 5.0

#: Every lever's words, once, in the order the What-if page shows them.
LEVER_INFO: dict[str, Lever] = {
    "outage_hours_cut": Lever(
        "Cut outage hours by",
        "Every customer's outage hours fall by this share.",
    ),
    "repeat_calls_avoided": Lever(
        "Repeat calls resolved at first contact",
        "This share of the calls beyond each customer's first is avoided "
        "by resolving the problem on first contact; time on the phone and agents contacted fall "
        "with the calls.",
    ),
    "promises_kept": Lever(
        "Missed promises kept",
        "This share of missed promises (callbacks, fixes, deadlines) is kept.",
    ),
    "escalations_avoided": Lever(
        "Escalations avoided",
        "This share of escalations to managers or specialists is avoided.",
    ),
    "billing_errors_prevented": Lever(
        "Billing errors prevented",
        "This share of wrong bills and payment notices is prevented.",
    ),
    "regulator_complaints_avoided": Lever(
        "Regulator complaints avoided",
        "This share of regulator or public complaints is avoided.",
    ),
    "reshipments_avoided": Lever(
        "Re-shipments avoided",
        "This share of the orders sent again because they arrived incomplete, wrong or "
        "damaged is avoided by getting them right the first time.",
    ),
}
#: What each lever means to a user, for sliders and reports.
LEVER_LABELS: dict[str, str] = {name: lever.label for name, lever in LEVER_INFO.items()}


def scenario_from_dict(values: dict[str, Any]) -> Scenario:
    """A Scenario from a mapping of lever names; missing levers are 0, unknown ones an error."""
    return from_known_keys(Scenario, values, "scenario lever")


def scenario_from_json(text: str | bytes, source: str = "The scenario file") -> Scenario:
    """A Scenario from JSON text (an object of lever names and shares from 0 to 1)."""
    return scenario_from_dict(json_object(text, source, "scenario lever"))


def scenario_to_json(scenario: Scenario) -> str:
    """The scenario as the JSON file `python -m model.score --scenario FILE` reads."""
    return json.dumps(scenario.to_dict(), indent=2) + "\n"


def load_scenario(path: str | Path) -> Scenario:
    return scenario_from_json(Path(path).read_text(encoding="utf-8-sig"), str(path))


def _uniforms(customer_ids: pd.Series, feature: str) -> np.ndarray:
    """A fixed pseudo-random number in [0, 1) per customer and feature."""
    salted = customer_ids.astype("string") + "\x1f" + feature
    hashes = pd.util.hash_pandas_object(salted, index=False).to_numpy()
    return (hashes >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _whole(expected: np.ndarray, customer_ids: pd.Series, feature: str) -> np.ndarray:
    """Round each expected count up with probability equal to its fractional part.

    Only customers with a fractional part need a draw (usually few), so only their ids
    are hashed.
    """
    floor = np.floor(expected)
    fraction = expected - floor
    whole = floor.astype(np.int64)
    uncertain = np.flatnonzero(fraction > 0)
    if len(uncertain):
        draws = _uniforms(customer_ids.iloc[uncertain], feature)
        whole[uncertain] += draws < fraction[uncertain]
    return whole


def _counts(customers: pd.DataFrame, feature: str) -> np.ndarray:
    return customers[feature].to_numpy(dtype="float64")


def _fix_calls(customers: pd.DataFrame, changed: pd.DataFrame, share_avoided: float) -> None:
    """Resolve a share of repeat calls at first contact; phone time and agents follow."""
    calls = _counts(customers, "support_calls")
    expected = np.minimum(calls, 1) + np.maximum(calls - 1, 0) * (1 - share_avoided)
    new_calls = _whole(expected, customers["customer_id"], "support_calls")
    share_left = np.divide(new_calls, calls, out=np.ones_like(calls), where=calls > 0)
    changed["support_calls"] = new_calls
    changed["hours_on_phone"] = customers["hours_on_phone"] * share_left
    changed["agents_contacted"] = _whole(
        _counts(customers, "agents_contacted") * share_left,
        customers["customer_id"],
        "agents_contacted",
    )


#: Levers that remove a share of one count feature each.
_COUNT_LEVERS = {
    "promises_kept": "unresolved_promises",
    "escalations_avoided": "escalations",
    "billing_errors_prevented": "billing_errors",
    "regulator_complaints_avoided": "regulator_complaint",
    "reshipments_avoided": "reshipped_orders",
}


def levers_that_move(customers: pd.DataFrame) -> list[str]:
    """The levers that change something for these customers: some have outage hours, more
    than one call, or the count a lever removes. A company's own history may record none
    of the built-in failures; a lever for them would move nothing."""

    def some(feature: str, above: float = 0.0) -> bool:
        return feature in customers.columns and bool((_counts(customers, feature) > above).any())

    moving = {
        "outage_hours_cut": some("outage_hours"),
        "repeat_calls_avoided": some("support_calls", 1.0),
        **{lever: some(feature) for lever, feature in _COUNT_LEVERS.items()},
    }
    return [lever for lever in LEVER_INFO if moving[lever]]


def apply_scenario(customers: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The customers as they would be with the scenario's fixes; input left untouched.

    Repeat calls are the calls beyond the first; time on the phone and agents contacted
    fall in proportion to the calls that remain. A declared incident (a history's own)
    falls by its share, kept whole where its counts are whole. Levers at 0 change nothing
    and cost nothing.
    """
    changed = customers.copy()
    if scenario.outage_hours_cut:
        changed["outage_hours"] = customers["outage_hours"] * (1 - scenario.outage_hours_cut)
    if scenario.repeat_calls_avoided:
        _fix_calls(customers, changed, scenario.repeat_calls_avoided)
    for lever, feature in _COUNT_LEVERS.items():
        share = getattr(scenario, lever)
        if share and feature in customers.columns:
            expected = _counts(customers, feature) * (1 - share)
            changed[feature] = _whole(expected, customers["customer_id"], feature)
    for feature, share in scenario.declared_incidents_cut:
        if share and feature in customers.columns:
            counts = pd.to_numeric(customers[feature], errors="coerce").to_numpy(dtype="float64")
            expected = counts * (1 - share)
            whole = np.all(np.isnan(counts) | (counts == np.round(counts)))
            changed[feature] = (
                _whole(expected, customers["customer_id"], feature) if whole else expected
            )
    return changed


def compare(today: pd.DataFrame, with_scenario: pd.DataFrame) -> pd.DataFrame:
    """Totals today and with the scenario, and the saving, per component and in total.

    Rows: the cost components then `total_expected_cost`, plus `expected_churners`
    (customers expected to leave because of service failures). Columns: today,
    scenario, saving (today - scenario; positive when the scenario costs less).
    """
    rows = [*COST_COMPONENTS, "total_expected_cost"]
    table = pd.DataFrame(
        {"today": cost_totals(today)[rows], "scenario": cost_totals(with_scenario)[rows]}
    )
    table.loc["expected_churners"] = [
        today["attributable_churn_probability"].sum(),
        with_scenario["attributable_churn_probability"].sum(),
    ]
    table["saving"] = table["today"] - table["scenario"]
    return table
