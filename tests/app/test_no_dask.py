"""The dashboard and the single-machine command line never import Dask (an optional extra)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NEVER_DASK = """
import sys
from streamlit.testing.v1 import AppTest

app = AppTest.from_file("app.py", default_timeout=180)
app.query_params["customers"] = "1000"
app.run()
for page in PAGES:
    app.switch_page(page)
    app.run()
    assert not app.exception, (page, app.exception)

from model.commands.cli import main

source = sys.argv[1]
assert main(["score", source, "-o", source + ".out.csv"]) == 0
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"dask", "distributed"})
print("loaded:", loaded)
"""


def test_the_dashboard_and_the_single_machine_command_never_import_dask(tmp_path):
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
    source = tmp_path / "in.csv"
    source.write_text(
        "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,"
        "unresolved_promises\nA,50,12,3,2,1\n"
    )
    script = f"PAGES = {pages!r}\n" + textwrap.dedent(NEVER_DASK)
    run = subprocess.run(
        [sys.executable, "-c", script, str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "loaded: []" in run.stdout
