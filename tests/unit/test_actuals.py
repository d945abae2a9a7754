"""The handling cost against the contact centre's books (issue 30, item 3), worked by hand."""

import pandas as pd
import pytest

from model.money import (
    Assumptions,
    assumptions_from_json,
    assumptions_to_json,
    handling_against_actuals,
    scaled_to_actuals,
)

#: Two customers: 10 calls, 4 agent hours, 2 escalations, 1 billing error, 1 complaint, and
#: 5 outage hours (an outage credit is not the contact centre's cost).
CUSTOMERS = pd.DataFrame(
    {
        "support_calls": [6, 4],
        "hours_on_phone": [3.0, 1.0],
        "escalations": [2, 0],
        "billing_errors": [0, 1],
        "regulator_complaint": [1, 0],
        "outage_hours": [5.0, 0.0],
    }
)
RATES = Assumptions(
    cost_per_call=2.0,
    cost_per_agent_hour=30.0,
    cost_per_escalation=10.0,
    cost_per_billing_error=5.0,
    cost_per_regulator_complaint=100.0,
    credit_per_outage_hour=1.0,
)
#: 10 * 2 + 4 * 30 + 2 * 10 + 1 * 5 + 1 * 100 = 265 (the outage credit, 5, left out)
MODELLED = 265.0


def test_without_the_books_there_is_nothing_to_compare():
    assert handling_against_actuals(CUSTOMERS, RATES) is None


def test_the_share_is_the_modelled_handling_over_the_yearly_cost():
    against = handling_against_actuals(
        CUSTOMERS, RATES.with_changes(contact_centre_yearly_cost=1060.0)
    )
    assert against.modelled == pytest.approx(MODELLED)
    assert against.share == pytest.approx(0.25)
    assert not against.implausible and against.scale is None


def test_a_share_above_one_is_implausible():
    against = handling_against_actuals(
        CUSTOMERS, RATES.with_changes(contact_centre_yearly_cost=200)
    )
    assert against.share > 1 and against.implausible


def test_scaling_brings_the_handling_per_call_to_the_books_and_is_saved_with_the_assumptions():
    # books: 1,000,000 a year over 100,000 calls = 10 a call; modelled 265 / 10 calls = 26.5
    books = RATES.with_changes(
        contact_centre_yearly_cost=1_000_000.0, contact_centre_yearly_calls=100_000.0
    )
    against = handling_against_actuals(CUSTOMERS, books)
    assert against.scale == pytest.approx(10 / 26.5)
    scaled = scaled_to_actuals(books, against.scale)
    assert scaled.cost_per_call == pytest.approx(2.0 * 10 / 26.5)
    assert scaled.credit_per_outage_hour == 1.0  # not the contact centre's
    again = handling_against_actuals(CUSTOMERS, assumptions_from_json(assumptions_to_json(scaled)))
    assert again.modelled / again.calls == pytest.approx(10.0)
    assert again.scaled
