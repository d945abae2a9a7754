"""What a finance director checks on the pages (issue 30): the handling cost against the
contact centre's books, with the offer to scale the unit costs to them."""

from tests.app.harness import open_app, rerun

OVERVIEW = "app_pages/overview.py"


def _text(app) -> str:
    return " ".join(block.value for block in [*app.markdown, *app.warning, *app.info, *app.caption])


def test_a_handling_cost_above_the_whole_contact_centre_is_flagged_implausible():
    app = open_app(OVERVIEW, contact_centre_yearly_cost="1000")
    assert "Share of the actual cost" in [metric.label for metric in app.metric]
    assert "Implausible" in _text(app)


def test_the_unit_costs_scale_to_the_books_and_then_say_so():
    app = open_app(
        OVERVIEW, contact_centre_yearly_cost="5000000", contact_centre_yearly_calls="1000000"
    )
    button = next(b for b in app.button if b.label.startswith("Scale the handling unit costs"))
    button.click()
    rerun(app)
    assert "scaled to your books: \\$5.00 a call" in _text(app)  # money escaped for markdown
    assert not app.exception
