"""Which columns a churn model reads, and which of them are incidents: its feature layout.

The built-in model reads the data contract's columns only (data.schema.MODEL_FEATURES). A
model fitted to a company's history (`python -m model.train --data ... --incidents ...
--covariates ...`) may read more:

- **declared incidents**: the company's own failures (dropped calls, late deliveries),
  numbers >= 0 that churn never falls with; like the contract's incidents they are set to
  0 for the baseline, split by Shapley, priced and offered as levers;
- **covariates**: traits of the customer (plan, contract, region, usage) that shape the
  baseline and are never a cause: the baseline keeps them as they are. A covariate whose
  every value is a number is read as one (a blank or unreadable cell is missing, which
  the model handles as its own case); any other is text, one indicator per level seen in
  the history (its `TEXT_LEVELS` most common ones: rarer and unseen levels get none).

The layout is recorded in the model card (`to_card`) and read back from it
(`from_card`), so a saved model always reads the columns it was fitted on, in its order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.cells import parse_numbers
from data.schema import (
    COLUMNS_BY_NAME,
    CUSTOMER_FEATURES,
    GENERATOR_TRUTH_COLUMNS,
    INCIDENT_FEATURES,
    OUTPUT_COLUMNS,
    REJECTED_PREFIX,
)

#: A text covariate gets an indicator for at most this many of its most common levels.
TEXT_LEVELS = 30
#: Separates a text covariate's name from its level in the model's column names.
LEVEL_MARK = "="


class MissingModelColumn(KeyError):
    """A file lacks a column the model was fitted on (a declared incident or covariate)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


@dataclass(frozen=True)
class FeatureLayout:
    """The columns a model reads beyond the contract's, and how.

    `text_covariates` pairs each text covariate with the levels that have an indicator.
    """

    declared_incidents: tuple[str, ...] = ()
    numeric_covariates: tuple[str, ...] = ()
    text_covariates: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def incidents(self) -> tuple[str, ...]:
        """Every incident: the contract's, then the declared ones."""
        return INCIDENT_FEATURES + self.declared_incidents

    @property
    def covariates(self) -> tuple[str, ...]:
        return self.numeric_covariates + tuple(name for name, _ in self.text_covariates)

    @property
    def is_built_in(self) -> bool:
        return not (self.declared_incidents or self.covariates)

    @property
    def columns(self) -> tuple[str, ...]:
        """The model matrix's columns, in order (MODEL_FEATURES first)."""
        indicators = tuple(
            f"{name}{LEVEL_MARK}{level}"
            for name, levels in self.text_covariates
            for level in levels
        )
        return CUSTOMER_FEATURES + self.incidents + self.numeric_covariates + indicators

    @property
    def incident_positions(self) -> list[int]:
        columns = self.columns
        return [columns.index(name) for name in self.incidents]

    @property
    def trait_positions(self) -> list[int]:
        """Every column that is not an incident: revenue, tenure and the covariates."""
        incidents = set(self.incident_positions)
        return [j for j in range(len(self.columns)) if j not in incidents]

    def missing_columns(self, columns) -> list[str]:
        """The declared incidents and covariates a frame with these columns lacks."""
        present = set(columns)
        return [name for name in self.declared_incidents + self.covariates if name not in present]

    def matrix(self, customers: pd.DataFrame) -> np.ndarray:
        """The model's input as a float matrix; absent optional contract columns at 0.

        Raises KeyError naming a required contract column, or MissingModelColumn naming
        a declared incident or covariate, that the frame lacks.
        """
        missing = self.missing_columns(customers.columns)
        if missing:
            raise MissingModelColumn(
                f"The file has no column {', '.join(missing)}, which this model was fitted on "
                "(declared with --incidents or --covariates when it was trained)"
            )
        columns = self.columns
        matrix = np.zeros((len(customers), len(columns)), dtype=np.float64)
        for position, name in enumerate(CUSTOMER_FEATURES + INCIDENT_FEATURES):
            if name in customers.columns:
                matrix[:, position] = customers[name].to_numpy(dtype=np.float64)
            elif COLUMNS_BY_NAME[name].required:
                raise KeyError(f"Required column {name} missing")
        position = len(CUSTOMER_FEATURES + INCIDENT_FEATURES)
        for name in self.declared_incidents + self.numeric_covariates:
            matrix[:, position] = _numbers(customers[name])
            position += 1
        for name, levels in self.text_covariates:
            text = customers[name].astype("string").str.strip()
            for level in levels:
                matrix[:, position] = (text == level).fillna(False).to_numpy(dtype=np.float64)
                position += 1
        return matrix

    def typed(self, customers: pd.DataFrame) -> pd.DataFrame:
        """The customers with each declared incident as numbers (a file read as text
        keeps them as text: a lever or a unit cost needs numbers)."""
        present = [name for name in self.declared_incidents if name in customers.columns]
        if not present:
            return customers
        return customers.assign(**{name: _numbers(customers[name]) for name in present})

    def to_card(self) -> dict:
        return {
            "declared_incidents": list(self.declared_incidents),
            "covariates": list(self.covariates),
            "numeric_covariates": list(self.numeric_covariates),
            "text_covariates": {name: list(levels) for name, levels in self.text_covariates},
        }

    @classmethod
    def from_card(cls, card: dict) -> FeatureLayout:
        """The layout a card records; a card without one (the built-in model's) reads none."""
        return cls(
            declared_incidents=tuple(card.get("declared_incidents", ())),
            numeric_covariates=tuple(card.get("numeric_covariates", ())),
            text_covariates=tuple(
                (name, tuple(levels)) for name, levels in card.get("text_covariates", {}).items()
            ),
        )


