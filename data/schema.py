"""The data contract: every column the product reads or writes, defined once.

Column names are public interface (CSV upload, CSV download, command line), so they
live here and nowhere else; validation, the generator, the model's feature list and
the template all read them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "number", "integer", "flag"]


@dataclass(frozen=True)
class Column:
    """One column of the contract: its name, the values it accepts and what it means."""

    name: str
    kind: ColumnKind
    meaning: str
    unit: str = ""
    #: How people name it on the pages, in charts and tables (with its unit where it helps).
    label: str = ""
    required: bool = True
    incident: bool = False
    outcome: bool = False
    #: The largest value a real customer can have, and why (None: only LARGEST_VALUE).
    most: float | None = None
    most_why: str = ""

    @property
    def limit_rule(self) -> str:
        """The plausibility rule, in the words the rejected-rows report uses ("" if none)."""
        if self.most is None:
            return ""
        return f"must be at most {self.most:,.0f} ({self.most_why})"

    @property
    def full_rule(self) -> str:
        """Every rule of the column, for the column guide and the data contract."""
        return "; ".join(part for part in (self.rule, self.limit_rule) if part)

    @property
    def rule(self) -> str:
        """The rule a value must meet, in the words the rejected-rows report uses."""
        return {
            "text": "must be non-empty and unique",
            "number": "must be a number >= 0",
            "integer": "must be a whole number >= 0",
            "flag": "must be 0 or 1",
        }[self.kind]


CUSTOMER_ID = Column("customer_id", "text", "the customer's key; passed through untouched")

#: Hours in the 12-month incident window: no customer is without service, on the phone,
#: or calls, more often than that (one a hour, day and night, all year).
WINDOW_HOURS = 8_760
_PER_HOUR = {"most": WINDOW_HOURS, "most_why": "the hours in the 12-month window"}

INPUT_COLUMNS: tuple[Column, ...] = (
    CUSTOMER_ID,
    Column(
        "monthly_revenue",
        "number",
        "average revenue per month",
        "currency per month",
        label="Monthly revenue ($)",
    ),
    Column(
        "tenure_months",
        "number",
        "months as a customer",
        "months",
        label="Tenure (months)",
        most=1_200,
        most_why="a hundred years",
    ),
    Column(
        "outage_hours",
        "number",
        "hours without service in the 12-month incident window",
        "hours",
        incident=True,
        **_PER_HOUR,
        label="Outage hours",
    ),
    Column(
        "support_calls",
        "integer",
        "calls to support in the window",
        "calls",
        incident=True,
        **_PER_HOUR,
        label="Support calls",
    ),
    Column(
        "unresolved_promises",
        "integer",
        "promised fixes, callbacks or deadlines that were missed",
        "promises",
        incident=True,
        **_PER_HOUR,
        label="Missed promises",
    ),
    Column(
        "hours_on_phone",
        "number",
        "cumulative hours on the phone with support in the window",
        "hours",
        required=False,
        incident=True,
        **_PER_HOUR,
        label="Hours on the phone",
    ),
    Column(
        "agents_contacted",
        "integer",
        "different employees the customer dealt with",
        "people",
        required=False,
        incident=True,
        **_PER_HOUR,
        label="Agents contacted",
    ),
    Column(
        "escalations",
        "integer",
        "times the case was escalated to a manager or specialist team",
        "escalations",
        required=False,
        incident=True,
        **_PER_HOUR,
        label="Escalations",
    ),
    Column(
        "billing_errors",
        "integer",
        "wrong bills or payment notices sent in the window",
        "bills",
        required=False,
        incident=True,
        **_PER_HOUR,
        label="Billing errors",
    ),
    Column(
        "regulator_complaint",
        "flag",
        "1 if the customer complained to a regulator or in public, else 0",
        "0 or 1",
        required=False,
        incident=True,
        label="Regulator complaint",
    ),
    Column(
        "reshipped_orders",
        "integer",
        "orders sent again because they arrived incomplete, wrong or damaged",
        "orders",
        required=False,
        incident=True,
        **_PER_HOUR,
        label="Re-shipped orders",
    ),
)


def declared_incident(name: str) -> Column:
    """A company's own incident column, declared when a model is fitted to its history
    (`python -m model.train --incidents NAME`): a number >= 0, required in every file that
    model scores."""
    return Column(name, "number", f"{name}: an incident declared with the model", incident=True)


#: What happened afterwards: never a model input; with it, a file is a company's history.
CHURNED = Column(
    "churned",
    "flag",
    "outcome, never a model input: 1 if the customer left in the 12 months after the "
    "incident window, else 0; lets you check the model and fit it to your history",
    "0 or 1",
    required=False,
    outcome=True,
)
OUTCOME_COLUMNS: tuple[Column, ...] = (CHURNED,)

#: Every column validation knows by name: the inputs, then the optional outcome.
CONTRACT_COLUMNS: tuple[Column, ...] = INPUT_COLUMNS + OUTCOME_COLUMNS
COLUMNS_BY_NAME: dict[str, Column] = {column.name: column for column in CONTRACT_COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in INPUT_COLUMNS if c.required)
#: Optional inputs: 0 when absent (the outcome column is not among them: absent means unknown).
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in INPUT_COLUMNS if not c.required)
NUMERIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in INPUT_COLUMNS if c.kind != "text")

#: Service failures: the features a what-if can change and the baseline sets to 0.
INCIDENT_FEATURES: tuple[str, ...] = tuple(c.name for c in INPUT_COLUMNS if c.incident)
#: Who the customer is, regardless of incidents: the baseline keeps these.
CUSTOMER_FEATURES: tuple[str, ...] = ("monthly_revenue", "tenure_months")
#: What the churn model reads, in this order.
MODEL_FEATURES: tuple[str, ...] = CUSTOMER_FEATURES + INCIDENT_FEATURES

#: Incidents the data cannot tell apart, shown as one group wherever their split is unsure.
#: They travel together (each call adds time on the phone and an agent), so a model can
#: measure their joint effect but not how it divides among them (docs/adr/0008). The money,
#: the pages and the command line read the groups from here; a group's share is the sum of
#: its members' shares.
INCIDENT_GROUPS: dict[str, tuple[str, ...]] = {
    "contact_burden": ("support_calls", "hours_on_phone", "agents_contacted"),
}
#: How users read each group's name.
INCIDENT_GROUP_LABELS: dict[str, str] = {
    "contact_burden": "Contact burden: calls, time on the phone, agents passed through",
}

#: Columns the estimate adds to the input, in this order (docs/data-contract.md, "Output").
OUTPUT_COLUMNS: tuple[str, ...] = (
    "churn_probability",
    "baseline_churn_probability",
    "attributable_churn_probability",
    "clv",
    "expected_lost_clv",
    "expected_departure_cost",
    "word_of_mouth_loss",
    "staff_turnover_cost",
    "service_cost",
    "total_expected_cost",
)

#: Columns of the rejected-rows report that precede the row's original fields.
REJECTED_PREFIX: tuple[str, ...] = ("row_number", "problems")

#: Columns the synthetic generator adds beyond the contract (never part of an upload).
GENERATOR_TRUTH_COLUMNS: tuple[str, ...] = ("true_churn_probability", "churned")
