"""The counting rules' SQL, as named statements (assemble.py runs them).

Each statement names only our own tables and columns (the `{...}` slots are filled from
this module's constants and the section registry below, never from a file or a mapping);
every value, the window's bounds and every text built from a file's column names
included, is a `$parameter` bound by `execute`. The tables: `p_<section>` (parsed rows,
parse.py), `t_tickets` and `r_tickets` (tickets and their rows), `c_customers`, `ok` and
`bad` (valid and rejected customer ids), `s_<section>` (each row's status and reason),
`f_<section>` (each customer's counts) and `prepared` (the contract).
"""

from __future__ import annotations

import re

from data.records.fields import ORDERS, OUTAGES, TICKETS

#: Microseconds in an hour, and in the 30.4375-day month of a tenure counted from a date.
US_PER_HOUR = 3_600_000_000
US_PER_MONTH = 2_629_800_000_000
STATUS_USED, STATUS_OUTSIDE, STATUS_UNKNOWN, STATUS_REJECTED = (
    "used",
    "outside the window",
    "unknown customer",
    "rejected",
)
#: A ticket's key: its id as the file writes it, or its row for a row without one. The two
#: are kept apart ("=" and "#"), so a ticket id "#3" is never row 3's ticket. As one text,
#: only to spread rows over buckets (distributed.py).
TICKET_KEY = "coalesce('=' || __f_ticket_id, '#' || __row)"
#: The same key as two columns, which the statements group and join on: the id, and the
#: row for a row without one (0 with one, rows count from 1): no text built for every row
#: (about 0.07 s of CPU at a million ticket rows, ADR 0028).
TICKET_ID_ROW = "CASE WHEN __f_ticket_id IS NULL THEN __row ELSE 0 END"
_SAME_TICKET = (
    "t.__tid IS NOT DISTINCT FROM p.__f_ticket_id AND t.__trow = "
    "(CASE WHEN p.__f_ticket_id IS NULL THEN p.__row ELSE 0 END)"
)
#: The same for a customer (only to spread rows over buckets: distributed.py).
CUSTOMER_KEY = "coalesce('=' || __f_customer_id, '#' || __row)"

_TICKET_AGGREGATES = """
    min(__f_created_at) AS opened, max(__f_closed_at) AS closed,
    max(__f_due_at) AS due, max(__f_reopens) AS reopens, min(__f_sla_met) AS sla_met,
    max(__f_handle_minutes) AS minutes, max(__f_escalated) AS escalated,
    max(CAST(__billing AS INTEGER)) AS billing,
    max(CAST(__regulator AS INTEGER)) AS regulator"""

TICKETS_GROUPED = f"""
CREATE OR REPLACE TEMP TABLE tk_all AS
SELECT __f_ticket_id AS __tid, {TICKET_ID_ROW} AS __trow,
       arg_min(__f_customer_id, __row) AS __owner, min(__row) AS __owner_row,
       min(__f_customer_id) <> max(__f_customer_id) AS __mixed, {_TICKET_AGGREGATES}
FROM {{source}} WHERE __problem IS NULL GROUP BY ALL"""

#: A ticket whose rows name several customers is its owner's rows only (rare: recounted).
TICKETS_OWNED = f"""
CREATE OR REPLACE TABLE t_tickets AS
SELECT * EXCLUDE (__mixed) FROM tk_all WHERE NOT __mixed
UNION ALL BY NAME
SELECT t.__tid, t.__trow, any_value(t.__owner) AS __owner,
       any_value(t.__owner_row) AS __owner_row, {_TICKET_AGGREGATES}
FROM {{source}} p JOIN (SELECT __tid, __trow, __owner, __owner_row FROM tk_all WHERE __mixed) t
     ON {_SAME_TICKET}
WHERE __problem IS NULL AND __f_customer_id = t.__owner GROUP BY t.__tid, t.__trow"""

#: The customer_id column's label in the owner rule's words (a value, bound: a view of the
#: rows takes no parameter, so it reads the label from this one-row table).
TICKET_LABEL = "CREATE OR REPLACE TEMP TABLE __ticket_label AS SELECT $label AS label"
#: Each row with its ticket's owner and opening: a table where it is written out (Dask's
#: buckets), a view on one machine, where the rows' statuses (LOG_STATUS) read it once. The
#: ticket's key is not kept: no later statement reads it (a copy of every row's key saved).
TICKET_ROWS = f"""
CREATE OR REPLACE {{kind}} r_tickets AS
SELECT p.__row,
       CASE WHEN p.__problem IS NULL AND p.__f_customer_id <> t.__owner
            THEN (SELECT label FROM __ticket_label) || ': ticket "'
                 || coalesce(p.__f_ticket_id, '') || '" is customer "'
                 || t.__owner || '" in row ' || t.__owner_row || ', this row says "'
                 || p.__f_customer_id || '"'
            ELSE p.__problem END AS __problem,
       t.__owner, t.opened, p.__f_agent AS __agent
FROM {{source}} p LEFT JOIN t_tickets t ON {_SAME_TICKET}"""

