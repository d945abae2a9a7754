"""The business case of a fix: spend X, save Y, paid back in month Z.

The estimate prices one year of incidents. A fix that removes a share of them removes
that share every year, so over a horizon (3 years unless changed) the loss of each
year's incidents is dated month by month, today and with the fix, and the difference is
the saving; the fix costs a one-off sum now (month 0) and a yearly sum paid monthly.

How a year's loss falls in time (month 1 is the first month after today):

- handling cost (`service_cost`) as it is incurred: evenly over the year's 12 months;
- word of mouth (`word_of_mouth_loss`): prospects put off as the year's stories are
  told, evenly over the same 12 months;
- lost margin: the customers driven away leave evenly through the year (as the
  departure discount of docs/methodology/formulas.md assumes), a/12 of them in each
  month k = 1..12; one
  who leaves in month k takes the margin M r**j of each month k + j (j >= 1) with them,
  M = gross_margin * monthly_revenue and r their monthly retention. So in month t

      lost_margin(t) = a * M / 12 * sum over j = max(1, t - 12) .. t - 1 of r**j

  and discounting that stream to today gives back exactly a * clv * departure_discount.
  r is read back from each customer's clv (clv = M r / (1 + d - r), so
  r = clv (1 + d) / (M + clv)), which keeps this module right whichever retention the
  estimate used (one for all, or each customer's own).

Year y's incidents repeat year 0's loss shifted by 12 y months; the lost margin of a
year's leavers runs on past that year, within the horizon.

The figures a board asks for, from the monthly net cash flow n(0) = -one-off,
n(t) = saving(t) - yearly cost / 12:

- net saving = sum of n(t) over the horizon (not discounted);
- return on investment = net saving / what the fix costs over the horizon;
- payback month = the first month whose cumulative net cash flow is >= 0;
- net present value = sum of n(t) / (1 + d) ** t, d the monthly rate of the sidebar's
  annual discount rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.money.assumptions import Assumptions

#: The columns of a dated loss: lost margin, word of mouth and handling, by month.
LOSS_PARTS: tuple[str, ...] = ("lost_margin", "word_of_mouth", "handling")
DEFAULT_HORIZON_YEARS = 3


@dataclass(frozen=True)
class FixCost:
    """What the fixes cost: a one-off sum now and a sum per year, over `horizon_years`."""

    one_off: float = 0.0
    per_year: float = 0.0
    horizon_years: int = DEFAULT_HORIZON_YEARS

    def __post_init__(self) -> None:
        for name in ("one_off", "per_year"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name}: must be a number >= 0, got {value!r}")
        if not isinstance(self.horizon_years, int) or not 1 <= self.horizon_years <= 30:
            raise ValueError(
                f"horizon_years: must be a whole number from 1 to 30, got {self.horizon_years!r}"
            )

    @property
    def months(self) -> int:
        return 12 * self.horizon_years

    @property
    def total(self) -> float:
        """What the fix costs over the horizon, not discounted."""
        return self.one_off + self.per_year * self.horizon_years


@dataclass(frozen=True)
class BusinessCase:
    """The board's figures and the monthly cash flow they come from."""

    saving: float
    cost: float
    net_saving: float
    return_on_investment: float | None
    payback_month: int | None
    net_present_value: float
    cash_flow: pd.DataFrame

    def sentence(self, money) -> str:
        """ "Spend X, save Y, paid back in month Z", with `money` formatting the amounts."""
        paid_back = (
            f"paid back in month {self.payback_month}"
            if self.payback_month is not None
            else "not paid back within the horizon"
        )
        return f"Spend {money(self.cost)}, save {money(self.saving)}, {paid_back}."


def monthly_retention_from_clv(estimates: pd.DataFrame, assumptions: Assumptions) -> np.ndarray:
    """Each customer's r, read back from their clv: r = clv (1 + d) / (M + clv).

    Customers without revenue have no margin to lose; their r is 0 (it multiplies 0).
    """
    margin = assumptions.gross_margin * estimates["monthly_revenue"].to_numpy(dtype="float64")
    clv = estimates["clv"].to_numpy(dtype="float64")
    denominator = margin + clv
    return np.divide(
        clv * (1 + assumptions.monthly_discount_rate),
        denominator,
        out=np.zeros_like(clv),
        where=denominator > 0,
    )


def _geometric(r: np.ndarray, n: int) -> np.ndarray:
    """sum over j = 1..n of r**j, per customer (0 when n <= 0); r < 1 by the assumptions."""
    if n <= 0:
        return np.zeros_like(r)
    return r * (1 - r**n) / (1 - r)


