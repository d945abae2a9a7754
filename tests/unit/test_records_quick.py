"""The plain rows read by Arrow (data/records/quick.py) give the statement's own values.

Each test prepares the same files twice, with the quick reading and with every row through
parse.py's statement alone (quick.plain_rows made to answer None), and compares the parsed
table row for row and type for type, the prepared file and the report byte for byte. The
logs hold the edges of every plain form next to ordinary rows, so a cell Arrow reads
differently from DuckDB fails here.
"""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pytest

import data.records.quick as quick
from data.records import prepare_records

CRM = "customer_id,monthly_revenue,tenure_months\nA,50,12\nB,60,24\nC,70,36\n"

#: Cells at the edge of a plain form, each with a value the statement reads or rejects.
DATES = [
    "2024-06-01T10:00:00", "2024-06-01 10:00:00", "2024-06-01", "2024-06-01T10:00",
    "2024-06-01 10:00", "2024-02-29", "2023-02-29", "2024-02-30", "2024-06-01T24:00:00",
    "2024-06-01T23:59:60", "2024-06-01T10:00+01", "2024-06-01 10:00+01", "2024-06-01T10:00Z",
    "2024-06-01T10:00:00.5", "1899-12-31T23:59:59", "1900-01-01", "2100-12-31T23:59:59",
    "2101-01-01", "0999-01-01", "2024-6-1", " 2024-06-01", "2024-06-01 ", "20240601",
    "2024-06-01t10:00:00", "NULL", "?", "epoch", "",
]  # fmt: skip
COUNTS = [
    "0", "3", "007", "+5", "-5", "1e3", "1.0", "1.5", "1,000", " 4", "4 ", "inf", "nan",
    "999999999", "1000000000", "1000000001", "1e20", "0x10", "", "N/A", "12:30",
]  # fmt: skip
MINUTES = ["12", "12.5", "1:30", "1:30:15", "1e12", "1.000001e12", "-0", ".5", "5.", "", "abc"]
FLAGS = ["yes", "YES", "Yes", "no", "x", "X", "1", "1.0", "0.0", "t", "F", "", "?", "maybe"]
IDS = ["A", "B", " A", "A ", "", "null", "NULL", "N/a", "n/a", "-", "nan", "NaT", "İ", "K", "Ab"]
TEXTS = ["agent-1", "", " agent-2", "none", "None", "Invoice query", "REGULATOR", "ombudsman"]


