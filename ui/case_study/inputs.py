"""The case study's inputs: every case of the sources as a preset, with its story and its
figures, and one widget per contract column of the preset customer.

Choosing a one-customer case loads its figures into the case study's inputs (which the
user may then change); the school-supplies distributor is a portfolio, shown as the
arithmetic behind the source's figure and the business case of its fix.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.schema import COLUMNS_BY_NAME
from model.cases import (
    CUSTOMER_PRESETS,
    SCHOOL_SUPPLIES_FIGURES,
    SCHOOL_SUPPLIES_FIX,
    SCHOOL_SUPPLIES_STORY,
    CustomerPreset,
    school_supplies_business_case,
    school_supplies_derivation,
)
from model.display import charts, count, labels, markdown_safe, money, percent
from ui.state import keys, load_case_customer, reset_case, session

SCHOOL_SUPPLIES = keys.SCHOOL_SUPPLIES_KEY
PRESET_TITLES: dict[str, str] = {
    **{key: preset.title for key, preset in CUSTOMER_PRESETS.items()},
    SCHOOL_SUPPLIES: "The school-supplies distributor",
}
_ORIGIN = {"source": "given by the source", "chosen": "chosen here"}


def load_customer_preset(key: str) -> None:
    """Put a one-customer preset's figures into the case study's inputs."""
    load_case_customer(CUSTOMER_PRESETS[key].customer())


def _on_preset_change() -> None:
    key = session.get(keys.CASE_PRESET)
    if key in CUSTOMER_PRESETS:
        load_customer_preset(key)


def current_preset() -> str:
    return session.get(keys.CASE_PRESET) or next(iter(PRESET_TITLES))


def draw_preset_choice() -> str:
    """The choice of case; returns its key."""
    session.setdefault(keys.CASE_PRESET, next(iter(PRESET_TITLES)))
    st.segmented_control(
        "Case",
        options=list(PRESET_TITLES),
        format_func=PRESET_TITLES.get,
        key=keys.CASE_PRESET,
        on_change=_on_preset_change,
        help="Every case of the source documents. Figures the source gives are marked as "
        "such; the others are chosen here and said so.",
    )
    return current_preset()


def _shown(value: float) -> str:
    """A figure as written in a report: 1,500,000 and 40, but 0.1 and 7.68."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


def _figures_table(rows: list[tuple[str, str, str, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["Figure", "Value", "Where it comes from", "Why"])
    st.table(frame, hide_index=True)


def draw_customer_preset_figures(preset: CustomerPreset, story: bool = True) -> None:
    """The preset's story (unless told apart) and its figures, each marked given or chosen."""
    if story:
        st.markdown(markdown_safe(preset.story))
    _figures_table(
        [
            (f.name.replace("_", " "), _shown(f.value), _ORIGIN[f.origin], f.note)
            for f in preset.figures
        ]
    )


def draw_school_supplies(annual_discount_rate: float) -> None:
    """The distributor: story, figures, the arithmetic to 1.5 million, the fix's case."""
    st.markdown(markdown_safe(SCHOOL_SUPPLIES_STORY))
    _figures_table(
        [
            (f.name.replace("_", " "), _shown(f.value), _ORIGIN[f.origin], f.note)
            for f in SCHOOL_SUPPLIES_FIGURES
        ]
    )
    st.subheader("Where “at least 1.5 million dollars a year” comes from")
    derivation = school_supplies_derivation()
    shown = derivation.assign(
        amount=[
            count(v) if "Orders" in step or "Calls" in step else money(v)
            for step, v in zip(derivation["step"], derivation["amount"], strict=True)
        ]
    )
    st.table(shown.rename(columns={"step": "Step", "how": "How", "amount": "Amount a year"}))
    yearly = derivation["amount"].iloc[-1]
    st.markdown(
        f"With these volumes and unit costs the failures cost "
        f"**{markdown_safe(money(yearly))} a year** in re-shipping and handling alone: the "
        "source's figure. Schools that stop buying would add to it; the source does not "
        "count them, and neither does this case."
    )
    st.subheader("The business case of fixing quality at the source")
    cost = SCHOOL_SUPPLIES_FIX
    case = school_supplies_business_case(cost=cost, annual_discount_rate=annual_discount_rate)
    st.markdown(f"### {markdown_safe(case.sentence(money))}")
    columns = st.columns(4)
    columns[0].metric("Net saving", money(case.net_saving))
    columns[1].metric("Return on investment", percent(case.return_on_investment))
    columns[2].metric("Payback", case.payback_words)
    columns[3].metric("Net present value", money(case.net_present_value))
    st.caption(
        f"Chosen: a checking and packing station and training for "
        f"{markdown_safe(money(cost.one_off))} now, quality staff for "
        f"{markdown_safe(money(cost.per_year))} a year, over {cost.horizon_years} years; "
        f"discounted at the sidebar's {percent(annual_discount_rate)} a year."
    )
    st.plotly_chart(charts.cash_flow_chart(case.cash_flow))


#: Step of each float input; integer columns step by 1.
_STEPS = {"monthly_revenue": 5.0, "tenure_months": 1.0, "outage_hours": 1.0, "hours_on_phone": 0.5}


def draw_case_inputs(columns: int = 4) -> None:
    """The customer's revenue, tenure and incidents, editable, with a reset to the preset.

    Drawn a row at a time, so that on a phone, where columns stack, the inputs keep their
    order (one set of columns would stack as its first column's inputs, then the second's).
    """
    slots = []
    for position, (name, key) in enumerate(keys.CASE_KEYS.items()):
        if position % columns == 0:
            slots = st.columns(columns)
        column = COLUMNS_BY_NAME[name]
        slot = slots[position % columns]
        label = labels.FEATURE_LABELS[name]
        meaning = column.meaning[0].upper() + column.meaning[1:] + "."
        if column.kind == "flag":
            slot.toggle(label, key=key, help=meaning)
        elif column.kind == "integer":
            slot.number_input(label, min_value=0, step=1, key=key, help=meaning)
        else:
            slot.number_input(
                label, min_value=0.0, step=_STEPS[name], format="%.1f", key=key, help=meaning
            )
    st.button(labels.RESET_CASE, on_click=reset_case)
