"""The work done on each chunk of a customer file, the same for every engine.

`python -m model.score` runs it chunk by chunk in one process; the Dask engine
(model/distributed.py) runs it on each partition of a dataset on a cluster. Both call
exactly these functions, so both give the same estimates and the same rejections.

Pass one, `validate_and_predict`: the contract's checks, then the churn model. Pass two,
`model.costs.add_costs`: the money, once the portfolio-wide prospect value is known.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.customers import validate_chunk
from data.io import RawChunk
from data.schema import REJECTED_PREFIX
from data.validation import SeenCustomerIds
from model.churn import ChurnModel
from model.estimate import scored_customers, scored_scenario
from model.exact_sum import ExactSum
from model.root_causes import attribution_totals
from model.scenario import Scenario


@dataclass
class ScoredChunk:
    """One chunk after pass one: valid rows with their churn probabilities, rejected rows."""

    scored: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    #: Summed root causes of today's incidents (model.root_causes), when asked for.
    root_cause_totals: pd.DataFrame | None = None

    @property
    def revenue_sum(self) -> ExactSum:
        """Monthly revenue of the valid rows, summed exactly: the prospect value's default."""
        return ExactSum().add(self.scored["monthly_revenue"].to_numpy(dtype="float64"))


def validate_and_predict(
    chunk: RawChunk,
    seen: SeenCustomerIds,
    model: ChurnModel,
    scenario: Scenario,
    root_causes: bool = False,
) -> ScoredChunk:
    """Validate one chunk (ids checked against `seen`, which it updates) and predict churn.

    With `root_causes`, also sums the root causes of today's incidents (before the scenario).
    """
    result = validate_chunk(chunk, seen)
    scored = scored_customers(result.valid, model)
    totals = attribution_totals(scored, model) if root_causes else None
    if not scenario.is_today:
        scored = scored_scenario(scored, scenario, model)
    return ScoredChunk(
        scored=scored, rejected=result.rejected, rows_read=chunk.rows_read, root_cause_totals=totals
    )


def problem_lines(rejected: pd.DataFrame, limit: int) -> list[str]:
    """The first `limit` rejected rows as `row N: problems`, for the terminal."""
    shown = rejected[list(REJECTED_PREFIX)].head(limit).values
    return [f"row {number}: {problems}" for number, problems in shown]
