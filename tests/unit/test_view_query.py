"""The page address carries the pages' own inputs: fixes' costs, the case study, the segments."""

from ui.state.address import page_view_from_query, query_from_page_view

PRESETS = ("telco-case", "neighbour-account", "school-supplies")
FIELDS = ["monthly_revenue", "outage_hours", "support_calls", "regulator_complaint"]
TELCO_FIGURES = {
    "monthly_revenue": 55.0,
    "outage_hours": 112.0,
    "support_calls": 22,
    "regulator_complaint": 1,
}


def _write(**changes):
    values = {
        "fix_cost": {"one_off": 0.0, "per_year": 0.0},
        "horizon_years": 3,
        "preset": None,
        "default_preset": "telco-case",
        "case_inputs": TELCO_FIGURES,
        "preset_figures": TELCO_FIGURES,
        "segment_by": None,
        "default_segment": "Tenure",
    }
    return query_from_page_view(**{**values, **changes})


def test_a_view_at_its_defaults_writes_nothing():
    assert _write() == {}
    assert _write(preset="telco-case", segment_by="Tenure") == {}


def test_the_fixes_costs_horizon_preset_changed_inputs_and_segment_are_written():
    params = _write(
        fix_cost={"one_off": 250_000.0, "per_year": 50_000.0},
        horizon_years=5,
        preset="neighbour-account",
        case_inputs={**TELCO_FIGURES, "outage_hours": 40.0},
        segment_by="region",
    )
    assert params == {
        "fix_one_off": "250000",
        "fix_per_year": "50000",
        "fix_horizon_years": "5",
        "case": "neighbour-account",
        "case_outage_hours": "40",
        "segment_by": "region",
    }


def test_what_is_written_reads_back_as_the_same_view():
    params = _write(
        fix_cost={"one_off": 1234.5, "per_year": 10.0},
        horizon_years=7,
        preset="neighbour-account",
        case_inputs={**TELCO_FIGURES, "support_calls": 3, "regulator_complaint": 0},
        segment_by="Monthly revenue",
    )
    read = page_view_from_query(params, PRESETS, FIELDS)
    assert read.fix_cost == {"one_off": 1234.5, "per_year": 10.0}
    assert read.horizon_years == 7
    assert read.preset == "neighbour-account"
    assert read.case_inputs == {"support_calls": 3, "regulator_complaint": 0}
    assert read.segment_by == "Monthly revenue"
    assert read.problems == ()


def test_a_preset_without_inputs_writes_no_case_inputs():
    assert _write(preset="school-supplies", preset_figures=None) == {"case": "school-supplies"}


def test_unreadable_values_are_left_out_and_named():
    read = page_view_from_query(
        {
            "fix_one_off": "-5",
            "fix_per_year": "lots",
            "fix_horizon_years": "2.5",
            "case": "elsewhere",
            "case_support_calls": "1.5",
            "case_regulator_complaint": "2",
            "case_outage_hours": "nan",
        },
        PRESETS,
        FIELDS,
    )
    assert read.fix_cost == {} and read.horizon_years is None and read.preset is None
    assert read.case_inputs == {}
    named = " ".join(read.problems)
    for key in (
        "fix_one_off",
        "fix_per_year",
        "fix_horizon_years",
        "case=",
        "case_support_calls",
        "case_regulator_complaint",
        "case_outage_hours",
    ):
        assert key in named
