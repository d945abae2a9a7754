"""The records import on a 2-worker Dask cluster gives the same files as on one machine."""

from __future__ import annotations

import logging
import shutil

import pyarrow as pa
import pytest
from distributed import Client, LocalCluster

from data.raw import UnreadableFile
from data.records import distributed, prepare_records
from data.records.distributed import prepare_on_dask
from data.records.example import write_example
from data.records.prepare import input_headers, new_connection, resolve_mapping
from model.prepare import main as prepare_main


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        yield client


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    return write_example(folder, 1_500, seed=4)


def test_dask_and_one_machine_give_the_same_customers_report_and_counts(client, files, tmp_path):
    local = prepare_records(files)
    dask = prepare_on_dask(files, client=client, buckets=3)
    assert dask.counts == local.counts
    assert dask.window == local.window
    for name, write in (("customers", "write_customers"), ("report", "write_report")):
        getattr(local, write)(tmp_path / f"local-{name}.csv")
        getattr(dask, write)(tmp_path / f"dask-{name}.csv")
        assert (tmp_path / f"local-{name}.csv").read_bytes() == (
            tmp_path / f"dask-{name}.csv"
        ).read_bytes()


def test_the_command_line_prepares_on_an_existing_cluster_by_its_address(client, files, tmp_path):
    work = tmp_path / "work"
    args = [f"--{s}={p}" for s, p in files.items()]
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert prepare_main([*args, "-o", str(local)]) == 1  # the example holds rejected rows
    code = prepare_main(
        [*args, "-o", str(dask), "--engine", "dask", "--scheduler", client.scheduler.address,
         "--buckets", "5", "--work-dir", str(work)]
    )  # fmt: skip
    assert code == 1
    assert dask.read_bytes() == local.read_bytes()
    shutil.rmtree(work)


def test_the_memory_limit_reaches_every_task_and_the_submitting_connection(
    files, tmp_path, monkeypatch
):
    """--memory-limit with --engine dask was accepted and silently dropped: every worker's
    DuckDB took its default, 80 % of the machine each, however many workers shared it."""
    import data.records.distributed as distributed

    made = []

    def recording(*args, **kwargs):
        made.append(kwargs)
        return new_connection(*args, **kwargs)

    new_connection = distributed.new_connection
    monkeypatch.setattr(distributed, "new_connection", recording)
    local = tmp_path / "local.csv"
    prepare_main([f"--{s}={p}" for s, p in files.items()] + ["-o", str(local)])
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster),
    ):  # fmt: skip
        dask = tmp_path / "dask.csv"
        code = prepare_main(
            [f"--{s}={p}" for s, p in files.items()]
            + ["-o", str(dask), "--engine", "dask", "--scheduler", cluster.scheduler_address,
               "--buckets", "3", "--memory-limit", "300MB"]
        )  # fmt: skip
    assert code == 1
    assert dask.read_bytes() == local.read_bytes()
    # 4 inputs, 3 ticket buckets, 3 customer buckets, and the submitting connection
    assert len(made) == 4 + 3 + 3 + 1
    assert all(kwargs.get("memory_limit") == "300MB" for kwargs in made)
    assert all(kwargs.get("on_disk") for kwargs in made)


def test_the_prepared_file_in_ranges_sorted_one_at_a_time_is_one_machines(
    client, files, tmp_path, monkeypatch
):
    """The submitting machine sorts the prepared customers one range of rows at a time, its
    DuckDB on disk under a limit, so what it holds stays the same as the files grow."""
    made = []

    def recording(*args, **kwargs):
        made.append(kwargs)
        return new_connection(*args, **kwargs)

    new_connection = distributed.new_connection
    monkeypatch.setattr(distributed, "new_connection", recording)  # this process's only
    local = prepare_records(files)
    work = tmp_path / "work"
    dask = prepare_on_dask(files, client=client, buckets=3, work_dir=work, range_rows=100)
    limit = distributed.DRIVER_MEMORY_LIMIT
    assert made == [{"memory_limit": limit, "threads": 1, "on_disk": True}]
    ranges = sorted(p.name for p in (work / "out" / "prepared").glob("bucket=*"))
    assert len(ranges) == 15 == len(dask.customer_parts)  # 1,500 customer rows, 100 a range
    _same_files(local, dask, tmp_path)
    assert dask.customers().equals(local.customers())