def year_loss_profile(
    estimates: pd.DataFrame, assumptions: Assumptions, months: int
) -> pd.DataFrame:
    """One year of incidents' loss, dated: rows month 1..`months`, columns LOSS_PARTS."""
    attributable = estimates["attributable_churn_probability"].to_numpy(dtype="float64")
    margin = assumptions.gross_margin * estimates["monthly_revenue"].to_numpy(dtype="float64")
    weight = attributable * margin / 12
    r = monthly_retention_from_clv(estimates, assumptions)
    lost_margin = np.zeros(months)
    for t in range(1, months + 1):
        kept = _geometric(r, t - 1) - _geometric(r, max(0, t - 13))
        lost_margin[t - 1] = float(weight @ kept)
    in_year = (np.arange(1, months + 1) <= 12).astype("float64")
    return pd.DataFrame(
        {
            "lost_margin": lost_margin,
            "word_of_mouth": in_year * float(estimates["word_of_mouth_loss"].sum()) / 12,
            "handling": in_year * float(estimates["service_cost"].sum()) / 12,
        },
        index=pd.RangeIndex(1, months + 1, name="month"),
    )


def loss_profile(estimates: pd.DataFrame, assumptions: Assumptions, years: int) -> pd.DataFrame:
    """Every year's incidents over `years` years, dated by month (year y shifted 12 y)."""
    months = 12 * years
    one_year = year_loss_profile(estimates, assumptions, months).to_numpy()
    total = np.zeros_like(one_year)
    for year in range(years):
        shift = 12 * year
        total[shift:] += one_year[: months - shift]
    return pd.DataFrame(total, columns=list(LOSS_PARTS), index=pd.RangeIndex(1, months + 1))


def business_case_from_savings(
    monthly_saving: np.ndarray, cost: FixCost, annual_discount_rate: float
) -> tuple[float, float | None, int | None, float, np.ndarray]:
    """Net saving, ROI, payback month, NPV and the net cash flow (month 0 first).

    `monthly_saving` holds months 1..cost.months. Kept apart from the dating of losses
    so that the board's four figures are checked against hand-worked values directly.
    """
    saving = np.asarray(monthly_saving, dtype="float64")
    if len(saving) != cost.months:
        raise ValueError(f"expected {cost.months} monthly savings, got {len(saving)}")
    net = np.concatenate([[-cost.one_off], saving - cost.per_year / 12])
    net_saving = float(net.sum())
    roi = net_saving / cost.total if cost.total > 0 else None
    cumulative = np.cumsum(net)
    paid = np.flatnonzero(cumulative >= 0)
    payback = int(paid[0]) if len(paid) else None
    monthly_rate = (1 + annual_discount_rate) ** (1 / 12) - 1
    npv = float(np.sum(net / (1 + monthly_rate) ** np.arange(len(net))))
    return net_saving, roi, payback, npv, net


def business_case(
    today: pd.DataFrame, with_fix: pd.DataFrame, cost: FixCost, assumptions: Assumptions
) -> BusinessCase:
    """The business case of the fix that turns `today` into `with_fix` (both priced with
    `assumptions`, same customers), paid for as `cost` says."""
    loss_today = loss_profile(today, assumptions, cost.horizon_years)
    saving = loss_today - loss_profile(with_fix, assumptions, cost.horizon_years)
    return dated_business_case(loss_today, saving, cost, assumptions.annual_discount_rate)


def dated_business_case(
    loss_today: pd.DataFrame, saving: pd.DataFrame, cost: FixCost, annual_discount_rate: float
) -> BusinessCase:
    """The board's figures and the cash-flow table from a dated loss and saving.

    `loss_today` and `saving` have one row per month 1..cost.months and the LOSS_PARTS
    columns; the table adds month 0 (the one-off cost), the fix's cost, the net cash flow
    and its running sum.
    """
    monthly_saving = saving.sum(axis=1).to_numpy()
    net_saving, roi, payback, npv, net = business_case_from_savings(
        monthly_saving, cost, annual_discount_rate
    )
    table = pd.DataFrame({"month": np.arange(0, cost.months + 1)})
    for part in LOSS_PARTS:
        table[f"loss_today_{part}"] = np.concatenate([[0.0], loss_today[part].to_numpy()])
    table["loss_today"] = table[[f"loss_today_{p}" for p in LOSS_PARTS]].sum(axis=1)
    for part in LOSS_PARTS:
        table[f"saving_{part}"] = np.concatenate([[0.0], saving[part].to_numpy()])
    table["saving"] = np.concatenate([[0.0], monthly_saving])
    table["fix_cost"] = np.concatenate([[cost.one_off], np.full(cost.months, cost.per_year / 12)])
    table["net_cash_flow"] = net
    table["cumulative_net_cash_flow"] = np.cumsum(net)
    return BusinessCase(
        saving=float(monthly_saving.sum()),
        cost=cost.total,
        net_saving=net_saving,
        return_on_investment=roi,
        payback_month=payback,
        net_present_value=npv,
        cash_flow=table,
    )
