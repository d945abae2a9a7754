"""Synthetic customers whose service incidents drive churn by a known law.

Few public data sets link service incidents to churn and none records all of ours
(model.churn.evidence lists what they say), so the model learns from this generator, and
because the generator knows each customer's true probability of leaving, the model can be
measured against the best any model could do.

The generative story, one customer at a time:

1. **Who they are.** Tenure in months is exponential with a mean of 3 years (capped at
   20 years). Monthly revenue is lognormal around 55 currency units (a phone, internet
   and TV spread from about 20 to 200), a little higher for long-standing customers.
2. **Whether things went wrong.** About 40 % of customers had trouble in the 12-month
   window; the other 60 % have every incident feature at 0. Troubled customers get a
   lognormal *severity* that makes all their incidents larger together, which gives the
   heavy tail (a few customers with days of outage and dozens of calls) and the
   correlations between features.
3. **What went wrong.** Among the troubled: 65 % had an outage, whose length is
   lognormal (median about 5 hours, times severity). Support calls are Poisson, more
   with longer outages (diminishing: calls grow with the square root of hours) and a
   little more with billing errors and re-shipments; severity scales them up to three
   times. About 9 % of all customers make four calls or more (the public Orange set: 8 %).
   Each call lasts about 20 minutes on average (gamma), giving `hours_on_phone`; each
   call reaches one agent and transfers reach more (`agents_contacted`). A missed promise
   needs a contact, so only callers have any, but how many they get depends more on how
   their case is handled than on how often they call: each call carries a 6 % chance of
   a promise that is then missed, and each caller a further Poisson(0.3) missed promises
   (a deadline or callback given once and not kept). So a customer with three missed
   promises has often called fewer than four times, and the data can tell a promise's
   effect from the step at the fourth call. Each call carries a 7 % chance of an
   escalation. A quarter of the troubled get billing errors. A public or regulator
   complaint becomes likely only when promises are missed repeatedly and calls pile up
   (a logistic in both). A quarter of the troubled had orders sent again because they
   arrived incomplete, wrong or damaged (`reshipped_orders`, the school-supplies case).
4. **Whether they leave within 12 months.** A customer without incidents leaves at a
   monthly rate of 1 % (long-standing) to 2 % (new), i.e. 11-22 % over 12 months.
   Incidents add to the log-odds of leaving, each effect never negative, so churn
   never falls when an incident rises:

   - outage hours: a diminishing effect, 1.0 * (1 - exp(-hours / 12)), plus a step of
     0.6 once an outage passes 48 hours (the point where customers give up waiting);
   - support calls: nothing for the first three, then a step of 2.9 at the fourth (odds
     about 18, a customer near the exit) and 0.25 more for each call up to the eighth: the
     shape and size the public Orange telecom set shows (model.churn.evidence);
   - each missed promise multiplies the odds by 1.5 (adds log 1.5);
   - hours on the phone: 0.04 per hour, up to 40 hours;
   - being passed from person to person: 0.12 * log(1 + agents contacted);
   - escalations: 0.15 each; billing errors: 0.3 each, up to five;
   - a regulator or public complaint: +1.8, a customer near the exit;
   - re-shipped orders: 0.35 each, up to four.

   `true_churn_probability` is the logistic of that sum; `churned` is drawn from it.

The same seed always gives the same rows (a local `numpy.random.Generator`).
`generate_records` gives the same customers as a company keeps them, a customer file and
ticket, outage and order logs (drawn by data.synthetic_logs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import GENERATOR_TRUTH_COLUMNS, INPUT_COLUMNS
from data.synthetic_logs import company_records

SHARE_WITH_INCIDENTS = 0.40
LONG_OUTAGE_HOURS = 48.0
#: Support calls add nothing until the fourth, then this much to the log-odds (odds about
#: 18, within the public evidence's 15 to 30 at four calls: model.churn.evidence).
CALLS_AT_STEP = 4
CALL_STEP = 2.9


def monthly_base_churn(tenure_months: np.ndarray) -> np.ndarray:
    """Monthly churn of a customer without incidents: 2 % when new, falling to 1 %."""
    return 0.01 + 0.01 * np.exp(-tenure_months / 36.0)


def support_call_log_odds(calls: np.ndarray) -> np.ndarray:
    """What support calls add to the log-odds: nothing for the first three, CALL_STEP at the
    fourth, then 0.25 a call up to the eighth (the public Orange set's shape and size)."""
    calls = np.asarray(calls, dtype=np.float64)
    return CALL_STEP * (calls >= CALLS_AT_STEP) + 0.25 * np.clip(calls - CALLS_AT_STEP, 0, 4)


def incident_log_odds(features: pd.DataFrame) -> np.ndarray:
    """How much the customer's incidents add to the log-odds of leaving within 12 months."""
    outage = features["outage_hours"].to_numpy(float)
    calls = features["support_calls"].to_numpy(float)
    return (
        1.0 * (1 - np.exp(-outage / 12.0))
        + 0.6 * (outage > LONG_OUTAGE_HOURS)
        + support_call_log_odds(calls)
        + np.log(1.5) * features["unresolved_promises"].to_numpy(float)
        + 0.04 * np.minimum(features["hours_on_phone"].to_numpy(float), 40.0)
        + 0.12 * np.log1p(features["agents_contacted"].to_numpy(float))
        + 0.15 * features["escalations"].to_numpy(float)
        + 0.3 * np.minimum(features["billing_errors"].to_numpy(float), 5.0)
        + 1.8 * features["regulator_complaint"].to_numpy(float)
        + 0.35 * np.minimum(features["reshipped_orders"].to_numpy(float), 4.0)
    )


def true_churn_probability(features: pd.DataFrame) -> np.ndarray:
    """The generator's own P(leave within 12 months) for customers in the contract's columns."""
    monthly = monthly_base_churn(features["tenure_months"].to_numpy(float))
    annual = 1 - (1 - monthly) ** 12
    log_odds = np.log(annual / (1 - annual)) + incident_log_odds(features)
    return 1 / (1 + np.exp(-log_odds))


def generate(n_customers: int, seed: int) -> pd.DataFrame:
    """`n_customers` synthetic customers in the contract's columns, plus the generator's truth.

    Returns every input column of the data contract (optional ones included) and
    `true_churn_probability` and `churned`. Same seed, same rows.
    """
    if n_customers < 0:
        raise ValueError(f"n_customers must be >= 0, got {n_customers}")
    rng = np.random.default_rng(seed)
    n = n_customers

    tenure = np.minimum(np.round(rng.exponential(36.0, n)), 240.0)
    revenue = np.round(np.exp(rng.normal(np.log(55.0) + 0.002 * tenure, 0.45, n)), 2)

    troubled = rng.random(n) < SHARE_WITH_INCIDENTS
    severity = np.where(troubled, rng.lognormal(0.0, 0.8, n), 0.0)

    had_outage = troubled & (rng.random(n) < 0.65)
    outage = np.where(had_outage, np.round(rng.lognormal(np.log(5.0), 1.0, n) * severity, 1), 0.0)
    outage = np.minimum(outage, 24.0 * 30)

    billing_errors = np.where(troubled & (rng.random(n) < 0.25), 1 + rng.poisson(0.4 * severity), 0)
    reshipped = np.where(troubled & (rng.random(n) < 0.25), 1 + rng.poisson(0.5 * severity), 0)
    call_rate = np.where(
        troubled, 0.7 + 0.5 * np.sqrt(outage) + 0.2 * billing_errors + 0.1 * reshipped, 0.0
    )
    calls = rng.poisson(call_rate * np.clip(severity, 0.5, 3.0))

    minutes_per_call = rng.gamma(2.0, 10.0, n)
    hours_on_phone = np.round(calls * minutes_per_call / 60.0, 1)
    agents = calls + rng.poisson(0.6 * calls * np.minimum(severity, 3.0))
    # a missed promise needs a contact, but how many a caller gets depends more on how the
    # case is handled than on how often they call (see the module's story)
    promises = rng.binomial(calls, 0.06) + np.where(calls > 0, rng.poisson(0.3, n), 0)
    escalations = rng.binomial(calls, 0.07)

    complaint_log_odds = -6.5 + 0.9 * promises + 0.08 * calls + 0.3 * escalations
    regulator = (rng.random(n) < 1 / (1 + np.exp(-complaint_log_odds))).astype(np.int64)

    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:07d}" for i in range(1, n + 1)],
            "monthly_revenue": revenue,
            "tenure_months": tenure,
            "outage_hours": outage,
            "support_calls": calls.astype(np.int64),
            "unresolved_promises": promises.astype(np.int64),
            "hours_on_phone": hours_on_phone,
            "agents_contacted": agents.astype(np.int64),
            "escalations": escalations.astype(np.int64),
            "billing_errors": billing_errors.astype(np.int64),
            "regulator_complaint": regulator,
            "reshipped_orders": reshipped.astype(np.int64),
        }
    )
    frame = frame[[c.name for c in INPUT_COLUMNS]]
    probability = true_churn_probability(frame)
    frame[GENERATOR_TRUTH_COLUMNS[0]] = probability
    frame[GENERATOR_TRUTH_COLUMNS[1]] = (rng.random(n) < probability).astype(np.int64)
    return frame


def generate_records(n_customers: int, seed: int) -> dict[str, pd.DataFrame | dict]:
    """The customers of `generate(n_customers, seed)` as a company keeps them (a CRM file
    and ticket, outage and order logs, data.synthetic_logs): "customers", "tickets",
    "outages", "orders" (text cells, as exported), "table" (what preparing them over the 12
    months before data.synthetic_logs.RECORDS_WINDOW_END gives, in the contract's columns
    plus churned and plan) and "noise" (per log, the rows outside the window, of an unknown
    customer and rejected).

    The logs are drawn from their own generator seeded by `seed`, so the same seed always
    gives the same records.
    """
    return company_records(generate(n_customers, seed), np.random.default_rng([seed, 17]))
