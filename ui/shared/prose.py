"""Long texts live in docs/methodology/*.md, where writers edit them without touching code.

A figure in the prose is written `{{name}}` there and filled here from the code that uses
it (model.display.prose_figures), so the words never state a number the page contradicts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from model.display.prose_figures import fill, word_of_mouth_figures

PROSE_DIR = Path(__file__).resolve().parents[2] / "docs" / "methodology"


@cache
def prose(name: str) -> str:
    """The markdown of docs/methodology/<name>.md (read once per process), its figures filled
    from the code (the word-of-mouth derivation at the defaults)."""
    return fill((PROSE_DIR / f"{name}.md").read_text(encoding="utf-8"), word_of_mouth_figures())
