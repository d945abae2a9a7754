"""The counting rules, run as the named statements of data/records/statements.py over the
parsed tables (data/records/parse.py).

Stages, each a function over tables named as below, so that one machine runs them on whole
tables and the Dask engine (data/records/distributed.py) on buckets of them:

1. `ticket_stage`: rows sharing a ticket_id are one ticket (a row without one is a ticket of
   its own). A ticket belongs to the customer of its first valid row; a later row naming
   another customer is rejected. The ticket's opening is its rows' earliest `created_at`,
   its closing the latest `closed_at`, its deadline the latest `due_at`, its reopens and
   handle minutes the largest, escalated, billing or regulator if any row says so, its SLA
   missed if any row says it was not met.
2. `customer_stage`: a customer row is rejected for a blank or repeated id, a revenue or
   tenure that is not a number >= 0, a `customer_since` that is not a date before the
   window end, a `churned` that is not 0 or 1.
3. `final_stage`: per customer of the file, once, in the file's order, the contract's
   incident columns (0 with no events); per log row its status, one of used, outside the
   window, unknown customer or rejected (checked in that order of precedence: rejected,
   then outside the window, then unknown customer).
"""

from __future__ import annotations

import datetime as dt

import data.records.statements as sql
from data.records.fields import ORDERS, OUTAGES, TICKETS
from data.records.load import cell_name
from data.records.mapping import SectionMapping
from data.records.parse import column_label
from data.records.statements import (
    STATUS_OUTSIDE,
    STATUS_REJECTED,
    STATUS_UNKNOWN,
    STATUS_USED,
    execute,
)
from data.records.values import ident
from data.records.window import Window

__all__ = [
    "STATUS_OUTSIDE",
    "STATUS_REJECTED",
    "STATUS_UNKNOWN",
    "STATUS_USED",
    "customer_stage",
    "final_stage",
    "latest_event",
    "ticket_stage",
]

#: The event that sets a log's default window end, as the summary names it.
EVENT_TIMES = {TICKETS: "created_at", OUTAGES: "start", ORDERS: "ordered_at"}


def ticket_stage(
    con, mapping: SectionMapping, source: str = "p_tickets", rows_view: bool = False
) -> None:
    """Tickets from their rows: `t_tickets` (one per ticket: its owner, the row that makes
    it theirs, its opening, closing, deadline, counts and flags) and `r_tickets` (each row:
    its ticket's owner and opening, its agent, and its problems with the owner rule added),
    a view when `rows_view` (read once, by final_stage: no copy of every row is kept)."""
    label = column_label(mapping.column("customer_id"), "customer_id")
    execute(con, sql.TICKETS_GROUPED.format(source=source))
    execute(con, sql.TICKETS_OWNED.format(source=source))
    execute(con, sql.TICKET_LABEL, {"label": label})
    kind = "TEMP VIEW" if rows_view else "TABLE"
    execute(con, sql.TICKET_ROWS.format(source=source, kind=kind))
    con.execute("DROP TABLE IF EXISTS tk_all")


def latest_event(con, sections) -> tuple[dt.datetime, str] | None:
    """The latest time of any valid event (ticket opened, outage start, order placed), and
    which event it is ("tickets row 57, created_at"); None when no log holds one. A
    rejected row (a date before 1900 or after 2100 among them) never sets it."""
    found = []
    for section in sections:
        if section not in EVENT_TIMES:
            continue
        time = f"__f_{EVENT_TIMES[section]}"
        got = execute(con, sql.LATEST_EVENT.format(time=time, section=section)).fetchall()[0]
        if got[0] is not None:
            found.append((got[0], f"{section} row {got[1]:,} ({EVENT_TIMES[section]})"))
    return max(found, key=lambda event: event[0]) if found else None


