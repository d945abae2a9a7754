"""The work done on each chunk of a customer file, the same for every engine.

`python -m model.score` runs it chunk by chunk in one process; the Dask engine
(model.batch.dask_engine) runs it on each partition of a dataset on a cluster. Both call
exactly these functions, so both give the same estimates and the same rejections.

Pass one, `validate_and_predict`: the contract's checks, then the churn model. Pass two,
`priced`: the money of the scored rows, once the portfolio-wide prospect value is known.
The Dask engine's summary pass runs `summarise_chunk` instead of pass one: the same checks
and the same baseline churn, keeping only the figures behind the prospect value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.customer_ids import SeenCustomerIds
from data.customers import validate_chunk
from data.io import RawChunk
from data.schema import REJECTED_PREFIX, declared_incident
from data.validation import ContractError
from model.churn import (
    ChurnModel,
    ChurnShapley,
    attribution_totals,
    churn_shapley,
    scored_customers,
)
from model.explain import cost_by_root_cause, players_for
from model.money import (
    Assumptions,
    MedianTally,
    Scenario,
    customer_lifetime_value,
    estimate,
    own_incidents_first,
    remember_own_incidents,
    scored_scenario,
)


@dataclass
class ScoredChunk:
    """One chunk after pass one: valid rows with their churn probabilities, rejected rows."""

    scored: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    #: Lifetime values of the valid rows, counted by bin: their median is the prospect
    #: value's default (model/money/typical.py).
    clv_tally: MedianTally
    #: Summed root causes of today's incidents (model.churn.root_causes), when asked for.
    root_cause_totals: pd.DataFrame | None = None
    #: Rows with every cell empty, skipped (not rejected).
    blank: int = 0


@dataclass(frozen=True)
class ChunkWork:
    """What pass one does to every chunk, whichever engine runs it.

    With `root_causes`, it also sums the root causes of today's incidents (before the
    scenario); with `explain`, it adds each incident's churn shares for `explained` to
    price in pass two.
    """

    #: None only on its way to a Dask worker, which puts in the model it holds.
    model: ChurnModel | None
    scenario: Scenario
    assumptions: Assumptions
    root_causes: bool = False
    explain: bool = False


def model_columns(model: ChurnModel) -> tuple:
    """The columns beyond the contract a model needs validated: its declared incidents."""
    return tuple(declared_incident(name) for name in model.layout.declared_incidents)


def check_model_columns(columns, model: ChurnModel) -> None:
    """ContractError naming each declared incident or covariate the file lacks."""
    missing = model.layout.missing_columns(columns)
    if missing:
        raise ContractError(
            f"Column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing: the model "
            "in use was fitted with it (declared with --incidents or --covariates when it "
            "was trained). Add it to the file, or score with another model."
        )


def validate_and_predict(chunk: RawChunk, seen: SeenCustomerIds, work: ChunkWork) -> ScoredChunk:
    """Validate one chunk (ids checked against `seen`, which it updates) and predict churn."""
    check_model_columns(chunk.columns, work.model)
    result = validate_chunk(chunk, seen, model_columns(work.model))
    scored = scored_customers(result.valid, work.model)
    totals = attribution_totals(scored, work.model) if work.root_causes else None
    if not work.scenario.is_today:  # priced as the fixes leave them; own values kept
        scored = remember_own_incidents(scored, scored_scenario(scored, work.scenario, work.model))
    if work.explain:
        scored = with_shares(scored, work.model)
    return ScoredChunk(
        scored=scored,
        rejected=result.rejected,
        rows_read=chunk.rows_read,
        clv_tally=_clv_tally(scored, work.assumptions),
        root_cause_totals=totals,
        blank=result.blank,
    )


def _clv_tally(scored: pd.DataFrame, assumptions: Assumptions) -> MedianTally:
    """The binned lifetime values of the scored rows (from their baseline churn, which no
    scenario changes: model.money.estimate.scored_scenario)."""
    clv = customer_lifetime_value(
        scored["monthly_revenue"], scored["baseline_churn_probability"], assumptions
    )
    return MedianTally().add(clv)


@dataclass
class ChunkSummary:
    """One chunk as the Dask engine's summary pass sees it: a few figures, no rows."""

    rows_read: int
    #: Binned lifetime values of the rows pass one would accept (empty when the
    #: assumptions set the prospect value: nothing then needs them).
    clv_tally: MedianTally


