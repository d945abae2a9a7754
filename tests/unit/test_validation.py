"""The data contract at the boundary: every row estimated or rejected with its reasons."""

import io

import pandas as pd
import pytest

from data.schema import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from data.validation import (
    PROBLEM_COLUMNS,
    ContractError,
    SeenCustomerIds,
    problems_text,
    validate,
)

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def problems_of(text: str) -> list[str]:
    return validate(read(text)).rejected["problems"].tolist()


def test_a_clean_row_is_valid_typed_and_gets_absent_optional_columns_as_zero():
    result = validate(read(f"{HEADER}\nA,49.5,12,3.5,2,1\n"))
    assert result.rejected.empty
    row = result.valid.iloc[0]
    assert row["monthly_revenue"] == 49.5 and row["support_calls"] == 2
    assert result.valid["support_calls"].dtype == "int64"
    for name in OPTIONAL_COLUMNS:
        assert row[name] == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,10,5,-5,1,0", 'outage_hours: must be a number >= 0, got "-5"'),
        ("A,ten,5,0,1,0", 'monthly_revenue: must be a number >= 0, got "ten"'),
        ("A,10,5,0,1.5,0", 'support_calls: must be a whole number >= 0, got "1.5"'),
        ("A,10,,0,1,0", "tenure_months: must be a number >= 0, got an empty cell"),
        ("A,nan,5,0,1,0", 'monthly_revenue: must be a number >= 0, got "nan"'),
        ("A,10,inf,0,1,0", 'tenure_months: must be a number >= 0, got "inf"'),
        (
            "A,10,5,0,99999999999999999999,0",
            "support_calls: must be at most 8,760 (the hours in the 12-month window), "
            'got "99999999999999999999"',
        ),
        (",10,5,0,1,0", "customer_id: must not be empty"),
        ("   ,10,5,0,1,0", "customer_id: must not be empty"),
    ],
)
def test_each_broken_rule_is_named_with_its_column_and_the_value_seen(row, message):
    assert problems_of(f"{HEADER}\n{row}\n") == [message]


def test_a_flag_column_holding_7_is_rejected_and_true_false_are_read_as_1_0():
    text = f"{HEADER},regulator_complaint\nA,1,1,0,0,0,7\nB,1,1,0,0,0,TRUE\nC,1,1,0,0,0,false\n"
    result = validate(read(text))
    assert result.rejected["problems"].tolist() == ['regulator_complaint: must be 0 or 1, got "7"']
    assert result.valid["regulator_complaint"].tolist() == [1, 0]


def test_every_problem_of_a_row_is_listed_in_contract_order():
    (problems,) = problems_of(f"{HEADER}\n,-1,5,x,0.5,0\n")
    assert problems.split("; ") == [
        "customer_id: must not be empty",
        'monthly_revenue: must be a number >= 0, got "-1"',
        'outage_hours: must be a number >= 0, got "x"',
        'support_calls: must be a whole number >= 0, got "0.5"',
    ]


def test_each_problem_is_a_record_of_row_column_rule_and_value_in_contract_order():
    result = validate(read(f"{HEADER}\nA,1,1,1,1,1\n,-1,5,x,0.5,0\nA,2,2,2,2,2\n"))
    records = list(result.problems[list(PROBLEM_COLUMNS)].itertuples(index=False, name=None))
    assert records == [
        (2, "customer_id", "must not be empty", ""),
        (2, "monthly_revenue", "must be a number >= 0", '"-1"'),
        (2, "outage_hours", "must be a number >= 0", '"x"'),
        (2, "support_calls", "must be a whole number >= 0", '"0.5"'),
        (3, "customer_id", "must be unique, {value} is already in row 1", '"A"'),
    ]
    # The errors file's text is made from the same records.
    assert result.rejected["problems"].tolist() == problems_text(result.problems).tolist()


def test_a_repeated_customer_id_keeps_the_first_row_and_names_it_in_the_later_ones():
    result = validate(read(f"{HEADER}\nA,1,1,0,0,0\nB,1,1,0,0,0\nA,2,2,0,0,0\n"))
    assert result.valid["customer_id"].tolist() == ["A", "B"]
    assert result.rejected["row_number"].tolist() == [3]
    assert result.rejected["problems"].tolist() == [
        'customer_id: must be unique, "A" is already in row 1'
    ]