BUILT_IN_LAYOUT = FeatureLayout()


def _numbers(values: pd.Series) -> np.ndarray:
    """A column as floats; text that is not a number becomes NaN (missing)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    return parse_numbers(values.astype("string")).to_numpy(dtype=np.float64, na_value=np.nan)


#: Columns that can never be declared: the contract's own, its outcome and what it writes.
RESERVED = frozenset(
    (*COLUMNS_BY_NAME, *OUTPUT_COLUMNS, *REJECTED_PREFIX, *GENERATOR_TRUTH_COLUMNS)
)


def layout_for(
    history: pd.DataFrame, incidents: tuple[str, ...] = (), covariates: tuple[str, ...] = ()
) -> FeatureLayout:
    """The layout for a history with these declared incidents and covariates.

    Raises ValueError naming a column that is absent, reserved (the contract's own or the
    outcome), declared twice, or, for an incident, not a number >= 0 in every row.
    """
    declared = list(incidents) + list(covariates)
    for name in declared:
        if name in RESERVED:
            raise ValueError(
                f"{name} is a column of the data contract and cannot be declared: the "
                "contract's incidents are always incidents, and revenue and tenure always traits"
            )
        if declared.count(name) > 1:
            raise ValueError(f"{name} is declared more than once (an incident or a covariate)")
        if name not in history.columns:
            raise ValueError(f"The history has no column {name}")
    for name in incidents:
        values = _numbers(history[name])
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{name}: a declared incident must be a number >= 0 in every row; "
                f"the {row + 1}th valid row has {history[name].iloc[row]!r}"
            )
    numeric, text = [], []
    for name in covariates:
        values = history[name]
        blank = values.astype("string").str.strip().fillna("").eq("")
        parsed = _numbers(values)
        if np.isfinite(parsed[~blank.to_numpy()]).all():
            numeric.append(name)
        else:
            counts = values[~blank].astype("string").str.strip().value_counts()
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            text.append((name, tuple(level for level, _ in ordered[:TEXT_LEVELS])))
    return FeatureLayout(tuple(incidents), tuple(numeric), tuple(text))
