"""The fields of each input a company's records are read from, and which of them are required.

Four inputs: the customer list (CRM or billing export) and three logs. Each field is one of
*our* names; the mapping (data/records/mapping.py) says which of the file's columns holds
it. A log row is an event: a ticket (or one update row of a ticket), an outage, an order.
"""

from __future__ import annotations

from dataclasses import dataclass

CUSTOMERS = "customers"
TICKETS = "tickets"
OUTAGES = "outages"
ORDERS = "orders"
#: The logs, in the order the report lists them (the customer file is not a log).
LOGS: tuple[str, ...] = (TICKETS, OUTAGES, ORDERS)
SECTIONS: tuple[str, ...] = (CUSTOMERS, *LOGS)


@dataclass(frozen=True)
class Field:
    """One of our fields: its name, its kind of value and what it means."""

    name: str
    kind: str  # "id", "text", "date", "number", "count", "flag", "met", "duration"
    meaning: str
    required: bool = False


FIELDS: dict[str, tuple[Field, ...]] = {
    CUSTOMERS: (
        Field("customer_id", "id", "the customer's key, as the logs name it", required=True),
        Field("monthly_revenue", "number", "revenue per month (or per year)", required=True),
        Field("tenure_months", "number", "time as a customer (in months, days or years)"),
        Field("customer_since", "date", "the date the customer joined"),
        Field("churned", "flag", "whether the customer left (0 or 1), for a history"),
    ),
    TICKETS: (
        Field("customer_id", "id", "the customer the ticket is for", required=True),
        Field("ticket_id", "text", "the ticket's key: rows sharing it are one ticket"),
        Field("created_at", "date", "when the ticket was opened", required=True),
        Field("closed_at", "date", "when it was closed or solved (blank: still open)"),
        Field("due_at", "date", "when it was promised to be done"),
        Field("reopens", "count", "how many times it was reopened"),
        Field("sla_met", "met", "whether its service-level target was met (no: a missed promise)"),
        Field("escalated", "flag", "whether it was escalated (yes/true/1)"),
        Field("handle_minutes", "duration", "agent time on it, in minutes (or h:mm)"),
        Field("agent", "text", "the agent who handled it"),
        Field("category", "text", "its category, type or reason"),
        Field("channel", "text", "how it came in (phone, e-mail, regulator...)"),
    ),
    OUTAGES: (
        Field("customer_id", "id", "the customer who lost service", required=True),
        Field("start", "date", "when service stopped", required=True),
        Field("end", "date", "when it came back (blank: not yet)", required=True),
    ),
    ORDERS: (
        Field("customer_id", "id", "the customer who ordered", required=True),
        Field("ordered_at", "date", "when the order was placed", required=True),
        Field("reshipped", "flag", "whether it was sent again (yes/true/1)", required=True),
    ),
}

#: Tenure comes from one of these two customer fields; one of them must be found.
TENURE_FIELDS = ("tenure_months", "customer_since")


def field_names(section: str) -> tuple[str, ...]:
    return tuple(field.name for field in FIELDS[section])


def required_fields(section: str) -> tuple[str, ...]:
    return tuple(field.name for field in FIELDS[section] if field.required)
