"""Words about a preparation, for the terminal and the page: the mapping found and the counts."""

from __future__ import annotations

import pandas as pd

from data.records.fields import SECTIONS
from data.records.matching import FoundSection

#: The review table's columns (the page shows it; tests read it).
MAPPING_TABLE_COLUMNS = ("input", "field", "column", "score", "how found")


def mapping_table(found: dict[str, FoundSection]) -> pd.DataFrame:
    """One row per field of each input: the column read (blank: none), its score, how."""
    rows = []
    for section in SECTIONS:
        if section not in found:
            continue
        for match in found[section].matches:
            how = match.how
            if how == "help desk" and found[section].help_desk:
                how = f"{found[section].help_desk} export"
            rows.append((section, match.field, match.column or "", match.score, how))
    return pd.DataFrame(rows, columns=list(MAPPING_TABLE_COLUMNS))


def mapping_lines(found: dict[str, FoundSection]) -> list[str]:
    """The mapping as lines for the terminal: `tickets.created_at <- "Created at" (help desk)`."""
    lines = []
    for section in SECTIONS:
        if section not in found:
            continue
        desk = found[section].help_desk
        if desk:
            lines.append(f"{section}: recognised as a {desk} export")
        for match in found[section].matches:
            if match.column is not None:
                how = f"{match.how}, {match.score:.0f}"
                lines.append(f"  {section}.{match.field} <- {match.column!r} ({how})")
    return lines