# One log read in pieces: the same files as one machine, whatever falls at a piece's edge.


def _same_files(local, dask, folder) -> None:
    assert dask.counts == local.counts
    assert dask.window == local.window and dask.window_origin() == local.window_origin()
    assert dask.date_formats() == local.date_formats()
    for write in ("write_customers", "write_report"):
        getattr(local, write)(folder / f"local-{write}.csv")
        getattr(dask, write)(folder / f"dask-{write}.csv")
        assert (folder / f"local-{write}.csv").read_bytes() == (
            folder / f"dask-{write}.csv"
        ).read_bytes()


def _pieces_read(work, section: str) -> set[str]:
    """The pieces whose rows reached the buckets of `section` (their files' names)."""
    return {p.name.split("_")[0] for p in (work / f"p_{section}").glob("bucket=*/*.parquet")}


def _copy_with_line(files, folder, line: int, edit) -> dict:
    """The example's files in `folder`, the tickets' `line` (1 is the header) changed by
    `edit` (its text without the line end)."""
    folder.mkdir()
    copied = {}
    for section, path in files.items():
        copied[section] = folder / path.name
        shutil.copy(path, copied[section])
    lines = copied["tickets"].read_bytes().split(b"\n")
    lines[line - 1] = edit(lines[line - 1])
    copied["tickets"].write_bytes(b"\n".join(lines))
    return copied


def test_a_log_split_into_pieces_gives_the_same_files(client, files, tmp_path):
    local = prepare_records(files)
    work = tmp_path / "work"
    size = files["tickets"].stat().st_size
    dask = prepare_on_dask(files, client=client, buckets=3, work_dir=work, piece_bytes=20_000)
    assert len(_pieces_read(work, "tickets")) == -(-size // 20_000)  # each piece a task
    assert len(_pieces_read(work, "customers")) > 1  # the customer file too
    _same_files(local, dask, tmp_path)


def test_a_quoted_newline_across_a_piece_boundary_stays_in_its_row(client, files, tmp_path):
    """A cut placed at the next line end would fall inside the quoted field: the field's
    row would be split in two and every later row numbered one too far."""
    total = files["tickets"].read_bytes().count(b"\n")
    line = total // 2

    def two_lines(text: bytes) -> bytes:  # the category, quoted, over two lines; reopens bad
        fields = text.split(b",")
        fields[5], fields[9] = b'"x"', b'"Billing\nsecond line, ""quoted"""'
        return b",".join(fields)

    copied = _copy_with_line(files, tmp_path / "in", line, two_lines)
    inside = copied["tickets"].read_bytes().index(b"Billing\nsecond") + len(b"Billing")
    local = prepare_records(copied)
    assert local.report()["row_number"].tolist().count(line - 1) == 1
    work = tmp_path / "work"
    dask = prepare_on_dask(copied, client=client, buckets=3, work_dir=work, piece_bytes=inside)
    assert len(_pieces_read(work, "tickets")) > 1
    _same_files(local, dask, tmp_path)
    report = dask.report()
    assert (
        "Billing\nsecond line" in report.loc[report["row_number"] == line - 1, "category"].iloc[0]
    )


def test_an_unclosed_quote_in_a_late_piece_is_refused_at_its_line_as_on_one_machine(
    client, files, tmp_path
):
    total = files["tickets"].read_bytes().count(b"\n")
    line = total - 5
    copied = _copy_with_line(files, tmp_path / "in", line, lambda text: text[:-1])  # "Phone
    with pytest.raises(UnreadableFile) as alone:
        prepare_records(copied)
    with pytest.raises(UnreadableFile) as split:
        prepare_on_dask(copied, client=client, buckets=3, piece_bytes=20_000)
    assert str(split.value) == str(alone.value)
    assert f"on line {line:,} (row {line - 1:,} under the header)" in str(split.value)


def test_a_quote_inside_a_bare_field_reads_the_log_whole(client, files, tmp_path):
    """`5" screen`: a quote that neither opens nor closes a field; the quotes no longer
    tell where a line ends outside them, so the log is read whole, as on one machine."""
    line = files["tickets"].read_bytes().count(b"\n") // 3

    def screen(text: bytes) -> bytes:
        fields = text.split(b",")
        fields[9] = b'5" screen'
        return b",".join(fields)

    copied = _copy_with_line(files, tmp_path / "in", line, screen)
    work = tmp_path / "work"
    dask = prepare_on_dask(copied, client=client, buckets=3, work_dir=work, piece_bytes=20_000)
    assert _pieces_read(work, "tickets") == {"piece-0"}
    _same_files(prepare_records(copied), dask, tmp_path)


def test_parquet_logs_of_several_row_groups_give_the_same_files(client, files, tmp_path):
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    given = dict(files)
    for section in ("tickets", "outages"):
        header = files[section].read_text().split("\n", 1)[0].replace('"', "").split(",")
        table = pa_csv.read_csv(
            files[section],
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string())),
        )
        given[section] = tmp_path / f"{section}.parquet"
        pq.write_table(table, given[section], row_group_size=200)
        assert pq.ParquetFile(given[section]).metadata.num_row_groups > 2
    work = tmp_path / "work"
    # a row group is larger than a piece: each its own piece (the CSV inputs in 40 or so)
    dask = prepare_on_dask(given, client=client, buckets=3, work_dir=work, piece_bytes=2_000)
    groups = pq.ParquetFile(given["tickets"]).metadata.num_row_groups
    assert len(_pieces_read(work, "tickets")) == groups
    _same_files(prepare_records(given), dask, tmp_path)


