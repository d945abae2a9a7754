"""The score command's call list: written beside the estimates, the same list the library
chooses from them, within the budget."""

import pandas as pd
import pytest

from data.synthetic import generate
from model.commands.score import main
from model.explain.call_list import call_list


@pytest.fixture(scope="module")
def customers_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calls")
    path = folder / "customers.csv"
    generate(300, seed=4).drop(columns=["true_churn_probability", "churned"]).to_csv(
        path, index=False
    )
    return path


@pytest.mark.parametrize(
    ("limit", "most_calls"), [(["--call-budget", "250"], 10), (["--calls", "7"], 7)]
)
def test_the_call_list_is_the_librarys_choice_within_the_budget(
    tmp_path, customers_file, capsys, limit, most_calls
):
    estimates, calls = tmp_path / "estimates.csv", tmp_path / "calls.csv"
    options = ["--call-list", str(calls), "--call-cost", "25", "--save-rate", "0.3", *limit]
    assert main([str(customers_file), "-o", str(estimates), *options]) == 0
    written = pd.read_csv(calls, dtype={"customer_id": str})
    assert written.columns[0] == "customer_id"
    assert 0 < len(written) <= most_calls  # $250 at $25 a call buys 10 calls
    scored = pd.read_csv(estimates, dtype={"customer_id": str})
    budget = 250.0 if limit[0] == "--call-budget" else None
    calls_allowed = 7 if limit[0] == "--calls" else None
    chosen = call_list(scored, 25.0, 0.3, budget=budget, calls=calls_allowed)
    assert list(written["customer_id"]) == list(chosen.calls["customer_id"])
    assert written["net_saving"].is_monotonic_decreasing
    assert "Call list:" in capsys.readouterr().out


def test_a_call_list_without_its_cost_and_rate_is_refused(tmp_path, customers_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([str(customers_file), "-o", str(tmp_path / "e.csv"), "--call-list", "c.csv"])
    assert exit_.value.code == 2
    assert "--call-cost and --save-rate" in capsys.readouterr().err
