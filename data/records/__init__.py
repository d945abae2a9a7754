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
"""

from data.records.fields import CUSTOMERS, FIELDS, LOGS, ORDERS, OUTAGES, SECTIONS, TICKETS
from data.records.helpdesks import HELP_DESKS, recognise
from data.records.mapping import (
    MappingError,
    RecordsMapping,
    SectionMapping,
    load_mapping,
    mapping_from_dict,
)
from data.records.matching import FUZZY_THRESHOLD, FieldMatch, FoundSection, find_mapping
from data.records.prepare import (
    REPORT_PREFIX,
    LogCounts,
    Preparation,
    prepare_records,
    resolve_mapping,
)
from data.records.window import Window, parse_window_end, window_ending

__all__ = [
    "CUSTOMERS",
    "FIELDS",
    "FUZZY_THRESHOLD",
    "HELP_DESKS",
    "LOGS",
    "ORDERS",
    "OUTAGES",
    "REPORT_PREFIX",
    "SECTIONS",
    "TICKETS",
    "FieldMatch",
    "FoundSection",
    "LogCounts",
    "MappingError",
    "Preparation",
    "RecordsMapping",
    "SectionMapping",
    "Window",
    "find_mapping",
    "load_mapping",
    "mapping_from_dict",
    "parse_window_end",
    "prepare_records",
    "recognise",
    "resolve_mapping",
    "window_ending",
]