def summarise_chunk(chunk: RawChunk, seen: SeenCustomerIds, work: ChunkWork) -> ChunkSummary:
    """What `validate_and_predict` would count of the chunk, without keeping its rows.

    The same checks decide which rows are valid (ids checked against `seen`, which it
    updates, as there), and their lifetime values come from the same baseline churn
    probabilities. A scenario, the root causes and the Shapley shares change neither, so
    they are skipped; so is the model when the assumptions set the prospect value.
    """
    check_model_columns(chunk.columns, work.model)
    result = validate_chunk(chunk, seen, model_columns(work.model))
    if work.assumptions.prospect_value is not None:
        return ChunkSummary(chunk.rows_read, MedianTally())
    scored = scored_customers(result.valid, work.model)
    return ChunkSummary(chunk.rows_read, _clv_tally(scored, work.assumptions))


def priced(scored: pd.DataFrame, assumptions: Assumptions, prospect_value: float):
    """Pass two of one chunk: the estimates of rows `validate_and_predict` scored, with the
    `cost_from_` columns when it added shares, and each customer's own incidents first."""
    estimates = estimate(
        scored, None, assumptions, already_scored=True, prospect_value=prospect_value
    )
    estimates = explained(scored, estimates, assumptions, prospect_value)
    return own_incidents_first(estimates)


_CHURN_SHARE, _COMPLAINT_SHARE = "__churn_share__", "__complaint_share__"
EXPLAIN_PREFIX = "cost_from_"


def with_shares(scored, model: ChurnModel):
    """The scored rows with each player's Shapley churn shares as spill-only columns."""
    shapley = churn_shapley(scored, model, players_for(scored, model.layout))
    shares = {}
    for j, player in enumerate(shapley.players):
        shares[f"{_CHURN_SHARE}{player}"] = shapley.churn[:, j]
        shares[f"{_COMPLAINT_SHARE}{player}"] = shapley.complaint_churn[:, j]
    return scored.assign(**shares)


def explained(frame, estimates, assumptions: Assumptions, prospect_value: float):
    """The estimates with `cost_from_<player>` columns, the spill-only columns dropped."""
    if not any(c.startswith(_CHURN_SHARE) for c in frame.columns):
        return estimates
    names = [c.removeprefix(_CHURN_SHARE) for c in frame.columns if c.startswith(_CHURN_SHARE)]
    players = {name: (name,) for name in names}
    shapley = ChurnShapley(
        players=players,
        index=frame.index,
        churn=frame[[f"{_CHURN_SHARE}{p}" for p in players]].to_numpy(dtype="float64"),
        complaint_churn=frame[[f"{_COMPLAINT_SHARE}{p}" for p in players]].to_numpy(
            dtype="float64"
        ),
    )
    split = cost_by_root_cause(estimates, shapley, assumptions, prospect_value)
    hidden = [c for c in estimates.columns if c.startswith((_CHURN_SHARE, _COMPLAINT_SHARE))]
    return estimates.drop(columns=hidden).join(split.add_prefix(EXPLAIN_PREFIX))


def problem_lines(rejected: pd.DataFrame, limit: int) -> list[str]:
    """The first `limit` rejected rows as `row N: problems`, for the terminal."""
    shown = rejected[list(REJECTED_PREFIX)].head(limit).values
    return [f"row {number}: {problems}" for number, problems in shown]