#: The latest valid event of a log, and the row holding it.
LATEST_EVENT = """
SELECT max({time}), arg_max(__row, {time}) FROM p_{section}
WHERE __problem IS NULL AND {time} IS NOT NULL"""

#: A repeated id's rows after its first are rejected. The ids written more than once (few)
#: are grouped and joined back, not every row ranked in a window over its id: 0.05 s of CPU
#: against 0.15 s at 200,000 customers (ADR 0028).
CUSTOMERS_CHECKED = """
CREATE OR REPLACE TABLE c_customers AS
WITH repeated AS (
    SELECT __f_customer_id AS cid, min(__row) AS first FROM {source}
    WHERE __f_customer_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1),
ranked AS (
    SELECT p.*, d.first AS __first FROM {source} p
    LEFT JOIN repeated d ON d.cid = p.__f_customer_id)
SELECT * EXCLUDE (__first) REPLACE (
           nullif(concat_ws('; ', __problem,
               CASE WHEN __row > __first THEN
                   $id_label || ': must be unique, "' || __f_customer_id
                   || '" is already in row ' || __first END,
               {since_problem}), '') AS __problem),
       __f_monthly_revenue {per} AS __revenue,
       {tenure} AS __tenure
FROM ranked"""
#: customer_since after the window end (when tenure comes from it).
SINCE_PROBLEM = """CASE WHEN __f_customer_since > $end THEN $since_message
    || ', got "' || strftime(__f_customer_since, '%Y-%m-%d %H:%M:%S') || '"' END"""
TENURE_FROM_SINCE = f"(epoch_us($end) - epoch_us(__f_customer_since)) / {US_PER_MONTH}.0"
TENURE_FACTORS = {"days": "/ 30.4375", "months": "* 1", "years": "* 12"}

KNOWN_CUSTOMERS = """
CREATE OR REPLACE TEMP TABLE ok AS
SELECT __f_customer_id AS cid FROM c_customers WHERE __problem IS NULL"""
REJECTED_CUSTOMERS = """
CREATE OR REPLACE TEMP TABLE bad AS
SELECT __f_customer_id AS cid, min(__row) AS r FROM c_customers
WHERE __problem IS NOT NULL AND __f_customer_id IS NOT NULL
      AND __f_customer_id NOT IN (SELECT cid FROM ok)
GROUP BY ALL"""

#: Every row of a log with its status (in this order of precedence) and reason.
LOG_STATUS = f"""
CREATE OR REPLACE TABLE s_{{section}} AS
SELECT x.*,
       CASE WHEN x.__problem IS NOT NULL THEN '{STATUS_REJECTED}'
            WHEN NOT coalesce({{in_window}}, false) THEN '{STATUS_OUTSIDE}'
            WHEN ok.cid IS NULL THEN '{STATUS_UNKNOWN}'
            ELSE '{STATUS_USED}' END AS __status,
       CASE WHEN x.__problem IS NOT NULL THEN x.__problem
            WHEN NOT coalesce({{in_window}}, false) THEN $span || {{when}}
            WHEN ok.cid IS NULL THEN 'unknown customer: "' || {{cid}} || '" '
                 || CASE WHEN bad.r IS NULL THEN 'is not in the customer file'
                    ELSE 'is in row ' || bad.r || ' of the customer file, which is rejected'
                    END
            END AS __reason
FROM {{relation}} x LEFT JOIN ok ON ok.cid = {{cid}} LEFT JOIN bad ON bad.cid = {{cid}}"""

