"""The hand-worked cost cases of tests/golden/economics.json, for every test layer."""

import json
from pathlib import Path

GOLDEN_PATH = Path(__file__).parent / "golden" / "economics.json"
GOLDEN_CASES: list[dict] = json.loads(GOLDEN_PATH.read_text())["cases"]
