"""The repository's own docs match the repository: every link resolves inside it, every
decision is indexed, and the README and the page describe the same accepted files."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
ADR_DIR = REPO / "docs" / "adr"
ACCEPTED_FILES = REPO / "docs" / "accepted-files.md"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _local_links(path: Path) -> list[str]:
    return [
        target.split("#", 1)[0]
        for target in _LINK.findall(path.read_text())
        if not re.match(r"[a-z]+:", target) and not target.startswith("#")
    ]


@pytest.mark.parametrize(
    "doc", [README, ADR_DIR / "README.md", REPO / "docs" / "data-contract.md"], ids=lambda p: p.name
)
def test_every_link_in_the_docs_points_to_a_file_of_the_repository(doc):
    for target in _local_links(doc):
        linked = (doc.parent / target).resolve()
        assert linked.is_relative_to(REPO), f"{doc.name} links outside the repository: {target}"
        assert linked.exists(), f"{doc.name} links to a missing file: {target}"


def test_the_adr_index_lists_every_decision_file():
    decisions = {p.name for p in ADR_DIR.glob("[0-9][0-9][0-9][0-9]-*.md")}
    assert decisions, "no decision files found"
    assert set(_local_links(ADR_DIR / "README.md")) == decisions


def test_the_readme_names_every_format_the_page_lists_as_accepted():
    section = README.read_text().split("## Scoring a file from the command line", 1)[1]
    section = " ".join(section.split("\n## ", 1)[0].lower().split())  # a line end is a space
    formats = re.findall(r"\*\*(.+?)\*\*", ACCEPTED_FILES.read_text())
    assert len(formats) > 10
    missing = [name for name in formats if name.lower() not in section]
    assert not missing, f"the README does not mention: {missing}"
