"""The case study: the preset customer, and what fixing each kind of failure would save.

The case study page prices one customer; these are its rules, tested once: the preset
(the telco case of the methodology), the customer as a one-row frame, and the savings of
each fix done completely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

import pandas as pd

from model.cases.presets import TELCO
from model.churn import ChurnModel
from model.money import COST_COLUMNS, Assumptions, Scenario, add_costs, compare, scored_scenario

# The case study --------------------------------------------------------------------------

#: The telco case (docs/methodology/case_study.md) as one customer: the telco preset's
#: fields (model/cases/presets.py says which figures the source gives and which are
#: chosen), held once, there.
CASE_STUDY_CUSTOMER: dict[str, float | int | str] = TELCO.customer()


def case_customer(values: Mapping[str, float | int | str] | None = None) -> pd.DataFrame:
    """The case study customer as a one-row frame in the contract's columns.

    `values` overrides the preset for any contract column; other keys are an error naming
    the key, so a typo cannot silently leave the preset in place.
    """
    row = dict(CASE_STUDY_CUSTOMER)
    for key, value in (values or {}).items():
        if key not in row:
            raise ValueError(f"Unknown case study field {key!r}; the fields are: {', '.join(row)}")
        row[key] = value
    return pd.DataFrame([row], columns=list(CASE_STUDY_CUSTOMER))


def fix_scenarios() -> dict[str, Scenario]:
    """One scenario per lever at 1 (every such failure removed), then "all" levers at 1."""
    levers = [lever.name for lever in fields(Scenario)]
    scenarios = {lever: Scenario(**{lever: 1.0}) for lever in levers}
    scenarios["all"] = Scenario(**dict.fromkeys(levers, 1.0))
    return scenarios


def scored_fixes(scored_today: pd.DataFrame, model: ChurnModel) -> dict[str, pd.DataFrame]:
    """The scored customers under each of `fix_scenarios` (the model inference of the fixes)."""
    return {
        name: scored_scenario(scored_today, scenario, model)
        for name, scenario in fix_scenarios().items()
    }


def fix_savings(
    scored_today: pd.DataFrame,
    fixed: Mapping[str, pd.DataFrame],
    assumptions: Assumptions,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """What each fix, done completely, would save; one row per `fixed` scenario.

    `scored_today` is `scored_customers` of the customers, `fixed` is `scored_fixes` of it:
    this part is arithmetic only, so new assumptions cost no prediction. Fixes overlap (a
    kept promise also saves the call that chases it), so the single rows need not add up to
    "all". Columns: the saving in each cost component and in total, and the expected
    churners avoided. `prospect_value` as in `add_costs` (the case page passes the mean
    lifetime value of the portfolio in use).
    """
    today = add_costs(scored_today, assumptions, prospect_value)
    rows = {
        name: compare(today, add_costs(scored, assumptions, prospect_value))["saving"]
        for name, scored in fixed.items()
    }
    table = pd.DataFrame(rows).T
    return table[[*COST_COLUMNS, "expected_churners"]]
