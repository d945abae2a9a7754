"""The hostile corpus: files an attacker or a careless user sends, built here from code.

Nothing large is committed: each file is made on demand, in a test's temporary folder, by
a function that says what it is. Each case carries what must happen to it, through the
command line and through the page alike: the exit status, and either the counts
(estimated, rejected, blank: together the rows read) or the part of the message that
refuses the file as a whole. tests/slow/test_hostile_corpus.py and
tests/app/test_hostile_corpus.py run every case; benchmarks/hostile_bounds.py times the
big ones.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from data.schema import REQUIRED_COLUMNS

HEADER = list(REQUIRED_COLUMNS)
HEADER_LINE = ",".join(HEADER)
ROW = "50,12,3,2,1"  # the five numbers of an ordinary customer after the id


def customers_csv(count: int, prefix: str = "C") -> str:
    """`count` ordinary customer lines (no header), ids C1, C2, ..."""
    return "".join(f"{prefix}{i},{ROW}\n" for i in range(1, count + 1))


# --- workbooks, written part by part so that every byte is the attacker's choice ----------


def _column_letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(reference: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list], dimension: str | None = None, doctype: str = "") -> str:
    """A worksheet part holding `rows` (inline strings), with the `<dimension>` given."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ]
    if dimension is not None:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{_column_letters(i)}{number}", value) for i, value in enumerate(row)
        )
        parts.append(f'<row r="{number}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def workbook(sheets: list[tuple[str, str]], targets: list[int] | None = None) -> bytes:
    """An .xlsx of the named sheet parts; `targets[i]` is the part sheet i points at (by
    default its own), so several names can point at one part."""
    targets = targets if targets is not None else list(range(len(sheets)))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applica'
            'tion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Co'
            'ntentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relations}">'
            f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        names = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (name, _) in enumerate(sheets)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{office}"><sheets>{names}</sheets></workbook>',
        )
        links = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{office}/worksheet" '
            f'Target="worksheets/sheet{target + 1}.xml"/>'
            for i, target in enumerate(targets)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relations}">'
            f"{links}</Relationships>",
        )
        for i, (_, xml) in enumerate(sheets):
            if i in targets:
                archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    return buffer.getvalue()


def customer_rows(count: int) -> list[list]:
    return [HEADER] + [[f"C{i}", 50, 12, 3, 2, 1] for i in range(1, count + 1)]


# --- the cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class HostileCase:
    """One hostile file and what must happen to it."""

    name: str
    build: Callable[[], bytes]
    #: The command line's exit status: 0 all estimated, 1 some rejected, 2 refused.
    exit_status: int
    estimated: int = 0
    rejected: int = 0
    blank: int = 0
    #: Part of the message of a file refused as a whole (exit status 2).
    message: str | None = None
    #: Whether the upload page refuses it although the command line reads it (row limit).
    page_message: str | None = None

    @property
    def rows_read(self) -> int:
        return self.estimated + self.rejected + self.blank


