"""What happened to the rows of one scored file: counts, totals and the first problems.

One report for every engine: the command line fills it chunk by chunk, the Dask engine
(model/batch/dask_engine.py) part by part, and both print the same summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from model.batch.chunks import ScoredChunk, problem_lines
from model.churn import RealisedTally, root_causes_summary, table_from_totals
from model.money import Assumptions, MedianTally, portfolio_prospect_value

PROBLEMS_SHOWN = 5


@dataclass
class ScoringReport:
    """What happened to the rows of one file."""

    rows_read: int = 0
    estimated: int = 0
    rejected: int = 0
    blank: int = 0
    total_expected_cost: float = 0.0
    #: The part of the total already spent handling the failures in the window.
    service_cost: float = 0.0
    clv_tally: MedianTally = field(default_factory=MedianTally)
    first_problems: list[str] = field(default_factory=list)
    realised: RealisedTally = field(default_factory=RealisedTally)
    root_cause_totals: pd.DataFrame | None = None
    #: Scored with the built-in model (fitted on synthetic data): its fit to a history is
    #: then tested, and a misfit warned about (model.churn.realised).
    built_in_model: bool = False

    def add(self, chunk: ScoredChunk) -> None:
        """Count one chunk after pass one; keep its first problems for the terminal."""
        self.rows_read += chunk.rows_read
        self.estimated += len(chunk.scored)
        self.rejected += len(chunk.rejected)
        self.blank += chunk.blank
        self.clv_tally.merge(chunk.clv_tally)
        wanted = PROBLEMS_SHOWN - len(self.first_problems)
        if wanted > 0:
            self.first_problems += problem_lines(chunk.rejected, wanted)
        self.add_root_causes(chunk.root_cause_totals)

    def add_root_causes(self, totals: pd.DataFrame | None) -> None:
        if totals is not None:
            previous = self.root_cause_totals
            self.root_cause_totals = totals if previous is None else previous + totals

    def prospect_value(self, assumptions: Assumptions) -> float:
        """The value of a won prospect: the assumption if set, else the median clv of the
        rows (model/money/typical.py)."""
        return portfolio_prospect_value(self.clv_tally.median(), assumptions)

    @property
    def expected_loss(self) -> float:
        """The part of the total expected to be lost: lifetime value and word of mouth."""
        return self.total_expected_cost - self.service_cost

    def summary(self) -> str:
        """One line of counts and money, the two kinds of money apart beside their sum, then
        the root causes and the realised churn when asked for. Amounts in US dollars."""
        lines = [
            f"Read {self.rows_read:,} rows: {self.estimated:,} estimated, "
            f"{self.rejected:,} rejected{self._blank_note}. "
            f"Total expected cost: {self.total_expected_cost:,.2f} US dollars = "
            f"{self.expected_loss:,.2f} expected to be lost (lifetime value and word of "
            f"mouth) + {self.service_cost:,.2f} already spent handling the failures."
        ]
        if self.root_cause_totals is not None:
            lines.append(root_causes_summary(table_from_totals(self.root_cause_totals)))
        if self.realised.customers:
            lines.append(self.realised.summary())
            lines.append(_deciles_text(self.realised))
            warning = self.misfit_warning
            if warning:
                lines.append(f"Warning: {warning}")
        return "\n".join(lines)

    @property
    def misfit_warning(self) -> str | None:
        """The built-in model's misfit warning for this file's history, if any."""
        if not self.built_in_model or not self.realised.customers:
            return None
        return self.realised.misfit().warning()

    @property
    def _blank_note(self) -> str:
        return f", {self.blank:,} blank skipped" if self.blank else ""


def _deciles_text(tally: RealisedTally) -> str:
    rows = [
        f"  {int(r.decile):>6}  {int(r.customers):>9,}  {r.expected_churners:>8,.1f}  "
        f"{r.realised_churners:>8,.0f}  {r.expected_lost_value:>14,.2f}  {r.lost_value:>14,.2f}"
        f"  {r.churner_revenue_year:>16,.2f}"
        for r in tally.by_decile().itertuples()
    ]
    header = (
        "By decile of predicted risk (1 = lowest); value: the model's lifetime value; "
        "revenue: the leavers' monthly revenue times twelve:\n"
        "  decile  customers  expected  realised  expected value  leavers' value  "
        "leavers' revenue"
    )
    return "\n".join([header, *rows])
