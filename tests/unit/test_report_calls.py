"""The board report's call list: the library's list, in the report, in words; and where to
ask for one when no contact cost and success rate were given."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from model.batch import score_file
from model.commands.report import main
from model.explain import CallRequest, call_list
from model.money.assumptions import Assumptions
from model.money.scenario import Scenario
from model.reporting.report_calls import call_list_section
from model.reporting.report_page import ReportPage

CUSTOMERS = Path(__file__).resolve().parents[1] / "fixtures" / "customers-for-excel.csv"


def _portfolio() -> pd.DataFrame:
    # as tests/unit/test_call_list.py: at 40 % and $30 a call the nets are 50, 10, -14, 90,
    # 26 and 0, so three calls go to C4 (90), C1 (50) and C5 (26)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(1, 7)],
            "expected_departure_cost": [180.0, 90.0, 30.0, 280.0, 130.0, 70.0],
            "word_of_mouth_loss": [20.0, 10.0, 10.0, 20.0, 10.0, 5.0],
            "service_cost": [500.0] * 6,
            "support_calls": [3, 1, 0, 6, 2, 0],
            "outage_hours": [0.0, 4.0, 1.0, 10.0, 0.0, 0.0],
        }
    )


def _section(text: str) -> str:
    start = text.index("<h2>Who to call first</h2>")
    end = text.find("<h2>", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _rows(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [
        [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _figure(text: str, key: str) -> float:
    found = re.search(rf'data-key="{key}" data-value="([^"]+)"', text)
    assert found, f"no {key} in the report"
    return float(found.group(1))


def test_the_section_lists_the_librarys_calls_best_first_with_the_failures_in_words():
    page = ReportPage()
    chosen = call_list_section(page, _portfolio(), CallRequest(30.0, 0.4, calls=3), "command")
    section = _section("".join(page.parts))

    assert _rows(section) == [
        ["C4", "$120", "$90", "10 hours without service, 6 calls to support"],
        ["C1", "$80", "$50", "3 calls to support"],
        ["C5", "$56", "$26", "2 calls to support"],
    ]
    assert _figure(section, "calls") == 3 and _figure(section, "calls_spent") == 90.0
    assert _figure(section, "calls_net_saving") == pytest.approx(166.0)
    # the list pays when 90 of calls save 90: 90 / (their savings at 100 %: 300 + 200 + 140)
    assert _figure(section, "calls_break_even") == pytest.approx(90 / 640)
    # a thousand more buys 33 calls, of which only C2 (net 10) is worth making
    assert _figure(section, "calls_next_thousand") == pytest.approx(10.0)
    assert "a budget of 3 contacts" in section
    assert chosen.net_saving == pytest.approx(166.0)


def test_without_a_cost_and_rate_the_dashboards_report_points_to_the_page_not_to_options():
    page = ReportPage()
    assert call_list_section(page, _portfolio(), None, "dashboard") is None
    words = "".join(page.parts)

    assert "What-if page" in words and "Who to call first" in words
    assert "--" not in words


def test_without_a_cost_and_rate_the_commands_report_names_its_own_options(tmp_path):
    main([str(CUSTOMERS), "-o", str(tmp_path / "r.html")])
    words = _section((tmp_path / "r.html").read_text(encoding="utf-8"))

    assert "--call-cost" in words and "--save-rate" in words
    assert "What-if page" not in words


def test_the_reports_call_list_is_the_librarys_for_the_same_file_and_settings(tmp_path):
    status = main(
        [
            str(CUSTOMERS),
            "-o",
            str(tmp_path / "r.html"),
            "--call-cost",
            "2.5",
            "--save-rate",
            "0.35",
            "--call-budget",
            "12.5",
        ]
    )
    estimates_path = tmp_path / "e.csv"
    score_file(CUSTOMERS, estimates_path, Assumptions(), Scenario())
    estimates = pd.read_csv(estimates_path, dtype={"customer_id": str})
    expected = call_list(estimates, 2.5, 0.35, budget=12.5)
    section = _section((tmp_path / "r.html").read_text(encoding="utf-8"))

    assert status == 0
    assert len(expected.calls) >= 2  # the fixture has customers worth a call at this cost
    assert [row[0] for row in _rows(section)] == list(expected.calls["customer_id"])
    assert _figure(section, "calls_net_saving") == pytest.approx(expected.net_saving, rel=1e-9)
    assert _figure(section, "calls_break_even") == pytest.approx(
        expected.break_even_save_rate, rel=1e-9
    )
    assert _figure(section, "calls_next_thousand") == pytest.approx(
        expected.next_thousand, rel=1e-9
    )


def test_a_cost_without_a_success_rate_is_refused_with_the_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([str(CUSTOMERS), "-o", str(tmp_path / "r.html"), "--call-cost", "5"])

    assert stopped.value.code == 2
    assert "--save-rate" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_a_success_rate_above_one_is_refused_naming_it(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main([str(CUSTOMERS), "-o", str(tmp_path / "r.html"), "--call-cost", "5", "--save-rate=40"])

    assert "save_rate: must be from 0 to 1, got 40.0" in capsys.readouterr().err