def test_a_row_of_a_wrong_width_in_a_late_piece_reads_the_log_whole_row_by_row(
    client, files, tmp_path, monkeypatch
):
    """One machine reads such a file again row by row (the row kept, its problem said);
    a piece cannot, so its task fails and the whole log is read by one task the same way.
    (The first rows, read here for the date formats, in small blocks, end before the row:
    the pieces meet it.)"""
    import data.records.load as load
    import data.records.parse as parse

    monkeypatch.setattr(parse, "SAMPLE_LIMIT", 100)
    monkeypatch.setattr(load, "CHUNK_BYTES", 20_000)
    line = files["tickets"].read_bytes().count(b"\n") - 10
    copied = _copy_with_line(files, tmp_path / "in", line, lambda text: text + b',"extra"')
    headers = input_headers(copied)
    split = distributed._split(
        client, copied, list(copied), resolve_mapping(headers)[0], new_connection(), 20_000
    )
    assert len(split["tickets"][0]) > 1  # the pieces are tried, and one fails
    local = prepare_records(copied)
    assert (
        "fields, the header has" in local.report().set_index("row_number").loc[line - 1, "reason"]
    )
    work = tmp_path / "work"
    dask = prepare_on_dask(copied, client=client, buckets=3, work_dir=work, piece_bytes=20_000)
    assert _pieces_read(work, "tickets") == {"piece-0"}
    _same_files(local, dask, tmp_path)


def test_a_log_with_a_byte_order_mark_and_windows_line_ends_splits_the_same(
    client, files, tmp_path
):
    copied = _copy_with_line(files, tmp_path / "in", 2, lambda text: text)
    text = copied["tickets"].read_bytes()
    copied["tickets"].write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    work = tmp_path / "work"
    dask = prepare_on_dask(copied, client=client, buckets=3, work_dir=work, piece_bytes=20_000)
    assert len(_pieces_read(work, "tickets")) > 1
    _same_files(prepare_records(copied), dask, tmp_path)
