"""Real records in: a customer file and ticket, outage and order logs become the contract.

Companies keep a CRM export and logs, not our table. This package turns them into it over
a window (12 months up to a cut-off), by documented rules (docs/records.md), with a mapping
from the files' own column names that is found automatically for common names and the
standard exports of five help desks, and saved as JSON for the command line. Every log row
is used or listed with its reason. DuckDB does the counting, out of core; the Dask engine
runs the same SQL on buckets of customers (distributed.py). No Streamlit, no model.

    from data.records import prepare_records
    done = prepare_records({"customers": "crm.csv", "tickets": "zendesk.csv"})
    done.customers()     # the contract, one row per customer of the file
    done.report()        # every unused log row, with its reason

The face names what the dashboard's records page and `python -m model.prepare` use. The
Dask engine (`distributed`) and the example files (`example`, which runs the synthetic
generator) are imported by name, only when asked for, so neither loads otherwise.
"""

from data.records.bounds import (
    IN_MEMORY_INPUT_BYTES,
    LARGE_INPUT_MEMORY_LIMIT,
    SMALL_INPUT_MEMORY_LIMIT,
    bounded_connection,
    use_returning_pool,
)
from data.records.describe import (
    INPUT_WORDS,
    date_lines,
    date_words,
    field_words,
    how_found_words,
    mapping_lines,
    mapping_table,
    rule_words,
)
from data.records.fields import CUSTOMERS, FIELDS, SECTIONS, TICKETS
from data.records.load import WHOLE_FILE_BYTES, file_header
from data.records.mapping import (
    REVENUE_PER,
    TENURE_UNITS,
    MappingError,
    RecordsMapping,
    SectionMapping,
    load_mapping,
    mapping_from_dict,
)
from data.records.matching import find_mapping
from data.records.prepare import (
    LogCounts,
    memory_bytes,
    new_connection,
    prepare_records,
    resolve_mapping,
)
from data.records.values import DATE_FAMILIES
from data.records.window import DEFAULT_MONTHS, MAX_MONTHS, parse_window_end

__all__ = [
    "CUSTOMERS",
    "DATE_FAMILIES",
    "DEFAULT_MONTHS",
    "FIELDS",
    "INPUT_WORDS",
    "IN_MEMORY_INPUT_BYTES",
    "LARGE_INPUT_MEMORY_LIMIT",
    "MAX_MONTHS",
    "REVENUE_PER",
    "SECTIONS",
    "SMALL_INPUT_MEMORY_LIMIT",
    "TENURE_UNITS",
    "TICKETS",
    "WHOLE_FILE_BYTES",
    "LogCounts",
    "MappingError",
    "RecordsMapping",
    "SectionMapping",
    "bounded_connection",
    "date_lines",
    "date_words",
    "field_words",
    "file_header",
    "find_mapping",
    "how_found_words",
    "load_mapping",
    "mapping_from_dict",
    "mapping_lines",
    "mapping_table",
    "memory_bytes",
    "new_connection",
    "parse_window_end",
    "prepare_records",
    "resolve_mapping",
    "rule_words",
    "use_returning_pool",
]
