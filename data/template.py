"""The customer-file template and its column guide, generated from the data contract.

    python -m data.template     # rewrites data/template.csv, data/column_guide.csv and
                                # docs/data-contract.md

The template holds the header and three example customers (one without incidents, one
with a few, and the telco case of docs/methodology/case_study.md); the guide says, column
by column, whether
it is required, what it means, its unit and the rule it must meet; docs/data-contract.md says
the same for readers of the repository, with the columns an estimate adds. All three come from
`data.schema`, so they cannot drift from what validation accepts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.export import safe_csv_bytes
from data.schema import CONTRACT_COLUMNS, INPUT_COLUMNS, OUTPUT_COLUMNS, REJECTED_PREFIX

DATA_DIR = Path(__file__).resolve().parent
TEMPLATE_PATH = DATA_DIR / "template.csv"
COLUMN_GUIDE_PATH = DATA_DIR / "column_guide.csv"
CONTRACT_DOC_PATH = DATA_DIR.parent / "docs" / "data-contract.md"

EXAMPLE_CUSTOMERS = [
    {"customer_id": "EX-0001", "monthly_revenue": 45.0, "tenure_months": 60,
     "outage_hours": 0, "support_calls": 0, "unresolved_promises": 0, "hours_on_phone": 0,
     "agents_contacted": 0, "escalations": 0, "billing_errors": 0, "regulator_complaint": 0,
     "reshipped_orders": 0},
    {"customer_id": "EX-0002", "monthly_revenue": 79.9, "tenure_months": 14,
     "outage_hours": 6.5, "support_calls": 3, "unresolved_promises": 1, "hours_on_phone": 1.2,
     "agents_contacted": 4, "escalations": 0, "billing_errors": 1, "regulator_complaint": 0,
     "reshipped_orders": 1},
    {"customer_id": "EX-0003", "monthly_revenue": 150.0, "tenure_months": 180,
     "outage_hours": 112, "support_calls": 22, "unresolved_promises": 3, "hours_on_phone": 12,
     "agents_contacted": 50, "escalations": 1, "billing_errors": 0, "regulator_complaint": 1,
     "reshipped_orders": 0},
]  # fmt: skip


def template_frame() -> pd.DataFrame:
    """Header and three example customers, every contract column in contract order."""
    return pd.DataFrame(EXAMPLE_CUSTOMERS, columns=[column.name for column in INPUT_COLUMNS])


def _required(column) -> str:
    if column.outcome:
        return "no (only in a history; leave it out when unknown)"
    return "yes" if column.required else "no (0 when absent or blank)"


def column_guide_frame() -> pd.DataFrame:
    """One row per contract column (the outcome last): required or not, meaning, unit, rule."""
    return pd.DataFrame(
        {
            "column": [c.name for c in CONTRACT_COLUMNS],
            "required": [_required(c) for c in CONTRACT_COLUMNS],
            "meaning": [c.meaning for c in CONTRACT_COLUMNS],
            "unit": [c.unit for c in CONTRACT_COLUMNS],
            "rule": [c.full_rule for c in CONTRACT_COLUMNS],
        }
    )


def template_csv() -> bytes:
    return safe_csv_bytes(template_frame())


def column_guide_csv() -> bytes:
    return safe_csv_bytes(column_guide_frame())


def data_contract_markdown() -> str:
    """docs/data-contract.md: the columns a customer file holds and those an estimate adds."""
    rows = [
        f"| `{c.name}` | {_required(c)} | {c.meaning} | {c.unit} | {c.full_rule} |"
        for c in CONTRACT_COLUMNS
    ]
    outputs = ", ".join(f"`{name}`" for name in OUTPUT_COLUMNS)
    prefix = " and ".join(f"`{name}`" for name in REJECTED_PREFIX)
    return "\n".join(
        [
            "# The data contract",
            "",
            "<!-- Generated from data/schema.py by `python -m data.template`; do not edit. -->",
            "",
            "A customer file (CSV or Parquet, for the dashboard's upload and the command line)",
            "has one row per customer with these columns; other columns pass through untouched.",
            "The formats the reader accepts are in [accepted-files.md](accepted-files.md), the",
            "formulas that turn the columns into money in",
            "[methodology/formulas.md](methodology/formulas.md).",
            "",
            "| Column | Required | Meaning | Unit | Rule |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"An estimate adds, in this order: {outputs}.",
            "",
            f"A rejected row is reported with {prefix} (each problem naming the column and the",
            "rule broken) before its original fields.",
            "",
        ]
    )


if __name__ == "__main__":
    TEMPLATE_PATH.write_bytes(template_csv())
    COLUMN_GUIDE_PATH.write_bytes(column_guide_csv())
    CONTRACT_DOC_PATH.write_text(data_contract_markdown())
    print(f"Wrote {TEMPLATE_PATH.name}, {COLUMN_GUIDE_PATH.name} and {CONTRACT_DOC_PATH.name}.")
