"""The business case of a fix: spend X, save Y, paid back in month Z.

The estimate prices one year of incidents. A fix that removes a share of them removes
that share every year, so over a horizon (3 years unless changed) the loss of each
year's incidents is dated month by month, today and with the fix, and the difference is
the saving; the fix costs a one-off sum now (month 0) and a yearly sum paid monthly.

How a year's loss falls in time (month 1 is the first month after today):

- handling cost (`service_cost`) as it is incurred: evenly over the year's 12 months;
- word of mouth (`word_of_mouth_loss`): prospects put off as the year's stories are
  told, evenly over the same 12 months;
- departures: the customers driven away leave evenly through the year (as the departure
  discount of docs/methodology/formulas.md assumes), a/12 of them in each month k = 1..12,
  and each departure is priced as `departure_cost` prices it in the total:
  - as lost value (a customer whose departure_value is their clv): one who leaves in month
    k takes the margin M r**j of each month k + j (j >= 1) with them, M = gross_margin *
    monthly_revenue and r their monthly retention. So in month t

        departures(t) = a * M / 12 * sum over j = max(1, t - 12) .. t - 1 of r**j

    and discounting that stream to today gives back exactly a * clv * departure_discount.
    r is read back from each customer's clv (clv = M r / (1 + d - r), so
    r = clv (1 + d) / (M + clv)), which keeps this module right whichever retention the
    estimate used (one for all, or each customer's own);
  - as a replacement (`replacement`, or `cheaper` where the replacement costs less than the
    clv): its cost, acquisition_cost + M * months_to_replace, falls in the month k the
    customer leaves, a * replacement / 12 in each month of the year, which is how
    expected_departure_cost discounts it (its departure discount is that of the month of
    leaving); the margin of the months until the replacement is won is counted there too,
    at most months_to_replace months early.

  Either way one year's departures, discounted to today, are that year's
  expected_departure_cost, so a fix's departures saved are the difference of the totals'
  departure cost today and with the fix (tests/unit/test_business_case.py, for each way).

Year y's incidents repeat year 0's loss shifted by 12 y months; the lost margin of a
year's leavers runs on past that year, within the horizon.

The figures a board asks for, from the monthly net cash flow n(0) = -one-off,
n(t) = saving(t) - yearly cost / 12:

- net saving = sum of n(t) over the horizon (not discounted);
- return on investment = net saving / what the fix costs over the horizon;
- payback month = the first month in which the cumulative net cash flow is above zero
  after the fixes have cost something: a fix with no cost entered has no payback (there
  is nothing to pay back), and one whose running sum never gets above zero within the
  horizon is "not paid back within N years";
- net present value = sum of n(t) / (1 + d) ** t, d the monthly rate of the sidebar's
  annual discount rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.money.assumptions import Assumptions
from model.money.costs import replaced_customers, replacement_cost

#: The columns of a dated loss: the departures (priced as `departure_cost` says), word of
#: mouth and handling, by month.
LOSS_PARTS: tuple[str, ...] = ("departures", "word_of_mouth", "handling")
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
    horizon_years: int = DEFAULT_HORIZON_YEARS

    @property
    def has_fix_cost(self) -> bool:
        """Whether the fixes cost anything: without a cost there is no payback to speak of."""
        return self.cost > 0

    @property
    def payback_words(self) -> str | None:
        """ "month 14", "not within 3 years", or None when no fix cost was entered."""
        if not self.has_fix_cost:
            return None
        if self.payback_month is None:
            return f"not within {_years(self.horizon_years)}"
        return f"month {self.payback_month}"

    def sentence(self, money) -> str:
        """ "Spend X, save Y, paid back in month Z", with `money` formatting the amounts.

        A fix that never gets there says "not paid back within N years"; with no fix cost
        the sentence says what the fixes save and names no payback at all.
        """
        saved = f"save {money(self.saving)} over {_years(self.horizon_years)}"
        if not self.has_fix_cost:
            return f"No cost of the fixes entered: they {saved}."
        if self.payback_month is None:
            return (
                f"Spend {money(self.cost)}, {saved}: not paid back within "
                f"{_years(self.horizon_years)}."
            )
        return f"Spend {money(self.cost)}, {saved}, paid back in month {self.payback_month}."


def _years(count: int) -> str:
    return f"{count} year{'' if count == 1 else 's'}"


def saving_difference_sentence(
    year_saving: float, case: BusinessCase, money, departure_cost: str = "lost_value"
) -> str:
    """One sentence on why the year's saving and the business case's saving differ.

    The year's saving prices one year of incidents, each departure as `departure_cost` says,
    discounted; the business case counts every year of its horizon, month by month, not
    discounted: a lost customer's margin only within the horizon, a replacement in the month
    its customer leaves.
    """
    years = _years(case.horizon_years)
    year_words = {
        "lost_value": "the lifetime value of the customers kept counted in full",
        "replacement": "each customer kept priced at what replacing them would cost",
        "cheaper": "each customer kept priced at the cheaper of their lifetime value and "
        "their replacement",
    }[departure_cost]
    case_words = {
        "lost_value": f"only the margin those customers bring within the {years}",
        "replacement": "each replacement saved in the month its customer would have left",
        "cheaper": "each replacement saved in the month its customer would have left and, "
        f"for the others, only the margin they bring within the {years}",
    }[departure_cost]
    return (
        f"The year's saving ({money(year_saving)}) prices one year of failures, with "
        f"{year_words} and discounted; the business case's ({money(case.saving)}) counts "
        f"{years} of failures month by month, {case_words}, not discounted."
    )


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
    revenue = estimates["monthly_revenue"].to_numpy(dtype="float64")
    clv = estimates["clv"].to_numpy(dtype="float64")
    replaced = replaced_customers(clv, revenue, assumptions)
    weight = np.where(replaced, 0.0, attributable * assumptions.gross_margin * revenue / 12)
    r = monthly_retention_from_clv(estimates, assumptions)
    departures = np.zeros(months)
    for t in range(1, months + 1):
        kept = _geometric(r, t - 1) - _geometric(r, max(0, t - 13))
        departures[t - 1] = float(weight @ kept)
    in_year = (np.arange(1, months + 1) <= 12).astype("float64")
    replacements = float(attributable[replaced] @ replacement_cost(revenue[replaced], assumptions))
    return pd.DataFrame(
        {
            "departures": departures + in_year * replacements / 12,
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

    Payback is the first month whose running net cash flow is above zero once the fixes
    have cost something (None when they cost nothing, or never get there).
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
    spent = np.cumsum(np.concatenate([[cost.one_off], np.full(cost.months, cost.per_year / 12)]))
    # above zero by more than rounding: a running sum that only returns to 0 has not paid back
    above_zero = cumulative > 1e-9 * max(1.0, cost.total)
    paid = np.flatnonzero(above_zero & (spent > 0))
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
        horizon_years=cost.horizon_years,
    )
