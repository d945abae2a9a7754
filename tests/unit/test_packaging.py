"""`pip install .` gives `churn-cost`; Dask is an extra that only `--engine dask` loads."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from model.commands import cli

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def pins(requirements: str) -> dict[str, str]:
    """name -> version of every `name==version` line of a requirements file."""
    found = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", (ROOT / requirements).read_text(), re.M)
    return {re.sub(r"\[.*\]", "", name).lower(): version for name, version in found}


def test_the_installed_command_is_churn_cost_with_score_train_report_and_prepare():
    assert PYPROJECT["project"]["scripts"] == {"churn-cost": "model.commands.cli:main"}
    assert list(cli.COMMANDS)[:4] == ["score", "train", "report", "prepare"]
    assert list(cli.COMMANDS)[4:] == ["workspace", "snapshot", "trend"]
    assert cli.COMMANDS["score"][0] == "model.commands.score"


def test_the_package_ships_the_model_with_its_card_and_the_template():
    package_data = PYPROJECT["tool"]["setuptools"]["package-data"]
    for package, patterns in package_data.items():
        for pattern in patterns:
            folder = ROOT / package.replace(".", "/")
            assert list(folder.glob(pattern)), f"{package}/{pattern} matches nothing"
    assert {"churn_model.json", "model_card.json", "evidence_table.json"} <= set(
        package_data["model.churn"]
    )  # the evidence table: the card and the pages read it


def test_declared_dependencies_are_the_versions_the_tests_run_with():
    """The built-in model is used as is only with the versions in its card; pins must agree."""
    tested = pins("requirements.txt") | pins("requirements-dev.txt")
    declared = (
        PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dask"]
    )
    for requirement in declared:
        name = re.split(r"[\[<>=]", requirement)[0].lower()
        assert name in tested, f"{name} is declared but not pinned for the tests"
        exact = re.search(r"==(\S+)", requirement)
        if exact:
            assert exact.group(1) == tested[name], requirement


def test_churn_cost_score_runs_the_score_command(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(
        "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,"
        "unresolved_promises\nA,50,12,3,2,1\n"
    )
    assert cli.main(["score", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    assert "Read 1 rows: 1 estimated, 0 rejected." in capsys.readouterr().out


def test_an_unknown_or_missing_command_says_so_plainly(capsys, monkeypatch):
    assert cli.main(["scroe"]) == cli.EXIT_USAGE
    assert "unknown command 'scroe'" in capsys.readouterr().err
    monkeypatch.setitem(cli.COMMANDS, "report", ("model.no_such_module", "a report"))
    assert cli.main(["report"]) == cli.EXIT_USAGE
    assert "model.no_such_module is not installed" in capsys.readouterr().err


def test_every_project_module_the_packaged_code_imports_is_in_the_package():
    """`churn-cost report` draws the dashboard's charts (model/display/charts.py): the wheel
    must carry every project package that the packaged modules import, or the installed
    command fails."""
    import ast

    packaged = set(PYPROJECT["tool"]["setuptools"]["packages"])
    project = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    imported = set()
    for package in packaged:
        for source in (ROOT / package).glob("*.py"):
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    imported.add(node.module.split(".")[0])
                elif isinstance(node, ast.Import):
                    imported.update(alias.name.split(".")[0] for alias in node.names)
    assert (imported & project) <= packaged
