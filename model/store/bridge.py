"""The bridge between two periods: how the total moved, in bars that add up exactly.

From period A (earlier) to period B, with n customers, I_t incidents of type t and C_t the
money of root cause t (the sum of `cost_from_t`; the C_t add up to the total), and the
price of an incident p_t = C_t / I_t in A (for a type A did not have, its price in B):

- customers, how many:    sum over t of (n_B / n_A - 1) * C_t,A
- incidents of type t:    (I_t,B - I_t,A * n_B / n_A) * p_t,A   (more or fewer per customer)
- customers, value and mix: sum over t of (C_t,B - I_t,B * p_t,A)   (what each incident costs)

The three telescope: their sum over t is C_B - C_A exactly. When A and B were priced with
different assumptions or models, B's customers are first restated with A's assumptions and
model (their stored input columns scored again), the bars above are taken against that
restatement, and two more bars close the gap:

- model:        total(B's customers, A's assumptions, B's model) - restated total
- assumptions:  total_B - total(B's customers, A's assumptions, B's model)

docs/methodology/bridge.md shows the same formulas to users; tests/store/test_bridge.py
works a case by hand.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data.schema import OUTPUT_COLUMNS
from model.batch import score_file
from model.money import Assumptions, assumptions_from_json
from model.store.access import VIEWER, authorize
from model.store.database import Store
from model.store.figures import ROOT_CAUSE_PREFIX, Figures, FigureTally
from model.store.models import model_in_use
from model.store.periods import PeriodRecord, period_figures_of, period_tables, stored_periods
from model.store.workspaces import UnknownPeriod

SIZE, VALUE, ASSUMPTIONS, MODEL = "customers", "customer_value", "assumptions", "model"
INCIDENT_STEP = "incidents:"


@dataclass(frozen=True)
class Bridge:
    """From `start` (period A's total) to `end` (B's), bar by bar: `bars` maps a step
    (`customers`, `incidents:<type>`, `customer_value`, `model`, `assumptions`) to money."""

    start_period: str
    end_period: str
    start: float
    end: float
    bars: dict[str, float]

    def frame(self) -> pd.DataFrame:
        """step, amount: the start, each bar, the end (the waterfall's rows)."""
        rows = [("start", self.start), *self.bars.items(), ("end", self.end)]
        return pd.DataFrame(rows, columns=["step", "amount"])

    @property
    def gap(self) -> float:
        """end - start - the bars: zero up to float rounding (a test holds it)."""
        return self.end - self.start - sum(self.bars.values())


def volume_bars(a: Figures, b: Figures) -> dict[str, float]:
    """Size, each incident type's volume, and value-and-mix: A to B at the same prices."""
    ratio = b.customers / a.customers if a.customers else 0.0
    size, value, volumes = 0.0, 0.0, {}
    for cause in sorted(set(a.root_causes) | set(b.root_causes)):
        c_a, c_b = a.root_causes.get(cause, 0.0), b.root_causes.get(cause, 0.0)
        i_a, i_b = a.incidents.get(cause, 0.0), b.incidents.get(cause, 0.0)
        if i_a:
            price = c_a / i_a
        elif i_b:
            price = c_b / i_b
        else:  # a cost with no count of its own (none today): all of it is volume
            volumes[INCIDENT_STEP + cause] = c_b - c_a
            continue
        size += (ratio - 1.0) * c_a if a.customers else -c_a
        volumes[INCIDENT_STEP + cause] = (i_b - i_a * ratio) * price
        value += c_b - i_b * price
    return {SIZE: size, **volumes, VALUE: value}


def bridge_from_figures(
    period_a: str,
    a: Figures,
    period_b: str,
    b: Figures,
    restated: Figures | None = None,
    at_a_assumptions: float | None = None,
) -> Bridge:
    """The bridge from A to B. `restated`: B's customers with A's assumptions and model;
    `at_a_assumptions`: B's total with A's assumptions and B's model. Both None when A and
    B were priced alike."""
    if restated is None:
        return Bridge(period_a, period_b, a.total, b.total, volume_bars(a, b))
    bars = volume_bars(a, restated)
    bars[MODEL] = at_a_assumptions - restated.total
    bars[ASSUMPTIONS] = b.total - at_a_assumptions
    return Bridge(period_a, period_b, a.total, b.total, bars)


def inputs_file(store: Store, workspace: str, period: str, folder: Path) -> Path:
    """B's customers' input columns, as the file they were scored from held them."""
    path = folder / "inputs.parquet"
    writer = None
    for table in period_tables(store, workspace, period):
        keep = [
            c
            for c in table.column_names
            if c not in OUTPUT_COLUMNS and not c.startswith(ROOT_CAUSE_PREFIX)
        ]
        table = table.select(keep)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    if writer is None:
        pq.write_table(pa.table({}), path)
    else:
        writer.close()
    return path


def restate(path: Path, assumptions: Assumptions, model, folder: Path) -> Figures:
    """The figures of the customers in `path` scored with `model` and `assumptions`."""
    output = folder / f"restated-{len(list(folder.iterdir()))}.parquet"
    score_file(path, output, assumptions, None, None, model, explain=True)
    tally = FigureTally()
    for batch in pq.ParquetFile(output).iter_batches(batch_size=250_000):
        tally.add(batch.to_pandas(), None)
    return tally.figures()


def _record(records: list[PeriodRecord], period: str, workspace: str) -> PeriodRecord:
    for record in records:
        if record.period == period:
            return record
    raise UnknownPeriod(f"Workspace {workspace!r} holds no period {period}.")


def bridge(store: Store, workspace: str, period_a: str, period_b: str) -> Bridge:
    """The bridge from `period_a` to `period_b` of the workspace: from their figures alone
    when both were priced alike, else restating B's customers with A's settings."""
    records = stored_periods(store, workspace)
    a, b = _record(records, period_a, workspace), _record(records, period_b, workspace)
    figures = period_figures_of(store, workspace)
    if a.assumptions == b.assumptions and a.model_sha256 == b.model_sha256:
        return bridge_from_figures(period_a, figures[period_a], period_b, figures[period_b])
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        model_a = model_in_use(connection, ws, a.model_version).model
        model_b = model_in_use(connection, ws, b.model_version).model
    assumptions_a = assumptions_from_json(a.assumptions)
    with tempfile.TemporaryDirectory(prefix="churn-cost-bridge-") as scratch:
        folder = Path(scratch)
        inputs = inputs_file(store, workspace, period_b, folder)
        restated = restate(inputs, assumptions_a, model_a, folder)
        at_a = restated.total
        if a.model_sha256 != b.model_sha256:
            at_a = restate(inputs, assumptions_a, model_b, folder).total
    return bridge_from_figures(
        period_a, figures[period_a], period_b, figures[period_b], restated, at_a
    )
