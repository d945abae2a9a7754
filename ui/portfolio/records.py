"""The portfolio page's records import: a customer file and logs, their mapping, the result.

The user puts a customer file and any of a ticket, outage and order log in four uploaders.
Their headers give the mapping found (data.records: exact names, known names, the five help
desks' exports, fuzzy matching), shown as a table with each field's column, score and how it
was found, and editable with one select box per field. The window's end (blank: the day
after the latest event) and length, and the customer file's units, are widgets too. Each
change prepares again (data.records.prepare_records), in this session only: the files are
written to a private temporary folder, read there and deleted, as ui/portfolio/upload.py does, and
nothing read is unpickled or run. The prepared customers go through the contract's
validation like any upload and become the portfolio of every page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from data.export import safe_csv_bytes
from data.raw import UnreadableFile
from data.records import (
    CUSTOMERS,
    DEFAULT_MONTHS,
    INPUT_WORDS,
    MAX_MONTHS,
    SECTIONS,
    TICKETS,
    LogCounts,
    MappingError,
    RecordsMapping,
    bounded_connection,
    date_words,
    field_words,
    file_header,
    find_mapping,
    how_found_words,
    mapping_table,
    prepare_records,
    resolve_mapping,
    rule_words,
)
from data.validation import ContractError
from model.display import count, plain
from ui.portfolio.mapping_editor import carried, edit_mapping, remember
from ui.portfolio.upload import UPLOAD_TYPES, private_file_name, report_upload
from ui.shared import file_button
from ui.state import keys, session, use_uploaded_portfolio

_LOG = logging.getLogger(__name__)

#: The uploaders' labels, one per input.
UPLOAD_LABELS = {
    "customers": "Customer file (CRM or billing export)",
    "tickets": "Ticket log (help-desk export)",
    "outages": "Outage log",
    "orders": "Order log",
}
#: Unused rows shown on the page; the download holds them all.
SHOWN_REPORT_ROWS = 2_000
#: The name the prepared portfolio goes by in captions and the sidebar.
PREPARED_NAME = "your records"
DOWNLOAD_MAPPING = "Download the mapping (JSON)"
#: The mapping table's columns as the page shows them (the others stay in the frame).
SHOWN_COLUMNS = {
    "file": "File",
    "what": st.column_config.TextColumn("Our field", width="large"),
    "column": "Your column",
    "sure": st.column_config.TextColumn("How sure", help="100: by name; blank: not read"),
    "said": st.column_config.TextColumn("How it was found", width="medium"),
}
DOWNLOAD_UNUSED = "Download the rows not used (CSV)"
DOWNLOAD_PREPARED = "Download the prepared customers (CSV)"
FORGET_RECORDS = "Forget these records"


@dataclass(frozen=True)
class RecordsResult:
    """What one preparation gave, kept in this session's state."""

    digest: str
    counts: dict[str, LogCounts] | None = None
    window: str = ""
    report: pd.DataFrame | None = None
    report_csv: bytes = b""
    mapping_json: str = ""
    prepared_csv: bytes = b""
    customers: int = 0
    error: str | None = None
    dates: tuple[str, ...] = ()


def _generation() -> int:
    return session.get(keys.RECORDS_GENERATION, 0)


@dataclass(frozen=True)
class KeptFile:
    """An uploaded input, kept in the session so that it outlives a visit to another page
    (Streamlit forgets a widget's file when its page is not drawn)."""

    name: str
    file_id: str
    data: bytes


def _kept_files() -> dict[str, KeptFile]:
    return session.setdefault(keys.RECORDS_FILES, {})


def _uploaders() -> dict[str, KeptFile]:
    kept = _kept_files()
    # two to a row: four side by side cut the uploaders' own words at a desktop's width
    columns = [column for _ in range(0, len(SECTIONS), 2) for column in st.columns(2)]
    for column, section in zip(columns, SECTIONS, strict=False):
        file: UploadedFile | None = column.file_uploader(
            UPLOAD_LABELS[section],
            type=list(UPLOAD_TYPES),
            key=f"{keys.RECORDS_WIDGET}.file.{section}.{_generation()}",
        )
        if file is not None:
            kept[section] = KeptFile(file.name, file.file_id, file.getvalue())
        elif section in kept:
            column.caption(f"In use: {plain(kept[section].name)}")
    return dict(kept)


def _headers(files: dict[str, KeptFile], folder: Path) -> dict[str, list[str]]:
    headers = {}
    for section, file in files.items():
        path = folder / f"{section}-{private_file_name(file.name)}"
        path.write_bytes(file.data)
        headers[section] = file_header(path, repeats=section != CUSTOMERS)[0]
    return headers


