"""Synthetic customers whose service incidents drive churn by a known law.

No public data links service incidents to churn, so the model learns from this
generator, and because the generator knows each customer's true probability of
leaving, the model can be measured against the best any model could do.

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
   with longer outages (diminishing: calls grow with the square root of hours) and with
   billing errors. Each call lasts about 20 minutes on average (gamma), giving
   `hours_on_phone`; each call reaches one agent and transfers reach more
   (`agents_contacted`). Each call carries a 12 % chance of a promise that is then
   missed and a 7 % chance of an escalation. A quarter of the troubled get billing
   errors. A public or regulator complaint becomes likely only when promises are
   missed repeatedly and calls pile up (a logistic in both). One in six of the troubled
   had orders sent again because they arrived incomplete, wrong or damaged
   (`reshipped_orders`, the school-supplies case): each re-shipment brings calls too.
4. **Whether they leave within 12 months.** A customer without incidents leaves at a
   monthly rate of 1 % (long-standing) to 2 % (new), i.e. 11-22 % over 12 months.
   Incidents add to the log-odds of leaving, each effect never negative, so churn
   never falls when an incident rises:

   - outage hours: a diminishing effect, 1.0 * (1 - exp(-hours / 12)), plus a step of
     0.6 once an outage passes 48 hours (the point where customers give up waiting);
   - repeat calls: 0.45 * log(1 + calls beyond the first);
   - each missed promise multiplies the odds by 1.5 (adds log 1.5);
   - hours on the phone: 0.04 per hour, up to 40 hours;
   - being passed from person to person: 0.12 * log(1 + agents contacted);
   - escalations: 0.15 each; billing errors: 0.3 each, up to five;
   - a regulator or public complaint: +1.8, a customer near the exit;
   - re-shipped orders: 0.35 each, up to four.

   `true_churn_probability` is the logistic of that sum; `churned` is drawn from it.

The same seed always gives the same rows (a local `numpy.random.Generator`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import GENERATOR_TRUTH_COLUMNS, INPUT_COLUMNS

SHARE_WITH_INCIDENTS = 0.40
LONG_OUTAGE_HOURS = 48.0


def monthly_base_churn(tenure_months: np.ndarray) -> np.ndarray:
    """Monthly churn of a customer without incidents: 2 % when new, falling to 1 %."""
    return 0.01 + 0.01 * np.exp(-tenure_months / 36.0)


def incident_log_odds(features: pd.DataFrame) -> np.ndarray:
    """How much the customer's incidents add to the log-odds of leaving within 12 months."""
    outage = features["outage_hours"].to_numpy(float)
    calls = features["support_calls"].to_numpy(float)
    return (
        1.0 * (1 - np.exp(-outage / 12.0))
        + 0.6 * (outage > LONG_OUTAGE_HOURS)
        + 0.45 * np.log1p(np.maximum(calls - 1, 0))
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
    reshipped = np.where(troubled & (rng.random(n) < 1 / 6), 1 + rng.poisson(0.5 * severity), 0)
    call_rate = np.where(
        troubled, 0.6 + 0.5 * np.sqrt(outage) + 0.8 * billing_errors + 0.7 * reshipped, 0.0
    )
    calls = rng.poisson(call_rate * np.clip(severity, 0.5, 4.0))

    minutes_per_call = rng.gamma(2.0, 10.0, n)
    hours_on_phone = np.round(calls * minutes_per_call / 60.0, 1)
    agents = calls + rng.poisson(0.6 * calls * np.minimum(severity, 3.0))
    promises = rng.binomial(calls, 0.12)
    escalations = rng.binomial(calls, 0.07)

    complaint_log_odds = -7.5 + 0.9 * promises + 0.08 * calls + 0.3 * escalations
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


# --- The same customers as a company keeps them: a customer file and logs -------------------
#
# `generate_records(n, seed)` writes the customers of `generate(n, seed)` as a CRM export
# (customer_id, monthly_revenue, customer_since, churned, plan) and ticket, outage and order
# logs whose preparation (data.records, docs/records.md) gives back its `table` exactly:
# each call a ticket (handle minutes summing to the hours on the phone; agents spread over
# the tickets, the extra ones on update rows of the same ticket; missed promises as reopens,
# late closures or deadlines passed while open; billing errors as billing tickets; the
# regulator complaint on one ticket's channel), each outage hour in one to two intervals
# (overlapping or apart), each re-shipment an order marked so. A billing error or a complaint
# reaches the company as a ticket, so `table`'s support_calls is at least the number of
# billing errors (and 1 with a complaint): the only change from `generate`'s rows. The logs
# also hold rows the window, the customer file or the rules leave out (`noise` counts them).

RECORDS_WINDOW_END = pd.Timestamp("2026-01-01")
_SECOND = np.timedelta64(1, "s")
_AGENT_POOL = 1000
_OTHER_CATEGORIES = np.array(["Connection", "Speed", "Installation", "Equipment", "Other"])
_CHANNELS = np.array(["Phone", "Email", "Chat"])
_PLANS = np.array(["basic", "plus", "premium"])


def _stamp(seconds: np.ndarray) -> np.ndarray:
    """Seconds from RECORDS_WINDOW_END as text timestamps (YYYY-MM-DD HH:MM:SS)."""
    times = RECORDS_WINDOW_END.to_datetime64() + seconds.astype(np.int64) * _SECOND
    return np.datetime_as_string(times.astype("datetime64[s]"), unit="s").astype(object)


def _within(owner: np.ndarray) -> np.ndarray:
    """Each row's position among the rows of its owner (rows grouped by owner)."""
    if len(owner) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    counts = np.diff(np.r_[starts, len(owner)])
    return np.arange(len(owner)) - np.repeat(starts, counts)


def generate_records(n_customers: int, seed: int) -> dict[str, pd.DataFrame | dict]:
    """Synthetic records: "customers", "tickets", "outages", "orders" (text cells, as
    exported), "table" (what preparing them over the 12 months before RECORDS_WINDOW_END
    gives, in the contract's columns plus churned and plan) and "noise" (per log, the rows
    outside the window, of an unknown customer and rejected)."""
    base = generate(n_customers, seed)
    rng = np.random.default_rng([seed, 17])
    n = n_customers
    ids = base["customer_id"].to_numpy()
    year = int(
        (RECORDS_WINDOW_END - (RECORDS_WINDOW_END - pd.DateOffset(months=12))).total_seconds()
    )
    day = 86_400

    table = base.drop(columns=["true_churn_probability"]).copy()
    billing = table["billing_errors"].to_numpy()
    regulator = table["regulator_complaint"].to_numpy()
    calls = np.maximum(table["support_calls"].to_numpy(), np.maximum(billing, regulator))
    table["support_calls"] = calls
    table["plan"] = _PLANS[rng.integers(0, len(_PLANS), n)]

    # Tickets: one per call, grouped by customer.
    owner = np.repeat(np.arange(n), calls)
    j = _within(owner)
    k = calls[owner]
    opened = -year + day + rng.integers(0, year - 32 * day, len(owner))
    total_minutes = np.round(table["hours_on_phone"].to_numpy() * 60).astype(np.int64)
    cut = rng.integers(0, total_minutes[owner] + 1)
    cut[j == 0] = 0
    order = np.lexsort((cut, owner))
    cut = cut[order]
    following = np.r_[cut[1:], 0]
    last = j == k - 1
    minutes = np.where(last, total_minutes[owner] - cut, following - cut)
    escalated = np.where(j < table["escalations"].to_numpy()[owner], "yes", "no")
    promises = table["unresolved_promises"].to_numpy()
    late = (j < np.minimum(promises, calls)[owner]) & (j % 2 == 0)
    late_count = np.bincount(owner[late], minlength=n)
    reopens = np.where(j == 0, (promises - late_count)[owner], 0)
    closed = np.full(len(owner), None, dtype=object)
    due = np.full(len(owner), None, dtype=object)
    open_late = late & (j % 4 == 0)
    closed_late = late & (j % 4 == 2)
    on_time = ~late & (j % 3 == 0)
    closed_no_due = ~late & (j % 3 == 1)
    due[open_late | closed_late] = _stamp(opened[open_late | closed_late] + 2 * day)
    closed[closed_late] = _stamp(opened[closed_late] + 3 * day)
    closed[on_time] = _stamp(opened[on_time] + day)
    due[on_time] = _stamp(opened[on_time] + 5 * day)
    closed[closed_no_due] = _stamp(opened[closed_no_due] + day)
    category = _OTHER_CATEGORIES[rng.integers(0, len(_OTHER_CATEGORIES), len(owner))].astype(object)
    category[j < billing[owner]] = "Billing dispute"
    channel = _CHANNELS[rng.integers(0, len(_CHANNELS), len(owner))].astype(object)
    channel[(j == k - 1) & (regulator[owner] == 1)] = "Regulator"
    agents = table["agents_contacted"].to_numpy()
    pool = max(_AGENT_POOL, int(agents.max(initial=0)) + 1)
    first_agent = rng.integers(0, pool, n)
    agent = np.where(
        j < agents[owner], np.char.add("agent-", ((first_agent[owner] + j) % pool).astype(str)), ""
    ).astype(object)
    ticket_id = np.char.add(
        np.char.add("TK-", ids[owner].astype(str)), np.char.add("-", j.astype(str))
    )
    tickets = pd.DataFrame(
        {
            "ticket_id": ticket_id.astype(object),
            "customer_id": ids[owner],
            "created_at": _stamp(opened),
            "closed_at": closed,
            "due_at": due,
            "reopens": reopens.astype(str),
            "escalated": escalated,
            "handle_minutes": minutes.astype(str),
            "agent": agent,
            "category": category,
            "channel": channel,
        }
    )
    # The agents beyond one per ticket join on update rows of the customer's tickets.
    extra = np.maximum(agents - calls, 0) * (calls > 0)
    extra_owner = np.repeat(np.arange(n), extra)
    extra_j = _within(extra_owner)
    first_ticket = np.r_[0, np.cumsum(calls)[:-1]]
    on_ticket = first_ticket[extra_owner] + extra_j % calls[extra_owner]
    updates = pd.DataFrame(
        {
            "ticket_id": tickets["ticket_id"].to_numpy()[on_ticket],
            "customer_id": ids[extra_owner],
            "created_at": _stamp(opened[on_ticket] + 3600),
            "closed_at": None,
            "due_at": None,
            "reopens": "0",
            "escalated": "no",
            "handle_minutes": "",
            "agent": np.char.add(
                "agent-",
                ((first_agent[extra_owner] + calls[extra_owner] + extra_j) % pool).astype(str),
            ).astype(object),
            "category": "",
            "channel": "",
        }
    )
    n_noise = max(1, n // 100)
    pick = rng.integers(0, max(n, 1), n_noise)
    outside = pd.DataFrame(
        {
            "ticket_id": [f"OLD-{i}" for i in range(n_noise)],
            "customer_id": ids[pick] if n else "",
            "created_at": _stamp(np.full(n_noise, -year - 10 * day)),
            "closed_at": None,
            "due_at": None,
            "reopens": "0",
            "escalated": "no",
            "handle_minutes": "30",
            "agent": "",
            "category": "Other",
            "channel": "Phone",
        }
    )
    unknown = pd.DataFrame(
        {
            "ticket_id": [f"UNK-{i}" for i in range(n_noise)],
            "customer_id": [f"GONE-{i}" for i in range(n_noise)],
            "created_at": _stamp(np.r_[-3600, -rng.integers(day, year - day, n_noise - 1)]),
            "closed_at": None,
            "due_at": None,
            "reopens": "0",
            "escalated": "no",
            "handle_minutes": "12",
            "agent": "",
            "category": "Other",
            "channel": "Email",
        }
    )
    n_bad = max(1, n // 500)
    rejected = pd.DataFrame(
        {
            "ticket_id": [f"BAD-{i}" for i in range(n_bad)],
            "customer_id": ids[pick[:n_bad]] if n else "",
            "created_at": "31/02/2025 25:00",
            "closed_at": None,
            "due_at": None,
            "reopens": "0",
            "escalated": "no",
            "handle_minutes": "5",
            "agent": "",
            "category": "Other",
            "channel": "Phone",
        }
    )
    log = pd.concat([tickets, updates, outside, unknown, rejected], ignore_index=True)
    log = log.sort_values("created_at", kind="stable", ignore_index=True).fillna("")

    # Outages: each customer's hours in one interval, two overlapping or two apart.
    seconds = np.round(table["outage_hours"].to_numpy() * 10).astype(np.int64) * 360
    down = np.flatnonzero(seconds > 0)
    span = seconds[down]
    start = -year + day + (rng.random(len(down)) * (year - span - 3 * day)).astype(np.int64)
    shape = rng.integers(0, 3, len(down))
    shape[(shape == 2) & (span < 720)] = 0
    first = np.where(shape == 2, (span // 720) * 360, span)
    rows = [(down, start, start + first)]
    nested = shape == 1
    rows.append(
        (down[nested], start[nested] + span[nested] // 4, start[nested] + span[nested] // 2)
    )
    apart = shape == 2
    rows.append(
        (down[apart], start[apart] + first[apart] + 3600, start[apart] + span[apart] + 3600)
    )
    rows.append((pick, np.full(n_noise, -year - 5 * day), np.full(n_noise, -year - 4 * day)))
    who = np.concatenate([r[0] for r in rows])
    outages = pd.DataFrame(
        {
            "customer_id": ids[who] if n else np.array([], dtype=object),
            "start": _stamp(np.concatenate([r[1] for r in rows])),
            "end": _stamp(np.concatenate([r[2] for r in rows])),
        }
    )
    backwards = pd.DataFrame(
        {
            "customer_id": ids[pick[:n_bad]] if n else "",
            "start": _stamp(np.full(n_bad, -day)),
            "end": _stamp(np.full(n_bad, -2 * day)),
        }
    )
    outages = pd.concat([outages, backwards], ignore_index=True).sort_values(
        "start", kind="stable", ignore_index=True
    )

    # Orders: each re-shipment an order marked so, beside ordinary orders.
    reshipped = table["reshipped_orders"].to_numpy()
    plain = rng.poisson(0.5, n)
    who = np.r_[np.repeat(np.arange(n), reshipped), np.repeat(np.arange(n), plain), pick]
    marked = np.r_[np.ones(reshipped.sum(), int), np.zeros(plain.sum() + n_noise, int)]
    placed = np.r_[
        -year + day + rng.integers(0, year - 2 * day, len(who) - n_noise),
        np.full(n_noise, -year - day),
    ]
    orders = pd.DataFrame(
        {
            "order_id": [f"O{i:08d}" for i in range(len(who))],
            "customer_id": ids[who] if n else "",
            "ordered_at": _stamp(placed),
            "reshipped": np.where(marked == 1, "yes", "no"),
        }
    ).sort_values("ordered_at", kind="stable", ignore_index=True)

    tenure = table["tenure_months"].to_numpy()
    since = _stamp(-(tenure * 2_629_800).astype(np.int64))
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "monthly_revenue": table["monthly_revenue"].map(repr),
            "customer_since": since,
            "churned": table["churned"].astype(str),
            "plan": table["plan"],
        }
    )
    noise = {
        "tickets": {"outside": n_noise, "unknown": n_noise, "rejected": n_bad},
        "outages": {"outside": n_noise, "unknown": 0, "rejected": n_bad},
        "orders": {"outside": n_noise, "unknown": 0, "rejected": 0},
    }
    return {
        "customers": customers,
        "tickets": log,
        "outages": outages,
        "orders": orders,
        "table": table,
        "noise": noise,
    }