def test_duplicates_are_found_across_chunks_of_one_file():
    seen = SeenCustomerIds()
    first = validate(read(f"{HEADER}\nA,1,1,0,0,0\nB,1,1,0,0,0\n"), 1, seen)
    second = validate(read(f"{HEADER}\nC,1,1,0,0,0\nB,1,1,0,0,0\n"), 3, seen)
    assert first.rejected.empty
    assert second.rejected["row_number"].tolist() == [4]
    assert "already in row 2" in second.rejected["problems"].iloc[0]


def test_rejected_rows_carry_row_number_problems_then_the_original_fields_as_read():
    result = validate(read(f"{HEADER},note\nA,1,1,0,0,0,ok\nB, -3 ,1,0,0,0,=cmd\n"))
    rejected = result.rejected
    assert list(rejected.columns) == ["row_number", "problems", *HEADER.split(","), "note"]
    assert rejected.iloc[0]["monthly_revenue"] == " -3 "
    assert rejected.iloc[0]["note"] == "=cmd"


def test_header_case_and_spaces_are_forgiven_and_extra_columns_pass_through():
    header = HEADER.replace("customer_id", " Customer_ID ").replace("monthly", "MONTHLY")
    text = f"{header},Region\nA,1,1,0,0,0,North\n"
    valid = validate(read(text)).valid
    assert valid.loc[0, "customer_id"] == "A"
    assert valid.loc[0, "Region"] == "North"


@pytest.mark.parametrize("missing", REQUIRED_COLUMNS)
def test_a_missing_required_column_is_a_contract_error_naming_it(missing):
    columns = [c for c in HEADER.split(",") if c != missing]
    frame = pd.DataFrame({c: ["1"] for c in columns})
    with pytest.raises(ContractError, match=f"Required column {missing} missing"):
        validate(frame)


def test_blank_optional_cells_count_as_zero_like_an_absent_optional_column():
    valid = validate(read(f"{HEADER},escalations\nA,1,1,0,0,0,\n")).valid
    assert valid.loc[0, "escalations"] == 0


def test_nothing_is_lost_valid_plus_rejected_equals_rows_read():
    rows = ["A,1,1,0,0,0", "A,1,1,0,0,0", ",x,-1,0,0,0", "B,2,2,2,2,2", "C,1,1,1,1.2,1"]
    result = validate(read(HEADER + "\n" + "\n".join(rows) + "\n"))
    assert len(result.valid) + len(result.rejected) == len(rows) == result.rows_read
    numbers = sorted(result.rejected["row_number"].tolist())
    assert numbers == [2, 3, 5]


def test_typed_numeric_input_from_parquet_is_validated_the_same_way():
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "monthly_revenue": [1.0, -2.0],
            "tenure_months": [1, 1],
            "outage_hours": [0.0, 0.0],
            "support_calls": [1, 1],
            "unresolved_promises": [0, 0],
        }
    )
    result = validate(frame)
    assert result.rejected["problems"].tolist() == [
        'monthly_revenue: must be a number >= 0, got "-2.0"'
    ]


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        (
            "support_calls",
            "1000000000000",
            "must be at most 8,760 (the hours in the 12-month window)",
        ),
        ("outage_hours", "8761", "must be at most 8,760 (the hours in the 12-month window)"),
        ("tenure_months", "1201", "must be at most 1,200 (a hundred years)"),
    ],
)
def test_counts_no_real_customer_reaches_are_rejected_naming_row_column_and_limit(
    column, value, rule
):
    raw = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "monthly_revenue": ["50", "60"],
            "tenure_months": ["12", "24"],
            "outage_hours": ["3", "8760"],
            "support_calls": ["2", "8760"],
            "unresolved_promises": ["1", "0"],
        }
    )
    raw.loc[0, column] = value
    result = validate(raw)
    assert list(result.valid["customer_id"]) == ["B"]  # exactly at the limit is accepted
    problem = result.problems.iloc[0]
    assert (problem["row_number"], problem["column"], problem["rule"]) == (1, column, rule)
    assert result.rejected.loc[0, "problems"] == f'{column}: {rule}, got "{value}"'
