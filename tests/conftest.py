"""Fixtures shared by the unit, slow and app tests (tests/browser/ has its own conftest),
and the rule that a test's folder is its class.

The hand-worked cost cases are data, not a fixture: tests/golden.py loads them.
"""

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from model.cases import synthetic_portfolio
from model.churn import default_model, scored_customers
from model.churn.additive import AdditiveLogit
from model.churn.churn_model import ChurnModel

# The store of workspaces (model/store): the tests' own SQLite file, never the user's (the app
# and browser tests open it; tests/store/ names its stores explicitly). Servers the browser
# tests start inherit it.
os.environ["CHURN_COST_DATABASE_URL"] = (
    f"sqlite:///{tempfile.mkdtemp(prefix='churn-cost-tests-')}/workspaces.sqlite"
)

SLOW = Path(__file__).resolve().parent / "slow"


def pytest_collection_modifyitems(items):
    """The folder is the speed class: every test in tests/slow/ is marked `slow` here (so
    `-m "not slow"` leaves them out), and a test marked `slow` anywhere else is an error:
    a test that fits a model, scores a large file, starts a Dask cluster or spawns many
    processes belongs in tests/slow/, which keeps `pytest tests/unit` quick."""
    misplaced = []
    for item in items:
        if item.path.is_relative_to(SLOW):
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("slow") is not None:
            misplaced.append(item.nodeid)
    if misplaced:
        raise pytest.UsageError(
            "Marked slow outside tests/slow/ (move them there instead): " + ", ".join(misplaced)
        )


@pytest.fixture(scope="session")
def scored_synthetic():
    """The dashboard's synthetic portfolio of 2,000 customers, scored by the built-in model
    once per test run for every test that needs a scored portfolio. Shared: copy it before
    changing it."""
    return scored_customers(synthetic_portfolio(2_000), default_model())


@pytest.fixture
def predictions(monkeypatch):
    """Rows the churn model predicts during the test, counted per call (a walk of the
    additive model's tables giving today's churn and the baseline at once counts once)."""
    calls: list[int] = []
    original = ChurnModel.predict_matrix
    original_both = AdditiveLogit.churn_and_baseline

    def counting(self, matrix):
        calls.append(len(matrix))
        return original(self, matrix)

    def counting_both(self, matrix, incident_positions):
        calls.append(len(matrix))
        return original_both(self, matrix, incident_positions)

    monkeypatch.setattr(ChurnModel, "predict_matrix", counting)
    monkeypatch.setattr(AdditiveLogit, "churn_and_baseline", counting_both)
    return calls


# No test has a wall-clock threshold (speed is measured by benchmarks/): Hypothesis's
# default 200 ms deadline per example fails on a busy machine, so it is off for every test.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")
