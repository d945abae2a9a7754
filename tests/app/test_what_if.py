"""The what-if page: levers save in the right direction, money sliders move the costs exactly
as docs/methodology/formulas.md says (without model inference), and the address restores
the view."""

import pytest

from model.cases.synthetic_portfolios import synthetic_portfolio
from model.display import labels, plain
from model.money.assumptions import Assumptions
from tests.app.harness import amount, metrics, open_app, rerun
from ui.state.keys import ASSUMPTION_KEYS, FIX_HORIZON, FIX_ONE_OFF, FIX_PER_YEAR, LEVER_KEYS

WHAT_IF = "app_pages/what_if.py"


def comparison(app):
    """The page's today / with the fixes / saving table (numbers to the cent)."""
    return app.dataframe[0].value


def set_lever(app, lever: str, percent: float):
    app.slider(key=LEVER_KEYS[lever]).set_value(percent)
    return rerun(app)


def test_with_every_lever_at_zero_nothing_is_saved():
    app = open_app(WHAT_IF)
    assert metrics(app)[labels.TOTAL_SAVING] == "$0"
    assert (comparison(app)["Saving"] == 0).all()


@pytest.mark.parametrize("lever", list(LEVER_KEYS))
def test_more_of_a_fix_saves_more(lever):
    app = open_app(WHAT_IF)
    savings = []
    for percent in (30.0, 70.0, 100.0):
        set_lever(app, lever, percent)
        savings.append(amount(app, labels.TOTAL_SAVING))
    assert savings == sorted(savings)
    assert savings[-1] > 0


def test_cutting_outage_hours_saves_money_on_every_component():
    # with a credit per outage hour (0 by default: no published figure)
    app = set_lever(open_app(WHAT_IF, credit_per_outage_hour="0.1"), "outage_hours_cut", 50.0)
    saving = comparison(app)["Saving"]
    assert amount(app, labels.TOTAL_SAVING) > 0
    assert saving[labels.EXPECTED_DEPARTURE_COST] > 0
    assert saving[labels.WORD_OF_MOUTH_LOSS] > 0
    assert saving[labels.SERVICE_COST] > 0
    assert saving[labels.TOTAL_EXPECTED_COST] == pytest.approx(
        saving[
            [labels.EXPECTED_DEPARTURE_COST, labels.WORD_OF_MOUTH_LOSS, labels.SERVICE_COST]
        ].sum(),
        abs=0.02,
    )


def test_doubling_the_cost_per_call_raises_service_cost_by_the_calls_times_the_increase():
    calls = synthetic_portfolio(1000)["support_calls"].sum()
    app = open_app(WHAT_IF)
    before = comparison(app).loc[labels.SERVICE_COST, "Today"]
    per_call = Assumptions().cost_per_call
    app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).set_value(2 * per_call)
    after = comparison(rerun(app)).loc[labels.SERVICE_COST, "Today"]
    # service_cost = support_calls * cost_per_call + ...: the other terms do not move.
    assert after - before == pytest.approx(calls * per_call, abs=0.02)


def test_doubling_the_deterrence_rate_doubles_the_word_of_mouth_loss_and_nothing_else():
    app = open_app(WHAT_IF, outage_hours_cut="0.5")
    before = comparison(app)
    app.slider(key=ASSUMPTION_KEYS["deterrence_rate"]).set_value(
        2 * 100 * Assumptions().deterrence_rate
    )
    after = comparison(rerun(app))
    # word_of_mouth_loss = attributable * reach * deterrence_rate * prospect_value
    for column in ("Today", "With the fixes", "Saving"):
        ratio = (
            after.loc[labels.WORD_OF_MOUTH_LOSS, column]
            / before.loc[labels.WORD_OF_MOUTH_LOSS, column]
        )
        assert ratio == pytest.approx(2.0, rel=1e-6)
        assert (
            after.loc[labels.EXPECTED_DEPARTURE_COST, column]
            == before.loc[labels.EXPECTED_DEPARTURE_COST, column]
        )


def test_a_money_slider_does_arithmetic_only_and_predicts_nothing(predictions):
    app = set_lever(open_app(WHAT_IF), "promises_kept", 40.0)
    predictions.clear()
    app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).set_value(12.0)
    rerun(app)
    app.slider(key=ASSUMPTION_KEYS["gross_margin"]).set_value(45.0)
    rerun(app)
    assert predictions == []


def test_every_margin_press_and_every_lever_press_changes_the_headline():
    # the priced portfolio is cached by its inputs (ui/state/cache.py): a press must still
    # reach the figures, and going back to a setting seen before gives its figure again
    app = open_app(WHAT_IF, outage_hours_cut="0.2")
    shown = [amount(app, labels.TOTAL_EXPECTED_COST)]
    for margin in (65.0, 70.0, 65.0):
        app.slider(key=ASSUMPTION_KEYS["gross_margin"]).set_value(margin)
        shown.append(amount(rerun(app), labels.TOTAL_EXPECTED_COST))
        assert shown[-1] != shown[-2]
    assert shown[1] < shown[2]  # more margin, more value lost
    assert shown[3] == shown[1]
    savings = [amount(app, labels.TOTAL_SAVING)]
    for percent in (40.0, 60.0, 40.0):
        savings.append(amount(set_lever(app, "outage_hours_cut", percent), labels.TOTAL_SAVING))
        assert savings[-1] != savings[-2]
    assert savings[0] < savings[1] < savings[2]
    assert savings[3] == savings[1]


