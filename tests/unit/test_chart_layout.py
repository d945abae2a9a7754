"""Every chart has one layout wherever it is drawn: its own template (not whichever is
Plotly's default in the process), titles and labels wrapped to a phone, room for ticks."""

import pandas as pd
import plotly.io as pio

from model.display import charts


def _components():
    return charts.components_chart(
        pd.Series(
            {"expected_departure_cost": 1.4e6, "word_of_mouth_loss": 6e4, "service_cost": 2e5}
        )
    )


def test_a_chart_names_its_template_so_streamlits_default_cannot_change_it(monkeypatch):
    monkeypatch.setattr(pio.templates, "default", "ggplot2")  # as importing Streamlit does
    figure = _components()
    assert figure.layout.template.layout.to_plotly_json() == (
        pio.templates[charts.TEMPLATE].layout.to_plotly_json()
    )


def test_titles_and_category_labels_wrap_to_a_phones_width():
    figure = charts.root_cause_chart(
        pd.Series({"contact_burden": 3.0, "outage_hours": 2.0}),
        "A title much longer than a phone can show on one line of its chart",
    )
    assert all(len(line) <= charts.TITLE_WIDTH for line in figure.layout.title.text.split("<br>"))
    for label in figure.data[0].y:
        assert all(len(line) <= charts.LABEL_WIDTH for line in label.split("<br>"))
    assert figure.layout.margin.t >= 30 + 22 * figure.layout.title.text.count("<br>")


def test_axes_make_room_for_whole_ticks_and_keep_titles_clear_of_them():
    figure = _components()
    assert figure.layout.xaxis.automargin and figure.layout.yaxis.automargin
    assert figure.layout.xaxis.title.standoff >= 10
    # room past the longest bar for its amount
    assert figure.layout.xaxis.range[1] > 1.4e6 * 1.3


def test_wrapping_keeps_words_whole_and_is_idempotent():
    text = charts.wrapped("Already spent handling the failures", 22)
    assert text == "Already spent handling<br>the failures"
    assert charts.wrapped(text, 22) == text


def test_a_fix_that_saves_nothing_gets_no_bar_and_is_named_instead():
    import pandas as pd

    from model.display.charts import fix_savings_chart, fixes_saving_nothing

    savings = pd.DataFrame(
        {"total_expected_cost": [0.0, 0.0, 0.004, 4389.03]},
        index=["billing_errors_prevented", "outage_hours_cut", "reshipments_avoided", "all"],
    )
    bars = fix_savings_chart(savings).data[0]
    assert list(bars.x) == [4389.03]
    assert fixes_saving_nothing(savings) == [
        "billing errors prevented",
        "cut outage hours",
        "re-shipments avoided",
    ]
