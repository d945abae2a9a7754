"""The portfolio page's upload: read a customer file once, report on it, use its valid rows.

An uploaded file goes through `data.customers.read_customer_file`, the one read-and-validate
path the command line uses too: its bytes are written to a private temporary folder under
the file's own name made safe, read there by a child process (data/bounded_read.py) within
a budget of time, memory and rows, stopped when the visitor leaves, and the folder,
readable by the server's user only, is deleted straight after. Nothing is unpickled or
evaluated. Each file is read once: a workbook's sheets and the sheet holding the customers
come from that one read, and reruns of the page read nothing again.

What this session's upload gave (counts, rejected rows, or the message of a file that could
not be read) is an `UploadReport` kept in the session's state only, like the valid rows
themselves (`ui.state.use_uploaded_portfolio`); no other browser session can see either.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from data.bounded_read import BoundedRead, ReadBudget, ReadFailed, read_bounded
from data.export import safe_csv_bytes
from data.records.load import file_header
from data.schema import REQUIRED_COLUMNS
from data.validation import WHOLE_ROW as VALIDATION_WHOLE_ROW
from data.validation import ContractError, ValidationResult, problem_reasons
from model.display import count, labels, plain
from ui.portfolio.refused import draw_row_ids_note, draw_way_on
from ui.shared import file_button
from ui.state import keys, reset_to_synthetic, session, use_uploaded_portfolio

_LOG = logging.getLogger(__name__)

#: File types the uploader offers.
UPLOAD_TYPES = ("csv", "parquet", "xlsx")
#: Rejected rows shown in the page's report; the download holds every one. A short report
#: is a plain table, read at a glance; a longer one scrolls (and can be searched).
SHOWN_PROBLEMS = 5_000
SHORT_REPORT = 20
#: The report's column titles.
REPORT_COLUMNS = {"row": "Row", "column": "Column", "problem": "Problem"}

_SAFE_NAME = re.compile(r"[^\w .()-]+")
#: How the report names the column of a problem with the row as a whole.
WHOLE_ROW = "(the whole row)"

#: What the reader accepts, for the page: docs/accepted-files.md (which the README's list is
#: checked against), without its leading comment.
ACCEPTED_FILES_PATH = Path(__file__).resolve().parents[2] / "docs" / "accepted-files.md"
ACCEPTED_FILES = re.sub(r"\A<!--.*?-->\s*", "", ACCEPTED_FILES_PATH.read_text(), flags=re.S)


@dataclass(frozen=True)
class UploadReport:
    """What one uploaded file gave: rows read, estimated and rejected, or why it was unreadable."""

    name: str
    file_id: str
    rows_read: int = 0
    estimated: int = 0
    rejected: pd.DataFrame | None = None
    #: The rejected rows' problems as records (data.validation.PROBLEM_COLUMNS).
    problems: pd.DataFrame | None = None
    error: str | None = None
    #: Rows with every cell empty, skipped (not rejected).
    blank: int = 0
    #: The workbook's sheet read (None for CSV and Parquet).
    sheet: str | None = None
    #: SHA-256 of the file's bytes, for the board report.
    sha256: str = ""
    #: A workbook's sheet names, from the one read of the file (() for CSV and Parquet).
    sheets: tuple[str, ...] = ()
    #: Whether the customer ids are the rows' numbers (the file had none; the user asked).
    row_ids: bool = False
    #: The contract's required columns the file's header lacks (a refused file only).
    missing: tuple[str, ...] = ()

    @property
    def rejected_count(self) -> int:
        return 0 if self.rejected is None else len(self.rejected)

    @property
    def in_use(self) -> bool:
        """Whether its valid rows became the portfolio (a file with no valid row does not)."""
        return self.error is None and self.estimated > 0


def private_file_name(name: str) -> str:
    """The upload's name made safe as a file name in a temporary folder; a name that does not
    end in .csv, .parquet or .xlsx (any case) gets .csv, since only those are offered."""
    path = Path(_SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip(" .") or "upload")
    if path.suffix.lower() in {f".{kind}" for kind in UPLOAD_TYPES}:
        return f"{path.stem[:100]}{path.suffix}"
    return f"{path.name[:100]}.csv"


#: What one upload may cost the server (data/bounded_read.py): the page states its row limit.
UPLOAD_BUDGET = ReadBudget()


def read_upload(
    name: str,
    data: bytes,
    sheet: str | None = None,
    still_wanted: Callable[[], bool] = lambda: True,
    budget: ReadBudget = UPLOAD_BUDGET,
    row_ids: bool = False,
) -> BoundedRead:
    """Read and validate an uploaded file's bytes with `read_customer_file`, in a child
    process within `budget` (`sheet`: the workbook's sheet to read; None: the one holding
    the customers).

    Raises data.validation.ContractError (data.io.UnreadableFile among them, and
    data.bounded_read.ReadStopped) with a message naming the file when it cannot be read
    as a customer list at all, or was stopped.
    """
    with tempfile.TemporaryDirectory(prefix="churn-upload-") as folder:
        path = Path(folder) / private_file_name(name)
        path.write_bytes(data)
        return read_bounded(path, sheet, budget, still_wanted, row_ids)


def read_uploaded_bytes(name: str, data: bytes, sheet: str | None = None) -> ValidationResult:
    """The validated rows of an uploaded file (`read_upload` without its sheets)."""
    return read_upload(name, data, sheet).result


def unexpected(name: str, error: Exception) -> str:
    """The message for a file that broke the reader in a way it does not foresee."""
    return f"{name} could not be read: {error} ({type(error).__name__})."


def report_upload(
    name: str,
    file_id: str,
    data: bytes,
    sheet: str | None = None,
    still_wanted: Callable[[], bool] = lambda: True,
    row_ids: bool = False,
) -> tuple[UploadReport, pd.DataFrame]:
    """The report of one uploaded file and its valid rows (empty when it could not be read).

    A file the reader refuses, or a read stopped by its budget, says why (ContractError);
    any other failure of reading a user's file is reported the same way, with the error's
    own words and a log line, rather than breaking the page (e.g. a Parquet column of lists
    in a required column).
    """
    try:
        read = read_upload(name, data, sheet, still_wanted, row_ids=row_ids)
    except ContractError as error:
        # The reader names the private copy; the user knows the file by its own name.
        message = str(error).replace(private_file_name(name), name)
        sheets, sheet = getattr(error, "sheets", ()), getattr(error, "sheet", None) or sheet
        refused = UploadReport(
            name, file_id, error=message, sheet=sheet, sheets=sheets,
            missing=missing_columns(name, data, sheet),
        )  # fmt: skip
        return refused, pd.DataFrame()
    except ReadFailed as error:
        _LOG.error("Reading the upload %r failed: %s\n%s", name, error, error.details)
        failed = UploadReport(name, file_id, error=unexpected(name, error), sheet=sheet)
        return failed, pd.DataFrame()
    except Exception as error:
        _LOG.exception("Reading the upload %r failed", name)
        failed = UploadReport(name, file_id, error=unexpected(name, error), sheet=sheet)
        return failed, pd.DataFrame()
    result, sheet = read.result, read.sheet
    report = UploadReport(
        name=name,
        file_id=file_id,
        rows_read=result.rows_read,
        estimated=len(result.valid),
        rejected=result.rejected,
        problems=result.problems,
        blank=result.blank,
        sheet=sheet,
        sha256=hashlib.sha256(data).hexdigest(),
        sheets=read.sheets,
        row_ids=row_ids,
    )
    return report, result.valid


def missing_columns(name: str, data: bytes, sheet: str | None) -> tuple[str, ...]:
    """The required columns the file's header lacks (any case, spaces around), read from the
    header alone; () when even the header cannot be read (the refusal says why)."""
    with tempfile.TemporaryDirectory(prefix="churn-upload-") as folder:
        path = Path(folder) / private_file_name(name)
        path.write_bytes(data)
        try:
            header = {str(column).strip().lower() for column in file_header(path, sheet)[0]}
        except Exception:
            return ()
    return tuple(column for column in REQUIRED_COLUMNS if column not in header)


def problem_table(problems: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """One line per broken rule of each rejected row: row number, column and reason.

    `problems` holds validation's records (row_number, column, rule, value), in row order;
    `limit` keeps those of the first rejected rows only.
    """
    if limit is not None:
        first_rows = problems["row_number"].drop_duplicates().head(limit)
        problems = problems[problems["row_number"].isin(first_rows)]
    columns = problems["column"].astype(str)
    return pd.DataFrame(
        {
            "row": problems["row_number"].astype(int).to_numpy(),
            "column": columns.where(columns != VALIDATION_WHOLE_ROW, WHOLE_ROW).to_numpy(),
            "problem": problem_reasons(problems).to_numpy(),
        },
        columns=["row", "column", "problem"],
    )


def upload_widget_key() -> str:
    """The uploader's key; it changes when the upload is forgotten, which empties the widget."""
    return f"upload.file.{session.get(keys.UPLOAD_GENERATION, 0)}"