def ten_million_rows_parquet(rows: int = 10_000_000) -> bytes:
    """A Parquet file of a few hundred KB holding `rows` rows: every column dictionary-
    encoded, one distinct value each (the issue's 280 KB, 10-million-row file)."""
    zeros = np.zeros(rows)
    table = pa.table(
        {
            "customer_id": pa.array(np.zeros(rows, dtype=np.int64)).cast(pa.string()),
            **{name: pa.array(zeros) for name in HEADER[1:]},
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, use_dictionary=True, compression="zstd")
    return buffer.getvalue()


def thirty_sheets_one_part(rows: int = 2_000) -> bytes:
    """Thirty sheet names that all point at one sheet part without a <dimension>."""
    sheets = [(f"Sheet{i + 1}", sheet_xml(customer_rows(rows))) for i in range(30)]
    return workbook(sheets, targets=[0] * 30)


def understated_dimension() -> bytes:
    """Ten customers, a <dimension> claiming A1:F3 (two rows)."""
    return workbook([("Customers", sheet_xml(customer_rows(10), "A1:F3"))])


def dimension_a1() -> bytes:
    """Ten customers, a <dimension> claiming one cell (A1)."""
    return workbook([("Customers", sheet_xml(customer_rows(10), "A1"))])


def sparse_grid() -> bytes:
    """A header in A1 and one cell in XFD1048576: a grid of 17 billion cells if allocated."""
    xml = sheet_xml(customer_rows(2)).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    return workbook([("Customers", xml)])


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def billion_laughs() -> bytes:
    """Entities that expand to a billion "lol"s if a parser expands them."""
    rows = customer_rows(2)
    rows[1][0] = "&lol9;"
    xml = sheet_xml(rows, doctype=_LAUGHS).replace("&amp;lol9;", "&lol9;")
    return workbook([("Customers", xml)])


def external_entity() -> bytes:
    """An external entity (XXE) asking for /etc/passwd."""
    doctype = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    rows = customer_rows(2)
    rows[1][0] = "&secret;"
    xml = sheet_xml(rows, doctype=doctype).replace("&amp;secret;", "&secret;")
    return workbook([("Customers", xml)])


def zip_bomb() -> bytes:
    """A sheet part of 200 MB of zeros, deflated to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 << 20))
    return buffer.getvalue()


def unclosed_quote() -> bytes:
    """1,002 lines: the second customer opens a quote it never closes."""
    return f'{HEADER_LINE}\nA,{ROW}\nB,"50,12,3,2,1\n{customers_csv(1000)}'.encode()


def one_windows_byte_past_64_kb() -> bytes:
    """A UTF-8 file whose only non-UTF-8 byte (é in Windows-1252) is beyond its first 64 KB."""
    good = customers_csv(5_000)
    assert len(good) > 1 << 16
    return (
        f"{HEADER_LINE},city\n".encode()
        + (good.replace("\n", ",Lyon\n")).encode()
        + (f"Z1,{ROW},Orl\xe9ans\n".encode("cp1252"))
    )


_UTF16_TEXT = f"{HEADER_LINE}\nA,{ROW}\n".replace(",", "\t").encode("utf-16-le")
#: Where the lone surrogate of `broken_utf16` starts: after the byte-order mark and the text.
UTF16_BREAK = 2 + len(_UTF16_TEXT)


def broken_utf16() -> bytes:
    """Excel's "Unicode text" (UTF-16 with a byte-order mark) with a lone surrogate."""
    return "\ufeff".encode("utf-16-le") + _UTF16_TEXT + b"\x00\xdc" + b"B\x00"


def thousands_of_digits() -> bytes:
    """A monthly revenue of 5,000 digits: beyond Python's int-digits limit."""
    return f"{HEADER_LINE}\nA,{'9' * 5000},12,3,2,1\nB,{ROW}\n".encode()


def formula_header() -> bytes:
    """A pass-through column whose name is a live formula."""
    return f'{HEADER_LINE},"=HYPERLINK(""http://example.invalid"",""hdr"")"\nA,{ROW},x\n'.encode()


def calls_beyond_the_window() -> bytes:
    """One customer with 10^12 calls (more than the hours in the window), one ordinary."""
    return f"{HEADER_LINE}\nA,50,12,3,1000000000000,1\nB,{ROW}\n".encode()


def markdown_in_names() -> bytes:
    """Column names and cells that are markdown and HTML: shown as text, never as a link."""
    return (
        f"{HEADER_LINE},[Session expired: sign in again](http://example.invalid),"
        "<img src=x onerror=alert(1)>\n"
        f"![x](http://example.invalid/pixel.png),{ROW},<b>bold</b>,"
        "<a href='http://example.invalid'>link</a>\n"
    ).encode()


def nul_bytes() -> bytes:
    return f"{HEADER_LINE}\nA,{ROW}\n".encode() + b"\x00" * 64


def nested_json_named_csv() -> bytes:
    """10,000 levels of JSON brackets under a .csv name."""
    return b"[" * 10_000 + b"]" * 10_000


def encrypted_workbook() -> bytes:
    """What Excel writes for a workbook with a password: an OLE compound file, not a zip."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def macro_workbook() -> bytes:
    """A macro-enabled workbook: a vbaProject.bin part beside ordinary customers."""
    data = io.BytesIO(workbook([("Customers", sheet_xml(customer_rows(3)))]))
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Auto_Open"\n' * 100)
    return data.getvalue()


CASES: tuple[HostileCase, ...] = (
    HostileCase(
        "ten-million-rows.parquet",
        ten_million_rows_parquet,
        exit_status=1,  # every id is "0": one customer estimated, the rest duplicates
        estimated=1,
        rejected=9_999_999,
        page_message="holds 10,000,000 rows; this page reads at most 1,500,000",
    ),
    HostileCase(
        "thirty-sheets-one-part.xlsx",
        thirty_sheets_one_part,
        exit_status=2,
        message="are one and the same part",
    ),
    HostileCase("understated-dimension.xlsx", understated_dimension, exit_status=0, estimated=10),
    HostileCase("dimension-a1.xlsx", dimension_a1, exit_status=0, estimated=10),
    HostileCase(
        "sparse-grid.xlsx",
        sparse_grid,
        exit_status=2,
        message="spans 1,048,576 rows by 16,384 columns",
    ),
    HostileCase(
        "billion-laughs.xlsx", billion_laughs, exit_status=2, message="declares XML entities"
    ),
    HostileCase(
        "external-entity.xlsx", external_entity, exit_status=2, message="declares XML entities"
    ),
    HostileCase("zip-bomb.xlsx", zip_bomb, exit_status=2, message="looks like a zip bomb"),
    HostileCase("password.xlsx", encrypted_workbook, exit_status=2, message="not a zip archive"),
    HostileCase("macros.xlsm", macro_workbook, exit_status=0, estimated=3),
    HostileCase(
        "unclosed-quote.csv",
        unclosed_quote,
        exit_status=2,
        message="opens a field on line 3 (row 2 under the header) is never closed",
    ),
    HostileCase(
        "one-windows-byte.csv",
        one_windows_byte_past_64_kb,
        exit_status=1,
        estimated=5_000,
        rejected=1,
    ),
    HostileCase(
        "broken-utf16.csv", broken_utf16, exit_status=2, message=f"at byte {UTF16_BREAK:,}"
    ),
    HostileCase(
        "thousands-of-digits.csv", thousands_of_digits, exit_status=1, estimated=1, rejected=1
    ),
    HostileCase("formula-header.csv", formula_header, exit_status=0, estimated=1),
    HostileCase(
        "calls-beyond-the-window.csv",
        calls_beyond_the_window,
        exit_status=1,
        estimated=1,
        rejected=1,
    ),
    HostileCase("markdown-in-names.csv", markdown_in_names, exit_status=0, estimated=1),
    HostileCase("nul-bytes.csv", nul_bytes, exit_status=2, message="not a text file"),
    HostileCase(
        "nested-json.csv", nested_json_named_csv, exit_status=2, message="looks like a web page"
    ),
)
