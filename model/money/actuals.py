"""The handling cost of the failures against what the contact centre actually costs.

The modelled handling is priced from unit costs (a call beyond talk time, an agent hour,
an escalation, a billing correction, a regulator complaint); a finance director checks it
against the books. With the contact centre's yearly cost C (an assumption, 0 when not
given):

    modelled = sum over contact-centre incidents of count * unit cost   (the window: a year)
    share    = modelled / C; above 100 % it is implausible: the failures alone would cost
               more than the whole contact centre

With its yearly calls N too, the books give a cost per call, C / N, and the modelled
handling one per support call, modelled / calls; `scale` = (C / N) / (modelled / calls)
is the factor that brings the unit costs to the books' (`scaled_to_actuals`). Outage
credits and re-shipments are not the contact centre's costs and stay out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.money.assumptions import Assumptions
from model.money.costs import SERVICE_COST_RATES

#: The unit costs of the contact centre's own work, by incident column.
CONTACT_CENTRE_RATES: dict[str, str] = {
    column: rate
    for column, rate in SERVICE_COST_RATES.items()
    if column not in ("outage_hours", "reshipped_orders")
}
#: A scale this close to 1 means the unit costs are already the books'.
SCALED_WITHIN = 0.005


@dataclass(frozen=True)
class HandlingAgainstActuals:
    """The modelled contact-centre handling of the failures beside the books' cost."""

    modelled: float
    actual: float
    calls: float
    scale: float | None

    @property
    def share(self) -> float:
        return self.modelled / self.actual

    @property
    def implausible(self) -> bool:
        """More than the whole contact centre costs: a unit cost is too high."""
        return self.share > 1

    @property
    def scaled(self) -> bool:
        """The unit costs in use are already the books' (scaled, or equal by chance)."""
        return self.scale is not None and abs(self.scale - 1) <= SCALED_WITHIN


def contact_centre_handling(customers: pd.DataFrame, assumptions: Assumptions) -> float:
    """The failures' handling cost in the contact centre: counts times unit costs."""
    return float(
        sum(
            customers[column].astype("float64").sum() * getattr(assumptions, rate)
            for column, rate in CONTACT_CENTRE_RATES.items()
            if column in customers.columns
        )
    )


def handling_against_actuals(
    customers: pd.DataFrame, assumptions: Assumptions
) -> HandlingAgainstActuals | None:
    """The comparison, or None when the contact centre's yearly cost is not given."""
    actual = assumptions.contact_centre_yearly_cost
    if not actual:
        return None
    modelled = contact_centre_handling(customers, assumptions)
    calls = float(customers["support_calls"].astype("float64").sum())
    books_calls = assumptions.contact_centre_yearly_calls
    scale = None
    if books_calls and calls and modelled:
        scale = (actual / books_calls) / (modelled / calls)
    return HandlingAgainstActuals(modelled, float(actual), calls, scale)


def scaled_to_actuals(assumptions: Assumptions, scale: float) -> Assumptions:
    """The assumptions with every contact-centre unit cost multiplied by `scale`."""
    return assumptions.with_changes(
        **{rate: getattr(assumptions, rate) * scale for rate in CONTACT_CENTRE_RATES.values()}
    )
