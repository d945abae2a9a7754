"""The demo workspace: a year of synthetic months, so the Trend page has something true to
show on a first start.

On a store with no workspace at all, `ensure_demo` creates `DEMO_WORKSPACE` from the
synthetic generator (data.synthetic): twelve monthly periods of the same size in which
outages improve (each month's outage hours 6 % of January's fewer than the month before)
while missed promises worsen (each month another 2 % of customers have one more), and an
alert rule (any root cause up more than 5 % on the previous period) that the worsening
sets off. A store that holds any workspace is never touched. It is written by
`system:demo`, an administrator, and granted to EVERYONE as viewer: the local user (an
administrator) sees it as before, and on a server with sign-in every signed-in user reads
it, so a first sign-in's Trend page opens on a year that shows what the product does,
while nobody can change it or see anyone's own workspace through it
(docs/adr/0021-identity-and-roles.md). An administrator may revoke it
(`churn-cost workspace revoke NAME everyone`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import generate
from model.store.access import EVERYONE, VIEWER, Actor
from model.store.alerts import ANY_ROOT_CAUSE, AlertRule, save_alert_rule
from model.store.database import Store
from model.store.members import grant
from model.store.snapshot import snapshot_frame
from model.store.workspaces import NameTaken, create_workspace, workspace_names

DEMO_WORKSPACE = "Demo: a year of service failures"
DEMO_YEAR = 2026
DEMO_CUSTOMERS = 1_000
#: Each month, outage hours fall by this share of January's; missed promises reach this
#: many more customers.
OUTAGE_STEP, PROMISE_STEP = 0.06, 0.02
DEMO_RULE = AlertRule("A root cause up more than 5 %", ANY_ROOT_CAUSE, rise_percent=5.0)
#: Who writes the demo, in the audit trail.
DEMO_ACTOR = Actor("system:demo", administrator=True)


def demo_month(month: int, customers: int = DEMO_CUSTOMERS) -> pd.DataFrame:
    """Month `month` (1 to 12) of the demo: the same generated customers every month, their
    outages improved and missed promises worsened by the month's step (seeded, so the same
    every time: a customer given an extra missed promise keeps it in later months)."""
    frame = generate(customers, seed=DEMO_YEAR)
    draw = np.random.default_rng(DEMO_YEAR).random(len(frame))
    frame["outage_hours"] = np.round(frame["outage_hours"] * (1.0 - OUTAGE_STEP * (month - 1)), 1)
    extra = draw < PROMISE_STEP * (month - 1)
    frame["unresolved_promises"] = frame["unresolved_promises"] + extra.astype("int64")
    return frame.drop(columns=["true_churn_probability", "churned"])


def ensure_demo(store: Store, customers: int = DEMO_CUSTOMERS) -> bool:
    """Create the demo workspace when the store holds no workspace; True if it did."""
    store = store.acting(DEMO_ACTOR)
    if workspace_names(store):
        return False
    try:
        create_workspace(store, DEMO_WORKSPACE)
    except NameTaken:  # another server started at the same moment made it
        return False
    grant(store, DEMO_WORKSPACE, EVERYONE, VIEWER)
    save_alert_rule(store, DEMO_WORKSPACE, DEMO_RULE)
    for month in range(1, 13):
        snapshot_frame(
            store,
            DEMO_WORKSPACE,
            f"{DEMO_YEAR}-{month:02d}",
            demo_month(month, customers),
            source_name=f"synthetic month {month} (model.store.demo)",
        )
    return True
