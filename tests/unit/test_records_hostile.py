"""Records that cannot vanish or be misread (issue 33): hostile and careless logs through
`python -m model.prepare`, each with the exit status, message and counts it must give.

Every case that prepares checks that, per log, rows read = used + outside the window +
unknown customer + rejected, and that rows read is the number of records Python's own csv
module counts in the file (an independent count). Files are small and made here; the
800 MB log's memory is benchmarks/records_memory.py's.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from data.records import MappingError, mapping_from_dict, prepare_records
from model.commands.prepare import main as prepare_main

CRM = "customer_id,monthly_revenue,tenure_months\nA,50,12\nB,60,24\nC,70,36\n"
WINDOW = ["--window-end", "2025-01-01"]
SUMMARY = re.compile(
    r"(\w+): ([\d,]+) read, ([\d,]+) used, ([\d,]+) outside the window, ([\d,]+) of an "
    r"unknown customer, ([\d,]+) rejected"
)


def _records(path: Path) -> int:
    """The file's records by Python's csv module (blank lines are not records)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def prepare(tmp_path, capsys, logs: dict[str, str], *options: str, crm: str = CRM):
    """Write the files, run the command line; (exit status, stdout, stderr, prepared, report).
    When it prepared, every log's counts add up and match the independent count."""
    paths = {"customers": tmp_path / "customers.csv"}
    paths["customers"].write_text(crm, encoding="utf-8")
    for section, content in logs.items():
        paths[section] = tmp_path / f"{section}.csv"
        paths[section].write_text(content, encoding="utf-8")
    out, report = tmp_path / "out.csv", tmp_path / "report.csv"
    args = [f"--{section}={path}" for section, path in paths.items()]
    try:
        code = prepare_main([*args, "-o", str(out), "--report", str(report), *options])
    except SystemExit as stopped:  # argparse refusing an option: its exit status is 2
        code = stopped.code
    printed = capsys.readouterr()
    if code == 2:
        assert not out.exists() and "Traceback" not in printed.err
        return code, printed.out, printed.err, None, None
    for section, *numbers in SUMMARY.findall(printed.out):
        read, used, outside, unknown, rejected = (int(n.replace(",", "")) for n in numbers)
        assert read == used + outside + unknown + rejected, section
        assert read == _records(paths[section]), section
    assert set(SUMMARY.findall(printed.out) and [m[0] for m in SUMMARY.findall(printed.out)]) == (
        set(logs)
    )
    prepared = pd.read_csv(out, keep_default_na=False, dtype={"customer_id": str})
    prepared = prepared.set_index("customer_id")
    return code, printed.out, printed.err, prepared, pd.read_csv(report, keep_default_na=False)


def tickets(*rows: str, header: str = "ticket_id,customer_id,created_at") -> str:
    return header + "\n" + "".join(row + "\n" for row in rows)


# --- 1. nothing vanishes -------------------------------------------------------------------


def test_an_unclosed_quote_in_a_ticket_log_is_refused_naming_its_line_and_nothing_is_written(
    tmp_path, capsys
):
    rows = [f"T{i},A,2024-05-01" for i in range(1, 1001)]
    rows[2] = 'T3,A,"2024-05-01'  # row 3: the quote never closes, 997 rows would follow it
    code, _, err, _, _ = prepare(tmp_path, capsys, {"tickets": tickets(*rows)}, *WINDOW)
    assert code == 2
    assert 'the quote (") that opens a field on line 4 (row 3 under the header)' in err


def test_a_customer_file_wider_than_64_kb_is_read_whole(tmp_path, capsys):
    extra = [f"extra_column_{i:05d}" for i in range(6_000)]  # a header of 120 KB
    crm = ",".join(["customer_id", "monthly_revenue", "tenure_months", *extra]) + "\n"
    crm += "".join(f"C{i},50,12," + ",".join("x" * len(extra)) + "\n" for i in range(5))
    log = tickets("T1,C1,2024-05-01")
    code, out, _, prepared, _ = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW, crm=crm)
    assert code == 0 and "Prepared 5 customers" in out
    assert prepared.loc["C1", "support_calls"] == 1
    assert prepared.loc["C4", "extra_column_05999"] == "x"


