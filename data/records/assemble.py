"""The counting rules, as DuckDB SQL over the parsed tables (data/records/parse.py).

Stages, each a function over tables named as below, so that one machine runs them on whole
tables and the Dask engine (data/records/distributed.py) on buckets of them:

1. `ticket_stage`: rows sharing a ticket_id are one ticket (a row without one is a ticket of
   its own). A ticket belongs to the customer of its first valid row; a later row naming
   another customer is rejected. The ticket's opening is its rows' earliest `created_at`,
   its closing the latest `closed_at`, its deadline the latest `due_at`, its reopens and
   handle minutes the largest, escalated, billing or regulator if any row says so.
2. `customer_stage`: a customer row is rejected for a blank or repeated id, a revenue or
   tenure that is not a number >= 0, a `customer_since` that is not a date before the
   window end, a `churned` that is not 0 or 1.
3. `final_stage`: per customer of the file, once, in the file's order, the contract's
   incident columns (0 with no events); per log row its status, one of used, outside the
   window, unknown customer or rejected (checked in that order of precedence: rejected,
   then outside the window, then unknown customer).
"""

from __future__ import annotations

from data.records.fields import ORDERS, OUTAGES, TICKETS
from data.records.load import PROBLEM, ROW
from data.records.mapping import SectionMapping
from data.records.parse import column_label
from data.records.parse import mapped_value as v
from data.records.values import ident, text
from data.records.window import Window

#: Microseconds in an hour, and in the 30.4375-day month of a tenure counted from a date.
US_PER_HOUR = 3_600_000_000
US_PER_MONTH = 2_629_800_000_000
TENURE_FACTORS = {"days": "/ 30.4375", "months": "* 1", "years": "* 12"}
STATUS_USED, STATUS_OUTSIDE, STATUS_UNKNOWN, STATUS_REJECTED = (
    "used",
    "outside the window",
    "unknown customer",
    "rejected",
)


