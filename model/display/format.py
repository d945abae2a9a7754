"""Numbers as people read them: thousands separators, currency, percentages.

Pure functions (no Streamlit), so the pages, the charts and the tests format alike.
Not-a-number and infinities are shown as "n/a" rather than "nan", which a finance
committee would read as a bug.
"""

from __future__ import annotations

import html
import math
import re

from model.money import ASSUMPTION_INFO, UNSET_MEANS

#: Currency symbol of every amount shown. The default costs are sourced in US dollars
#: (methodology page); an uploaded portfolio's amounts are in its own currency.
CURRENCY = "$"

#: Plotly tick formats for currency axes and for share axes (d3-format).
#: Money on an axis, short enough to stay level on a phone: $200k, $1.5M (SI prefixes,
#: with "G" for billions never reached by a portfolio the dashboard serves).
CURRENCY_TICKS = {"tickprefix": CURRENCY, "tickformat": "~s"}
SHARE_TICKS = {"tickformat": ".0%"}

MINUS = "−"  # a real minus sign, as wide as a digit
NOT_A_NUMBER = "n/a"


def _finite(value: float) -> bool:
    return value is not None and math.isfinite(value)


def money(value: float, cents: bool = False) -> str:
    """An amount with the currency symbol and thousands separators: 1234.5 -> "$1,235".

    Negative amounts read "−$1,235"; `cents=True` keeps two decimals ("$7.68").
    """
    if not _finite(value):
        return NOT_A_NUMBER
    digits = 2 if cents else 0
    text = f"{CURRENCY}{abs(value):,.{digits}f}"
    return f"{MINUS}{text}" if round(value, digits) < 0 else text


def signed_money(value: float) -> str:
    """An amount with an explicit sign, for changes: +$1,235, -$1,235, $0.

    The sign is ASCII: st.metric reads a delta's direction (arrow, colour) from a leading
    "-" and would show "−$1,235" as a rise.
    """
    if not _finite(value):
        return NOT_A_NUMBER
    if round(value) == 0:
        return money(0.0)
    return f"+{money(value)}" if value > 0 else f"-{money(-value)}"


def count(value: float, decimals: int = 0) -> str:
    """A count with thousands separators: 8131.7 -> "8,132"."""
    if not _finite(value):
        return NOT_A_NUMBER
    text = f"{abs(value):,.{decimals}f}"
    return f"{MINUS}{text}" if round(value, decimals) < 0 else text


def percent(share: float, decimals: int = 1) -> str:
    """A share (0..1) as a percentage: 0.1234 -> "12.3%"."""
    if not _finite(share):
        return NOT_A_NUMBER
    text = f"{abs(share) * 100:,.{decimals}f}%"
    return f"{MINUS}{text}" if round(share * 100, decimals) < 0 else text


def percentage_points(difference: float, decimals: int = 1) -> str:
    """A difference of two shares, signed, in percentage points, said in words ("pp" is
    jargon to most readers): 0.05 -> "+5.0 points"."""
    if not _finite(difference):
        return NOT_A_NUMBER
    points = difference * 100
    if round(points, decimals) == 0:
        return f"{0:.{decimals}f} points"
    sign = "+" if points > 0 else MINUS
    return f"{sign}{abs(points):.{decimals}f} points"


def share_of(part: float, whole: float) -> float:
    """part / whole, or 0.0 when the whole is 0 (nothing to take a share of)."""
    if not whole:
        return 0.0
    return part / whole


def parse_money(text: str) -> float:
    """The number in a `money` or `count` string ("−$1,235" -> -1235.0), for tests and readers."""
    cleaned = text.replace(CURRENCY, "").replace(",", "").replace(MINUS, "-").replace("+", "")
    return float(cleaned.replace("%", "").strip())


#: Characters Streamlit's markdown gives a meaning to.
MARKDOWN_CHARACTERS = "\\`*_{}[]()#+-.!|<>~$:"


def escape_markdown(text: str, characters: str = MARKDOWN_CHARACTERS) -> str:
    """`text` with each of `characters` backslash-escaped for Streamlit's markdown: the one
    escaper, of which `plain` and `markdown_safe` are the two uses."""
    return re.sub(f"([{re.escape(characters)}])", r"\\\1", text)


def unescape_markdown(text: str) -> str:
    """The inverse of `plain` (every backslash-escaped character as itself, the zero-width
    spaces that keep addresses unlinked taken out), for a name kept escaped for markdown
    that is drawn somewhere else (HTML, a file name)."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.S).replace(ZERO_WIDTH_SPACE, "")


def chart_text(text: object) -> str:
    """User text (a segment, a column name, a customer id) made literal for Plotly's labels,
    titles and hover text, which read <b>, <br>, <a href=...> and entities: `<` and `&`
    are written as entities, which Plotly shows as the characters themselves."""
    return html.escape(str(text), quote=False)


#: Where Streamlit's markdown (GitHub's) turns bare text into a link: "http://x", "www.x",
#: "name@host". A zero-width space after the marker keeps the text as it reads, unlinked.
_AUTOLINKS = re.compile(r"(?i)(:(?=//)|\bwww(?=\.)|@(?=\w))")
ZERO_WIDTH_SPACE = "\u200b"


def plain(text: str) -> str:
    """Text from a user's file or the page address (a name, a column name, a value) made
    literal for Streamlit's markdown, which messages, captions and metrics' help all go
    through: markdown characters escaped, and addresses kept from becoming links."""
    return escape_markdown(_AUTOLINKS.sub(lambda m: m.group(0) + ZERO_WIDTH_SPACE, text))


def markdown_safe(text: str) -> str:
    """Our own markdown (help, captions, lists): only "$" escaped, since two of them would
    start LaTeX ("$2.70-$10" would render as maths); its bold and lists stay markdown."""
    return escape_markdown(text, "$")


def assumption_value(key: str, value: float | None) -> str:
    """An assumption's value as a reader reads it: shares in percent, amounts in dollars,
    and what an unset value means (each customer's own retention, the median lifetime value
    as a prospect's worth)."""
    if value is None:
        if key == "monthly_retention":
            return "each customer's own, from the model"
        return UNSET_MEANS.get(key, "unset")
    info = ASSUMPTION_INFO[key]
    if info.widget.scale == 100:
        return percent(value, 2 if key == "monthly_retention" else 1)
    if "dollars" in info.unit:
        return money(value, cents=True)
    return f"{value:g} {info.unit}"
