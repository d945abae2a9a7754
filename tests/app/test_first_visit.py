"""What a first-time user trips on (issue 31), read from what each page shows (AppTest):
money drawn as maths, prose figures the page contradicts, ordinals, command-line
instructions on a page, words that point the wrong way, one label with two meanings."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from data.export import safe_csv_bytes
from data.schema import INCIDENT_FEATURES
from data.synthetic import generate_records
from model.display import labels
from model.display.prose_figures import word_of_mouth_figures
from model.money import Assumptions
from tests.app.harness import download, metrics, open_app, record_downloads, rerun
from tests.app.shown_text import (
    command_line_words,
    money_read_as_maths,
    shown_texts,
    wrong_ordinals,
)
from tests.app.test_pages import PAGES
from tests.unit.history_laws import history
from tests.unit.test_misfit_warning import other_company
from ui.model_page.history import FIT_BUTTON, INCIDENTS_CHOICE
from ui.overview import NEXT_STEP_LINK
from ui.portfolio import RECORDS_IMPORT
from ui.portfolio.mapping_editor import RULE_LABELS
from ui.portfolio.records import UPLOAD_LABELS
from ui.portfolio.refused import USE_ROW_IDS
from ui.shared.tables import WHOLE_DOLLARS
from ui.shared.upload_not_here import GO_ON_SYNTHETIC
from ui.state.keys import (
    ACCEPT_FAILED_CHECKS,
    CASE_PRESET,
    LEVER_KEYS,
    PRESET_KEYS,
    USE_SESSION_MODEL,
)

METHODOLOGY, MODEL, PORTFOLIO = (
    "app_pages/methodology.py",
    "app_pages/model.py",
    "app_pages/portfolio.py",
)
#: The one place a page may give command-line instructions: the Methodology's own section.
COMMAND_LINE_SECTION = "## The command line"


def upload(app, name: str, content: bytes):
    uploader = next(u for u in app.file_uploader if u.label == labels.UPLOAD_CUSTOMERS)
    uploader.set_value((name, content, "text/csv"))
    return rerun(app)


def go(app, page: str):
    app.switch_page(page)
    return rerun(app)


def outside_the_command_line_section(texts: list[str]) -> list[str]:
    return [text for text in texts if not text.lstrip().startswith(COMMAND_LINE_SECTION)]


def check_words(app) -> None:
    """No money read as maths, no wrong ordinal, no command-line instruction."""
    texts = shown_texts(app)
    assert [span for text in texts for span in money_read_as_maths(text)] == []
    assert [word for text in texts for word in wrong_ordinals(text)] == []
    found = [w for t in outside_the_command_line_section(texts) for w in command_line_words(t)]
    assert found == []


@pytest.mark.parametrize("page", PAGES)
def test_no_page_draws_money_as_maths_misnumbers_an_ordinal_or_gives_a_command(page):
    check_words(open_app(page))


def test_every_case_study_reads_right():
    app = open_app("app_pages/case_study.py")
    for preset in PRESET_KEYS:
        app.session_state[CASE_PRESET] = preset
        check_words(rerun(app))


def test_a_misfit_warning_says_what_to_do_on_the_page_not_on_the_command_line():
    app = upload(open_app(PORTFOLIO), "history.csv", safe_csv_bytes(other_company(2_000, 62)))
    for page in ("app_pages/overview.py", MODEL):
        app = go(app, page)
        warnings = [w.value for w in app.warning if "does not fit this history" in w.value]
        assert len(warnings) == 1 and "the Model page" in warnings[0]
        check_words(app)


def test_a_records_mapping_that_misses_a_field_says_to_choose_it_on_the_page():
    app = open_app(PORTFOLIO)
    uploader = next(u for u in app.file_uploader if u.label == UPLOAD_LABELS["customers"])
    crm = pd.DataFrame({"who": ["A"], "revenue": ["5"], "tenure": ["3"]})
    uploader.set_value(("crm.csv", safe_csv_bytes(crm), "text/csv"))
    app = rerun(app)
    assert app.error, "the missing customer id is an error"
    check_words(app)


def test_the_methodology_derives_word_of_mouth_from_the_live_assumptions():
    text = " ".join(shown_texts(open_app(METHODOLOGY)))
    assert "{{" not in text
    section = text[text.index("## Why word of mouth is kept small") :]
    section = section[: section.index("## Instant what-ifs")]
    figures = word_of_mouth_figures(Assumptions())
    for value in figures.values():
        assert value in section
    stated = set(re.findall(r"\d+(?:\.\d+)? ?%", section)) - {"7 %"}  # Forrester's bound
    assert stated <= {figures["in_market_share"], figures["deterrence_rate"]}, stated


def test_the_portfolio_page_points_to_where_the_column_list_is():
    text = " ".join(shown_texts(open_app(PORTFOLIO)))
    assert "the table above" not in text
    assert "What the file must hold" in text


def test_the_model_page_keeps_the_overviews_label_for_the_overviews_figure():
    app = upload(open_app(PORTFOLIO), "history.csv", safe_csv_bytes(other_company(1_000, 63)))
    shown = metrics(go(app, MODEL))
    assert labels.EXPECTED_LOST_CLV not in shown  # here it is all churn, there the failures'
    assert any("all churn" in label for label in shown)


def test_a_file_without_customer_ids_can_take_its_row_numbers_and_says_so():
    history = other_company(300, 64).drop(columns=["customer_id"])
    app = upload(open_app(PORTFOLIO), "no-ids.csv", safe_csv_bytes(history))
    assert app.error, "without ids the file is refused at first"
    next(b for b in app.button if b.label == USE_ROW_IDS).click()
    app = rerun(app)
    assert not app.error
    assert metrics(app)[labels.ROWS_ESTIMATED] == "300"
    assert any("row number" in info.value for info in app.info)
    assert metrics(go(app, "app_pages/overview.py"))[labels.CUSTOMERS] == "300"


def test_a_file_that_is_not_in_the_contract_points_to_the_records_import():
    crm = pd.DataFrame({"Account": ["A", "B"], "MRR": [10, 20], "Since": ["2020-01-01"] * 2})
    app = upload(open_app(PORTFOLIO), "crm.csv", safe_csv_bytes(crm))
    assert app.error
    assert any(RECORDS_IMPORT in info.value for info in app.info)
    assert not [b for b in app.button if b.label == USE_ROW_IDS]


def test_an_uploads_address_opened_in_a_new_session_says_the_figures_are_synthetic():
    app = upload(open_app(PORTFOLIO), "history.csv", safe_csv_bytes(other_company(300, 65)))
    assert app.query_params.get("portfolio") in ("uploaded", ["uploaded"])
    assert not [w for w in app.warning if "not in this session" in w.value]

    reloaded = open_app(portfolio="uploaded", people_told="12")
    notice = [w.value for w in reloaded.warning if "not in this session" in w.value]
    assert len(notice) == 1 and "synthetic" in notice[0] and "upload your file again" in notice[0]
    assert metrics(reloaded)[labels.CUSTOMERS] == "1,000"  # the synthetic figures, said so
    assert reloaded.query_params.get("people_told") in ("12", ["12"])
    for page in (PORTFOLIO, "app_pages/what_if.py"):
        assert [w for w in go(reloaded, page).warning if "not in this session" in w.value]
    reloaded = upload(go(reloaded, PORTFOLIO), "again.csv", safe_csv_bytes(other_company(300, 65)))
    assert not [w for w in reloaded.warning if "not in this session" in w.value]


def test_the_notice_of_a_lost_upload_can_be_put_away():
    app = open_app(portfolio="uploaded")
    next(b for b in app.button if b.label == GO_ON_SYNTHETIC).click()
    assert not [w for w in rerun(app).warning if "not in this session" in w.value]


def test_a_history_with_only_its_own_incident_prices_it_everywhere_and_hides_empty_levers():
    """A churn study's table records its own failure ("Customer service calls") and none of
    the built-in ones: the chart, the price of every failure and the levers say so alike."""
    own = "Customer service calls"
    frame = history(1_500, 61).rename(columns={"dropped_calls": own})
    frame[[c for c in INCIDENT_FEATURES if c in frame.columns]] = 0
    app = upload(open_app(PORTFOLIO), "study.csv", safe_csv_bytes(frame))
    app = go(app, MODEL)
    next(m for m in app.multiselect if m.label == INCIDENTS_CHOICE).set_value([own])
    app = rerun(app)
    next(b for b in app.button if b.label == FIT_BUTTON).click()
    app = rerun(app)
    checks = [m for m in app.markdown if m.value.startswith(("✅", "⚠️"))]
    assert len(checks) >= 3  # each check in plain words first, the measure in its help
    assert not [m.value for m in checks if re.search(r"log-loss|calibration error|tree", m.value)]
    assert any("Calibration error" in m.proto.help for m in checks)
    for box in [c for c in app.checkbox if c.key == ACCEPT_FAILED_CHECKS]:
        box.check()  # a history this small fails a check of its own: accept it (issue 30)
        app = rerun(app)
    app.toggle(key=USE_SESSION_MODEL).set_value(True)
    app = go(rerun(app), "app_pages/overview.py")

    chart = next(
        json.loads(c.proto.spec)
        for c in app.get("plotly_chart")
        if "Cost by root cause" in json.loads(c.proto.spec)["layout"]["title"]["text"]
    )
    bars = [name.replace("<br>", " ") for trace in chart["data"] for name in trace["y"]]
    assert bars == [own]  # no empty bar for the nine built-in incidents
    prices = next(d.value for d in app.dataframe if "Price of one more unit" in d.value.columns)
    assert list(prices["Failure"]) == [own]
    assert not [i for i in app.info if "no failure to price" in i.value]

    app = go(app, "app_pages/what_if.py")
    assert not [s for s in app.slider if s.key in LEVER_KEYS.values()]  # none would move
    assert any("Left out" in c.value for c in app.caption)
    boxes = [n.label for n in app.number_input]
    assert f"Handling cost of one unit of {own} ($)" in boxes
    assert not [label for label in boxes if label.startswith("Cost of one")]


def _chart(app, title: str) -> dict:
    return next(
        spec
        for spec in (json.loads(c.proto.spec) for c in app.get("plotly_chart"))
        if title in spec["layout"]["title"]["text"].replace("<br>", " ")
    )


def _bar_names(spec: dict) -> list[str]:
    return [str(n).replace("<br>", " ") for trace in spec["data"] for n in trace.get("y") or []]


def test_contact_burden_is_one_root_cause_on_every_chart_when_the_overview_groups_it(
    contact_group_unsure,
):
    app = open_app()
    grouped = "contact burden" in " ".join(c.value for c in app.caption)
    assert grouped, "a model whose refits cannot split calls, phone time and agents"
    members = {labels.FEATURE_LABELS[m] for m in ("support_calls", "hours_on_phone")}
    waterfall = _chart(app, "What each incident costs")
    steps = [str(x).replace("<br>", " ") for trace in waterfall["data"] for x in trace["x"]]
    assert "Contact burden" in steps and not members & set(steps)
    sentences = [m.value for m in app.markdown if "of this customer's expected cost" in m.value]
    assert len(sentences) == len(steps) - 2  # one per step, start and end aside
    case = open_app("app_pages/case_study.py")
    bars = _bar_names(_chart(case, "This customer's cost by root cause"))
    assert any(bar.startswith("Contact burden") for bar in bars) and not members & set(bars)


def test_the_business_case_says_why_a_years_saving_and_the_horizons_differ_and_scales_to_them():
    app = open_app("app_pages/what_if.py", promises_kept="1", fix_one_off="250000")
    said = " ".join(c.value for c in app.caption)
    assert "The year's saving" in said and "3 years" in said
    chart = _chart(app, "Month by month")
    assert [trace["name"] for trace in chart["data"] if trace["type"] == "bar"] == [
        "Saving of the fix",
        "Cost of the fix",
    ]  # today's loss, many times a saving, no longer sets the scale


def test_the_records_mapping_speaks_in_words_and_shows_the_ticket_rules_to_change():
    made = generate_records(200, seed=21)
    app = open_app(PORTFOLIO)
    for section in ("customers", "tickets"):
        uploader = next(u for u in app.file_uploader if u.label == UPLOAD_LABELS[section])
        uploader.set_value((f"{section}.csv", safe_csv_bytes(made[section]), "text/csv"))
        app = rerun(app)
    table = next(d for d in app.dataframe if "said" in d.value.columns)
    shown = table.value[list(table.proto.column_order)]
    assert "field" not in shown.columns and "input" not in shown.columns  # code names hidden
    assert not [what for what in shown["what"] if "_" in what]  # our fields in words
    said = table.value.set_index(["input", "field"])["said"]
    assert said[("customers", "tenure_months")].startswith("not needed")
    assert not [box.label for box in app.selectbox if "_" in box.label]
    rules = " ".join(m.value for m in app.markdown if "billing error" in m.value)
    assert "“bill” or “invoice”" in rules
    box = next(t for t in app.text_input if t.label == RULE_LABELS["billing"])
    box.set_value("Billing, Refund")
    app = rerun(app)
    rules = " ".join(m.value for m in app.markdown if "billing error" in m.value)
    assert "“Billing” or “Refund”" in rules


def test_money_in_tables_is_whole_dollars_and_the_csv_holds_no_arithmetic_noise(monkeypatch):
    record_downloads(monkeypatch)
    app = open_app("app_pages/what_if.py", outage_hours_cut="0.3", promises_kept="0.7")
    text = download(app, labels.DOWNLOAD_ESTIMATES).decode()
    overview = open_app()
    for frame in [*app.dataframe, *overview.dataframe]:
        columns = json.loads(frame.proto.columns or "{}")
        for column in columns.values():
            config = column.get("type_config", {})
            assert config.get("format") != "dollar", column["label"]  # $1,510,054.10
            if "$" in str(config.get("format")):
                assert config["format"] == WHOLE_DOLLARS, column["label"]
    numbers = re.findall(r"\d+\.\d+", text)
    noisy = [n for n in numbers if len(n.replace(".", "").lstrip("0")) > 15]
    assert numbers and noisy == []  # 0.56, not 0.5599999999999999


def test_the_board_report_opens_with_its_findings_and_counts_whole_churners(tmp_path):
    from model.commands.report import main as report

    assert report(["tests/fixtures/customers-for-excel.csv", "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    assert body.index(labels.TOTAL_EXPECTED_COST) < body.index("SHA-256")
    churners = re.search(rf"{labels.EXPECTED_CHURNERS}.*?<[^>]*>([\d,.]+)<", body, re.S)
    assert churners and "." not in churners.group(1)


def test_the_overview_ends_its_root_causes_with_a_next_step_to_the_what_if_page():
    app = open_app()
    step = [m.value for m in app.markdown if m.value.startswith("**Next step.**")]
    assert len(step) == 1 and "carries the most" in step[0]
    links = [link for link in app.get("page_link") if link.proto.label == NEXT_STEP_LINK]
    assert len(links) == 1 and links[0].proto.page.endswith("what-if")