def current_report() -> UploadReport | None:
    return session.get(keys.UPLOAD_REPORT)


def choose_sheet(report: UploadReport) -> str | None:
    """For a workbook of several sheets, a select box of them (the sheet read first: the
    one holding the customers); the sheet wanted, or None for CSV, Parquet and one-sheet
    workbooks. The names come from the file's one read: nothing is opened again."""
    if len(report.sheets) < 2:
        return None
    if session.get(keys.UPLOAD_SHEET) not in report.sheets:
        session.put(keys.UPLOAD_SHEET, report.sheet)
    return st.selectbox(
        "Sheet",
        options=report.sheets,
        key=keys.UPLOAD_SHEET,
        help="The workbook has several sheets; the one whose header names the required "
        "columns is read first.",
    )


def _while_visitor_waits(status) -> Callable[[], bool]:
    """Whether this session still waits for its upload: its browser is connected, and it
    asked for nothing else (each second the status line is redrawn, which is where
    Streamlit stops a run whose visitor moved on, ending the read with it)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    session = context.session_id if context is not None else None
    started, shown = time.monotonic(), 0

    def still_wanted() -> bool:
        nonlocal shown
        waited = int(time.monotonic() - started)
        if waited > shown:
            shown = waited
            status.caption(f"Reading… {waited} s (at most {UPLOAD_BUDGET.seconds:,.0f} s)")
        if session is None or not runtime.exists():
            return True
        return runtime.get_instance().is_active_session(session)

    return still_wanted


def _read_and_keep(file: UploadedFile, sheet: str | None) -> None:
    status = st.empty()
    with st.spinner(f"Reading and checking {plain(file.name)}…"):
        report, valid = report_upload(
            file.name,
            file.file_id,
            file.getvalue(),
            sheet,
            _while_visitor_waits(status),
            row_ids=_row_ids_wanted(file.file_id),
        )
    status.empty()
    if report.in_use:
        try:
            use_uploaded_portfolio(  # the name is shown in markdown captions
                valid,
                plain(file.name if report.sheet is None else f"{file.name} ({report.sheet})"),
                file_sha256=report.sha256,
                rows_read=report.rows_read,
                rejected=report.rejected_count,
                blank=report.blank,
            )
        except Exception as error:  # e.g. Parquet cells holding lists, which cannot be hashed
            _LOG.exception("Registering the upload %r failed", file.name)
            report = UploadReport(file.name, file.file_id, error=unexpected(file.name, error))
    session.put(keys.UPLOAD_REPORT, report)


def receive_upload(file: UploadedFile) -> bool:
    """Read a file the uploader holds, once (and again only when another sheet is chosen):
    keep its report and, if any row is valid, make those rows the portfolio of every page.
    True when this run read it."""
    known = current_report()
    if known is None or known.file_id != file.file_id:
        _read_and_keep(file, None)
        # the chooser, drawn from the next run on, starts at the sheet read
        session.put(keys.UPLOAD_SHEET, current_report().sheet)
        return True
    if known.row_ids != _row_ids_wanted(file.file_id):  # the user asked for row numbers
        _read_and_keep(file, known.sheet)
        # the chooser, drawn from the next run on, starts at the sheet read
        session.put(keys.UPLOAD_SHEET, current_report().sheet)
        return True
    sheet = choose_sheet(known)
    if sheet is None or sheet == known.sheet:
        return False
    _read_and_keep(file, sheet)
    return True


def _row_ids_wanted(file_id: str) -> bool:
    return session.get(keys.UPLOAD_ROW_IDS) == file_id


def forget_upload() -> None:
    """Callback of the reset button: drop the upload, its report and the uploader's file."""
    reset_to_synthetic()
    session.drop(keys.UPLOAD_REPORT)
    session.put(keys.UPLOAD_GENERATION, session.get(keys.UPLOAD_GENERATION, 0) + 1)