def _window_widgets() -> tuple[dt.datetime | None, int]:
    left, right = st.columns(2)
    end_key, months_key = (
        f"{keys.RECORDS_WIDGET}.window_end",
        f"{keys.RECORDS_WIDGET}.window_months",
    )
    carried(end_key, None)
    carried(months_key, DEFAULT_MONTHS)
    end = left.date_input(
        "Window end (exclusive; blank: the day after the latest event)", key=end_key
    )
    months = right.number_input("Window length (months)", min_value=1, max_value=MAX_MONTHS,
                                key=months_key)  # fmt: skip
    remember(end_key, end)
    remember(months_key, months)
    return (dt.datetime.combine(end, dt.time()) if end else None), int(months)


def _digest(files, mapping: RecordsMapping, end, months) -> str:
    parts = [f"{s}:{f.file_id}" for s, f in sorted(files.items())]
    parts += [mapping.to_json(), str(end), str(months)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def prepare_uploaded(
    files: dict[str, tuple[str, bytes]],
    mapping: RecordsMapping,
    window_end: dt.datetime | None,
    months: int,
    digest: str,
) -> tuple[RecordsResult, pd.DataFrame]:
    """Prepare uploaded files (section -> (name, bytes)) in a private temporary folder; the
    result and the prepared customers validated by the contract (empty when it failed)."""
    with tempfile.TemporaryDirectory(prefix="churn-records-") as folder:
        paths = {}
        for section, (name, data) in files.items():
            paths[section] = Path(folder) / f"{section}-{private_file_name(name)}"
            paths[section].write_bytes(data)
        bound = bounded_connection(paths)  # the command line's bound on memory
        try:
            done = prepare_records(
                paths, mapping, window_end, months, con=bound.con, memory_limit=bound.memory_limit
            )
        except (MappingError, ContractError, UnreadableFile, ValueError) as error:
            bound.close()
            message = str(error).replace(folder, "")
            return RecordsResult(digest, error=message), pd.DataFrame()
        prepared = done.customers()
        report = done.report()
        prepared_csv = safe_csv_bytes(prepared)
        result = RecordsResult(
            digest=digest,
            counts=done.counts,
            window=f"{done.window.describe()} ({done.window.origin()})",
            report=report.head(SHOWN_REPORT_ROWS),
            report_csv=safe_csv_bytes(report),
            mapping_json=done.mapping.to_json(),
            prepared_csv=prepared_csv,
            customers=len(prepared),
            dates=tuple(date_words(done.families, done.mapping)),
        )
        done.close()
    contract, valid = report_upload(f"{PREPARED_NAME}.csv", digest, prepared_csv)
    if contract.error is not None or contract.rejected_count:
        return RecordsResult(digest, error=contract.error or "the prepared file broke the "
                             "contract"), pd.DataFrame()  # fmt: skip
    return result, valid


def draw_records_import() -> bool:
    """The records import; True when this run registered a new prepared portfolio (the page
    then reruns, so the sidebar shows it)."""
    files = _uploaders()
    if CUSTOMERS not in files:
        st.caption(
            "Start with the customer file; add any of the logs. Column names are found for "
            "common names and the standard exports of Zendesk, Freshdesk, ServiceNow, Jira "
            "Service Management and Salesforce Service Cloud; you can change each one below."
        )
        return False
    with tempfile.TemporaryDirectory(prefix="churn-records-") as folder:
        try:
            headers = _headers(files, Path(folder))
        except (ContractError, UnreadableFile) as error:
            st.error(plain(str(error).replace(folder + "/", "")), icon="🚫")
            return False
    found_mapping, found = _found(headers)
    st.markdown(
        "**The mapping in use**: each of our fields, the column it is read from, how sure the "
        "match is (100: by name) and how it was found; change any of them below."
    )
    table_slot, rules_slot = st.empty(), st.empty()
    mapping = edit_mapping(
        {s: (f.name, f.file_id) for s, f in files.items()}, headers, found_mapping
    )
    table = mapping_in_use(found, mapping)
    table_slot.dataframe(
        table.assign(
            file=table["input"].map(INPUT_WORDS),
            sure=table["score"].map("{:.0f}".format).where(table["column"] != "", ""),
            what=[field_words(i, f) for i, f in zip(table["input"], table["field"], strict=True)],
            said=how_found_words(table),
        ),
        hide_index=True,
        key=f"{keys.RECORDS_WIDGET}.found",
        column_order=list(SHOWN_COLUMNS),
        column_config=SHOWN_COLUMNS,
    )
    if mapping.section(TICKETS) is not None:
        rules_slot.markdown(
            "**Billing errors and regulator complaints** are counted from the tickets by these "
            "rules (change them in the ticket log's mapping below):\n"
            + "\n".join(f"- {plain(line)}" for line in rule_words(mapping.section(TICKETS)))
        )
    end, months = _window_widgets()
    digest = _digest(files, mapping, end, months)
    result: RecordsResult | None = session.get(keys.RECORDS_RESULT)
    registered = False
    if result is None or result.digest != digest:
        with st.spinner("Preparing your records…"):
            data = {s: (f.name, f.data) for s, f in files.items()}
            try:
                result, valid = prepare_uploaded(data, mapping, end, months, digest)
            except Exception as error:  # a user's file must not break the page
                _LOG.exception("Preparing uploaded records failed")
                failed = f"{type(error).__name__}: {error}"
                result, valid = RecordsResult(digest, error=failed), None
        session.put(keys.RECORDS_RESULT, result)
        if result.error is None and valid is not None and len(valid):
            use_uploaded_portfolio(valid, PREPARED_NAME, rows_read=len(valid))
            registered = True
    _draw_result(result)
    st.button(
        FORGET_RECORDS, on_click=forget_records,
        help="Forget the files above, their mapping and the window (the portfolio in use "
        "stays until you choose another in the sidebar or reset it).",
    )  # fmt: skip
    return registered


def mapping_in_use(found: dict, mapping: RecordsMapping) -> pd.DataFrame:
    """The review table: the mapping found, with the fields the user changed marked so."""
    table = mapping_table(found)
    for index, row in table.iterrows():
        chosen = mapping.section(row["input"]).column(row["field"]) or ""
        if chosen != row["column"]:
            table.loc[index, ["column", "score", "how found"]] = [chosen, 100.0, "your choice"]
    return table


def _found(headers) -> tuple[RecordsMapping, dict]:
    """The mapping found automatically for each file (required fields may be missing)."""
    try:
        return resolve_mapping(headers)
    except MappingError:
        found = {section: find_mapping(section, header) for section, header in headers.items()}
        return RecordsMapping({s: f.mapping for s, f in found.items()}), found


def _draw_result(result: RecordsResult) -> None:
    if result.error is not None:
        st.error(plain(result.error), icon="🚫")
        st.caption("Nothing was prepared; change the mapping above. The portfolio in use is "
                   "unchanged.")  # fmt: skip
        return
    assert result.counts is not None
    st.markdown(f"**Window**: {result.window}.")
    for line in result.dates:
        st.caption(plain(line))
    table = pd.DataFrame(
        [
            {"input": INPUT_WORDS[section], "rows read": c.read, "used": c.used,
             "outside the window": c.outside, "unknown customer": c.unknown,
             "rejected": c.rejected}
            for section, c in result.counts.items()
        ]
    )  # fmt: skip
    st.table(table.set_index("input"))
    st.markdown(
        f"**{count(result.customers)} customers prepared**, every one of the customer file "
        "that breaks no rule, each once; per input, rows read = used + outside the window + "
        "unknown customer + rejected. They are the portfolio of every page now."
    )
    buttons = st.columns(3)
    file_button(
        buttons[0],
        DOWNLOAD_MAPPING,
        result.mapping_json.encode(),
        "mapping.json",
        "records.mapping",
        help="The mapping above as a file, for the command line to prepare the same records "
        "(the Methodology page says how).",
    )
    file_button(
        buttons[1],
        DOWNLOAD_PREPARED,
        result.prepared_csv,
        "prepared-customers.csv",
        "records.prepared",
    )
    if result.report is not None and len(result.report):
        file_button(
            buttons[2], DOWNLOAD_UNUSED, result.report_csv, "rows-not-used.csv", "records.unused"
        )
        st.markdown("**Rows not used**, each with its reason:")
        st.dataframe(result.report, hide_index=True, key=f"{keys.RECORDS_WIDGET}.unused")
    else:
        st.success("Every log row is used.", icon="✅")


def forget_records() -> None:
    """Callback of the forget button: drop the kept files, choices and result."""
    for key in (keys.RECORDS_RESULT, keys.RECORDS_FILES, keys.RECORDS_CHOICES):
        session.drop(key)
    session.put(keys.RECORDS_GENERATION, _generation() + 1)
