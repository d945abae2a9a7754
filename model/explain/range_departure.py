"""The range's price of a departure when `departure_cost` is not the lost value, and the
staff turnover an hour on the phone costs, per draw of the assumptions.

model/money/costs.py prices one departure as the clv ("lost_value"), its replacement,
acquisition_cost + gross_margin * monthly_revenue * months_to_replace ("replacement"), or
the smaller of the two, customer by customer ("cheaper"). The range draws every
assumption, so the replacement is linear in the draws (two sums over the customers) and
the cheaper is taken customer by customer in blocks of draws.
"""

from __future__ import annotations

import numpy as np

#: Draw x customer elements computed at once (about 8 MB a block of float64).
_BLOCK = 1 << 20


def turnover_per_hour(drawn: dict[str, np.ndarray]) -> np.ndarray:
    """agent_attrition_rate * cost_to_replace_agent / agent_hours_per_year, per draw."""
    return (
        drawn["agent_attrition_rate"]
        * drawn["cost_to_replace_agent"]
        / drawn["agent_hours_per_year"]
    )


def replacement_sum(weights: np.ndarray, revenue: np.ndarray, drawn) -> np.ndarray:
    """sum_i w_i * (acquisition_cost + gross_margin * revenue_i * months_to_replace), per
    draw (`weights` one row of customers, or draws x customers)."""
    weights = np.atleast_2d(weights)
    return drawn["acquisition_cost"] * weights.sum(axis=1) + drawn["gross_margin"] * drawn[
        "months_to_replace"
    ] * (weights @ revenue)


def cheaper_sum(
    weights: np.ndarray, revenue: np.ndarray, retention: np.ndarray, d: np.ndarray, drawn
) -> np.ndarray:
    """sum_i w_i * min(clv_ij, replacement_ij) for each draw j; `retention` is each
    customer's own r_i, replaced by the draw's monthly_retention where that is set."""
    draws = len(d)
    fixed = drawn["monthly_retention"]
    result = np.empty(draws)
    step = max(1, _BLOCK // max(len(revenue), 1))
    for start in range(0, draws, step):
        j = slice(start, start + step)
        r = np.where(np.isnan(fixed[j])[:, None], retention[None, :], fixed[j][:, None])
        clv = drawn["gross_margin"][j, None] * revenue * r / (1 + d[j, None] - r)
        replacement = (
            drawn["acquisition_cost"][j, None]
            + drawn["gross_margin"][j, None] * revenue * drawn["months_to_replace"][j, None]
        )
        rows = np.minimum(clv, replacement)
        result[j] = rows @ weights if weights.ndim == 1 else np.einsum("ij,ij->i", weights[j], rows)
    return result


def realised_departures(way: str, gone, revenue, retention, d, drawn, j) -> np.ndarray:
    """The departures' undiscounted price in draws `j` for one block of who left (`gone`,
    draws x these customers) when they are priced as their replacement or the cheaper."""
    block = {key: values[j] for key, values in drawn.items()}
    if way == "replacement":
        return replacement_sum(gone, revenue, block)
    return cheaper_sum(gone, revenue, retention, d[j], block)