def draw_upload_report(report: UploadReport) -> None:
    """Counts that add up, the rejected rows' reasons as a table and their download; or the
    message of a file that could not be read. Says whether the portfolio changed."""
    if report.error is not None:
        st.error(plain(report.error), icon="🚫")
        st.caption(
            f"Nothing from {plain(report.name)} was loaded; the portfolio in use is unchanged."
        )
        draw_way_on(report.file_id, report.missing)
        return
    if report.row_ids:
        draw_row_ids_note(report.name)
    columns = st.columns(4 if report.blank else 3)
    columns[0].metric(labels.ROWS_IN_FILE, count(report.rows_read))
    columns[1].metric(labels.ROWS_ESTIMATED, count(report.estimated))
    columns[2].metric(labels.ROWS_REJECTED, count(report.rejected_count))
    blank = f" + {count(report.blank)} blank (skipped)" if report.blank else ""
    if report.blank:
        columns[3].metric(
            "Blank rows skipped",
            count(report.blank),
            help="Rows with every cell empty, such as a spreadsheet's trailing blank lines.",
        )
    st.markdown(
        f"**{plain(report.name)}**: {count(report.rows_read)} rows in the file = "
        f"{count(report.estimated)} estimated + {count(report.rejected_count)} rejected{blank}."
    )
    if report.rows_read == 0:
        st.warning("The file has a header but no customers, so there is nothing to estimate.")
    elif not report.in_use:
        st.error("No row of the file could be estimated: every row breaks a rule below.")
    if not report.in_use:
        st.caption("The portfolio in use is unchanged.")
    if report.rejected_count:
        _draw_rejected(report)
    elif report.in_use:
        st.success("Every row is estimated.", icon="✅")


