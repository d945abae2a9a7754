"""The house's limits, for every change: no module past 450 lines and no function past 80 in
the product's code, so each file has one purpose and each function fits on a screen."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where the product's code lives (tests and benchmarks are not held to these limits).
PRODUCT = ("model", "data", "ui", "app_pages")
LONGEST_MODULE = 450
LONGEST_FUNCTION = 80


def product_files() -> list[Path]:
    return sorted(path for room in PRODUCT for path in (ROOT / room).rglob("*.py"))


def test_the_product_has_files_to_check():
    assert len(product_files()) > 100


def test_no_module_is_longer_than_450_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in product_files()
        if (lines := path.read_text().count("\n")) > LONGEST_MODULE
    }
    assert not long, f"modules past {LONGEST_MODULE} lines: {long}"


def test_no_function_is_longer_than_80_lines():
    long = {}
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > LONGEST_FUNCTION:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = lines
    assert not long, f"functions past {LONGEST_FUNCTION} lines: {long}"
