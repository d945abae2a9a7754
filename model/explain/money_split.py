"""Root causes: how much of each customer's money each of their incidents accounts for.

docs/methodology/root_causes.md: a customer's total_expected_cost is split over their
incidents by exact Shapley values on the money itself. The value of a set S of incidents
is the customer's total with only those incidents switched on: churn from the model,
reach from the complaint flag (only when the complaint is in S), handling cost from the
counts in S. Each incident gets its marginal value averaged over every order of
switching the customer's incidents on, so the parts sum exactly to the total, do not
depend on column order, and give 0 to an incident the customer did not have.

There is one player per incident feature (`model.churn.default_players`, plus any priced
count the model does not read: `players_for`). Incidents the model cannot tell apart
(`data.schema.INCIDENT_GROUPS`: calls, phone time, agents) are not one player: their
parts are summed afterwards and shown as one bar with its range (model.churn.root_causes).

The model inference is split from the money so that a money slider costs no prediction.
With a(S) = max(churn(S) - baseline, 0) the value of S is

    v(S) = a(S) * (departure_value * departure_discount + quiet * prospect_value)
         + a(S) * [complaint in S] * quiet * (multiplier - 1) * prospect_value
         + sum over priced incidents in S of count * rate

with departure_value the clv, the replacement or the smaller (`departure_cost`), an hour
on the phone priced with its staff turnover (`service_rates`), and
quiet = people_told * in_market_share * deterrence_rate. Shapley values are linear
in v, so `churn_shapley` computes, once per portfolio, the Shapley values of a(S) and of
a(S) * [complaint in S]; `cost_by_root_cause` weights them by the money of the
assumptions in use and adds each priced count to its own player.
"""

from __future__ import annotations

import pandas as pd

from model.churn import BUILT_IN_LAYOUT, ChurnShapley, FeatureLayout, default_players
from model.money import (
    SERVICE_COST_RATES,
    Assumptions,
    departure_value,
    portfolio_prospect_value,
    service_rates,
    typical_clv,
)


def players_for(
    scored: pd.DataFrame, layout: FeatureLayout = BUILT_IN_LAYOUT
) -> dict[str, tuple[str, ...]]:
    """`default_players` of the layout, plus any priced count the frame has that no player
    covers.

    A count that costs money but is not a model feature (e.g. `reshipped_orders` before
    the model reads it) still needs a player, or its handling cost would belong to none.
    """
    players = default_players(layout)
    covered = {feature for members in players.values() for feature in members}
    for feature in SERVICE_COST_RATES:
        if feature in scored.columns and feature not in covered:
            players[feature] = (feature,)
    return players


def cost_by_root_cause(
    estimates: pd.DataFrame,
    shapley: ChurnShapley,
    assumptions: Assumptions,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """Each customer's total_expected_cost split over the players (rows sum to it).

    A declared incident's unit cost set for a column no player covers (one the model does
    not read) gets a column of its own holding its handling cost, so the rows still sum
    to the total. Arithmetic only. `estimates` are `model.money.costs.add_costs` of the
    same customers with the same assumptions and `prospect_value` (None: the median clv of
    these customers, as in add_costs); `shapley` is `churn_shapley` of them.
    """
    if prospect_value is None:
        prospect_value = portfolio_prospect_value(typical_clv(estimates, assumptions), assumptions)
    quiet = (
        assumptions.people_told
        * assumptions.in_market_share
        * assumptions.deterrence_rate
        * prospect_value
    )
    departure = departure_value(estimates["clv"], estimates["monthly_revenue"], assumptions)
    per_departure = departure * assumptions.departure_discount + quiet
    complaint_extra = quiet * (assumptions.public_complaint_multiplier - 1.0)
    split = shapley.churn * per_departure[:, None] + shapley.complaint_churn * complaint_extra
    rates = service_rates(assumptions)
    for j, members in enumerate(shapley.players.values()):
        for feature in members:
            if feature in rates and feature in estimates.columns:
                split[:, j] += estimates[feature].to_numpy(dtype="float64") * rates[feature]
    frame = pd.DataFrame(split, index=estimates.index, columns=list(shapley.players))
    covered = {feature for members in shapley.players.values() for feature in members}
    for feature, rate in assumptions.declared_rates.items():
        if feature not in covered and feature in estimates.columns and rate:
            frame[feature] = estimates[feature].to_numpy(dtype="float64") * rate
    return frame