_SECOND = "'%Y-%m-%d %H:%M:%S'"
_CLIP_START = "greatest(x.__f_start, $start)"
_CLIP_END = "least(coalesce(x.__f_end, $end), $end)"
#: Per log: the rows whose status LOG_STATUS gives, their customer, whether their event is
#: in the window, and the event as the reason for "outside the window" words it.
STATUS_OF = {
    TICKETS: {
        "relation": "r_tickets",
        "cid": "x.__owner",
        "in_window": "(x.opened >= $start AND x.opened < $end)",
        "when": f"'opened ' || strftime(x.opened, {_SECOND})",
    },
    OUTAGES: {
        "relation": "p_outages",
        "cid": "x.__f_customer_id",
        "in_window": f"(({_CLIP_START} < {_CLIP_END}) "
        "OR (x.__f_start >= $start AND x.__f_start < $end))",
        "when": f"'from ' || strftime(x.__f_start, {_SECOND}) || ' to ' || "
        f"coalesce(strftime(x.__f_end, {_SECOND}), 'now')",
    },
    ORDERS: {
        "relation": "p_orders",
        "cid": "x.__f_customer_id",
        "in_window": "(x.__f_ordered_at >= $start AND x.__f_ordered_at < $end)",
        "when": f"'ordered ' || strftime(x.__f_ordered_at, {_SECOND})",
    },
}

#: When a ticket's promise is missed: after its due time, or, for a due date with no time
#: of day (midnight: Olist's estimated delivery, Jira's due date), from the next midnight.
_DUE = "CAST(due AS TIMESTAMP)"  # typed, for a log without due dates (all NULL)
_KEPT_UNTIL = (
    f"(CASE WHEN {_DUE} = date_trunc('day', {_DUE}) THEN {_DUE} + INTERVAL 1 DAY "
    f"ELSE {_DUE} + INTERVAL 1 MICROSECOND END)"
)

#: Each customer's ticket counts, from the tickets of known customers opened in the window
#: (read once by the counts, never a table of their own).
TICKET_COUNTS = f"""
CREATE OR REPLACE TEMP TABLE f_tickets AS
WITH t_in AS (
    SELECT t.* FROM t_tickets t JOIN ok ON ok.cid = t.__owner
    WHERE t.opened >= $start AND t.opened < $end),
per AS (
    SELECT __owner AS cid, count(*) AS support_calls,
           fsum(minutes) / 60 AS hours_on_phone,
           sum(escalated) AS escalations,
           coalesce(sum(reopens), 0)
             + count(*) FILTER (WHERE closed >= {_KEPT_UNTIL} OR (closed IS NULL AND due < $end)
                                OR sla_met = 0)
             AS unresolved_promises,
           sum(billing) AS billing_errors, max(regulator) AS regulator_complaint
    FROM t_in GROUP BY __owner),
agents AS (
    SELECT __owner AS cid, count(DISTINCT __agent) AS agents_contacted
    FROM s_tickets WHERE __status = '{STATUS_USED}' AND __agent IS NOT NULL
    GROUP BY ALL)
SELECT per.*, coalesce(agents.agents_contacted, 0) AS agents_contacted
FROM per LEFT JOIN agents USING (cid)"""
OUTAGE_HOURS = f"""
CREATE OR REPLACE TEMP TABLE f_outages AS
WITH o AS (
    SELECT x.__f_customer_id AS cid, {_CLIP_START} AS s, {_CLIP_END} AS e
    FROM s_outages x WHERE __status = '{STATUS_USED}' AND {_CLIP_START} < {_CLIP_END}),
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
FROM islands GROUP BY cid"""
RESHIPPED_ORDERS = f"""
CREATE OR REPLACE TEMP TABLE f_orders AS
SELECT __f_customer_id AS cid, sum(__f_reshipped) AS reshipped_orders
FROM s_orders WHERE __status = '{STATUS_USED}' GROUP BY ALL"""
#: Per log: the table of its counts and the contract's columns it gives.
COUNTS_OF = {
    TICKETS: (
        (TICKET_COUNTS,),
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
    ),
    OUTAGES: ((OUTAGE_HOURS,), "f_outages", ("outage_hours",)),
    ORDERS: ((RESHIPPED_ORDERS,), "f_orders", ("reshipped_orders",)),
}

CUSTOMER_STATUS = f"""
CREATE OR REPLACE TABLE s_customers AS
SELECT *, CASE WHEN __problem IS NULL THEN '{STATUS_USED}' ELSE '{STATUS_REJECTED}' END
          AS __status, __problem AS __reason
FROM c_customers"""
PREPARED = """
CREATE OR REPLACE TABLE prepared AS
SELECT {select} FROM c_customers c JOIN raw_customers r ON r.__row = c.__row
{joins} WHERE c.__problem IS NULL"""

_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


def execute(con, sql: str, params: dict | None = None):
    """Run a statement with the parameters it names bound from `params` (DuckDB refuses a
    parameter a statement does not use, so each statement takes only its own)."""
    used = set(_PARAMETER.findall(sql))
    bound = {name: value for name, value in (params or {}).items() if name in used}
    return con.execute(sql, bound or None)
