"""Every case of the sources (docs/methodology/case_study.md), as presets.

Each preset tells its story and lists its figures, each marked as given by the source or
chosen here (with why), so a user can see exactly which numbers the source stands behind.

- The telco customer: one customer, most figures from the source.
- The neighbour's account: one customer; the source gives the story and "a similar
  number of calls" (about 22); the rest is chosen.
- The school-supplies distributor: a portfolio, not one customer. The source gives the
  failures (orders incomplete, wrong or damaged, each re-shipped with its carriage paid
  again, phones that never stopped) and the result: fixing quality at the source would
  have saved at least 1.5 million dollars a year. It states no volumes, so the volumes
  and unit costs here are chosen, each said as chosen, and `school_supplies_derivation`
  shows how they come to that figure; `school_supplies_business_case` prices the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from model.money import LOSS_PARTS, BusinessCase, FixCost, dated_business_case

Origin = Literal["source", "chosen"]


@dataclass(frozen=True)
class Figure:
    """One figure of a case: its value, whether the source gives it, and why."""

    name: str
    value: float | int
    origin: Origin
    note: str


@dataclass(frozen=True)
class CustomerPreset:
    """A one-customer case: its story and the contract fields of the customer."""

    key: str
    title: str
    story: str
    figures: tuple[Figure, ...]

    def customer(self) -> dict[str, float | int | str]:
        """The customer as contract fields (every optional incident column present)."""
        return {"customer_id": self.key, **{f.name: f.value for f in self.figures}}

    def figures_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(f.name, f.value, f.origin, f.note) for f in self.figures],
            columns=["field", "value", "origin", "note"],
        )


TELCO = CustomerPreset(
    key="telco-case",
    title="The telco customer",
    story=(
        "A telephone company upgraded a household from its copper line to a fibre phone, "
        'internet and TV bundle sold with a "worry-free guarantee". The dial tone was cut '
        "18 hours before the switch, without notice, and stayed off for 112 hours. It took "
        "22 calls and over 12 hours on the phone with more than 50 employees; 3 promised "
        "restoration deadlines were missed; an escalation manager who could not see the "
        "ticket passed the call to a billing department closed for the weekend. It was "
        "resolved only after a formal complaint to the state public utility board."
    ),
    figures=(
        Figure("monthly_revenue", 150.0, "chosen", "a fibre phone, internet and TV bundle"),
        Figure("tenure_months", 180.0, "chosen", "15 years: a household's long-held copper line"),
        Figure("outage_hours", 112.0, "source", "no dial tone for 112 hours straight"),
        Figure("support_calls", 22, "source", "22 separate calls"),
        Figure("unresolved_promises", 3, "source", "3 restoration deadlines missed"),
        Figure("hours_on_phone", 12.0, "source", "over 12 cumulative hours on the phone"),
        Figure("agents_contacted", 50, "source", "more than 50 different employees"),
        Figure("escalations", 1, "source", "the escalation manager without the ticket notes"),
        Figure("billing_errors", 0, "chosen", "the source reports none"),
        Figure("regulator_complaint", 1, "source", "complaint to the state utility board"),
        Figure("reshipped_orders", 0, "chosen", "a phone service ships nothing"),
    ),
)

NEIGHBOUR = CustomerPreset(
    key="neighbour-account",
    title="The neighbour's account",
    story=(
        "After her husband died, a neighbour asked the same company to put the account in "
        "her name. Payment-deficiency notices kept coming, although her cancelled cheques "
        "proved she had paid; service had to be restored; it took a similar number of "
        "calls to the telco case, about 22. The source gives the story and the calls; "
        "the other figures are chosen, each said as chosen."
    ),
    figures=(
        Figure("monthly_revenue", 60.0, "chosen", "a household phone line"),
        Figure("tenure_months", 240.0, "chosen", "20 years: the couple's long-standing account"),
        Figure(
            "outage_hours",
            48.0,
            "chosen",
            "service cut for the unpaid notices and restored: two days assumed",
        ),
        Figure("support_calls", 22, "source", "a similar number of calls, about 22"),
        Figure(
            "unresolved_promises",
            2,
            "chosen",
            "the notices kept coming after she was told it was sorted: two assumed",
        ),
        Figure(
            "hours_on_phone",
            12.0,
            "chosen",
            "as in the telco case for the same number of calls (about 33 minutes a call)",
        ),
        Figure("agents_contacted", 15, "chosen", "the source gives no count; 15 assumed"),
        Figure("escalations", 0, "chosen", "the source reports none"),
        Figure(
            "billing_errors",
            4,
            "chosen",
            "payment-deficiency notices despite payment: four monthly notices assumed",
        ),
        Figure("regulator_complaint", 0, "chosen", "the source reports none"),
        Figure("reshipped_orders", 0, "chosen", "a phone account ships nothing"),
    ),
)

CUSTOMER_PRESETS: dict[str, CustomerPreset] = {p.key: p for p in (TELCO, NEIGHBOUR)}


# The school-supplies distributor: a portfolio -----------------------------------------

SCHOOL_SUPPLIES_STORY = (
    "A distributor of school supplies saw its orders arrive incomplete, wrong or damaged. "
    "Every time, it re-shipped the items and paid the carriage again, and its phones never "
    "stopped ringing with schools chasing what was missing. The source's conclusion: "
    "fixing quality at the source, so that orders leave complete and undamaged, would have "
    "saved at least 1.5 million dollars a year. The source states the failures and that "
    "figure, not the volumes behind it: the volumes and unit costs below are chosen, each "
    "said as chosen, to show what the figure takes."
)

SCHOOL_SUPPLIES_FIGURES: tuple[Figure, ...] = (
    Figure("schools", 1_500, "chosen", "schools and districts buying from the distributor"),
    Figure("orders_per_school", 40, "chosen", "orders a year per school (term starts, top-ups)"),
    Figure(
        "failed_order_share",
        0.10,
        "chosen",
        "share of orders arriving incomplete, wrong or damaged (1 in 10)",
    ),
    Figure(
        "goods_and_packing_per_reshipment",
        150.0,
        "chosen",
        "the items sent again and packed again, at cost",
    ),
    Figure("carriage_per_reshipment", 60.0, "chosen", "the carriage paid again"),
    Figure("calls_per_failed_order", 3, "chosen", '"phones that never stopped": 3 calls each'),
    Figure("cost_per_call", 7.68, "source", "ContactBabel's US survey, the app's default"),
    Figure("minutes_per_call", 15, "chosen", "finding the order, arranging the re-shipment"),
    Figure("cost_per_agent_hour", 30.0, "chosen", "a loaded hourly cost of a US agent"),
    Figure("source_saving_per_year", 1_500_000.0, "source", "at least 1.5 million dollars a year"),
)

#: What fixing quality at the source costs (chosen): a checking and packing station and
#: training now, and the quality staff who run it every year.
SCHOOL_SUPPLIES_FIX = FixCost(one_off=400_000.0, per_year=300_000.0, horizon_years=3)


def school_supplies_figures() -> dict[str, float]:
    return {f.name: float(f.value) for f in SCHOOL_SUPPLIES_FIGURES}


def school_supplies_derivation(figures: dict[str, float] | None = None) -> pd.DataFrame:
    """How the yearly cost of the failures comes out of volumes and unit costs.

    Rows: the step, the arithmetic, the amount (a count or currency per year). The last
    row, the yearly cost of the failures, is what fixing quality at the source saves in
    direct costs; lost schools would add to it.
    """
    f = figures or school_supplies_figures()
    orders = f["schools"] * f["orders_per_school"]
    failed = orders * f["failed_order_share"]
    reshipping = failed * (f["goods_and_packing_per_reshipment"] + f["carriage_per_reshipment"])
    calls = failed * f["calls_per_failed_order"]
    call_cost = calls * f["cost_per_call"]
    agent_hours = calls * f["minutes_per_call"] / 60
    agent_cost = agent_hours * f["cost_per_agent_hour"]
    rows = [
        ("Orders a year", "schools x orders per school", orders),
        ("Orders re-shipped", "orders x share failed", failed),
        (
            "Re-shipping",
            "re-shipped orders x (goods and packing + carriage)",
            reshipping,
        ),
        ("Calls about failed orders", "re-shipped orders x calls each", calls),
        ("Call handling", "calls x cost per call", call_cost),
        ("Agents' time", "calls x minutes / 60 x cost per agent hour", agent_cost),
        (
            "Cost of the failures a year",
            "re-shipping + call handling + agents' time",
            reshipping + call_cost + agent_cost,
        ),
    ]
    return pd.DataFrame(rows, columns=["step", "how", "amount"])


def school_supplies_yearly_cost(figures: dict[str, float] | None = None) -> float:
    """The yearly direct cost of the failures (the derivation's last row)."""
    return float(school_supplies_derivation(figures)["amount"].iloc[-1])


def school_supplies_business_case(
    figures: dict[str, float] | None = None,
    cost: FixCost = SCHOOL_SUPPLIES_FIX,
    annual_discount_rate: float = 0.12,
) -> BusinessCase:
    """The business case of fixing quality at the source.

    The saving is the direct cost of the failures as incurred, a twelfth of the yearly
    cost each month, all of it handling (re-shipping, calls, agents' time). The schools'
    lost custom is not counted, as the source does not count it.
    """
    monthly = school_supplies_yearly_cost(figures) / 12
    loss = pd.DataFrame(
        {"departures": 0.0, "word_of_mouth": 0.0, "handling": np.full(cost.months, monthly)},
        index=pd.RangeIndex(1, cost.months + 1),
    )
    return dated_business_case(
        loss[list(LOSS_PARTS)], loss[list(LOSS_PARTS)], cost, annual_discount_rate
    )
