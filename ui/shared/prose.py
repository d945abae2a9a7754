"""Long texts live in docs/methodology/*.md, where writers edit them without touching code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROSE_DIR = Path(__file__).resolve().parents[2] / "docs" / "methodology"


@cache
def prose(name: str) -> str:
    """The markdown of docs/methodology/<name>.md (read once per process)."""
    return (PROSE_DIR / f"{name}.md").read_text(encoding="utf-8")
