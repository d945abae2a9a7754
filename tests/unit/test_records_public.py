"""Real records in, on the formats of public real logs (docs/records.md, "Public sets tried").

Each test builds, inside itself, a small faithful sample of a public file: its exact header,
its ids, its date format, its blanks, and runs `python -m model.prepare` on it as a user
would, with a mapping file. The right answers are worked out in the comments. The files
themselves are never in the repository (their licences do not allow it):
docs/records.md says which sets were tried and how to repeat the import on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from data.records import MappingError, load_mapping
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
    # P1, delivered on its estimated day, in the afternoon: kept (the estimate is a day).
    ["949d5b44dbf5de918fe9c16f97b45f8a", "f88197465ea7920adcdbec7375364d82", "delivered",
     "2018-04-30 19:28:07", "2018-04-30 19:45:24", "2018-05-03 13:39:00",
     "2018-05-14 16:20:11", "2018-05-14 00:00:00", P1],
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


def run_prepare(tmp_path: Path, orders: list[list[str]], crm: list[list[str]], mapping=None):
    """Prepare the sample through the command line; the contract, the report, the exit."""
    write_csv(tmp_path / "orders.csv", [[*OLIST_ORDERS_HEADER, "customer_unique_id"], *orders])
    write_csv(tmp_path / "crm.csv", crm)
    mapping = json.dumps(mapping or OLIST_MAPPING)
    (tmp_path / "mapping.json").write_text(mapping, encoding="utf-8")
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
    # Window 2017-09-01 to 2018-09-01 (excluded). P1: 3 orders, 1 delivered 4 days after
    # its estimate, 1 on its estimated day (kept: the estimate is a day, 00:00:00). P2: 2
    # orders, 1 undelivered past its estimate (2018-07-09 < 2018-09-01), 1 canceled but due
    # after the end. P3's order (2016) is outside. A file without a reopens column (Olist's,
    # and Freshdesk's export) must still count late closures.
    status, frame, report = run_prepare(tmp_path, OLIST_ORDERS, CRM)
    assert status == 0
    assert frame.loc[P1, "support_calls"] == 3
    assert frame.loc[P1, "unresolved_promises"] == 1
    assert frame.loc[P2, "support_calls"] == 2
    assert frame.loc[P2, "unresolved_promises"] == 1
    assert frame.loc[P3, ["support_calls", "unresolved_promises"]].sum() == 0
    # Revenue per year / 12; tenure from the first purchase to the window end.
    assert frame.loc[P1, "monthly_revenue"] == 246.30 / 12
    assert report["row_number"].tolist() == [6]
    assert report["reason"].item().startswith("outside the window 2017-09-01 to 2018-08-31")
    out = capsys.readouterr().out
    assert "tickets: 6 read, 5 used, 1 outside the window, 0 of an unknown customer" in out


def resaved(cell: str) -> str:
    """An ISO cell as a spreadsheet writes it back: "7/20/2018 21:57" (month first, no
    seconds, no leading zeros), as in a public copy of the Olist orders file."""
    if not cell or cell[4] != "-":
        return cell
    moment = dt.datetime.strptime(cell, "%Y-%m-%d %H:%M:%S")
    return f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment.minute:02d}"


def test_olist_orders_resaved_by_a_spreadsheet_read_month_first_and_the_crm_pinned(
    tmp_path, capsys
):
    # The orders show their month first (7/20/2018). The small CRM's three join dates
    # (2/2/2018, 6/11/2018, 10/8/2016) read either way, so alone they are read day first:
    # P2 "joins" on 6 November 2018, after the window end, and is rejected. The terminal
    # says the two inputs read their dates in opposite orders; the mapping's "dates"
    # chooses, and then the counts are the ISO file's.
    orders = [[resaved(cell) for cell in row] for row in OLIST_ORDERS]
    assert orders[0][3] == "7/20/2018 21:57"
    crm = [CRM[0], *([*row[:3], resaved(row[3]), row[4]] for row in CRM[1:])]
    status, _, report = run_prepare(tmp_path, orders, crm)
    assert status == 1
    assert report["reason"].iloc[0] == (
        "first_purchase (customer_since): must not be after the window end 2018-09-01, "
        'got "2018-11-06 12:22:00"'
    )  # the date as read, so the day-first reading shows
    err = capsys.readouterr().err
    assert "customers.first_purchase day/month/year" in err
    assert "tickets.order_purchase_timestamp month/day/year" in err
    assert "The dates of customers.first_purchase are read day first" in err
    pinned = {**OLIST_MAPPING, "customers": {**OLIST_MAPPING["customers"],
                                             "dates": "month/day/year"}}  # fmt: skip
    status, frame, report = run_prepare(tmp_path, orders, crm, pinned)
    assert status == 0
    assert "read day first" not in capsys.readouterr().err
    assert frame.loc[[P1, P2, P3], "unresolved_promises"].tolist() == [1, 1, 0]
    assert frame.loc[[P1, P2, P3], "support_calls"].tolist() == [3, 2, 0]
    # P1 joined 2018-02-02 10:56 (the copy dropped the seconds): days to 2018-09-01 / 30.4375.
    since = (dt.datetime(2018, 9, 1) - dt.datetime(2018, 2, 2, 10, 56)).total_seconds()
    assert frame.loc[P1, "tenure_months"] == pytest.approx(since / 86400 / 30.4375)
    assert report["reason"].item().startswith("outside the window")


def test_a_mapping_dates_option_names_the_formats_when_it_is_not_one(tmp_path):
    bad = {**OLIST_MAPPING, "tickets": {**OLIST_MAPPING["tickets"], "dates": "US"}}
    (tmp_path / "mapping.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(MappingError, match=r"tickets.dates must be one of ISO 8601, .*"
                       r"month/day/year.*; got 'US'"):  # fmt: skip
        load_mapping(tmp_path / "mapping.json")
    bad["tickets"]["dates"] = ["month/day/year"]  # not a text: refused, not a crash
    (tmp_path / "mapping.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(MappingError, match=r"tickets.dates must be one of"):
        load_mapping(tmp_path / "mapping.json")


def test_olist_saved_by_a_brazilian_spreadsheet_reads_the_same(tmp_path):
    # Opened and saved by a spreadsheet set for Brazil: semicolons, CRLF, Windows-1252
    # ("são paulo" with one byte for "ã"), dates "20/07/2018 21:57" (day first, no seconds),
    # revenue "246,30" (decimal comma). The counts are the ISO file's; the city passes
    # through, decoded.
    def brazilian(cell: str) -> str:
        if len(cell) == 19 and cell[4] == "-":
            return dt.datetime.strptime(cell, "%Y-%m-%d %H:%M:%S").strftime("%d/%m/%Y %H:%M")
        return cell

    def write(path: Path, rows) -> None:
        with path.open("w", encoding="cp1252", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)

    header = [*OLIST_ORDERS_HEADER, "customer_unique_id"]
    write(tmp_path / "orders.csv", [header, *([brazilian(c) for c in r] for r in OLIST_ORDERS)])
    crm = [[*r[:3], brazilian(r[3]), r[4].replace(".", ",")] for r in CRM]
    write(tmp_path / "crm.csv", crm)
    assert "são paulo".encode("cp1252") in (tmp_path / "crm.csv").read_bytes()
    (tmp_path / "mapping.json").write_text(json.dumps(OLIST_MAPPING), encoding="utf-8")
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "orders.csv"),
         "--mapping", str(tmp_path / "mapping.json"), "--window-end", "2018-09-01",
         "-o", str(tmp_path / "out.csv")]
    )  # fmt: skip
    assert status == 0
    frame = pd.read_csv(tmp_path / "out.csv").set_index("customer_id")
    assert frame.loc[[P1, P2, P3], "unresolved_promises"].tolist() == [1, 1, 0]
    assert frame.loc[P1, "monthly_revenue"] == pytest.approx(246.30 / 12)
    assert frame["customer_state"].tolist() == ["MG", "RJ", "SP"]
    assert frame.loc[P3, "customer_city"] == "são paulo"


#: The header of the ServiceNow incident event log published by UCI (Incident management
#: process enriched event log, CC BY 4.0), exactly: one row per update of an incident.
SERVICENOW_HEADER = (
    "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,"
    "caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,"
    "sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,"
    "urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,"
    "problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at"
)


def servicenow_row(number, state, reopens, made_sla, caller, opened, updated, agent, closed):
    """One update row as the log writes it: day-month-year dates, `?` for nothing."""
    return (
        f"{number},{state},TRUE,0,{reopens},1,{made_sla},{caller},Opened by  8,{opened},"
        f"Created by 6,{opened},Updated by 21,{updated},Phone,Location 143,Category 55,"
        f"Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 56,{agent},"
        f"TRUE,FALSE,Do Not Notify,?,?,?,?,code 5,Resolved by 149,{closed},{closed}"
    )


def test_a_servicenow_incident_that_missed_its_sla_is_a_missed_promise(tmp_path, capsys):
    # INC0000045: three updates, the last one says made_sla FALSE: missed (1). INC0000047:
    # reopened once, SLA made (1). Caller 2403: 2 incidents, 2 missed promises, agents
    # "Resolver 89" and "Resolver 31". INC0000057: SLA made, no agent ("?"): 0. INC0000062:
    # made_sla "?" (blank: not known, so not missed): 0. The log has no due date.
    rows = [
        servicenow_row("INC0000045", "New", 0, "TRUE", "Caller 2403", "29-02-2016 01:16",
                       "29-02-2016 01:23", "Resolver 89", "?"),
        servicenow_row("INC0000045", "Resolved", 0, "TRUE", "Caller 2403", "29-02-2016 01:16",
                       "29-02-2016 08:53", "Resolver 89", "?"),
        servicenow_row("INC0000045", "Closed", 0, "FALSE", "Caller 2403", "29-02-2016 01:16",
                       "05-03-2016 12:29", "Resolver 89", "05-03-2016 12:00"),
        servicenow_row("INC0000047", "Active", 0, "TRUE", "Caller 2403", "01-03-2016 04:40",
                       "01-03-2016 04:57", "Resolver 31", "?"),
        servicenow_row("INC0000047", "Closed", 1, "TRUE", "Caller 2403", "01-03-2016 04:40",
                       "06-03-2016 10:00", "Resolver 31", "06-03-2016 10:00"),
        servicenow_row("INC0000057", "New", 0, "TRUE", "Caller 4416", "29-02-2016 06:10",
                       "29-02-2016 06:10", "?", "?"),
        servicenow_row("INC0000062", "New", 0, "?", "Caller 4491", "02-03-2016 15:33",
                       "02-03-2016 15:33", "?", "?"),
    ]  # fmt: skip
    (tmp_path / "incidents.csv").write_text(
        "\n".join([SERVICENOW_HEADER, *rows]) + "\n", encoding="utf-8"
    )
    write_csv(
        tmp_path / "crm.csv",
        [["customer_id", "monthly_revenue", "tenure_months"],
         ["Caller 2403", "80", "30"], ["Caller 4416", "55", "4"], ["Caller 4491", "40", "12"]],
    )  # fmt: skip
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "incidents.csv"),
         "-o", str(tmp_path / "out.csv")]
    )  # fmt: skip
    assert status == 0
    captured = capsys.readouterr()
    assert "recognised as a ServiceNow export" in captured.err
    assert "tickets.sla_met <- 'made_sla'" in captured.err
    # Day first: the latest opening is 2 March 2016 (not 3 February), so the window ends
    # (excluded) on 3 March.
    assert "end 2016-03-03 00:00:00 excluded" in captured.out
    assert "tickets: 7 read, 7 used" in captured.out
    frame = pd.read_csv(tmp_path / "out.csv").set_index("customer_id")
    assert frame.loc["Caller 2403", ["support_calls", "unresolved_promises"]].tolist() == [2, 2]
    assert frame.loc["Caller 2403", "agents_contacted"] == 2
    assert frame.loc["Caller 4416", ["support_calls", "unresolved_promises"]].tolist() == [1, 0]
    assert frame.loc["Caller 4491", ["support_calls", "unresolved_promises"]].tolist() == [1, 0]


def test_an_sla_flag_that_is_not_yes_or_no_is_rejected_naming_it(tmp_path):
    rows = [
        servicenow_row("INC1", "New", 0, "breached", "Caller 1", "29-02-2016 01:16",
                       "29-02-2016 01:23", "?", "?"),
        servicenow_row("INC2", "New", 0, "FALSE", "Caller 1", "29-02-2016 02:16",
                       "29-02-2016 02:23", "?", "?"),
    ]  # fmt: skip
    (tmp_path / "incidents.csv").write_text(
        "\n".join([SERVICENOW_HEADER, *rows]) + "\n", encoding="utf-8"
    )
    write_csv(tmp_path / "crm.csv", [["customer_id", "monthly_revenue", "tenure_months"],
                                     ["Caller 1", "80", "30"]])  # fmt: skip
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "incidents.csv"),
         "-o", str(tmp_path / "out.csv"), "--report", str(tmp_path / "unused.csv")]
    )  # fmt: skip
    assert status == 1
    reason = pd.read_csv(tmp_path / "unused.csv")["reason"].item()
    assert reason == 'made_sla (sla_met): must be yes/no, true/false or 1/0, got "breached"'
    assert pd.read_csv(tmp_path / "out.csv")["unresolved_promises"].tolist() == [1]


def test_nyc_311_times_at_12_am_and_pm_and_open_requests_read_as_outage_hours(tmp_path):
    # NYC 311 Service Requests (NYC Open Data) write "05/01/2022 12:00:03 AM": month first,
    # seconds, a 12-hour clock. As outages of a building (BBL): 12:00:03 AM to 12:30:03 AM
    # is half an hour (not 12 hours); 11:45:00 AM to 12:15:00 PM is half an hour; a request
    # with no closed date runs on to the window end (2022-05-02 00:00): 1 hour from 11 PM.
    # Building 1: 0.5 + 0.5 = 1 hour. Building 2: 1 hour. A blank BBL is rejected.
    header = ["Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type",
              "Incident Zip", "Status", "Due Date", "BBL"]  # fmt: skip
    rows = [
        ["54049402", "05/01/2022 12:00:03 AM", "05/01/2022 12:30:03 AM", "NYPD",
         "Noise - Residential", "11226", "Closed", "", "3051280045"],
        ["54049411", "05/01/2022 11:45:00 AM", "05/01/2022 12:15:00 PM", "NYPD",
         "Illegal Parking", "11226", "Closed", "", "3051280045"],
        ["54049420", "05/01/2022 11:00:00 PM", "", "DSNY", "Dirty Condition", "10029",
         "In Progress", "", "1016330011"],
        ["54049433", "05/01/2022 01:00:00 AM", "05/01/2022 02:00:00 AM", "NYPD",
         "Noise - Vehicle", "10002", "Closed", "", ""],
    ]  # fmt: skip
    write_csv(tmp_path / "requests.csv", [header, *rows])
    crm = [["BBL", "monthly_revenue", "tenure_months"], ["3051280045", "0", "0"],
           ["1016330011", "0", "0"]]  # fmt: skip
    write_csv(tmp_path / "crm.csv", crm)
    mapping = {
        "customers": {"columns": {"customer_id": "BBL", "monthly_revenue": "monthly_revenue",
                                  "tenure_months": "tenure_months"}},
        "outages": {"columns": {"customer_id": "BBL", "start": "Created Date",
                                "end": "Closed Date"}},
    }  # fmt: skip
    (tmp_path / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--outages", str(tmp_path / "requests.csv"),
         "--mapping", str(tmp_path / "mapping.json"), "-o", str(tmp_path / "out.csv"),
         "--report", str(tmp_path / "unused.csv")]
    )  # fmt: skip
    assert status == 1
    frame = pd.read_csv(tmp_path / "out.csv", dtype={"customer_id": str}).set_index("customer_id")
    assert frame.loc["3051280045", "outage_hours"] == pytest.approx(1.0)
    assert frame.loc["1016330011", "outage_hours"] == pytest.approx(1.0)
    report = pd.read_csv(tmp_path / "unused.csv", dtype=str)
    assert report["reason"].tolist() == ['BBL (customer_id): must not be blank, got ""']
    assert report["row_number"].tolist() == ["4"]


def test_olist_reviews_with_line_breaks_in_quoted_comments_are_one_row_each(tmp_path):
    # olist_order_reviews_dataset.csv: Portuguese comments in UTF-8, some over several lines
    # (CRLF inside the quotes), a quote doubled inside a comment, and one review id that Olist
    # gives to two orders. 4 records (not 7 lines): 2 used, 1 rejected (the reused id names
    # the order it belongs to) and 1 of an order not in the customer file. The report gives
    # back each cell exactly as the file holds it.
    header = [
        "review_id", "order_id", "review_score", "review_comment_title",
        "review_comment_message", "review_creation_date", "review_answer_timestamp",
    ]  # fmt: skip
    rows = [
        ["373cbeecea8286a2b66c97b1b157ec46", "583174fbe37d3d5f0d6661be3aad1786", "1",
         "Não chegou meu produto ", "Péssimo", "2018-08-15 00:00:00", "2018-08-15 04:10:37"],
        ["540e7bbb2d06cfb7f85f3a88ba7ac97f", "cf73e2cb1f4a9480ed70c154da3d954a", "2", "",
         "Comprei dois itens,\r\nchegou só um.\r\nO \"suporte\" não respondeu.",
         "2018-03-02 00:00:00", "2018-03-03 12:51:02"],
        ["540e7bbb2d06cfb7f85f3a88ba7ac97f", "a4591c265e18cb1dcee52889e2d8acc3", "5", "",
         "", "2018-03-04 00:00:00", "2018-03-05 10:00:00"],
        ["0c5b33dea94867d1ac402749e5438e8b", "136cce7faa42fdb2cefd53fdc79a6098", "3", "",
         "Entrega\r\natrasada", "2018-06-01 00:00:00", "2018-06-02 09:00:00"],
    ]  # fmt: skip
    write_csv(tmp_path / "reviews.csv", [header, *rows])
    assert (tmp_path / "reviews.csv").read_bytes().count(b"\n") == 8
    orders = [
        ["order_id", "payment_value", "tenure_months"],
        ["583174fbe37d3d5f0d6661be3aad1786", "120", "1"],
        ["cf73e2cb1f4a9480ed70c154da3d954a", "80", "1"],
        ["a4591c265e18cb1dcee52889e2d8acc3", "60", "1"],
    ]
    write_csv(tmp_path / "orders.csv", orders)
    mapping = {
        "customers": {"columns": {"customer_id": "order_id", "monthly_revenue": "payment_value",
                                  "tenure_months": "tenure_months"}},
        "tickets": {"columns": {"customer_id": "order_id", "ticket_id": "review_id",
                                "created_at": "review_creation_date",
                                "closed_at": "review_answer_timestamp"}},
    }  # fmt: skip
    (tmp_path / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    status = prepare_main(
        ["--customers", str(tmp_path / "orders.csv"), "--tickets", str(tmp_path / "reviews.csv"),
         "--mapping", str(tmp_path / "mapping.json"), "--window-end", "2018-09-01",
         "-o", str(tmp_path / "out.csv"), "--report", str(tmp_path / "unused.csv")]
    )  # fmt: skip
    assert status == 1
    frame = pd.read_csv(tmp_path / "out.csv").set_index("customer_id")
    assert frame["support_calls"].tolist() == [1, 1, 0]
    with (tmp_path / "unused.csv").open(encoding="utf-8", newline="") as handle:
        unused = list(csv.DictReader(handle))
    assert [row["row_number"] for row in unused] == ["3", "4"]
    assert unused[0]["reason"] == (
        'order_id (customer_id): ticket "540e7bbb2d06cfb7f85f3a88ba7ac97f" is customer '
        '"cf73e2cb1f4a9480ed70c154da3d954a" in row 2, this row says '
        '"a4591c265e18cb1dcee52889e2d8acc3"'
    )
    assert unused[1]["reason"].startswith("unknown customer:")
    assert unused[1]["review_comment_message"] == "Entrega\r\natrasada"
    assert [unused[1][name] for name in header] == rows[3]


#: Jira Cloud's "Export CSV (all fields)": a byte-order mark, CRLF, one column per label,
#: watcher or comment, all under one name, a description over several lines, and dates
#: like "12/Mar/24 9:41 AM".
JIRA_EXPORT = (
    "\ufeffSummary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,"
    "Updated,Resolved,Due date,Labels,Labels,Watchers,Watchers,Comment,Comment,"
    "Custom field (Organizations),Custom field (Request Type),Description\r\n"
    '"Cannot log in",SD-1,10001,Support,Done,High,Dana Ortiz,Sam Lee,12/Mar/24 9:41 AM,'
    "14/Mar/24 10:00 AM,14/Mar/24 10:00 AM,13/Mar/24 5:00 PM,login,urgent,Sam Lee,Dana Ortiz,"
    '"12/Mar/24 9:50 AM;Dana Ortiz;Looking at it","14/Mar/24 9:59 AM;Dana Ortiz;Fixed",Acme,'
    'Billing question,"Line one\r\nline two"\r\n'
    "Outage,SD-2,10002,Support,Open,High,Omar Khalil,Lee Wu,20/Mar/24 9:00 AM,"
    "20/Mar/24 9:00 AM,,21/Mar/24 9:00 AM,,,,,,,Globex,Outage,\r\n"
)


def test_a_jira_export_that_repeats_column_names_is_read(tmp_path, capsys):
    # Every Jira export with two labels or two comments repeats a column name; it was
    # refused whole ("The column 'Comment' appears more than once"). A log's repeated
    # names are now kept, never read as a field. SD-1 (Acme) was resolved on 14 March
    # after its due date of 13 March 5 PM: 1 missed promise; its request type "Billing
    # question" makes it a billing error. SD-2 (Globex) is open past its due date of
    # 21 March: 1 missed promise. Window to 2024-04-01.
    (tmp_path / "jira.csv").write_bytes(JIRA_EXPORT.encode("utf-8"))
    write_csv(tmp_path / "crm.csv", [["customer_id", "monthly_revenue", "tenure_months"],
                                     ["Acme", "100", "12"], ["Globex", "50", "3"]])  # fmt: skip
    args = ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "jira.csv"),
            "--window-end", "2024-04-01", "-o", str(tmp_path / "out.csv")]  # fmt: skip
    assert prepare_main(args) == 0
    assert "recognised as a Jira Service Management export" in capsys.readouterr().err
    frame = pd.read_csv(tmp_path / "out.csv").set_index("customer_id")
    assert frame.loc["Acme", ["support_calls", "unresolved_promises", "billing_errors"]].tolist(
    ) == [1, 1, 1]  # fmt: skip
    assert frame.loc["Globex", ["support_calls", "unresolved_promises"]].tolist() == [1, 1]
    # The report heads each repeat apart, and gives its cells back.
    args[args.index("2024-04-01")] = "2024-03-15"
    assert prepare_main([*args, "--report", str(tmp_path / "unused.csv")]) == 0
    with (tmp_path / "unused.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["Issue key"] == "SD-2" and row["reason"].startswith("outside the window")
    assert "Labels (2)" in row and "Comment (2)" in row
    # A mapping cannot read a field from a repeated column: which one would it be?
    mapping = {"tickets": {"columns": {"customer_id": "Custom field (Organizations)",
                                       "created_at": "Created", "category": "Labels"}}}  # fmt: skip
    (tmp_path / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    assert prepare_main([*args, "--mapping", str(tmp_path / "mapping.json")]) == 2
    assert (
        "tickets: the mapping reads category from the column 'Labels', which the file has 2 "
        "times; read it from a column whose name is its own" in capsys.readouterr().err
    )


def test_a_customer_file_that_repeats_a_column_name_is_still_refused(tmp_path, capsys):
    # Its columns pass through to the prepared file, which cannot hold one name twice.
    crm = [["customer_id", "monthly_revenue", "tenure_months", "note", "note"],
           ["Acme", "100", "12", "a", "b"]]  # fmt: skip
    write_csv(tmp_path / "crm.csv", crm)
    (tmp_path / "jira.csv").write_bytes(JIRA_EXPORT.encode("utf-8"))
    status = prepare_main(
        ["--customers", str(tmp_path / "crm.csv"), "--tickets", str(tmp_path / "jira.csv"),
         "-o", str(tmp_path / "out.csv")]
    )  # fmt: skip
    assert status == 2
    assert "The column 'note' appears more than once in the header." in capsys.readouterr().err
