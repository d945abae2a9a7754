"""Numbers formatted for people, and the assumption widgets' unit conversions."""

import math

import pytest

from model.display.format import (
    count,
    markdown_safe,
    money,
    parse_money,
    percent,
    percentage_points,
    share_of,
    signed_money,
)
from model.money.assumptions import ASSUMPTION_INFO, Assumptions
from model.money.scenario import Scenario
from ui.state.controls import (
    CONTROLS,
    CONTROLS_BY_KEY,
    assumptions_from_display,
    default_display,
    display_from_assumptions,
    display_from_scenario,
    scenario_from_display,
    sources_markdown,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234.5, "$1,234"),  # banker's rounding of .5 to even, as Python formats
        (1235.5, "$1,236"),
        (4394459.4, "$4,394,459"),
        (0.0, "$0"),
        (-0.4, "$0"),  # rounds to zero: no minus sign on nothing
        (-1234.0, "−$1,234"),
        (float("nan"), "n/a"),
        (float("inf"), "n/a"),
    ],
)
def test_money_has_a_currency_sign_and_thousands_separators(value, shown):
    assert money(value) == shown


def test_money_keeps_cents_when_asked():
    assert money(7.68, cents=True) == "$7.68"
    assert money(1650, cents=True) == "$1,650.00"


def test_signed_money_uses_an_ascii_minus_so_streamlit_reads_the_direction():
    assert signed_money(-133543.2) == "-$133,543"
    assert signed_money(875) == "+$875"
    assert signed_money(0.2) == "$0"


@pytest.mark.parametrize(
    ("value", "shown"), [(8131.7, "8,132"), (1000, "1,000"), (0.4, "0"), (-12, "−12")]
)
def test_counts_have_thousands_separators(value, shown):
    assert count(value) == shown


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.1234, "12.3%"), (0.665, "66.5%"), (1.0, "100.0%"), (0.0, "0.0%"), (math.nan, "n/a")],
)
def test_shares_are_shown_as_percentages(share, shown):
    assert percent(share) == shown


def test_percentage_points_are_signed():
    # in words since issue 19 ("pp" is jargon to a finance or CX reader)
    assert percentage_points(0.885) == "+88.5 points"
    assert percentage_points(-0.05) == "−5.0 points"
    assert percentage_points(0.0) == "0.0 points"


def test_a_share_of_nothing_is_zero_not_nan():
    assert share_of(5, 0) == 0.0
    assert share_of(1, 4) == 0.25


def test_formatted_amounts_read_back_as_numbers():
    assert parse_money("−$1,234") == -1234
    assert parse_money("$4,394,459") == 4394459
    assert parse_money("12.5%") == 12.5


def test_dollar_signs_are_escaped_for_markdown():
    assert markdown_safe("$2.70-$10") == "\\$2.70-\\$10"


def test_every_assumption_has_a_control_and_a_label():
    assert {control.key for control in CONTROLS} == set(ASSUMPTION_INFO)
    for control in CONTROLS:
        assert control.label
        assert ASSUMPTION_INFO[control.key].source[:20] in control.help.replace("\\$", "$")


def test_each_controls_range_lies_within_the_assumptions_allowed_range():
    for control in CONTROLS:
        info = ASSUMPTION_INFO[control.key]
        assert control.from_display(control.minimum) >= info.minimum
        assert control.from_display(control.maximum) <= info.maximum


def test_shares_are_shown_in_percent_and_stored_as_fractions():
    margin = CONTROLS_BY_KEY["gross_margin"]
    assert margin.to_display(0.6) == 60.0
    assert margin.from_display(60.0) == 0.6
    retention = CONTROLS_BY_KEY["monthly_retention"]
    assert retention.from_display(retention.to_display(0.985)) == 0.985


def test_the_widgets_defaults_give_back_the_default_assumptions():
    assert assumptions_from_display(default_display()) == Assumptions()


def test_assumptions_round_trip_through_the_widgets():
    chosen = Assumptions(gross_margin=0.45, deterrence_rate=0.3, prospect_value=2500.0)
    assert assumptions_from_display(display_from_assumptions(chosen)) == chosen


def test_levers_are_shown_in_percent():
    scenario = Scenario(outage_hours_cut=0.35, promises_kept=1.0)
    shown = display_from_scenario(scenario)
    assert shown["outage_hours_cut"] == 35.0
    assert scenario_from_display(shown) == scenario


def test_the_methodology_lists_the_source_of_every_default():
    listed = sources_markdown()
    for key in ASSUMPTION_INFO:
        assert f"`{key}`" in listed
    assert "(none published)" not in listed  # every default has a source or derivation and a range


def test_user_text_in_a_chart_is_literal_and_a_segment_link_never_reaches_plotly_as_a_tag():
    import pandas as pd

    from model.display.charts import segments_chart
    from model.display.format import chart_text

    assert chart_text('<a href="http://example.invalid">x</a> & co') == (
        '&lt;a href="http://example.invalid"&gt;x&lt;/a&gt; &amp; co'
    )
    table = pd.DataFrame(
        {
            "segment": ["<b>North</b>", "South"],
            "expected_departure_cost": [1.0, 2.0],
            "word_of_mouth_loss": [0.5, 0.5],
            "service_cost": [0.1, 0.1],
        }
    )
    figure = segments_chart(table, "<i>region</i>")
    assert all("<b>" not in str(x) for trace in figure.data for x in trace.x)
    assert "&lt;i&gt;region&lt;/i&gt;" in figure.layout.xaxis.title.text


def test_unescaping_markdown_gives_back_the_text_escaped():
    from model.display.format import plain, unescape_markdown

    for text in ("a [b](c) *d* _e_ \\ f", "my_file (2).csv", "$5 \\\\ <x>"):
        assert unescape_markdown(plain(text)) == text


@pytest.mark.parametrize(
    ("text", "linked_by"),
    [
        ("see http://example.invalid/x", "://"),
        ("www.example.invalid", "www\\."),
        ("write to a@example.invalid", "@e"),
    ],
)
def test_an_address_in_user_text_reads_as_written_but_never_becomes_a_link(text, linked_by):
    from model.display.format import ZERO_WIDTH_SPACE, plain, unescape_markdown

    shown = plain(text)
    assert linked_by not in shown  # what markdown's autolinks look for is broken up
    assert shown.replace("\\", "").replace(ZERO_WIDTH_SPACE, "") == text
    assert unescape_markdown(shown) == text


def test_the_way_a_departure_is_priced_round_trips_through_the_select_box():
    chosen = Assumptions(departure_cost="replacement", months_to_replace=2.0)
    shown = display_from_assumptions(chosen)
    assert shown["departure_cost"] == "replacement"  # the select box holds the option's name
    assert assumptions_from_display(shown) == chosen


def test_the_methodology_says_each_way_a_departure_can_be_priced_and_why_not_both():
    listed = sources_markdown()
    for way in ("lost_value", "replacement", "cheaper"):
        assert f"`{way}`" in listed
    assert "never added" in listed
