"""The words a first visit reads (issue 31), checked at their source: ordinals, money in the
Methodology's prose that markdown would read as maths, and its figures filled from the code."""

from pathlib import Path

import pytest

from model.display.prose_figures import fields_of, fill, word_of_mouth_figures
from model.explain.range_words import ordinal
from tests.app.shown_text import money_read_as_maths, wrong_ordinals

PROSE = sorted((Path(__file__).resolve().parents[2] / "docs" / "methodology").glob("*.md"))


@pytest.mark.parametrize(
    ("number", "written"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (33, "33rd"), (50, "50th"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_an_ordinal_takes_the_suffix_of_its_last_digits(number, written):
    assert ordinal(number) == written
    assert wrong_ordinals(f"the {written} percentile") == []


def test_wrong_ordinals_are_found():
    assert wrong_ordinals("the 33th and the 21th, not the 11th") == ["33th", "21th"]


def test_money_between_two_dollar_signs_is_found_and_maths_is_not():
    assert money_read_as_maths("costs $3 billion; then ($2,475.31 counts)") != []
    assert money_read_as_maths("a call costs $2.70-$10") != []
    assert money_read_as_maths(r"costs \$3 billion; then (\$2,475.31 counts)") == []
    assert money_read_as_maths(r"a rate $a$, a sum $9 \times 0.035 = 0.3$ and $$x = 1$$") == []


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_the_methodology_prose_draws_no_money_as_maths_and_fills_every_figure(path):
    text = path.read_text(encoding="utf-8")
    assert money_read_as_maths(text) == []
    filled = fill(text, word_of_mouth_figures())
    assert fields_of(filled) == set()


def test_row_numbers_become_the_ids_of_a_file_without_them(tmp_path):
    import io

    import pandas as pd

    from data.customers import read_customer_file
    from data.template import template_csv

    path = tmp_path / "no-ids.csv"
    template = pd.read_csv(io.BytesIO(template_csv()), dtype=str)
    template.drop(columns=["customer_id"]).to_csv(path, index=False)
    result = read_customer_file(path, row_ids=True)
    assert result.valid["customer_id"].tolist() == ["1", "2", "3"]
    kept = tmp_path / "ids.csv"
    kept.write_bytes(template_csv())
    assert read_customer_file(kept, row_ids=True).valid["customer_id"].tolist() == (
        read_customer_file(kept).valid["customer_id"].tolist()
    )