# --- 2. dates that cannot be misread --------------------------------------------------------


@pytest.mark.parametrize(
    "dates",
    [
        ("31/03/24", "15/06/24", "01/12/24"),  # day/month/two-digit year
        ("3/31/24", "6/15/24", "12/1/24"),  # month/day/two-digit year
    ],
)
def test_a_two_digit_year_is_this_century_never_the_year_24(tmp_path, capsys, dates):
    log = tickets(*(f"T{i},A,{d}" for i, d in enumerate(dates)))
    code, _, _, prepared, _ = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 0
    assert prepared.loc["A", "support_calls"] == 3  # all in 2024, none outside the window


@pytest.mark.parametrize("word", ["epoch", "infinity", "9999-12-31", "0024-03-31", "10000-01-01"])
def test_a_date_outside_1900_to_2100_is_rejected_with_its_reason_not_taken_or_crashed(
    tmp_path, capsys, word
):
    log = tickets("T1,A,2024-05-01", f"T2,A,{word}")
    code, out, _, prepared, report = prepare(tmp_path, capsys, {"tickets": log})
    assert code == 1  # prepared, one row rejected
    assert prepared.loc["A", "support_calls"] == 1
    assert "2024-05-02 00:00:00 excluded" in out  # the end from the valid ticket only
    assert report["row_number"].tolist() == [2]
    assert f'got "{word}"' in report["reason"][0] and "created_at" in report["reason"][0]


def test_one_typo_year_cannot_move_the_window_and_the_summary_names_the_event_that_set_it(
    tmp_path, capsys
):
    rows = [f"T{i},A,2024-{1 + i % 12:02d}-10" for i in range(59)] + ["T59,A,2204-04-10"]
    code, out, _, prepared, report = prepare(tmp_path, capsys, {"tickets": tickets(*rows)})
    assert code == 1
    assert prepared.loc["A", "support_calls"] == 59
    assert "must be a date from 1900 to 2100" in report["reason"][0]
    assert "the end is the day after the latest event, tickets row 12 (created_at)" in out


def test_a_window_longer_than_the_contracts_year_is_refused_before_anything_is_read(
    tmp_path, capsys
):
    log = tickets("T1,A,2024-05-01")
    code, _, err, _, _ = prepare(tmp_path, capsys, {"tickets": log}, "--window-months", "36")
    assert code == 2 and "--window-months must be from 1 to 12, got 36" in err


# --- 3. exit codes that mean what they say ---------------------------------------------------


def test_a_count_of_1e20_is_rejected_with_its_reason_and_the_rest_prepared(tmp_path, capsys):
    log = tickets("T1,A,2024-05-01,1e20", "T2,B,2024-05-01,2", header="ticket_id,customer_id,"
                  "created_at,reopens")  # fmt: skip
    code, _, _, prepared, report = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 1
    assert prepared.loc["B", "unresolved_promises"] == 2
    assert report["reason"].tolist() == ['reopens: must be at most 1,000,000,000, got "1e20"']


def test_a_ticket_closed_before_it_was_opened_is_rejected_naming_the_rule(tmp_path, capsys):
    # T1 was closed a day before it was opened: a closing time that cannot be read as one;
    # T2 closed late against its due date is a missed promise as before.
    log = tickets(
        "T1,A,2024-05-02 10:00,2024-05-01 09:00,2024-05-03",
        "T2,B,2024-05-01 10:00,2024-05-09 09:00,2024-05-03",
        "T3,A,2024-06-01 10:00,2024-06-01 10:00,2024-06-03",
        header="ticket_id,customer_id,created_at,closed_at,due_at",
    )
    code, _, _, prepared, report = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 1
    assert report["row_number"].tolist() == [1]
    assert report["reason"].tolist() == [
        'closed_at: must not be before the opening, got "2024-05-01 09:00"'
    ]
    assert prepared.loc["A", "support_calls"] == 1  # T3, closed the minute it opened
    assert prepared.loc["B", "unresolved_promises"] == 1


@pytest.mark.parametrize("value", ["lots", "1GB'; SELECT 1; --", "10KB"])
def test_a_bad_memory_limit_exits_2_with_a_plain_message(tmp_path, capsys, value):
    code, _, err, _, _ = prepare(tmp_path, capsys, {}, "--memory-limit", value, *WINDOW)
    assert code == 2 and "--memory-limit" in err and "Traceback" not in err


