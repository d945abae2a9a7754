"""The customers of data.synthetic as a company keeps them: a customer file and logs.

`company_records` writes `generate`'s customers as a CRM export (customer_id,
monthly_revenue, customer_since, churned, plan) and ticket, outage and order logs whose
preparation (data.records, docs/records.md) gives back its `table` exactly: each call a
ticket (handle minutes summing to the hours on the phone; agents spread over the tickets,
the extra ones on update rows of the same ticket; missed promises as reopens, late
closures or deadlines passed while open; billing errors as billing tickets; the regulator
complaint on one ticket's channel), each outage hour in one to two intervals (overlapping
or apart), each re-shipment an order marked so. A billing error or a complaint reaches the
company as a ticket, so `table`'s support_calls is at least the number of billing errors
(and 1 with a complaint): the only change from `generate`'s rows. The logs also hold rows
the window, the customer file or the rules leave out (`noise` counts them).

`data.synthetic.generate_records(n, seed)` is the way in; this module draws no customers of
its own and never imports data.synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RECORDS_WINDOW_END = pd.Timestamp("2026-01-01")
_DAY = 86_400
#: The 12-month window before RECORDS_WINDOW_END, in seconds.
_YEAR = int((RECORDS_WINDOW_END - (RECORDS_WINDOW_END - pd.DateOffset(months=12))).total_seconds())
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


def company_records(base: pd.DataFrame, rng: np.random.Generator) -> dict[str, pd.DataFrame | dict]:
    """The records of customers `base` (data.synthetic.generate's rows): "customers",
    "tickets", "outages", "orders" (text cells, as exported), "table" (what preparing them
    over the 12 months before RECORDS_WINDOW_END gives, in the contract's columns plus
    churned and plan) and "noise" (per log, the rows outside the window, of an unknown
    customer and rejected).

    Each part is drawn in turn from `rng`, so the same generator state always gives the
    same records.
    """
    n_customers = len(base)
    table = _records_table(base, rng)
    ids = table["customer_id"].to_numpy()
    tickets, opened, first_agent, pool = _tickets(table, rng)
    updates = _agent_updates(table, tickets, opened, first_agent, pool)
    n_noise, n_bad = max(1, n_customers // 100), max(1, n_customers // 500)
    pick = rng.integers(0, max(n_customers, 1), n_noise)
    log = pd.concat([tickets, updates, *_stray_tickets(ids, pick, n_bad, rng)], ignore_index=True)
    return {
        "customers": _customer_file(table),
        "tickets": log.sort_values("created_at", kind="stable", ignore_index=True).fillna(""),
        "outages": _outage_log(table, pick, n_bad, rng),
        "orders": _order_log(table, pick, rng),
        "table": table,
        "noise": {
            "tickets": {"outside": n_noise, "unknown": n_noise, "rejected": n_bad},
            "outages": {"outside": n_noise, "unknown": 0, "rejected": n_bad},
            "orders": {"outside": n_noise, "unknown": 0, "rejected": 0},
        },
    }


def _records_table(base: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """What preparing the records gives: `generate`'s rows without the truth, with a plan,
    and at least one call for each billing error and for a complaint, since both reach the
    company as a ticket."""
    table = base.drop(columns=["true_churn_probability"]).copy()
    billing = table["billing_errors"].to_numpy()
    regulator = table["regulator_complaint"].to_numpy()
    table["support_calls"] = np.maximum(
        table["support_calls"].to_numpy(), np.maximum(billing, regulator)
    )
    table["plan"] = _PLANS[rng.integers(0, len(_PLANS), len(table))]
    return table


def _tickets(table: pd.DataFrame, rng: np.random.Generator):
    """One ticket per call, grouped by customer, so that the importer's rules give back the
    table: handle minutes summing to the hours on the phone, the first escalations marked,
    missed promises as reopens and late tickets, billing errors as billing tickets, the
    complaint on the last ticket's channel, one agent a ticket up to the agents contacted.

    Returns the tickets, when each was opened (seconds from RECORDS_WINDOW_END), and each
    customer's first agent in a pool of `pool`, which the update rows carry on from.
    """
    ids, calls = table["customer_id"].to_numpy(), table["support_calls"].to_numpy()
    owner = np.repeat(np.arange(len(table)), calls)
    j = _within(owner)
    opened = -_YEAR + _DAY + rng.integers(0, _YEAR - 32 * _DAY, len(owner))
    minutes = _handle_minutes(table, owner, j, rng)
    closed, due, reopens = _ticket_dates(table, owner, j, opened)
    category, channel = _ticket_kinds(table, owner, j, rng)
    agent, first_agent, pool = _ticket_agents(table, owner, j, rng)
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
            "escalated": np.where(j < table["escalations"].to_numpy()[owner], "yes", "no"),
            "handle_minutes": minutes.astype(str),
            "agent": agent,
            "category": category,
            "channel": channel,
        }
    )
    return tickets, opened, first_agent, pool


def _handle_minutes(
    table: pd.DataFrame, owner: np.ndarray, j: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Each ticket's handle minutes: the customer's minutes on the phone cut at random
    points, so that a customer's tickets sum exactly to them."""
    calls = table["support_calls"].to_numpy()
    total_minutes = np.round(table["hours_on_phone"].to_numpy() * 60).astype(np.int64)
    cut = rng.integers(0, total_minutes[owner] + 1)
    cut[j == 0] = 0
    cut = cut[np.lexsort((cut, owner))]
    following = np.r_[cut[1:], 0]
    last = j == calls[owner] - 1
    return np.where(last, total_minutes[owner] - cut, following - cut)


def _ticket_dates(table: pd.DataFrame, owner: np.ndarray, j: np.ndarray, opened: np.ndarray):
    """Each ticket's closing and due times (None where it has none) and reopens: each
    missed promise is a ticket closed late, one passed its due time while still open, or
    a reopen of the customer's first ticket; other tickets close on time or have no due
    time."""
    promises = table["unresolved_promises"].to_numpy()
    calls = table["support_calls"].to_numpy()
    late = (j < np.minimum(promises, calls)[owner]) & (j % 2 == 0)
    late_count = np.bincount(owner[late], minlength=len(table))
    reopens = np.where(j == 0, (promises - late_count)[owner], 0)
    closed = np.full(len(owner), None, dtype=object)
    due = np.full(len(owner), None, dtype=object)
    open_late = late & (j % 4 == 0)
    closed_late = late & (j % 4 == 2)
    on_time = ~late & (j % 3 == 0)
    closed_no_due = ~late & (j % 3 == 1)
    due[open_late | closed_late] = _stamp(opened[open_late | closed_late] + 2 * _DAY)
    closed[closed_late] = _stamp(opened[closed_late] + 3 * _DAY)
    closed[on_time] = _stamp(opened[on_time] + _DAY)
    due[on_time] = _stamp(opened[on_time] + 5 * _DAY)
    closed[closed_no_due] = _stamp(opened[closed_no_due] + _DAY)
    return closed, due, reopens


def _ticket_kinds(table: pd.DataFrame, owner: np.ndarray, j: np.ndarray, rng: np.random.Generator):
    """Each ticket's category and channel: a customer's first tickets are the billing
    disputes, one per billing error; the last ticket of a customer who complained came
    through the regulator; the others are drawn at random."""
    n_tickets = len(owner)
    billing = table["billing_errors"].to_numpy()
    regulator = table["regulator_complaint"].to_numpy()
    calls = table["support_calls"].to_numpy()
    category = _OTHER_CATEGORIES[rng.integers(0, len(_OTHER_CATEGORIES), n_tickets)].astype(object)
    category[j < billing[owner]] = "Billing dispute"
    channel = _CHANNELS[rng.integers(0, len(_CHANNELS), n_tickets)].astype(object)
    channel[(j == calls[owner] - 1) & (regulator[owner] == 1)] = "Regulator"
    return category, channel


def _ticket_agents(table: pd.DataFrame, owner: np.ndarray, j: np.ndarray, rng: np.random.Generator):
    """Each ticket's agent: consecutive agents of a pool from a random first one, one a
    ticket while the customer's agents last (blank after). Returns the agents, each
    customer's first agent and the pool's size."""
    agents = table["agents_contacted"].to_numpy()
    pool = max(_AGENT_POOL, int(agents.max(initial=0)) + 1)
    first_agent = rng.integers(0, pool, len(table))
    agent = np.where(
        j < agents[owner], np.char.add("agent-", ((first_agent[owner] + j) % pool).astype(str)), ""
    ).astype(object)
    return agent, first_agent, pool


def _agent_updates(
    table: pd.DataFrame,
    tickets: pd.DataFrame,
    opened: np.ndarray,
    first_agent: np.ndarray,
    pool: int,
) -> pd.DataFrame:
    """The agents beyond one per ticket, as update rows of the customer's tickets an hour
    after each opened: the importer counts distinct agents, so they add up to the table's."""
    ids, calls = table["customer_id"].to_numpy(), table["support_calls"].to_numpy()
    agents = table["agents_contacted"].to_numpy()
    extra = np.maximum(agents - calls, 0) * (calls > 0)
    extra_owner = np.repeat(np.arange(len(table)), extra)
    extra_j = _within(extra_owner)
    first_ticket = np.r_[0, np.cumsum(calls)[:-1]]
    on_ticket = first_ticket[extra_owner] + extra_j % calls[extra_owner]
    agent = np.char.add(
        "agent-", ((first_agent[extra_owner] + calls[extra_owner] + extra_j) % pool).astype(str)
    ).astype(object)
    return _plain_tickets(
        tickets["ticket_id"].to_numpy()[on_ticket],
        ids[extra_owner],
        _stamp(opened[on_ticket] + 3600),
        handle_minutes="",
        category="",
        channel="",
        agent=agent,
    )


def _plain_tickets(
    ticket_id, customer_id, created_at, handle_minutes, category, channel, agent=""
) -> pd.DataFrame:
    """Log rows never closed, due, reopened or escalated, in the tickets' columns: the
    update rows and the rows the window, the customer file or the rules leave out."""
    return pd.DataFrame(
        {
            "ticket_id": ticket_id,
            "customer_id": customer_id,
            "created_at": created_at,
            "closed_at": None,
            "due_at": None,
            "reopens": "0",
            "escalated": "no",
            "handle_minutes": handle_minutes,
            "agent": agent,
            "category": category,
            "channel": channel,
        }
    )


def _stray_tickets(
    ids: np.ndarray, pick: np.ndarray, n_bad: int, rng: np.random.Generator
) -> list[pd.DataFrame]:
    """The ticket rows preparation must leave out, each counted in "noise": before the
    window (for the `pick`ed customers), of customers not in the customer file, and with
    a date no calendar has (rejected)."""
    n_noise, known = len(pick), ids[pick] if len(ids) else ""
    outside = _plain_tickets(
        [f"OLD-{i}" for i in range(n_noise)],
        known,
        _stamp(np.full(n_noise, -_YEAR - 10 * _DAY)),
        handle_minutes="30",
        category="Other",
        channel="Phone",
    )
    unknown = _plain_tickets(
        [f"UNK-{i}" for i in range(n_noise)],
        [f"GONE-{i}" for i in range(n_noise)],
        _stamp(np.r_[-3600, -rng.integers(_DAY, _YEAR - _DAY, n_noise - 1)]),
        handle_minutes="12",
        category="Other",
        channel="Email",
    )
    rejected = _plain_tickets(
        [f"BAD-{i}" for i in range(n_bad)],
        ids[pick[:n_bad]] if len(ids) else "",
        "31/02/2025 25:00",
        handle_minutes="5",
        category="Other",
        channel="Phone",
    )
    return [outside, unknown, rejected]


def _outage_log(
    table: pd.DataFrame, pick: np.ndarray, n_bad: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Each customer's outage hours in one interval, two overlapping or two apart (the
    importer takes their union), beside intervals before the window for the `pick`ed
    customers and intervals that end before they start (rejected)."""
    ids = table["customer_id"].to_numpy()
    seconds = np.round(table["outage_hours"].to_numpy() * 10).astype(np.int64) * 360
    who, start, end = _outage_intervals(seconds, rng)
    n_noise = len(pick)
    who = np.r_[who, pick]
    start = np.r_[start, np.full(n_noise, -_YEAR - 5 * _DAY)]
    end = np.r_[end, np.full(n_noise, -_YEAR - 4 * _DAY)]
    outages = pd.DataFrame(
        {
            "customer_id": ids[who] if len(ids) else np.array([], dtype=object),
            "start": _stamp(start),
            "end": _stamp(end),
        }
    )
    backwards = pd.DataFrame(
        {
            "customer_id": ids[pick[:n_bad]] if len(ids) else "",
            "start": _stamp(np.full(n_bad, -_DAY)),
            "end": _stamp(np.full(n_bad, -2 * _DAY)),
        }
    )
    return pd.concat([outages, backwards], ignore_index=True).sort_values(
        "start", kind="stable", ignore_index=True
    )


def _outage_intervals(seconds: np.ndarray, rng: np.random.Generator):
    """Customers (by position) and the start and end of each interval (seconds from
    RECORDS_WINDOW_END) whose union is each customer's `seconds` of outage: a third in one
    interval, a third with a second inside the first, a third split in two an hour apart."""
    down = np.flatnonzero(seconds > 0)
    span = seconds[down]
    start = -_YEAR + _DAY + (rng.random(len(down)) * (_YEAR - span - 3 * _DAY)).astype(np.int64)
    shape = rng.integers(0, 3, len(down))
    shape[(shape == 2) & (span < 720)] = 0
    first = np.where(shape == 2, (span // 720) * 360, span)
    nested, apart = shape == 1, shape == 2
    who = np.r_[down, down[nested], down[apart]]
    starts = np.r_[start, start[nested] + span[nested] // 4, start[apart] + first[apart] + 3600]
    ends = np.r_[
        start + first, start[nested] + span[nested] // 2, start[apart] + span[apart] + 3600
    ]
    return who, starts, ends


def _order_log(table: pd.DataFrame, pick: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Each re-shipment an order marked so, beside ordinary orders, and orders before the
    window for the `pick`ed customers."""
    n, n_noise = len(table), len(pick)
    ids = table["customer_id"].to_numpy()
    reshipped = table["reshipped_orders"].to_numpy()
    plain = rng.poisson(0.5, n)
    who = np.r_[np.repeat(np.arange(n), reshipped), np.repeat(np.arange(n), plain), pick]
    marked = np.r_[np.ones(reshipped.sum(), int), np.zeros(plain.sum() + n_noise, int)]
    placed = np.r_[
        -_YEAR + _DAY + rng.integers(0, _YEAR - 2 * _DAY, len(who) - n_noise),
        np.full(n_noise, -_YEAR - _DAY),
    ]
    return pd.DataFrame(
        {
            "order_id": [f"O{i:08d}" for i in range(len(who))],
            "customer_id": ids[who] if n else "",
            "ordered_at": _stamp(placed),
            "reshipped": np.where(marked == 1, "yes", "no"),
        }
    ).sort_values("ordered_at", kind="stable", ignore_index=True)


def _customer_file(table: pd.DataFrame) -> pd.DataFrame:
    """The CRM export: id, revenue as written, the date each became a customer (tenure
    months of 30.4375 days before RECORDS_WINDOW_END), churned and plan, as text."""
    tenure = table["tenure_months"].to_numpy()
    return pd.DataFrame(
        {
            "customer_id": table["customer_id"].to_numpy(),
            "monthly_revenue": table["monthly_revenue"].map(repr),
            "customer_since": _stamp(-(tenure * 2_629_800).astype(np.int64)),
            "churned": table["churned"].astype(str),
            "plan": table["plan"],
        }
    )
