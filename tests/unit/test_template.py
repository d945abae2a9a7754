"""The template and column guide: generated from the contract, and accepted as they are."""

from data.customers import read_customer_file
from data.schema import CONTRACT_COLUMNS, INPUT_COLUMNS
from data.template import (
    COLUMN_GUIDE_PATH,
    CONTRACT_DOC_PATH,
    TEMPLATE_PATH,
    column_guide_csv,
    column_guide_frame,
    data_contract_markdown,
    template_csv,
)
from model.commands.score import main


def test_the_committed_files_are_what_the_contract_generates():
    # run `python -m data.template` after changing data/schema.py
    assert TEMPLATE_PATH.read_bytes() == template_csv()
    assert COLUMN_GUIDE_PATH.read_bytes() == column_guide_csv()
    assert CONTRACT_DOC_PATH.read_text() == data_contract_markdown()


def test_the_data_contract_doc_names_every_column_and_its_rule():
    doc = CONTRACT_DOC_PATH.read_text()
    for column in INPUT_COLUMNS:
        assert f"| `{column.name}` |" in doc and column.rule in doc


def test_the_template_uploads_as_three_valid_customers_with_every_column():
    result = read_customer_file(TEMPLATE_PATH)
    assert len(result.valid) == 3 and result.rejected.empty
    assert list(result.valid.columns) == [c.name for c in INPUT_COLUMNS]


def test_the_template_scores_from_the_command_line_with_exit_0(tmp_path):
    assert main([str(TEMPLATE_PATH), "-o", str(tmp_path / "out.csv")]) == 0


def test_the_guide_describes_every_column_with_its_rule():
    guide = column_guide_frame().set_index("column")
    assert list(guide.index) == [c.name for c in CONTRACT_COLUMNS]
    assert guide.loc["reshipped_orders", "required"] == "no (0 when absent or blank)"
    assert guide.loc["churned", "rule"] == "must be 0 or 1"
    assert "never a model input" in guide.loc["churned", "meaning"]
    assert guide.loc["support_calls", "rule"] == (
        "must be a whole number >= 0; must be at most 8,760 (the hours in the 12-month window)"
    )
    assert guide.loc["escalations", "required"].startswith("no")