def test_a_mapping_nested_10000_deep_exits_2_with_a_plain_message(tmp_path, capsys):
    mapping = tmp_path / "deep.json"
    mapping.write_text("[" * 10_000 + "]" * 10_000)
    code, _, err, _, _ = prepare(tmp_path, capsys, {}, "--mapping", str(mapping), *WINDOW)
    assert code == 2 and "nests objects or lists too deep" in err


def test_an_unexpected_failure_exits_2_in_words_and_shows_the_traceback_only_with_debug(
    tmp_path, capsys, monkeypatch
):
    import model.commands.prepare as command

    def broken(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(command, "prepare_records", broken)
    code, _, err, _, _ = prepare(tmp_path, capsys, {}, *WINDOW)
    assert code == 2 and "OverflowError: date value out of range" in err and "--debug" in err
    with pytest.raises(OverflowError):
        prepare(tmp_path, capsys, {}, *WINDOW, "--debug")


# --- 4. internal names that cannot collide ---------------------------------------------------


def test_a_log_column_named_like_an_internal_one_changes_nothing(tmp_path, capsys):
    header = "ticket_id,customer_id,created_at,__f_customer_id,__t_created_at,__row,__problem"
    log = tickets("T1,A,2024-05-01,B,yesterday,9,bad", "T2,B,2024-06-01,A,x,1,", header=header)
    code, _, _, prepared, report = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 0 and len(report) == 0
    assert prepared.loc[["A", "B", "C"], "support_calls"].tolist() == [1, 1, 0]


def test_customer_columns_named_row_or_problem_pass_through_untouched(tmp_path, capsys):
    crm = "customer_id,monthly_revenue,tenure_months,__row,__problem,reason,crm_customer_id,x\n"
    crm += "A,50,12,r1,p1,why,old-A,1\nB,60,24,r2,,because,old-B,2\n"
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"customers": {"columns": {
        "customer_id": "x", "monthly_revenue": "monthly_revenue",
        "tenure_months": "tenure_months"}}}))  # fmt: skip
    code, _, _, prepared, _ = prepare(tmp_path, capsys, {}, "--mapping", str(mapping), *WINDOW,
                                      crm=crm)  # fmt: skip
    assert code == 0
    assert prepared.loc["1", "crm___row"] == "r1" and prepared.loc["2", "__problem"] == ""
    assert prepared.loc["1", "crm_customer_id_2"] == "A"  # its own name, then the file's
    assert prepared.loc["1", "crm_customer_id"] == "old-A" and prepared.loc["1", "reason"] == "why"


def test_a_mapping_cannot_read_two_fields_from_one_column():
    with pytest.raises(MappingError, match="reads customer_id and ticket_id from the one column"):
        mapping_from_dict(
            {"tickets": {"columns": {"customer_id": "who", "ticket_id": "who", "created_at": "t"}}}
        )


# --- 5 and 6. no SQL from strings, bounded mapping rules ---------------------------------


HOSTILE = "x'; COPY (SELECT 42) TO 'pwned.csv'; --"


