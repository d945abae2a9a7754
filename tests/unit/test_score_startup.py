"""Scoring a file never imports the fitting libraries, so the command starts quickly.

scikit-learn and SciPy take about a second to import on this machine, longer than scoring
200,000 customers; they are needed to fit a model, never to score with one (the built-in
model and a fitted history model are both plain tables, walked with numpy).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCORE_AND_LIST = """
import sys
from model.score import main

status = main([sys.argv[1], "-o", sys.argv[2], "--explain"])
print(status, sorted({name.split(".")[0] for name in sys.modules} & {"sklearn", "scipy"}))
"""


def test_scoring_a_file_loads_neither_scikit_learn_nor_scipy(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,"
        "unresolved_promises\nA,50,12,3,1,0\nB,80,40,0,0,1\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", SCORE_AND_LIST, str(source), str(tmp_path / "out.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
