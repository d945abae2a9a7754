"""The board report's call list: who to call first under the budget and success rate the
reader gave (on the What-if page, or the report command's options), what the list saves,
its break-even and what another thousand of budget would add, each customer with the
failures behind their cost in words (model.explain.call_list chooses).

Without a contact's cost and success rate there is no list, and the section says where to
give them: on the dashboard the What-if page (page text names no command-line option), on
the command line the report command's own options.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from model.display import count, money, percent
from model.explain.call_list import BUDGET_STEP, CallList, CallRequest, why_in_words
from model.reporting.report_page import ReportPage

#: Rows of the list the report shows; the rest are counted (the downloads hold them all).
CALLS_SHOWN = 100
#: Where the report was asked for: the dashboard's download, or the report command.
ORIGINS: tuple[str, ...] = ("dashboard", "command")
_HOW_TO_ASK = {
    "dashboard": (
        "No cost of a recovery contact and success rate were given, so there is no call list. "
        "On the What-if page, under Who to call first, enter what one contact costs, the share "
        "of a customer's failure-caused churn it prevents and, if you like, a budget; the "
        "report downloaded after that lists the customers to call."
    ),
    "command": (
        "No cost of a recovery contact and success rate were given, so there is no call list. "
        "Run the report again with --call-cost X (what one contact costs) and --save-rate Y "
        "(the share, 0 to 1, of a customer's failure-caused churn it prevents), and "
        "--call-budget AMOUNT or --calls N for a budget (without either, every call that pays "
        "for itself)."
    ),
}
_WHOLE_LIST = {
    "dashboard": "the What-if page's call list downloads (CSV and Excel) hold them all.",
    "command": "the score command's --call-list OUT writes them all.",
}
#: The list's columns as the report and the What-if page title them.
CALL_LIST_TITLES = {
    "customer_id": "Customer",
    "expected_saving": "Expected saving ($)",
    "net_saving": "Saving net of the contact ($)",
    "why": "Failures behind the cost",
}


def _budget_words(request: CallRequest, chosen: CallList) -> str:
    if request.calls is not None:
        return f"a budget of {count(request.calls)} contacts"
    if request.budget is not None:
        return f"a budget of {money(request.budget)}"
    return "no budget set (every contact that pays for itself)"


def call_list_table(chosen: CallList, estimates: pd.DataFrame) -> pd.DataFrame:
    """The list as the report shows it: best first, amounts in money, the why in words."""
    rows = estimates.set_index(estimates["customer_id"].astype(str), drop=False)
    ids = chosen.calls["customer_id"].astype(str)
    calls, titles = chosen.calls, CALL_LIST_TITLES
    return pd.DataFrame(
        {
            titles["customer_id"]: calls["customer_id"].to_numpy(),
            titles["expected_saving"]: calls["expected_saving"].map(money).to_numpy(),
            titles["net_saving"]: calls["net_saving"].map(money).to_numpy(),
            titles["why"]: [why_in_words(rows.loc[one]) for one in ids],
        }
    )


def call_list_section(
    page: ReportPage, today: pd.DataFrame, request: CallRequest | None, origin: str
) -> CallList | None:
    """Who to call first, or where to ask for the list; returns the list drawn (if any)."""
    page.heading("Who to call first")
    if request is None:
        page.text(_HOW_TO_ASK[origin])
        return None
    chosen = request.choose(today)
    page.parts.append(
        '<div class="figures">'
        + page.figures_row("Contacts", count(len(chosen.calls)), "calls", len(chosen.calls))
        + page.figures_row("Spent on contacts", money(chosen.spent), "calls_spent", chosen.spent)
        + page.figures_row(
            "Expected saving, net of the contacts",
            money(chosen.net_saving),
            "calls_net_saving",
            chosen.net_saving,
        )
        + page.figures_row(
            "Break-even success rate",
            percent(chosen.break_even_save_rate, 1),
            "calls_break_even",
            chosen.break_even_save_rate,
        )
        + page.figures_row(
            f"Another {money(BUDGET_STEP)} of budget adds",
            money(chosen.next_thousand),
            "calls_next_thousand",
            chosen.next_thousand,
        )
        + "</div>"
    )
    page.text(
        f"Each contact costs {money(request.call_cost, cents=True)} and is expected to keep "
        f"{percent(request.save_rate, 1)} of the churn a customer's failures cause, and with it "
        "that share of their expected departure cost and word of mouth (the money already "
        f"spent handling the failures is not saved). With {_budget_words(request, chosen)}, "
        f"the {count(len(chosen.calls))} customers below, best first, are expected to save "
        f"{money(chosen.expected_saving)} for {money(chosen.spent)} of contacts, "
        f"{money(chosen.net_saving)} net. The list pays for itself as long as a contact keeps "
        f"at least {percent(chosen.break_even_save_rate, 1)} of that churn; another "
        f"{money(BUDGET_STEP)} of budget would add {money(chosen.next_thousand)} net."
    )
    if chosen.calls.empty:
        page.text("No customer is worth a contact at this cost and success rate.")
        return chosen
    shown = chosen.calls.head(CALLS_SHOWN)
    page.table(call_list_table(replace(chosen, calls=shown), today), prose=True)
    if len(chosen.calls) > CALLS_SHOWN:
        page.text(
            f"The first {count(CALLS_SHOWN)} of {count(len(chosen.calls))} contacts; "
            f"{_WHOLE_LIST[origin]}"
        )
    return chosen
