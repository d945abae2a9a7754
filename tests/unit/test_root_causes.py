"""The model's reasons match the generator's: root-cause shares, and what a fix saves."""

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES, INCIDENT_GROUPS
from data.synthetic import generate
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model
from model.churn.root_causes import (
    root_cause_table,
    root_causes_as_shown,
    root_causes_report,
    table_from_totals,
    unsure_groups,
    with_groups_as_one,
)
from model.churn.truth import generator_truth
from model.commands.score import main as score_main

FRESH_SEED = 515151  # not among the card's training and test seeds
CONTACT = INCIDENT_GROUPS["contact_burden"]
SEPARABLE = (
    "outage_hours",
    "unresolved_promises",
    "billing_errors",
    "escalations",
    "regulator_complaint",
    "reshipped_orders",
)


@pytest.fixture(scope="module")
def fresh():
    customers = generate(10_000, FRESH_SEED)
    assert FRESH_SEED not in default_model().card["training"]["sample_seeds"].values()
    return customers


@pytest.fixture(scope="module")
def shares(fresh):
    return pd.DataFrame(
        {
            "model": root_cause_table(fresh, default_model())["share"],
            "truth": root_cause_table(fresh, generator_truth())["share"],
        }
    )


@pytest.mark.parametrize("cause", [*SEPARABLE, "contact_burden"])
def test_each_root_cause_share_is_within_3_points_of_the_generators(shares, cause):
    assert shares.loc[cause, "model"] == pytest.approx(shares.loc[cause, "truth"], abs=0.03)


# the contact group's members travel together and are removed together (data.schema)
@pytest.mark.parametrize("removed", [*((f,) for f in SEPARABLE), CONTACT], ids=str)
def test_removing_a_failure_saves_within_10_percent_of_what_the_generator_says(fresh, removed):
    model, truth = default_model(), generator_truth()
    without = fresh.copy()
    without[list(removed)] = 0
    avoided_by_truth = float((truth.predict(fresh) - truth.predict(without)).sum())
    all_attributable = float(
        (
            truth.predict(fresh)
            - truth.predict(fresh.assign(**dict.fromkeys(INCIDENT_FEATURES, 0)))
        ).sum()
    )
    if avoided_by_truth < 0.05 * all_attributable:
        pytest.skip(f"{removed} carries under 5 % of the churn the incidents cause")
    avoided = float((model.predict(fresh) - model.predict(without)).sum())
    assert avoided == pytest.approx(avoided_by_truth, rel=0.10)


def test_the_committed_card_records_its_shares_beside_the_truths():
    shares = default_model().card["root_causes_on_held_out_test"]["shares"]
    for cause in (*SEPARABLE, "contact_burden"):
        assert abs(shares[cause]["share"] - shares[cause]["truth"]) < 0.03
        assert shares[cause]["low"] <= shares[cause]["share"] <= shares[cause]["high"]


def _table(low_high: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """A root-cause table whose members' ranges are given; shares at the middle."""
    totals = {name: (0.1, 0.1) for name in INCIDENT_FEATURES} | low_high
    table = pd.DataFrame(
        {"low": [v[0] for v in totals.values()], "high": [v[1] for v in totals.values()]},
        index=list(totals),
    )
    table["share"] = (table["low"] + table["high"]) / 2
    table.loc["contact_burden"] = table.loc[list(CONTACT)].sum()
    return table


def test_a_group_is_shown_as_one_when_its_members_ranges_are_wide():
    wide = _table({"support_calls": (0.2, 0.35), "agents_contacted": (0.05, 0.2)})
    assert unsure_groups(wide) == ["contact_burden"]
    shown = root_causes_as_shown(wide)
    assert "contact_burden" in shown.index and not set(CONTACT) & set(shown.index)
    assert shown.loc["contact_burden", "grouped"]
    report = root_causes_report(wide).set_index("root_cause")
    assert report.loc["support_calls", "shown"] == "within its group"
    assert report.loc["contact_burden", "label"].startswith("Contact burden")


def test_members_are_shown_alone_when_every_range_is_narrow():
    narrow = _table({})
    assert unsure_groups(narrow) == []
    assert set(CONTACT) <= set(root_causes_as_shown(narrow).index)


def test_the_range_spans_the_refits_and_shares_sum_to_one():
    class Scaled:
        def __init__(self, weights):
            self.weights = np.asarray(weights, dtype=float)

        def churn_probability(self, matrix):
            z = -2 + matrix[:, 2:] @ self.weights
            return 1 / (1 + np.exp(-z))

    one = np.full(len(INCIDENT_FEATURES), 0.1)
    other = one.copy()
    other[0] = 0.3  # outages three times as strong in the refit
    refit = ChurnModel(Scaled(other), {})
    model = ChurnModel(Scaled(one), {}, variants=(refit,))
    table = root_cause_table(generate(2_000, 5), model)
    assert table.loc[list(INCIDENT_FEATURES), "share"].sum() == pytest.approx(1.0)
    assert table.loc["outage_hours", "high"] > table.loc["outage_hours", "share"]
    assert table.loc["outage_hours", "low"] == table.loc["outage_hours", "share"]
    assert (
        table_from_totals(
            pd.DataFrame([[0.0] * len(INCIDENT_FEATURES)], columns=list(INCIDENT_FEATURES))
        )["share"].sum()
        == 0
    )


def test_the_command_line_writes_the_root_causes_with_their_ranges(tmp_path, capsys):
    generate(3_000, 33).drop(columns=["true_churn_probability"]).to_csv(
        tmp_path / "c.csv", index=False
    )
    code = score_main(
        [str(tmp_path / "c.csv"), "-o", str(tmp_path / "o.csv"), "--root-causes",
         str(tmp_path / "causes.csv")]
    )  # fmt: skip
    printed = capsys.readouterr().out
    causes = pd.read_csv(tmp_path / "causes.csv").set_index("root_cause")
    assert code == 0
    assert set(INCIDENT_FEATURES) | {"contact_burden"} == set(causes.index)
    assert causes.loc[list(INCIDENT_FEATURES), "share"].sum() == pytest.approx(1.0)
    assert (causes["low"] <= causes["share"] + 1e-12).all()
    assert (causes["share"] <= causes["high"] + 1e-12).all()
    assert "Root causes (share of the churn the incidents cause" in printed
    assert "Of 3,000 customers with a churned outcome" in printed


def test_a_groups_members_are_summed_into_one_total():
    by_cause = pd.Series(
        {"outage_hours": 5.0, "support_calls": 3.0, "hours_on_phone": 1.0, "agents_contacted": 2.0}
    )
    combined = with_groups_as_one(by_cause, ["contact_burden"])
    assert combined.to_dict() == {"contact_burden": 6.0, "outage_hours": 5.0}
    assert with_groups_as_one(by_cause, []).sum() == by_cause.sum()
