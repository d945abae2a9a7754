"""The repository's own docs match the repository: every link resolves inside it, every
decision is indexed, and the README and the page describe the same accepted files."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
COMMAND_LINE = REPO / "docs" / "command-line.md"
ADR_DIR = REPO / "docs" / "adr"
ACCEPTED_FILES = REPO / "docs" / "accepted-files.md"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _local_links(path: Path) -> list[str]:
    return [
        target.split("#", 1)[0]
        for target in _LINK.findall(path.read_text())
        if not re.match(r"[a-z]+:", target) and not target.startswith("#")
    ]


DOCS = [README, ADR_DIR / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_link_in_the_docs_points_to_a_file_of_the_repository(doc):
    for target in _local_links(doc):
        linked = (doc.parent / target).resolve()
        assert linked.is_relative_to(REPO), f"{doc.name} links outside the repository: {target}"
        assert linked.exists(), f"{doc.name} links to a missing file: {target}"


def test_the_adr_index_lists_every_decision_file():
    decisions = {p.name for p in ADR_DIR.glob("[0-9][0-9][0-9][0-9]-*.md")}
    assert decisions, "no decision files found"
    assert set(_local_links(ADR_DIR / "README.md")) == decisions


def test_the_command_line_reference_names_every_format_the_page_lists_as_accepted():
    section = COMMAND_LINE.read_text().split("## Scoring a file from the command line", 1)[1]
    section = " ".join(section.split("\n## ", 1)[0].lower().split())  # a line end is a space
    formats = re.findall(r"\*\*(.+?)\*\*", ACCEPTED_FILES.read_text())
    assert len(formats) > 10
    missing = [name for name in formats if name.lower() not in section]
    assert not missing, f"docs/command-line.md does not mention: {missing}"


def test_the_readmes_two_commands_come_within_its_first_30_lines():
    head = README.read_text().splitlines()[:30]
    assert "scripts/start.sh" in head and "scripts/test.sh" in head


def test_the_readme_stays_a_front_door_of_at_most_150_lines():
    assert len(README.read_text().splitlines()) <= 150


def test_the_readmes_python_example_runs_and_gives_an_estimate_per_customer():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "the README shows no Python example"
    *setup, last = blocks[0].strip().splitlines()
    code = "\n".join([*setup, "result = " + last.split("#")[0]])
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["result"]) == 5
    assert "total_expected_cost" in namespace["result"].columns


def test_the_decision_and_the_docstrings_say_one_shapley_player_per_incident_as_the_code_does():
    from data.schema import INCIDENT_FEATURES
    from model.churn import shapley
    from model.explain import money_split

    assert shapley.default_players() == {name: (name,) for name in INCIDENT_FEATURES}
    decision = " ".join((ADR_DIR / "0009-defensible-money.md").read_text().split())
    assert "one player per incident feature" in decision
    for text in (decision, " ".join(money_split.__doc__.split())):
        assert "a group acts as one player" not in text
        assert "Players are incident features or groups" not in text
    assert "one player per incident feature" in " ".join(money_split.__doc__.split()).lower()


def test_no_file_names_a_path_that_is_gone():
    """Code and docs point at what exists: every path a module or page names (docs/adr/
    aside, which records what was) is a file of the checkout."""
    root = Path(__file__).resolve().parents[2]
    named = re.compile(
        r"(?<![\w./-])((?:model|data|ui|app_pages|docs|tests|benchmarks|scripts)/"
        r"[\w./-]*\w\.(?:py|md|json|css|sh|toml))"
    )
    gone = []
    for path in [*root.rglob("*.py"), *root.rglob("*.md")]:
        parts = path.relative_to(root).parts
        if parts[0] in (".venv", ".git") or parts[:2] == ("docs", "adr"):
            continue
        for match in named.finditer(path.read_text(errors="ignore")):
            if not (root / match.group(1)).exists():
                gone.append(f"{path.relative_to(root)} names {match.group(1)}")
    assert not gone, "paths that are gone: " + "; ".join(gone)