def test_quotes_and_semicolons_in_every_column_name_and_mapping_value_are_only_text(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    # one semicolon a name, fewer than the commas, so the header is still read as commas
    names = {"ticket_id": "id'); DROP TABLE p_tickets --", "customer_id": 'cust "x\' y',
             "created_at": "at') TO 'pwned.csv", "category": "cat'; --\"\""}  # fmt: skip
    header = ",".join('"' + n.replace('"', '""') + '"' for n in names.values())
    value = f'"{HOSTILE}"'
    log = tickets(f"T1,A,2024-05-01,{value}", "T2,B,2024-05-02,plain", header=header)
    mapping = tmp_path / "m.json"
    rules = {"columns": names, "billing": {"category": [HOSTILE]}}
    mapping.write_text(json.dumps({"tickets": rules}))
    code, _, _, prepared, _ = prepare(tmp_path, capsys, {"tickets": log}, "--mapping",
                                      str(mapping), *WINDOW)  # fmt: skip
    assert code == 0 and not (tmp_path / "pwned.csv").exists()
    assert prepared.loc[["A", "B"], "billing_errors"].tolist() == [1, 0]


@pytest.mark.parametrize(
    "option",
    [["--memory-limit", HOSTILE], ["--window-end", HOSTILE], ["--sheet", HOSTILE],
     ["--window-months", HOSTILE]],
)  # fmt: skip
def test_quotes_and_semicolons_in_every_option_never_reach_duckdb(
    tmp_path, capsys, monkeypatch, option
):
    monkeypatch.chdir(tmp_path)
    log = tickets("T1,A,2024-05-01")
    code, *_ = prepare(tmp_path, capsys, {"tickets": log}, *option)
    assert code in (0, 2) and not (tmp_path / "pwned.csv").exists()


def test_a_memory_limit_is_a_number_of_bytes_or_refused():
    from data.records.prepare import memory_bytes

    assert memory_bytes("500MB") == 500 * 10**6 and memory_bytes("1.5 GiB") == 3 * 2**29
    for bad in ("lots", "500MB'", "1e3GB", "-1GB"):
        with pytest.raises(ValueError, match="--memory-limit must be an amount like 500MB"):
            memory_bytes(bad)


def test_a_rule_of_many_values_is_a_table_not_a_list_in_the_sql(tmp_path):
    values = [f"billing code {i}" for i in range(50_000)] + ["Refund"]
    columns = {name: name for name in ("customer_id", "created_at", "category")}
    mapping = mapping_from_dict({"tickets": {"columns": columns, "billing": {"category": values}}})
    crm = pd.DataFrame({"customer_id": ["A"], "monthly_revenue": ["5"], "tenure_months": ["1"]})
    log = pd.DataFrame(
        {"customer_id": ["A", "A"], "created_at": ["2024-05-01"] * 2, "category": ["refund", "x"]}
    )
    done = prepare_records({"customers": crm, "tickets": log}, mapping)
    assert done.customers()["billing_errors"].tolist() == [1]


# --- 7. distinct keys ---------------------------------------------------------------------


def test_a_ticket_id_like_a_row_number_is_not_the_ticket_of_that_row(tmp_path, capsys):
    # row 3 has no ticket id; another row's ticket id is "#3": two tickets, not one
    log = tickets("T1,A,2024-05-01", "#3,A,2024-05-02", ",A,2024-05-03")
    code, _, _, prepared, _ = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 0 and prepared.loc["A", "support_calls"] == 3


def test_ticket_ids_are_compared_as_the_text_the_file_holds(tmp_path, capsys):
    log = tickets("003,A,2024-05-01", "3,A,2024-05-02", "3.0,A,2024-05-03")
    code, _, _, prepared, _ = prepare(tmp_path, capsys, {"tickets": log}, *WINDOW)
    assert code == 0 and prepared.loc["A", "support_calls"] == 3


def test_without_a_memory_limit_inputs_work_under_600mb_large_ones_on_disk_under_400mb(
    tmp_path, capsys, monkeypatch
):
    import data.records.bounds as command

    seen: list[tuple[str | None, bool]] = []
    original = command.new_connection

    def recording(memory_limit=None, threads=None, on_disk=False):
        seen.append((memory_limit, on_disk))
        return original(memory_limit=memory_limit, threads=threads, on_disk=on_disk)

    monkeypatch.setattr(command, "new_connection", recording)
    logs = {"tickets": tickets("T1,A,2024-05-01", "T2,B,2024-06-01", "T3,A,2024-07-01")}
    answers = []
    for whole, options in ((1 << 30, ()), (16, ()), (1 << 30, ("--memory-limit", "200MB"))):
        monkeypatch.setattr(command, "IN_MEMORY_INPUT_BYTES", whole)  # 16 bytes: inputs are large
        code, _, _, prepared, report = prepare(tmp_path, capsys, logs, *WINDOW, *options)
        assert code == 0
        answers.append((prepared, report))
    assert seen == [("600MB", False), ("400MB", True), ("200MB", True)]
    for prepared, report in answers[1:]:
        pd.testing.assert_frame_equal(prepared, answers[0][0])
        pd.testing.assert_frame_equal(report, answers[0][1])
