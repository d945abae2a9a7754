"""A scenario's estimates keep each customer's own incidents, and add the scenario's beside.

The estimate under a scenario is priced with the incidents the fixes leave (fewer outage
hours, fewer missed promises). A download that put those in the contract's incident
columns would pass the scenario's counts off as the customer's own, unmarked. So once
priced, every incident column holds the customer's own value again and the scenario's
value sits beside it as `<incident>_with_fixes` (e.g. `outage_hours_with_fixes`).

The command line prices in a second pass, after the first has spilled the scenario's
customers, so the first pass keeps the own values in `OWN_PREFIX` columns
(`remember_own_incidents`) and the second puts them back (`own_incidents_first`); in
memory `keep_own_incidents` does both at once.
"""

from __future__ import annotations

import pandas as pd

from data.schema import INCIDENT_FEATURES

WITH_FIXES_SUFFIX = "_with_fixes"
OWN_PREFIX = "own__"


def _incidents(frame: pd.DataFrame) -> list[str]:
    return [name for name in INCIDENT_FEATURES if name in frame.columns]


def remember_own_incidents(today: pd.DataFrame, with_fixes: pd.DataFrame) -> pd.DataFrame:
    """`with_fixes` (same rows as `today`) with today's incident values kept as `own__<name>`."""
    kept = with_fixes.copy()
    for name in _incidents(with_fixes):
        kept[OWN_PREFIX + name] = today[name].to_numpy()
    return kept


def own_incidents_first(estimates: pd.DataFrame) -> pd.DataFrame:
    """Each incident column back to the customer's own value (from `own__<name>`), the
    scenario's value as `<name>_with_fixes`; a frame without `own__` columns is returned as
    it is (no scenario)."""
    names = [n for n in _incidents(estimates) if OWN_PREFIX + n in estimates.columns]
    if not names:
        return estimates
    shown = estimates.copy()
    for name in names:
        shown[name + WITH_FIXES_SUFFIX] = estimates[name]
        shown[name] = estimates[OWN_PREFIX + name]
    return shown.drop(columns=[OWN_PREFIX + n for n in names])


def keep_own_incidents(today: pd.DataFrame, with_fixes: pd.DataFrame) -> pd.DataFrame:
    """The priced `with_fixes` estimates with the customers' own incidents from `today`
    and the scenario's beside them under `<incident>_with_fixes`."""
    return own_incidents_first(remember_own_incidents(today, with_fixes))
