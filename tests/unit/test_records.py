"""Real records in (data.records, python -m model.prepare): each counting rule checked by hand.

Every case is small and its right answer is worked out in the comments. The window of
every case ends (exclusive) on 2025-01-01 and is 12 months long, so it starts 2024-01-01.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.records import (
    MappingError,
    find_mapping,
    load_mapping,
    mapping_from_dict,
    prepare_records,
)
from data.records.describe import mapping_table
from data.records.helpdesks import recognise
from data.records.matching import FUZZY_THRESHOLD
from data.synthetic import generate_records
from model.commands import cli
from model.prepare import main as prepare_main
from model.score import main as score_main

END = dt.datetime(2025, 1, 1)
CRM = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C"],
        "monthly_revenue": ["50", "60", "70"],
        "tenure_months": ["12", "24", "36"],
    }
)
TICKET_COLUMNS = [
    "ticket_id", "customer_id", "created_at", "closed_at", "due_at", "reopens", "escalated",
    "handle_minutes", "agent", "category", "channel",
]  # fmt: skip


def tickets(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(TICKET_COLUMNS, row, strict=True)) for row in rows])


def prepared(**inputs) -> tuple[pd.DataFrame, object]:
    done = prepare_records({"customers": CRM, **inputs}, window_end=END)
    return done.customers().set_index("customer_id"), done


def test_rows_sharing_a_ticket_id_are_one_ticket_with_its_earliest_opening_and_largest_counts():
    # T1 has three rows: one ticket, opened on its earliest row (2024-03-01), reopened at
    # most twice, 45 minutes at most, escalated because one row says yes, agents ann and bob.
    # T2 is a second ticket, on time (closed before its due date): 2 calls, 2 promises missed
    # (T1's two reopens; T1 has no due date), 1 escalation, (45 + 15) / 60 = 1 hour.
    frame, _ = prepared(
        tickets=tickets(
            ("T1", "A", "2024-03-02 09:00", "", "", "1", "no", "30", "ann", "", "Phone"),
            ("T1", "A", "2024-03-01 09:00", "", "", "2", "yes", "45", "bob", "", "Phone"),
            ("T1", "A", "2024-03-03 09:00", "2024-03-04 09:00", "", "0", "", "", "ann", "", ""),
            (
                "T2",
                "A",
                "2024-05-01 09:00",
                "2024-05-02",
                "2024-05-03",
                "0",
                "no",
                "15",
                "",
                "",
                "",
            ),
        )
    )
    a = frame.loc["A"]
    assert a["support_calls"] == 2
    assert a["unresolved_promises"] == 2
    assert a["escalations"] == 1
    assert a["hours_on_phone"] == 1.0
    assert a["agents_contacted"] == 2


def test_missed_promises_are_reopens_late_closures_and_open_tickets_past_their_due_date():
    # L closed a day after its due date: 1. O is still open, due before the window end: 1.
    # F is still open but due after the window end: 0. K closed before its due date: 0.
    # R was reopened 3 times and has no due date: 3. Total 5.
    frame, _ = prepared(
        tickets=tickets(
            ("L", "B", "2024-02-01", "2024-02-05", "2024-02-04", "0", "", "", "", "", ""),
            ("O", "B", "2024-06-01", "", "2024-06-10", "0", "", "", "", "", ""),
            ("F", "B", "2024-12-20", "", "2025-01-15", "0", "", "", "", "", ""),
            ("K", "B", "2024-07-01", "2024-07-02", "2024-07-09", "0", "", "", "", "", ""),
            ("R", "B", "2024-08-01", "2024-08-02", "", "3", "", "", "", "", ""),
        )
    )
    assert frame.loc["B", "unresolved_promises"] == 5
    assert frame.loc["B", "support_calls"] == 5


def test_billing_and_regulator_tickets_by_the_default_words_and_by_a_mapping_rule():
    # Defaults: a category holding "bill" or "invoice" is a billing error (2 here); a channel
    # or category holding "regulator" or "ombudsman" a complaint.
    rows = tickets(
        ("1", "C", "2024-02-01", "", "", "", "", "", "", "Billing dispute", "Phone"),
        ("2", "C", "2024-03-01", "", "", "", "", "", "", "Wrong INVOICE", "Email"),
        ("3", "C", "2024-04-01", "", "", "", "", "", "", "Speed", "Ombudsman letter"),
        ("4", "C", "2024-05-01", "", "", "", "", "", "", "Refund", "Web"),
    )
    frame, _ = prepared(tickets=rows)
    assert frame.loc["C", ["billing_errors", "regulator_complaint"]].tolist() == [2, 1]
    # A mapping's rule replaces the default: only "refund" marks a billing error, only the
    # "web" channel a complaint (compared without case).
    mapping = mapping_from_dict(
        {
            "tickets": {
                "columns": {name: name for name in TICKET_COLUMNS},
                "billing": {"category": ["refund"]},
                "regulator": {"channel": ["WEB"]},
            }
        }
    )
    done = prepare_records({"customers": CRM, "tickets": rows}, mapping, END)
    row = done.customers().set_index("customer_id").loc["C"]
    assert row[["billing_errors", "regulator_complaint"]].tolist() == [1, 1]


def test_an_event_counts_from_the_window_start_and_not_at_its_end():
    frame, done = prepared(
        tickets=tickets(
            ("S", "A", "2024-01-01 00:00:00", "", "", "", "", "", "", "", ""),  # at the start: in
            ("E", "A", "2025-01-01 00:00:00", "", "", "", "", "", "", "", ""),  # at the end: out
            ("P", "A", "2023-12-31 23:59:59", "", "", "", "", "", "", "", ""),  # before: out
        )
    )
    assert frame.loc["A", "support_calls"] == 1
    assert done.counts["tickets"].outside == 2


def test_outage_hours_are_the_union_of_the_intervals_clipped_to_the_window():
    # A: 00:00-10:00 and 05:00-12:00 overlap: 12 hours, not 17. A third one inside the
    # first adds nothing. B: from 2023-12-31 22:00 to 2024-01-01 02:00 counts its 2 hours in
    # the window. C: began 2024-12-31 12:00 and has no end yet: 12 hours to the window end.
    frame, done = prepared(
        outages=pd.DataFrame(
            {
                "customer_id": ["A", "A", "A", "B", "C"],
                "start": ["2024-02-01 00:00", "2024-02-01 05:00", "2024-02-01 01:00",
                          "2023-12-31 22:00", "2024-12-31 12:00"],
                "end": ["2024-02-01 10:00", "2024-02-01 12:00", "2024-02-01 02:00",
                        "2024-01-01 02:00", ""],
            }
        )
    )  # fmt: skip
    assert frame["outage_hours"].tolist() == [12.0, 2.0, 12.0]
    assert done.counts["outages"].used == 5


def test_reshipped_orders_count_the_orders_in_the_window_marked_so():
    frame, done = prepared(
        orders=pd.DataFrame(
            {
                "customer_id": ["A", "A", "A", "B"],
                "ordered_at": ["2024-03-01", "2024-04-01", "2023-04-01", "2024-05-01"],
                "reshipped": ["yes", "no", "TRUE", "1"],
            }
        )
    )
    assert frame["reshipped_orders"].tolist() == [1, 1, 0]  # A's 2023 order is outside
    assert done.counts["orders"].outside == 1


def test_tenure_from_a_date_is_days_to_the_window_end_over_30_4375_and_units_convert():
    crm = pd.DataFrame(
        {"id": ["A", "B"], "arr": ["1200", "600"], "since": ["2023-01-01", "2024-12-31"]}
    )
    mapping = mapping_from_dict(
        {
            "customers": {
                "columns": {"customer_id": "id", "monthly_revenue": "arr",
                            "customer_since": "since"},
                "revenue_per": "year",
            }
        }
    )  # fmt: skip
    outages = pd.DataFrame({"customer_id": ["A"], "start": ["2024-06-01"], "end": ["2024-06-02"]})
    done = prepare_records({"customers": crm, "outages": outages}, mapping, END)
    frame = done.customers()
    # 2023-01-01 to 2025-01-01 is 731 days; 1 day for B. Yearly revenue / 12.
    assert frame["tenure_months"].tolist() == pytest.approx([731 / 30.4375, 1 / 30.4375])
    assert frame["monthly_revenue"].tolist() == [100.0, 50.0]
    years = pd.DataFrame({"customer_id": ["A"], "monthly_revenue": ["5"], "tenure": ["2"]})
    by_years = mapping_from_dict(
        {"customers": {"columns": {"customer_id": "customer_id",
                                   "monthly_revenue": "monthly_revenue",
                                   "tenure_months": "tenure"}, "tenure_unit": "years"}}
    )  # fmt: skip
    done = prepare_records({"customers": years, "outages": outages}, by_years, END)
    assert done.customers()["tenure_months"].tolist() == [24.0]


def test_every_log_row_is_used_or_listed_with_its_reason_and_the_counts_add_up():
    rows = tickets(
        ("1", "A", "2024-02-01", "", "", "", "", "", "", "", ""),  # used
        ("2", "Z", "2024-02-01", "", "", "", "", "", "", "", ""),  # unknown customer
        ("3", "A", "2020-02-01", "", "", "", "", "", "", "", ""),  # outside the window
        ("4", "A", "yesterday", "", "", "", "", "", "", "", ""),  # rejected: not a date
        ("5", "B", "2024-02-01", "", "", "-1", "", "", "", "", ""),  # rejected: reopens < 0
        ("6", "", "2024-02-01", "", "", "", "maybe", "", "", "", ""),  # rejected twice
        ("1", "B", "2024-02-02", "", "", "", "", "", "", "", ""),  # rejected: T1 is A's
    )
    frame, done = prepared(tickets=rows)
    counts = done.counts["tickets"]
    assert (counts.read, counts.used, counts.outside, counts.unknown, counts.rejected) == (
        7, 1, 1, 1, 4
    )  # fmt: skip
    assert counts.adds_up()
    report = done.report()
    assert report["row_number"].tolist() == [2, 3, 4, 5, 6, 7]
    reasons = dict(zip(report["row_number"], report["reason"], strict=True))
    assert reasons[2] == 'unknown customer: "Z" is not in the customer file'
    assert reasons[3].startswith("outside the window 2024-01-01 to 2024-12-31")
    assert reasons[4] == 'created_at: must be a date like 2024-03-31 14:05, got "yesterday"'
    assert reasons[5] == 'reopens: must be a whole number >= 0, got "-1"'
    assert reasons[6] == (
        'customer_id: must not be blank, got ""; '
        'escalated: must be yes/no, true/false or 1/0, got "maybe"'
    )
    assert reasons[7] == 'customer_id: ticket "1" is customer "A" in row 1, this row says "B"'
    assert report.loc[report["row_number"] == 4, "created_at"].item() == "yesterday"
    # Customers in no log come out with zeros, each once, in the file's order.
    assert frame.index.tolist() == ["A", "B", "C"]
    assert frame.loc["C", ["support_calls", "outage_hours", "unresolved_promises"]].sum() == 0


def test_a_rejected_customer_row_is_reported_and_its_tickets_are_of_an_unknown_customer():
    crm = pd.DataFrame(
        {"customer_id": ["A", "A", "B"], "monthly_revenue": ["1", "2", "x"],
         "tenure_months": ["1", "1", "1"]}
    )  # fmt: skip
    rows = tickets(("1", "B", "2024-02-01", "", "", "", "", "", "", "", ""))
    done = prepare_records({"customers": crm, "tickets": rows}, window_end=END)
    assert done.customers()["customer_id"].tolist() == ["A"]
    report = done.report()
    assert report["reason"].tolist() == [
        'customer_id: must be unique, "A" is already in row 1',
        'monthly_revenue: must be a number >= 0, got "x"',
        'unknown customer: "B" is in row 3 of the customer file, which is rejected',
    ]
    assert report["log"].tolist() == ["customers", "customers", "tickets"]


# --- Column names: found, recognised, or mapped -------------------------------------------

ZENDESK = {
    "Id": "ticket_id", "Requester id": "customer_id", "Created at": "created_at",
    "Solved at": "closed_at", "Due date": "due_at", "Reopens": "reopens",
    "Assignee": "agent", "Tags": "category", "Via": "channel",
    "Assignee stations": None, "Group stations": None,
}  # fmt: skip
SALESFORCE = {
    "Case Number": "ticket_id", "Account ID": "customer_id",
    "Date/Time Opened": "created_at", "Date/Time Closed": "closed_at",
    "Escalated": "escalated", "Case Owner": "agent", "Case Reason": "category",
    "Case Origin": "channel",
}  # fmt: skip
ROWS = tickets(
    ("T1", "A", "2024-03-01 10:00", "2024-03-02", "", "1", "yes", "", "ann", "Billing", "Phone"),
    ("T2", "A", "2024-04-01 10:00", "", "", "0", "no", "", "bob", "Other", "Regulator"),
    ("T3", "B", "2024-05-01 10:00", "", "", "0", "no", "", "ann", "Other", "Email"),
)  # fmt: skip


def _renamed(names: dict[str, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame({theirs: ROWS[ours] if ours else "" for theirs, ours in names.items()})
    return frame


@pytest.mark.parametrize(
    ("names", "desk"), [(ZENDESK, "Zendesk"), (SALESFORCE, "Salesforce Service Cloud")]
)
def test_a_help_desk_export_is_recognised_and_prepares_like_our_own_names(names, desk):
    kept = set(names.values()) - {None}
    ours = ROWS[[c for c in TICKET_COLUMNS if c in kept]]
    expected, _ = prepared(tickets=ours)
    found = find_mapping("tickets", list(names))
    assert found.help_desk == desk
    frame, done = prepared(tickets=_renamed(names))
    assert done.found["tickets"].help_desk == desk
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.loc["A", "support_calls"] == 2


@pytest.mark.parametrize(
    ("header", "desk"),
    [
        (["Id", "Requester id", "Created at", "Solved at", "Reopens", "Via"], "Zendesk"),
        (["Ticket ID", "Contact ID", "Created time", "Due by Time", "Resolved time",
          "Closed time", "Agent", "Time tracked"], "Freshdesk"),
        (["number", "caller_id", "opened_at", "closed_at", "reopen_count", "incident_state",
          "contact_type", "assigned_to"], "ServiceNow"),
        (["Issue key", "Issue id", "Summary", "Issue Type", "Reporter", "Created", "Resolved",
          "Assignee"], "Jira Service Management"),
        (["Case Number", "Account ID", "Date/Time Opened", "Date/Time Closed", "Case Owner",
          "Case Origin"], "Salesforce Service Cloud"),
    ],
)  # fmt: skip
def test_the_five_help_desks_standard_exports_are_recognised_and_their_fields_found(header, desk):
    assert recognise(header).name == desk
    found = find_mapping("tickets", header)
    assert found.mapping.column("customer_id") in header
    assert found.mapping.column("created_at") in header
    assert {m.how for m in found.matches if m.field == "created_at"} == {"help desk"}


def test_a_plain_file_is_no_help_desk_and_misspelt_names_are_found_fuzzily_with_a_score():
    header = ["Custmer Id", "Monthly Revenu", "tenure", "Region"]
    assert recognise(header) is None
    found = find_mapping("customers", header)
    by_field = {m.field: m for m in found.matches}
    assert by_field["customer_id"].column == "Custmer Id"
    assert by_field["customer_id"].how == "fuzzy"
    assert FUZZY_THRESHOLD <= by_field["customer_id"].score < 100
    assert by_field["monthly_revenue"].column == "Monthly Revenu"
    assert (by_field["tenure_months"].column, by_field["tenure_months"].how) == (
        "tenure", "known name"
    )  # fmt: skip
    table = mapping_table({"customers": found})
    assert table.loc[table["field"] == "churned", "how found"].item() == "not found"


def test_a_required_field_not_found_stops_naming_it_and_the_closest_columns():
    crm = pd.DataFrame({"customer_id": ["A"], "tenure_months": ["1"], "Plan price": ["5"]})
    with pytest.raises(MappingError, match=r"no column found for monthly_revenue.*'Plan price'"):
        prepare_records({"customers": crm}, window_end=END)


def test_same_records_under_other_names_prepare_the_same_with_a_mapping_file(tmp_path):
    theirs = {"Ref": "ticket_id", "Who": "customer_id", "Logged": "created_at",
              "Done": "closed_at", "Again": "reopens", "Staff": "agent", "Kind": "category",
              "Via what": "channel", "Escalated?": "escalated"}  # fmt: skip
    expected, _ = prepared(tickets=ROWS.drop(columns=["due_at", "handle_minutes"]))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"tickets": {"columns": {v: k for k, v in theirs.items()}}}))
    renamed = ROWS.rename(columns={v: k for k, v in theirs.items()})
    done = prepare_records(
        {"customers": CRM, "tickets": renamed[list(theirs)]}, load_mapping(mapping), END
    )
    pd.testing.assert_frame_equal(done.customers().set_index("customer_id"), expected)
    assert load_mapping_roundtrip(done.mapping.to_json()) == done.mapping


def load_mapping_roundtrip(text: str):
    return mapping_from_dict(json.loads(text))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"tickets": {"columns": {"created": "x"}}}, "'created', which is not a field of tickets"),
        ({"tickets": {"colums": {}}}, "Unknown key 'colums' in tickets"),
        ({"crm": {}}, "Unknown input 'crm'"),
        ({"customers": {"columns": {}, "revenue_per": "week"}}, "month or year, got 'week'"),
        ({"tickets": {"columns": {}, "billing": {"topic": ["x"]}}}, "'topic', which is not a"),
    ],
)
def test_a_bad_mapping_file_says_what_is_wrong(raw, message):
    with pytest.raises(MappingError, match=message):
        mapping_from_dict(raw)


# --- Dates, blanks and a real export ----------------------------------------------------


def test_dates_are_read_day_first_or_month_first_by_what_the_column_holds():
    # "03/04/2024" alone is day-first (3 April); beside "1:05 PM" times the column is a US
    # export, month-first (4 March).
    day_first = tickets(("1", "A", "03/04/2024 10:00", "", "", "", "", "", "", "", ""))
    us = tickets(
        ("1", "A", "03/04/2024 10:00 AM", "", "", "", "", "", "", "", ""),
        ("2", "A", "12/31/2024 1:05 PM", "", "", "", "", "", "", "", ""),
    )
    _, done = prepared(tickets=day_first)
    assert done.families["tickets"]["created_at"].name == "day/month/year"
    _, done = prepared(tickets=us)
    assert done.families["tickets"]["created_at"].name == "month/day/year"
    assert done.con.execute("SELECT min(opened) FROM t_tickets").fetchall()[0][0] == dt.datetime(
        2024, 3, 4, 10, 0
    )


SERVICENOW_HEADER = (
    "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,"
    "caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,"
    "sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,"
    "urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,"
    "problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at"
)


def servicenow_row(number, state, reopen, caller, opened, assigned, closed):
    """A row in the shape of the public ServiceNow incident event log (UCI, CC BY 4.0):
    day-first dates, "?" for nothing, one row per update of an incident."""
    return (
        f"{number},{state},TRUE,0,{reopen},0,TRUE,{caller},Opened by  8,{opened},Created by 6,"
        f"{opened},Updated by 21,{opened},Phone,Location 143,Category 55,Subcategory 170,"
        f"Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,Group 56,{assigned},TRUE,FALSE,"
        f"Do Not Notify,?,?,?,?,code 5,Resolved by 149,?,{closed}"
    )


def test_a_servicenow_event_log_is_recognised_and_its_update_rows_make_one_ticket(tmp_path):
    log = tmp_path / "incident_event_log.csv"
    log.write_text(
        "\n".join(
            [
                SERVICENOW_HEADER,
                servicenow_row("INC0000045", "New", 0, "Caller 2403", "29-02-2016 01:16", "?", "?"),
                servicenow_row("INC0000045", "Resolved", 0, "Caller 2403", "29-02-2016 01:16",
                               "Resolver 89", "?"),
                servicenow_row("INC0000045", "Closed", 1, "Caller 2403", "29-02-2016 01:16",
                               "Resolver 31", "05-03-2016 12:00"),
                servicenow_row("INC0000047", "New", 0, "Caller 2403", "13-03-2016 04:40",
                               "Resolver 89", "?"),
                servicenow_row("INC0000057", "New", 0, "Caller 4416", "29-02-2016 06:10", "?", "?"),
            ]
        )
        + "\n"
    )  # fmt: skip
    crm = pd.DataFrame(
        {"customer_id": ["Caller 2403", "Caller 9"], "monthly_revenue": ["10", "20"],
         "tenure_months": ["5", "6"]}
    )  # fmt: skip
    done = prepare_records({"customers": crm, "tickets": log})
    assert done.found["tickets"].help_desk == "ServiceNow"
    assert done.families["tickets"]["created_at"].name == "day-month-year"
    assert done.window.end == dt.datetime(2016, 3, 14)  # the day after the latest opening
    row = done.customers().set_index("customer_id").loc["Caller 2403"]
    # Two incidents; one reopen; agents Resolver 89 and Resolver 31 ("?" is no agent).
    assert row[["support_calls", "unresolved_promises", "agents_contacted"]].tolist() == [2, 1, 2]
    assert done.counts["tickets"].unknown == 1  # Caller 4416 is not a customer


# --- The generator's records, the command line ------------------------------------------


def test_preparing_the_generators_records_gives_back_its_table_exactly():
    records = generate_records(2_000, seed=11)
    done = prepare_records({s: records[s] for s in ("customers", "tickets", "outages", "orders")})
    assert done.window.end == dt.datetime(2026, 1, 1)
    frame = done.customers()
    expected = records["table"]
    assert list(frame.columns) == list(expected.columns)
    for name in expected.columns:
        np.testing.assert_array_equal(frame[name].to_numpy(), expected[name].to_numpy(), name)
    for log, noise in records["noise"].items():
        counts = done.counts[log]
        assert counts.adds_up()
        assert (counts.outside, counts.unknown, counts.rejected) == (
            noise["outside"], noise["unknown"], noise["rejected"]
        )  # fmt: skip
    assert frame["support_calls"].sum() > 0 and frame["outage_hours"].sum() > 0


def _files(tmp_path: Path, n=300) -> list[str]:
    records = generate_records(n, seed=5)
    args = []
    for section in ("customers", "tickets", "outages", "orders"):
        path = tmp_path / f"{section}.csv"
        records[section].to_csv(path, index=False)
        args += [f"--{section}", str(path)]
    return args


def test_churn_cost_prepare_writes_a_contract_file_that_model_score_takes_as_it_is(
    tmp_path, capsys
):
    out, report, saved = tmp_path / "out.csv", tmp_path / "unused.csv", tmp_path / "m.json"
    code = cli.main(
        ["prepare", *_files(tmp_path), "-o", str(out), "--report", str(report),
         "--save-mapping", str(saved)]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 1  # the generator's logs hold a few rejected rows
    assert "Prepared 300 customers" in printed
    assert "tickets: " in printed and "outside the window" in printed
    unused = pd.read_csv(report, keep_default_na=False)
    assert list(unused.columns[:3]) == ["log", "row_number", "reason"]
    assert set(unused["log"]) == {"tickets", "outages", "orders"}
    assert len(unused[unused["log"] == "tickets"]) == 3 + 3 + 1  # outside, unknown, rejected
    assert "tickets: 1,0" not in printed and "3 of an unknown customer, 1 rejected" in printed
    assert score_main([str(out), "-o", str(tmp_path / "estimates.csv")]) == 0
    again = tmp_path / "again.csv"
    assert prepare_main(
        [*_files(tmp_path), "--mapping", str(saved), "-o", str(again)]
    ) == 1  # fmt: skip
    assert again.read_bytes() == out.read_bytes()


def test_a_mapping_naming_a_missing_column_exits_2_naming_it_and_writes_nothing(tmp_path, capsys):
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {"tickets": {"columns": {"customer_id": "Requester", "created_at": "created_at"}}}
        )
    )
    out = tmp_path / "out.csv"
    code = prepare_main([*_files(tmp_path, 20), "--mapping", str(mapping), "-o", str(out)])
    assert code == 2
    assert "reads customer_id from the column 'Requester', which the file does not have" in (
        capsys.readouterr().err
    )
    assert not out.exists()


def test_cells_a_spreadsheet_would_run_are_neutralised_in_the_files_written(tmp_path):
    crm = tmp_path / "crm.csv"
    crm.write_text("customer_id,monthly_revenue,tenure_months,note\n=HYPERLINK(1),5,1,@x\n")
    orders = tmp_path / "orders.csv"
    orders.write_text("customer_id,ordered_at,reshipped\n=HYPERLINK(1),2024-02-01,yes\n+9,x,no\n")
    out, report = tmp_path / "out.csv", tmp_path / "report.csv"
    assert prepare_main(
        ["--customers", str(crm), "--orders", str(orders), "-o", str(out), "--report",
         str(report), "--window-end", "2025-01-01"]
    ) == 1  # fmt: skip
    assert "'=HYPERLINK(1)" in out.read_text() and "'@x" in out.read_text()
    assert "'+9" in report.read_text()
    assert pd.read_csv(out)["reshipped_orders"].tolist() == [1]


def test_excel_and_parquet_inputs_prepare_like_csv(tmp_path):
    records = generate_records(60, seed=8)
    csv = {s: tmp_path / f"{s}.csv" for s in ("customers", "tickets")}
    for section, path in csv.items():
        records[section].to_csv(path, index=False)
    other = {"customers": tmp_path / "crm.xlsx", "tickets": tmp_path / "tickets.parquet"}
    records["customers"].to_excel(other["customers"], index=False, sheet_name="Customers")
    records["tickets"].to_parquet(other["tickets"], index=False)
    expected = prepare_records(csv).customers()
    pd.testing.assert_frame_equal(prepare_records(other).customers(), expected)


def test_a_required_field_not_found_exits_2_naming_it_and_writes_nothing(tmp_path, capsys):
    crm = tmp_path / "crm.csv"
    crm.write_text("who,monthly_revenue,tenure_months\nA,5,1\n")
    out = tmp_path / "out.csv"
    assert (
        prepare_main(["--customers", str(crm), "-o", str(out), "--window-end", "2025-01-01"]) == 2
    )
    error = capsys.readouterr().err
    assert "no column found for customer_id" in error and "'who'" in error
    assert not out.exists()


def test_a_csv_row_with_a_wrong_number_of_fields_is_rejected_and_the_others_kept(tmp_path):
    log = tmp_path / "orders.csv"
    log.write_text(
        "customer_id,ordered_at,reshipped\nA,2024-02-01,yes\nB,2024-02-01\nA,2024-03-01,yes\n"
    )
    done = prepare_records({"customers": CRM, "orders": log}, window_end=END)
    assert done.customers().set_index("customer_id").loc["A", "reshipped_orders"] == 2
    report = done.report()
    assert report["reason"].tolist() == ["(the whole row): has 2 fields, the header has 3"]
    assert report["row_number"].tolist() == [2]


def test_the_report_streams_a_log_past_its_unused_rows_and_never_builds_on_the_log(
    tmp_path, monkeypatch
):
    """A log streamed in batches (as every input is on the Dask engine's submitting machine)
    has no row count DuckDB can see; it guessed one row and built the report's semi-join on
    the whole log (2.8 GB at 8 million ticket rows). One machine keeps DuckDB's plan."""
    import data.records.prepare as prepare
    from data.records.example import write_example

    done = prepare_records(write_example(tmp_path, 300, seed=2))
    done.sources["tickets"].whole_bytes = 0  # streamed, as a large log is
    setting = "SELECT current_setting('disabled_optimizers')"
    seen, write_query = [], prepare.write_query

    def plan_and_write(con, sql, path):
        seen.append(
            (con.execute(setting).fetchall()[0][0], str(con.sql(f"EXPLAIN {sql}").fetchall()))
        )
        write_query(con, sql, path)

    monkeypatch.setattr(prepare, "write_query", plan_and_write)
    done.write_report(tmp_path / "one-machine.csv")
    done.report_streamed = True  # as prepare_on_dask makes it
    done.write_report(tmp_path / "streamed.csv")
    (one_setting, one_plan), (setting_streamed, plan) = seen
    assert one_setting == "" and "RIGHT_SEMI" in one_plan  # DuckDB builds on the stream
    assert setting_streamed == "build_side_probe_side"
    assert "PYTHON_ARROW_SCAN" in plan and "SEMI" in plan
    assert "RIGHT_SEMI" not in plan  # the stream is the probe side, the unused rows the build
    assert done.con.execute(setting).fetchall()[0][0] == ""  # only for the report
    streamed = (tmp_path / "streamed.csv").read_bytes()
    assert streamed == (tmp_path / "one-machine.csv").read_bytes()
    assert len(pd.read_csv(tmp_path / "streamed.csv")) == sum(
        c.read - c.used for c in done.counts.values()
    )