def _log(rows: list[list[str]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _tickets() -> str:
    """Ordinary rows, then one row per edge cell of each field, then ordinary rows again."""
    header = ["ticket_id", "customer_id", "created_at", "closed_at", "due_at", "reopens",
              "escalated", "handle_minutes", "agent", "category", "channel", "sla_met"]  # fmt: skip
    ordinary = ["T1", "A", "2024-05-01T09:00:00", "2024-05-02T09:00:00", "2024-05-03", "0",
                "no", "15", "agent-1", "Speed", "Phone", "yes"]  # fmt: skip
    rows = [[f"T{i}", "ABC"[i % 3], *ordinary[2:]] for i in range(300)]
    edges = {2: DATES, 3: DATES, 4: DATES, 5: COUNTS, 6: FLAGS, 7: MINUTES, 0: IDS, 1: IDS,
             8: TEXTS, 9: TEXTS, 10: TEXTS, 11: FLAGS}  # fmt: skip
    for column, cells in edges.items():
        for cell in cells:
            row = list(ordinary)
            row[0] = f"E{len(rows)}"
            row[column] = cell
            if column == 2:  # an opening's edge, on a ticket still open
                row[3] = ""
            if column == 3:  # a closing's edge, after the earliest opening read
                row[2] = "1900-01-01"
            rows.append(row)
    # closed before, and at, the opening
    rows.append(["E-early", "B", "2024-05-01T09:00:00", "2024-05-01T08:59:59", "", "", "", "",
                 "", "", "", ""])  # fmt: skip
    rows.append(["E-same", "B", "2024-05-01T09:00:00", "2024-05-01T09:00:00", "", "", "", "",
                 "", "", "", ""])  # fmt: skip
    rows += [[f"U{i}", "ABCD"[i % 4], *ordinary[2:]] for i in range(300)]
    return _log(rows, header)


def _outages() -> str:
    header = ["customer_id", "start", "end"]
    rows = [["A", "2024-03-01T10:00:00", "2024-03-01T12:00:00"] for _ in range(100)]
    rows += [["B", start, end] for start in DATES[:8] for end in ("", "2024-06-01T11:00:00")]
    rows.append(["C", "2024-03-01T10:00:00", "2024-03-01T09:00:00"])  # ends before it starts
    return _log(rows, header)


def _orders() -> str:
    header = ["customer_id", "ordered_at", "reshipped"]
    rows = [["A", "2024-03-01", "no"] for _ in range(100)]
    rows += [["C", "2024-04-01", flag] for flag in FLAGS]
    return _log(rows, header)


def _prepare(tmp_path, name: str, no_quick: bool, monkeypatch):
    folder = tmp_path / name
    folder.mkdir()
    inputs = {"customers": folder / "crm.csv"}
    inputs["customers"].write_text(CRM, encoding="utf-8")
    for section, content in (("tickets", _tickets()), ("outages", _outages()),
                             ("orders", _orders())):  # fmt: skip
        inputs[section] = folder / f"{section}.csv"
        inputs[section].write_text(content, encoding="utf-8")
    seen = []
    original = quick.plain_rows

    def watched(*args, **kwargs):
        marked = None if no_quick else original(*args, **kwargs)
        if marked is not None:
            plain = marked[quick.PLAIN].to_pylist()
            seen.append((sum(plain), len(plain) - sum(plain)))
        return marked

    monkeypatch.setattr("data.records.parse.plain_rows", watched)
    # every edge cell decided alone (a failing cast is halved down to single rows)
    monkeypatch.setattr(quick, "SMALLEST_PIECE", 1)
    done = prepare_records(inputs)
    try:
        tables = {
            section: (
                done.con.execute(f"SELECT * FROM p_{section} ORDER BY __row").fetchall(),
                done.con.execute(f"DESCRIBE p_{section}").fetchall(),
            )
            for section in ("tickets", "outages", "orders")
        }
        done.write_customers(folder / "out.csv")
        done.write_report(folder / "report.csv")
        files = [(folder / f).read_bytes() for f in ("out.csv", "report.csv")]
        return tables, files, seen, done.summary()
    finally:
        done.close()


def test_the_quick_reading_gives_the_statements_tables_and_files_byte_for_byte(
    tmp_path, monkeypatch
):
    quick_tables, quick_files, seen, quick_summary = _prepare(tmp_path, "quick", False, monkeypatch)
    sql_tables, sql_files, _, sql_summary = _prepare(tmp_path, "sql", True, monkeypatch)
    # the quick reading did run, and left rows to the statement, in each log
    assert len(seen) == 3 and all(plain > 0 and other > 0 for plain, other in seen), seen
    for section in sql_tables:
        assert quick_tables[section][1] == sql_tables[section][1], section  # the same types
        assert quick_tables[section][0] == sql_tables[section][0], section  # row for row
    assert quick_files == sql_files
    assert quick_summary == sql_summary
    assert b"must be a date like" in quick_files[1] and b"must not be before" in quick_files[1]


def test_a_bad_cell_in_a_chunk_leaves_only_its_row_to_the_statement():
    cells = pa.chunked_array([["2024-01-01T00:00:00"] * 999 + ["2024-02-30"], ["2024-01-02"] * 5])
    values, read = quick._cast_chunks(cells, pa.timestamp("us"))
    read = read.to_pylist()
    # the chunk was halved down to a piece of at most SMALLEST_PIECE rows holding the bad cell
    assert read[999] is False and read[1000:] == [True] * 5
    first_left = read.index(False)
    assert first_left > 999 - quick.SMALLEST_PIECE and all(read[:first_left])
    assert values[0].as_py().isoformat() == "2024-01-01T00:00:00" and values[999].as_py() is None


@pytest.mark.parametrize("family", ["day/month/year", "month/day/year"])
def test_a_date_family_other_than_iso_leaves_the_whole_log_to_the_statement(family):
    from data.records.mapping import SectionMapping
    from data.records.values import FAMILIES_BY_NAME

    table = pa.table({"__row": [1], "__problem": pa.nulls(1, pa.string()),
                      "col0": ["A"], "col1": ["01/02/2024"]})  # fmt: skip
    mapping = SectionMapping({"customer_id": "id", "created_at": "when"})
    cells = {"id": "col0", "when": "col1"}
    families = {"created_at": FAMILIES_BY_NAME[family]}
    read = ("customer_id", "created_at")
    assert quick.plain_rows(table, "tickets", read, mapping, families, set(), {}, cells.get) is None


def test_the_command_line_prepares_with_an_arrow_pool_that_gives_memory_back(tmp_path):
    from model.commands.prepare import main

    before = pa.default_memory_pool()
    (tmp_path / "crm.csv").write_text(CRM, encoding="utf-8")
    (tmp_path / "tickets.csv").write_text(_orders().replace("ordered_at", "created_at"))
    try:
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        args = [
            "--customers",
            str(tmp_path / "crm.csv"),
            "--tickets",
            str(tmp_path / "tickets.csv"),
        ]
        assert main([*args, "-o", str(tmp_path / "out.csv")]) == 0
        # jemalloc, or the system's allocator where pyarrow was built without it (ADR 0028)
        assert pa.default_memory_pool().backend_name in ("jemalloc", "system")
    finally:
        pa.set_memory_pool(before)


#: Fields as a CSV writes them: bare, quoted, with doubled quotes, separators, line ends,
#: and quotes inside a bare field (`5" screen`, `ab"`), which a CSV parser keeps as text.
FIELD_FORMS = ['a', '', '""', '"x"', '"x,y"', '"x""y"', '""""', '"x\ny"', '"x\r\ny"', '5" screen',
               'ab"', '"x"y', '"', 'é', '"é,\n"', 'x"y"']  # fmt: skip


def test_a_file_proven_to_close_its_quotes_on_each_line_reads_the_same_cut_anywhere(tmp_path):
    """Whenever quotes_close_on_their_line says yes, pyarrow cutting the file at any line
    end (newlines_in_values=False, blocks of 64 bytes) reads what the quote-aware reader
    reads; a field over two lines is never proven away. Both answers occur."""
    import random

    import pyarrow.csv as pa_csv

    from data.csv_checks import quotes_close_on_their_line

    path, answers = tmp_path / "log.csv", []

    def read(newlines: bool):
        options = pa_csv.ParseOptions(
            newlines_in_values=newlines, invalid_row_handler=lambda r: "skip"
        )
        text = pa_csv.ConvertOptions(column_types=dict.fromkeys("abc", pa.string()))
        try:
            return pa_csv.read_csv(path, pa_csv.ReadOptions(block_size=64), options, text)
        except pa.ArrowInvalid as error:
            return str(error)

    for seed in range(60):
        rng = random.Random(seed)
        # the forms that pair up on their line only, then with fields over two lines, then all
        clean = [f for f in FIELD_FORMS[:8] if "\n" not in f] + ["é"]
        forms = (clean, FIELD_FORMS[:9], FIELD_FORMS)[seed % 3]
        lines = ["a,b,c"] + [",".join(rng.choice(forms) for _ in range(3)) for _ in range(20)]
        ending = "\r\n" if seed % 4 == 0 else "\n"
        bom = "\ufeff" if seed % 5 == 0 else ""
        path.write_bytes((bom + ending.join(lines) + ending).encode())
        proven = quotes_close_on_their_line(path, "utf-8", ",")
        if proven:
            assert read(False) == read(True), seed
        if any('"x\ny"' in line or '"x\r\ny"' in line for line in lines):
            assert not proven, seed
        answers.append(proven)
    assert any(answers) and not all(answers)


@pytest.mark.parametrize(
    ("content", "proven"),
    [
        (b'"a","b"\n"1","2"\n', True),
        (b'a,b\n"x""y",""\n', True),
        (b'\xef\xbb\xbf"a",b\r\n"1",2\r\n', True),
        (b'a,b\n"1\n2",3\n', False),  # a field over two lines
        (b'a,b\n5" screen,"x"\n', False),  # a quote inside a bare field
        (b'a,b\nab","x\ny"\n', False),  # the same, before a field over two lines
        (b'a,b,c\nab","x\ny",z"\n', False),  # and each line's quotes even all the same
        (b'a,b\n"x,1\n', False),  # never closed
    ],
)
def test_which_files_are_proven_to_close_their_quotes_on_each_line(tmp_path, content, proven):
    from data.csv_checks import quotes_close_on_their_line

    path = tmp_path / "log.csv"
    path.write_bytes(content)
    assert quotes_close_on_their_line(path, "utf-8", ",") is proven