def customer_stage(con, mapping: SectionMapping, window: Window, source="p_customers") -> None:
    """`c_customers`: the customer rows with duplicate and date rules added to their problems,
    revenue per month and tenure in months."""
    params = {"id_label": column_label(mapping.column("customer_id"), "customer_id")}
    params |= window.params()
    since_problem = "NULL"
    if mapping.column("tenure_months") is None and mapping.column("customer_since"):
        since = column_label(mapping.column("customer_since"), "customer_since")
        since_problem = sql.SINCE_PROBLEM
        params["since_message"] = f"{since}: must not be after the window end {window.end:%Y-%m-%d}"
    if mapping.column("tenure_months") is not None:
        tenure = f"__f_tenure_months {sql.TENURE_FACTORS[mapping.tenure_unit]}"
    else:
        tenure = sql.TENURE_FROM_SINCE
    statement = sql.CUSTOMERS_CHECKED.format(
        source=source,
        since_problem=since_problem,
        per="/ 12" if mapping.revenue_per == "year" else "",
        tenure=tenure,
    )
    execute(con, statement, params)


def final_stage(
    con,
    sections,
    window: Window,
    customer_columns: tuple[str, ...],
    customers: SectionMapping,
) -> None:
    """`prepared` (one row per valid customer, `__row` their file row) and `s_<section>`
    (every row's status and reason) for the customer file and each log given."""
    params = window.params() | {"span": f"outside the window {window.describe()}: "}
    execute(con, sql.KNOWN_CUSTOMERS)
    execute(con, sql.REJECTED_CUSTOMERS)
    features = []
    for section in (TICKETS, OUTAGES, ORDERS):
        if section not in sections:
            continue
        execute(con, sql.LOG_STATUS.format(section=section, **sql.STATUS_OF[section]), params)
        statements, table, columns = sql.COUNTS_OF[section]
        for statement in statements:
            execute(con, statement, params)
        features.append((table, columns))
    execute(con, sql.CUSTOMER_STATUS)
    _prepared(con, features, customer_columns, customers)


#: The contract's incident columns, in its order, with their SQL types.
INCIDENTS = (
    ("outage_hours", "DOUBLE"),
    ("support_calls", "BIGINT"),
    ("unresolved_promises", "BIGINT"),
    ("hours_on_phone", "DOUBLE"),
    ("agents_contacted", "BIGINT"),
    ("escalations", "BIGINT"),
    ("billing_errors", "BIGINT"),
    ("regulator_complaint", "BIGINT"),
    ("reshipped_orders", "BIGINT"),
)


def passthrough_names(customer_columns, mapped) -> dict[int, str]:
    """Each customer column kept (by position) and its name in the prepared file: its own,
    or `crm_<name>` when the contract (or the importer: `__row`) uses the name, with a
    number after it when the file has that name too (`customer_id` and `crm_customer_id`
    both kept, apart)."""
    from data.schema import COLUMNS_BY_NAME, OUTPUT_COLUMNS

    reserved = set(COLUMNS_BY_NAME) | set(OUTPUT_COLUMNS) | {"churned", "__row"}
    kept = [(i, name) for i, name in enumerate(customer_columns) if name not in mapped]
    names = {i: name for i, name in kept if name not in reserved}
    used = reserved | set(names.values())
    for position, name in kept:
        if position in names:
            continue
        candidate, count = f"crm_{name}", 2
        while candidate in used:
            candidate, count = f"crm_{name}_{count}", count + 1
        names[position] = candidate
        used.add(candidate)
    return dict(sorted(names.items()))


def _prepared(con, features, customer_columns, customers: SectionMapping) -> None:
    joins, found = [], {}
    for table, columns in features:
        joins.append(f"LEFT JOIN {table} ON {table}.cid = c.__f_customer_id")
        for column in columns:
            found[column] = table
    values = []
    for name, kind in INCIDENTS:
        source = f"{found[name]}.{name}" if name in found else "0"
        values.append(f"CAST(coalesce({source}, 0) AS {kind}) AS {name}")
    churned = ["CAST(c.__f_churned AS BIGINT) AS churned"] if customers.column("churned") else []
    kept = passthrough_names(customer_columns, set(customers.columns.values()))
    # a kept column's name reaches the SQL only as its output name, quoted as an identifier
    select = ", ".join(
        [
            "c.__row AS __row",
            "c.__f_customer_id AS customer_id",
            "c.__revenue AS monthly_revenue",
            "c.__tenure AS tenure_months",
            *values,
            *churned,
            *[f"r.{cell_name(i)} AS {ident(name)}" for i, name in kept.items()],
        ]
    )
    execute(con, sql.PREPARED.format(select=select, joins=" ".join(joins)))