def test_a_lever_re_predicts_only_the_customers_it_changes(predictions):
    customers = synthetic_portfolio(1000)
    app = open_app(WHAT_IF)
    predictions.clear()
    set_lever(app, "outage_hours_cut", 35.0)
    assert 0 < sum(predictions) <= (customers["outage_hours"] > 0).sum()


def test_the_address_restores_the_scenario_and_the_assumptions():
    app = open_app(WHAT_IF, outage_hours_cut="0.3", promises_kept="0.5", cost_per_call="10")
    assert app.slider(key=LEVER_KEYS["outage_hours_cut"]).value == 30.0
    assert app.slider(key=LEVER_KEYS["promises_kept"]).value == 50.0
    assert app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).value == 10.0

    by_hand = open_app(WHAT_IF)
    by_hand.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).set_value(10.0)
    set_lever(by_hand, "outage_hours_cut", 30.0)
    set_lever(by_hand, "promises_kept", 50.0)
    assert metrics(app) == metrics(by_hand)
    assert amount(app, labels.TOTAL_SAVING) > 0


def test_moving_a_lever_writes_it_to_the_address():
    app = set_lever(open_app(WHAT_IF), "repeat_calls_avoided", 25.0)
    assert app.query_params["repeat_calls_avoided"] == "0.25"
    set_lever(app, "repeat_calls_avoided", 0.0)
    assert "repeat_calls_avoided" not in app.query_params


def test_unreadable_address_values_fall_back_to_defaults_and_say_so():
    app = open_app(WHAT_IF, outage_hours_cut="lots", cost_per_call="-3", customers="7")
    assert not app.exception
    assert app.slider(key=LEVER_KEYS["outage_hours_cut"]).value == 0.0
    assert app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).value == (
        Assumptions().cost_per_call
    )
    warnings = " ".join(warning.value for warning in app.warning)
    # quoted from the address as text: markdown-escaped, so nothing in it renders
    assert plain("outage_hours_cut='lots'") in warnings
    assert plain("cost_per_call='-3'") in warnings
    assert plain("customers='7'") in warnings
    assert metrics(app)[labels.TOTAL_SAVING] == "$0"


def test_levers_keep_their_positions_across_pages():
    app = set_lever(open_app(WHAT_IF), "escalations_avoided", 60.0)
    app.switch_page("app_pages/overview.py")
    rerun(app)
    app.switch_page(WHAT_IF)
    rerun(app)
    assert app.slider(key=LEVER_KEYS["escalations_avoided"]).value == 60.0


def test_the_page_at_rest_shows_no_change_badges_no_empty_chart_and_no_business_case():
    app = open_app(WHAT_IF)

    assert all(not metric.delta for metric in app.metric)
    assert not app.get("plotly_chart")  # a prompt instead of a chart of zeros
    assert any("Move a lever" in info.value for info in app.info)
    assert not any("Spend" in m.value or "paid back" in m.value for m in app.markdown)
    assert any("Enter what the fixes cost" in info.value for info in app.info)


def test_a_figure_the_fixes_leave_alone_shows_no_change_badge():
    # keeping every promise changes no handling cost: the service cost shows no "↑ $0"
    app = set_lever(open_app(WHAT_IF), "promises_kept", 100.0)
    deltas = {metric.label: metric.delta for metric in app.metric}

    assert deltas[labels.TOTAL_SAVING]
    assert deltas[labels.EXPECTED_DEPARTURE_COST].startswith("-")
    assert not deltas[labels.SERVICE_COST]
    assert app.get("plotly_chart")


def test_the_address_carries_the_fixes_costs_and_horizon_and_reopens_the_same_case():
    app = set_lever(open_app(WHAT_IF), "promises_kept", 100.0)
    app.number_input(key=FIX_ONE_OFF).set_value(20_000.0)
    app.number_input(key=FIX_PER_YEAR).set_value(5_000.0)
    app.number_input(key=FIX_HORIZON).set_value(5)
    rerun(app)
    address = app.query_params
    assert address["fix_one_off"] == "20000" and address["fix_per_year"] == "5000"
    assert address["fix_horizon_years"] == "5"

    reopened = open_app(WHAT_IF, **{k: v for k, v in address.items() if k != "customers"})
    assert reopened.number_input(key=FIX_ONE_OFF).value == 20_000.0
    assert reopened.number_input(key=FIX_HORIZON).value == 5
    assert metrics(reopened)["Net present value"] == metrics(app)["Net present value"]
    assert not reopened.warning


def test_an_empty_prospect_value_box_says_it_means_the_median_lifetime_value():
    app = open_app()
    box = app.number_input(key=ASSUMPTION_KEYS["prospect_value"])
    assert box.value is None
    assert box.proto.placeholder == "Median lifetime value"  # the default (model/money/typical)


def test_the_business_case_shows_its_range_and_a_break_even_when_asked():
    from ui.state.keys import BREAK_EVEN, CASE_RANGE

    app = set_lever(open_app(WHAT_IF), "outage_hours_cut", 50.0)
    app.number_input(key=FIX_ONE_OFF).set_value(20_000.0)
    rerun(app)
    app.toggle(key=CASE_RANGE).set_value(True)
    rerun(app)
    table = app.dataframe[-1].value
    assert list(table["Figure"]) == [
        "Net present value",
        "Payback month",
        "Saving of one year's failures",
    ]
    text = " ".join(block.value for block in app.markdown)
    assert "8 draws in 10 put the net present value between" in text
    assert "for a one-off cost of up to" in text
    app.selectbox(key=BREAK_EVEN).set_value("outage_hours_cut")
    rerun(app)
    text = " ".join(block.value for block in app.markdown)
    assert "pays back within 3 years" in text or "No cut of" in text
    assert not app.exception