def ticket_stage(con, mapping: SectionMapping, source: str = "p_tickets") -> None:
    """Tickets from their rows: `t_tickets` (one per ticket: its owner, the row that makes
    it theirs, its opening, closing, deadline, counts and flags) and `r_tickets` (each row:
    its ticket, owner and opening, its agent, and its problems with the owner rule added)."""
    label = mapping.column("customer_id")
    label = f"{label} (customer_id)" if label != "customer_id" else label
    key = f"coalesce({v('ticket_id')}, '#' || {ROW})"
    aggregates = f"""
        min({v("created_at")}) AS opened, max({v("closed_at")}) AS closed,
        max({v("due_at")}) AS due, max({v("reopens")}) AS reopens,
        max({v("handle_minutes")}) AS minutes, max({v("escalated")}) AS escalated,
        max(CAST(__billing AS INTEGER)) AS billing,
        max(CAST(__regulator AS INTEGER)) AS regulator"""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE tk_all AS
        SELECT {key} AS __tkey, arg_min({v("customer_id")}, {ROW}) AS __owner,
               min({ROW}) AS __owner_row,
               min({v("customer_id")}) <> max({v("customer_id")}) AS __mixed, {aggregates}
        FROM {source} WHERE {PROBLEM} IS NULL GROUP BY ALL""")
    # A ticket whose rows name several customers is its owner's rows only (rare: recounted).
    con.execute(f"""
        CREATE OR REPLACE TABLE t_tickets AS
        SELECT * EXCLUDE (__mixed) FROM tk_all WHERE NOT __mixed
        UNION ALL BY NAME
        SELECT t.__tkey, any_value(t.__owner) AS __owner,
               any_value(t.__owner_row) AS __owner_row, {aggregates}
        FROM {source} p JOIN (SELECT __tkey, __owner, __owner_row FROM tk_all WHERE __mixed) t
             ON t.__tkey = {key}
        WHERE {PROBLEM} IS NULL AND {v("customer_id")} = t.__owner GROUP BY t.__tkey""")
    conflict = (
        f"{text(label + ': ticket ')} || '\"' || coalesce({v('ticket_id')}, '') || "
        f"'\" is customer \"' || t.__owner || '\" in row ' || t.__owner_row || "
        f"', this row says \"' || {v('customer_id')} || '\"'"
    )
    con.execute(f"""
        CREATE OR REPLACE TABLE r_tickets AS
        SELECT p.{ROW},
               CASE WHEN p.{PROBLEM} IS NULL AND {v("customer_id")} <> t.__owner
                    THEN {conflict} ELSE p.{PROBLEM} END AS {PROBLEM},
               {key} AS __tkey, t.__owner, t.opened, {v("agent")} AS __agent
        FROM {source} p LEFT JOIN t_tickets t ON t.__tkey = {key}""")
    con.execute("DROP TABLE IF EXISTS tk_all")


def latest_event(con, sections) -> object:
    """The latest time of any valid event (ticket opened, outage start, order placed)."""
    times = {TICKETS: "created_at", OUTAGES: "start", ORDERS: "ordered_at"}
    parts = [
        f"SELECT max({v(times[s])}) AS t FROM p_{s} WHERE {PROBLEM} IS NULL"
        for s in sections
        if s in times
    ]
    if not parts:
        return None
    return con.execute(f"SELECT max(t) FROM ({' UNION ALL '.join(parts)})").fetchall()[0][0]


def customer_stage(con, mapping: SectionMapping, window: Window, source="p_customers") -> None:
    """`c_customers`: the customer rows with duplicate and date rules added to their problems,
    revenue per month and tenure in months."""
    _, end = window.sql()
    cid = mapping.column("customer_id")
    cid_label = column_label(cid, "customer_id")
    duplicate = (
        f"CASE WHEN {v('customer_id')} IS NOT NULL AND __rank > 1 THEN "
        f"{text(cid_label + ': must be unique, ')} || '\"' || {v('customer_id')} || "
        f"'\" is already in row ' || __first END"
    )
    since_problem = "NULL"
    if mapping.column("tenure_months") is None and mapping.column("customer_since"):
        since = mapping.column("customer_since")
        since_label = column_label(since, "customer_since")
        since_problem = (
            f"CASE WHEN {v('customer_since')} > {end} THEN "
            f"{text(f'{since_label}: must not be after the window end {window.end:%Y-%m-%d}')}"
            f" || ', got \"' || strftime({v('customer_since')}, '%Y-%m-%d %H:%M:%S') || '\"' END"
        )
    per = " / 12" if mapping.revenue_per == "year" else ""
    if mapping.column("tenure_months") is not None:
        tenure = f"{v('tenure_months')} {TENURE_FACTORS[mapping.tenure_unit]}"
    else:
        tenure = f"(epoch_us({end}) - epoch_us({v('customer_since')})) / {US_PER_MONTH}.0"
    con.execute(f"""
        CREATE OR REPLACE TABLE c_customers AS
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY {v("customer_id")} ORDER BY {ROW}) AS __rank,
                   min({ROW}) OVER (PARTITION BY {v("customer_id")}) AS __first
            FROM {source})
        SELECT * EXCLUDE (__rank, __first) REPLACE (
                   nullif(concat_ws('; ', {PROBLEM}, {duplicate}, {since_problem}), '')
                   AS {PROBLEM}),
               {v("monthly_revenue")}{per} AS __revenue,
               {tenure} AS __tenure
        FROM ranked""")


def final_stage(
    con,
    sections,
    window: Window,
    customer_columns: tuple[str, ...],
    customers: SectionMapping,
) -> None:
    """`prepared` (one row per valid customer, `__row` their file row) and `s_<section>`
    (every row's status and reason) for the customer file and each log given."""
    start, end = window.sql()
    span = text(f"outside the window {window.describe()}: ")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ok AS
        SELECT {v("customer_id")} AS cid FROM c_customers WHERE {PROBLEM} IS NULL""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE bad AS
        SELECT {v("customer_id")} AS cid, min({ROW}) AS r FROM c_customers
        WHERE {PROBLEM} IS NOT NULL AND {v("customer_id")} IS NOT NULL
              AND {v("customer_id")} NOT IN (SELECT cid FROM ok)
        GROUP BY ALL""")

    def unknown(cid: str) -> str:
        return (
            f"'unknown customer: \"' || {cid} || '\" ' || CASE WHEN bad.r IS NULL "
            f"THEN 'is not in the customer file' ELSE 'is in row ' || bad.r || "
            f"' of the customer file, which is rejected' END"
        )

    def status(section: str, in_window: str, cid: str, when: str, joins: str = "") -> None:
        con.execute(f"""
            CREATE OR REPLACE TABLE s_{section} AS
            SELECT x.*,
                   CASE WHEN {PROBLEM} IS NOT NULL THEN '{STATUS_REJECTED}'
                        WHEN NOT coalesce({in_window}, false) THEN '{STATUS_OUTSIDE}'
                        WHEN ok.cid IS NULL THEN '{STATUS_UNKNOWN}'
                        ELSE '{STATUS_USED}' END AS __status,
                   CASE WHEN {PROBLEM} IS NOT NULL THEN {PROBLEM}
                        WHEN NOT coalesce({in_window}, false) THEN {span} || {when}
                        WHEN ok.cid IS NULL THEN {unknown(cid)} END AS __reason
            FROM {joins} LEFT JOIN ok ON ok.cid = {cid} LEFT JOIN bad ON bad.cid = {cid}""")

    features = []
    if TICKETS in sections:
        status(
            TICKETS,
            f"(x.opened >= {start} AND x.opened < {end})",
            "x.__owner",
            "'opened ' || strftime(x.opened, '%Y-%m-%d %H:%M:%S')",
            "r_tickets x",
        )
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE t_in AS
            SELECT t.* FROM t_tickets t JOIN ok ON ok.cid = t.__owner
            WHERE t.opened >= {start} AND t.opened < {end}""")
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE f_tickets AS
            WITH per AS (
                SELECT __owner AS cid, count(*) AS support_calls,
                       fsum(minutes) / 60 AS hours_on_phone,
                       sum(escalated) AS escalations,
                       sum(reopens)
                         + count(*) FILTER (WHERE closed > due)
                         + count(*) FILTER (WHERE closed IS NULL AND due < {end})
                         AS unresolved_promises,
                       sum(billing) AS billing_errors, max(regulator) AS regulator_complaint
                FROM t_in GROUP BY __owner),
            agents AS (
                SELECT __owner AS cid, count(DISTINCT __agent) AS agents_contacted
                FROM s_tickets WHERE __status = '{STATUS_USED}' AND __agent IS NOT NULL
                GROUP BY ALL)
            SELECT per.*, coalesce(agents.agents_contacted, 0) AS agents_contacted
            FROM per LEFT JOIN agents USING (cid)""")
        features.append(
            (
                "f_tickets",
                (
                    "support_calls",
                    "hours_on_phone",
                    "agents_contacted",
                    "escalations",
                    "unresolved_promises",
                    "billing_errors",
                    "regulator_complaint",
                ),
            )
        )
    if OUTAGES in sections:
        clip_start = f"greatest({v('start')}, {start})"
        clip_end = f"least(coalesce({v('end')}, {end}), {end})"
        overlaps = (
            f"(({clip_start} < {clip_end}) OR ({v('start')} >= {start} AND {v('start')} < {end}))"
        )
        status(
            OUTAGES,
            overlaps,
            f"x.{v('customer_id')}",
            f"'from ' || strftime({v('start')}, '%Y-%m-%d %H:%M:%S') || ' to ' || "
            f"coalesce(strftime({v('end')}, '%Y-%m-%d %H:%M:%S'), 'now')",
            "p_outages x",
        )
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE f_outages AS
            WITH o AS (
                SELECT {v("customer_id")} AS cid, {clip_start} AS s, {clip_end} AS e
                FROM s_outages WHERE __status = '{STATUS_USED}' AND {clip_start} < {clip_end}),
            m AS (
                SELECT *, max(e) OVER (PARTITION BY cid ORDER BY s, e
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
                FROM o),
            g AS (
                SELECT *, sum(CASE WHEN prev_end IS NULL OR s > prev_end THEN 1 ELSE 0 END)
                          OVER (PARTITION BY cid ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
                FROM m),
            islands AS (SELECT cid, island, min(s) AS s, max(e) AS e FROM g GROUP BY cid, island)
            SELECT cid, sum(epoch_us(e) - epoch_us(s)) / {US_PER_HOUR}.0 AS outage_hours
            FROM islands GROUP BY cid""")
        features.append(("f_outages", ("outage_hours",)))
    if ORDERS in sections:
        placed = v("ordered_at")
        status(
            ORDERS,
            f"({placed} >= {start} AND {placed} < {end})",
            f"x.{v('customer_id')}",
            f"'ordered ' || strftime({placed}, '%Y-%m-%d %H:%M:%S')",
            "p_orders x",
        )
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE f_orders AS
            SELECT {v("customer_id")} AS cid, sum({v("reshipped")}) AS reshipped_orders
            FROM s_orders WHERE __status = '{STATUS_USED}' GROUP BY ALL""")
        features.append(("f_orders", ("reshipped_orders",)))

    con.execute(f"""
        CREATE OR REPLACE TABLE s_customers AS
        SELECT *, CASE WHEN {PROBLEM} IS NULL THEN '{STATUS_USED}' ELSE '{STATUS_REJECTED}' END
                  AS __status, {PROBLEM} AS __reason
        FROM c_customers""")
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


def passthrough_name(name: str) -> str:
    """A customer column kept as it is, renamed `crm_<name>` if the contract uses its name."""
    from data.schema import COLUMNS_BY_NAME, OUTPUT_COLUMNS

    taken = set(COLUMNS_BY_NAME) | set(OUTPUT_COLUMNS)
    return f"crm_{name}" if name in taken else name


def _prepared(con, features, customer_columns, customers: SectionMapping) -> None:
    joins, found = [], {}
    for table, columns in features:
        joins.append(f"LEFT JOIN {table} ON {table}.cid = c.{v('customer_id')}")
        for column in columns:
            found[column] = table
    values = []
    for name, kind in INCIDENTS:
        source = f"{found[name]}.{name}" if name in found else "0"
        values.append(f"CAST(coalesce({source}, 0) AS {kind}) AS {name}")
    churned = (
        [f"CAST(c.{v('churned')} AS BIGINT) AS churned"] if customers.column("churned") else []
    )
    mapped = set(customers.columns.values())
    kept = [
        f"r.{ident(name)} AS {ident(passthrough_name(name))}"
        for name in customer_columns
        if name not in mapped
    ]
    select = ", ".join(
        [
            f"c.{ROW} AS {ROW}",
            f"c.{v('customer_id')} AS customer_id",
            "c.__revenue AS monthly_revenue",
            "c.__tenure AS tenure_months",
            *values,
            *churned,
            *kept,
        ]
    )
    con.execute(f"""
        CREATE OR REPLACE TABLE prepared AS
        SELECT {select} FROM c_customers c JOIN raw_customers r ON r.{ROW} = c.{ROW}
        {" ".join(joins)} WHERE c.{PROBLEM} IS NULL""")
