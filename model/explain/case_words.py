"""The business case's range and break-even in words a finance reader reads once
(model.explain.case_range and break_even compute them)."""

from __future__ import annotations

from collections.abc import Callable

from model.explain.break_even import BreakEven
from model.explain.case_range import FIGURES, CaseRange
from model.money import LEVER_LABELS

#: Each figure's name for people, in FIGURES order.
FIGURE_LABELS: dict[str, str] = {
    "net_present_value": "Net present value",
    "payback_month": "Payback month",
    "year_saving": "Saving of one year's failures",
}


def _years(count: int) -> str:
    return f"{count} year{'' if count == 1 else 's'}"


def payback_words(month: float | None, horizon_years: int) -> str:
    """ "month 14", or "not within 3 years" for a draw that never pays back."""
    if month is None:
        return f"not within {_years(horizon_years)}"
    return f"month {month:.0f}"


def range_rows(case: CaseRange, money: Callable[[float], str]) -> list[tuple[str, str, str, str]]:
    """(figure, P10, P50, P90) in words, for all three sources together."""
    rows = []
    for figure in FIGURES:
        band = case.combined(figure)
        if figure == "payback_month":
            cells = [payback_words(v, case.horizon_years) for v in (band.p10, band.p50, band.p90)]
        else:
            cells = [money(v) for v in (band.p10, band.p50, band.p90)]
        rows.append((FIGURE_LABELS[figure], *cells))
    return rows


def case_range_sentence(case: CaseRange, money: Callable[[float], str]) -> str:
    """One sentence: where 8 draws in 10 put the NPV, the payback and the year's saving."""
    npv, saving = case.combined("net_present_value"), case.combined("year_saving")
    payback = case.combined("payback_month")
    return (
        f"With all three sources of doubt drawn together ({case.draws:,} draws: the "
        "assumptions, the model and who actually leaves), 8 draws in 10 put the net present "
        f"value between {money(npv.p10)} and {money(npv.p90)}, the payback between "
        f"{payback_words(payback.p10, case.horizon_years)} and "
        f"{payback_words(payback.p90, case.horizon_years)}, and the saving of one year's "
        f"failures between {money(saving.p10)} and {money(saving.p90)}."
    )


def break_even_sentence(even: BreakEven, money: Callable[[float], str]) -> str:
    """The break-even and its range, in one sentence."""
    years = _years(even.horizon_years)
    band = even.range
    if even.what == "one_off":
        if even.value is None:
            return f"No one-off cost pays back within {years}: the yearly cost alone does not."
        low = money(band.p10) if band.p10 is not None else "nothing"
        high = money(band.p90) if band.p90 is not None else "nothing"
        return (
            f"The fixes pay back within {years} for a one-off cost of up to "
            f"{money(even.value)} (8 draws in 10: between {low} and {high})."
        )
    label = LEVER_LABELS[even.what].lower()

    def cut(value):
        return "no cut" if value is None else f"{value:.0%}"

    if even.value is None:
        return f"No cut of '{label}' pays back within {years}, with the other fixes as set."
    how = "" if even.exact else " (the smallest cut that does: counts move in whole steps)"
    return (
        f"With the other fixes as set, '{label}' at {even.value:.1%} pays back within {years}"
        f"{how}; 8 draws in 10 need between {cut(band.p10)} and {cut(band.p90)}."
    )