def _draw_rejected(report: UploadReport) -> None:
    rejected = report.rejected
    assert rejected is not None
    st.warning(
        f"**{count(len(rejected))} rejected row{'' if len(rejected) == 1 else 's'}**, not "
        "estimated. Each is listed with every rule it breaks (row 1 is the first row under the "
        "header): fix them in your file and upload it again.",
        icon="⚠️",
    )
    assert report.problems is not None
    shown = problem_table(report.problems, SHOWN_PROBLEMS).rename(columns=REPORT_COLUMNS)
    if len(shown) <= SHORT_REPORT:
        # st.table renders its cells as markdown: escaped, a value quoted from the file shows
        # as is (Streamlit still draws a spaced ">=" as "≥", as in the column guide).
        literal = shown.assign(**{name: shown[name].map(plain) for name in ("Column", "Problem")})
        st.table(literal, hide_index=True)
    else:
        if len(rejected) > SHOWN_PROBLEMS:
            st.caption(
                f"The table shows the first {count(SHOWN_PROBLEMS)} rejected rows; "
                "the download holds them all."
            )
        st.dataframe(
            shown,
            hide_index=True,
            column_config={"Row": st.column_config.NumberColumn(format="%d", width="small")},
        )
    file_button(
        st,
        labels.DOWNLOAD_REJECTED,
        lambda: safe_csv_bytes(rejected),
        f"{Path(private_file_name(report.name)).stem}-rejected.csv",
        "upload.rejected",
        help="row_number, problems (every rule the row breaks), then the row's fields as read.",
    )
