"""Real records in, on the formats of public real logs (docs/records.md, "Public sets tried").

Each test builds, inside itself, a small faithful sample of a public file: its exact header,
its ids, its date format, its blanks, and runs `python -m model.prepare` on it as a user
would, with a mapping file. The right answers are worked out in the comments. The files
themselves are never in the repository (their licences do not allow it):
docs/records.md says which sets were tried and how to repeat the import on them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from model.prepare import main as prepare_main

#: The Olist orders file's header (olist_orders_dataset.csv, Brazilian E-Commerce Public
#: Dataset by Olist, CC BY-NC-SA 4.0), exactly.
OLIST_ORDERS_HEADER = [
    "order_id", "customer_id", "order_status", "order_purchase_timestamp",
    "order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date",
    "order_estimated_delivery_date",
]  # fmt: skip
#: An order is a promise: placed (opened), delivered (closed), estimated delivery (due).
OLIST_MAPPING = {
    "customers": {
        "columns": {
            "customer_id": "customer_unique_id",
            "monthly_revenue": "revenue_12m",
            "customer_since": "first_purchase",
        },
        "revenue_per": "year",
    },
    "tickets": {
        "columns": {
            "customer_id": "customer_unique_id",
            "ticket_id": "order_id",
            "created_at": "order_purchase_timestamp",
            "closed_at": "order_delivered_customer_date",
            "due_at": "order_estimated_delivery_date",
        }
    },
}
# Olist's ids are 32 hexadecimal digits; the customer file's key is the person
# (customer_unique_id), which a user adds to each order from olist_customers_dataset.csv.
P1 = "57b2a98a409812fe9618067b6b8ebe4f"
P2 = "2a46fb94aef5cbeeb850418118cee090"
P3 = "8d50f5eadf50201ccdcedfb9e2ac8455"
#: Orders in the file's own ISO format (seconds, midnight estimates, blanks for not yet).
OLIST_ORDERS = [
    # P1, delivered 4 days after the estimate: a missed promise.
    ["a4591c265e18cb1dcee52889e2d8acc3", "503740e9ca751ccdda7ba28e9ab8f608", "delivered",
     "2018-07-20 21:57:05", "2018-07-20 22:10:13", "2018-07-23 14:58:04",
     "2018-08-10 10:57:55", "2018-08-06 00:00:00", P1],
    # P1, delivered before the estimate: kept.
    ["e481f51cbdc54678b7cc49136f2d6af7", "9ef432eb6251297304e76186b10a928d", "delivered",
     "2018-02-02 10:56:33", "2018-02-02 11:07:15", "2018-02-04 19:55:00",
     "2018-02-10 21:25:13", "2018-02-18 00:00:00", P1],
    # P2, shipped and never delivered, its estimate before the window end: missed.
    ["136cce7faa42fdb2cefd53fdc79a6098", "ed0271e0b7da060a393796590e7b737a", "shipped",
     "2018-06-11 12:22:08", "2018-06-13 13:25:17", "2018-06-14 10:00:00", "",
     "2018-07-09 00:00:00", P2],
    # P2, canceled, its estimate after the window end: not (yet) missed.
    ["53cdb2fc8bc7dce0b6741e2150273451", "b0830fb4747a6c6d20dea0b8c802d7ef", "canceled",
     "2018-08-24 20:41:37", "", "", "", "2018-09-13 00:00:00", P2],
    # P3, placed in 2016: outside the window.
    ["47770eb9100c2d0c44946d9cf07ec65d", "41ce2a54c0b03bf3443c3d931a367089", "delivered",
     "2016-10-08 08:38:49", "2016-10-08 08:55:23", "2016-10-08 13:50:00",
     "2016-10-17 18:06:29", "2016-11-04 00:00:00", P3],
]  # fmt: skip
CRM = [
    ["customer_unique_id", "customer_city", "customer_state", "first_purchase", "revenue_12m"],
    [P1, "timoteo", "MG", "2018-02-02 10:56:33", "246.30"],
    [P2, "rio de janeiro", "RJ", "2018-06-11 12:22:08", "120.00"],
    [P3, "são paulo", "SP", "2016-10-08 08:38:49", "0.00"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run_prepare(tmp_path: Path, orders: list[list[str]], crm: list[list[str]]):
    """Prepare the sample through the command line; the contract, the report, the exit."""
    write_csv(tmp_path / "orders.csv", [[*OLIST_ORDERS_HEADER, "customer_unique_id"], *orders])
    write_csv(tmp_path / "crm.csv", crm)
    (tmp_path / "mapping.json").write_text(json.dumps(OLIST_MAPPING), encoding="utf-8")
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "orders.csv"),
         "--mapping", str(tmp_path / "mapping.json"), "--window-end", "2018-09-01",
         "-o", str(tmp_path / "out.csv"), "--report", str(tmp_path / "unused.csv")]
    )  # fmt: skip
    frame = pd.read_csv(tmp_path / "out.csv", dtype={"customer_id": str})
    return status, frame.set_index("customer_id"), pd.read_csv(tmp_path / "unused.csv")


def test_late_and_undelivered_olist_orders_are_missed_promises_without_a_reopens_column(
    tmp_path, capsys
):
    # Window 2017-09-01 to 2018-09-01 (excluded). P1: 2 orders, 1 delivered after its
    # estimate. P2: 2 orders, 1 undelivered past its estimate (2018-07-09 < 2018-09-01), 1
    # canceled but due after the end. P3's order (2016) is outside. A file without a reopens
    # column (Olist's, and Freshdesk's export) must still count late closures.
    status, frame, report = run_prepare(tmp_path, OLIST_ORDERS, CRM)
    assert status == 0
    assert frame.loc[P1, "support_calls"] == 2
    assert frame.loc[P1, "unresolved_promises"] == 1
    assert frame.loc[P2, "support_calls"] == 2
    assert frame.loc[P2, "unresolved_promises"] == 1
    assert frame.loc[P3, ["support_calls", "unresolved_promises"]].sum() == 0
    # Revenue per year / 12; tenure from the first purchase to the window end.
    assert frame.loc[P1, "monthly_revenue"] == 246.30 / 12
    assert report["row_number"].tolist() == [5]
    assert report["reason"].item().startswith("outside the window 2017-09-01 to 2018-08-31")
    out = capsys.readouterr().out
    assert "tickets: 5 read, 4 used, 1 outside the window, 0 of an unknown customer" in out
