"""What a page shows in words, read from an AppTest run, and the checks a first visit needs
(issue 31): money that markdown would read as maths, ordinals, command-line instructions.

Every string a page hands Streamlit to draw as markdown or as a label is collected: text,
captions, alerts, titles, metric labels and values, widgets' labels and help, expanders'
labels. Tables and charts are not markdown and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

#: Protobuf fields that carry text a user reads.
_TEXT_FIELDS = ("body", "label", "help", "caption", "placeholder")


def _strings(message, depth: int = 0) -> Iterator[str]:
    """Every text field of a protobuf message, its sub-messages' too (a metric's label and
    help, a block's expander label)."""
    if depth > 3:
        return
    for descriptor, value in message.ListFields():
        if descriptor.type == descriptor.TYPE_STRING and descriptor.name in _TEXT_FIELDS:
            yield value
        elif descriptor.type == descriptor.TYPE_MESSAGE and not isinstance(value, Sequence):
            yield from _strings(value, depth + 1)


def shown_texts(app: AppTest) -> list[str]:
    """Every text the run drew, in the main area and the sidebar, in order."""
    texts: list[str] = []
    for root in (app.main, app.sidebar):
        for node in root:
            proto = getattr(node, "proto", None)
            if proto is None or not hasattr(proto, "ListFields"):
                continue
            texts.extend(text for text in _strings(proto) if text.strip())
    return texts


_DISPLAY_MATHS = re.compile(r"(?<!\\)\$\$.*?(?<!\\)\$\$", re.S)
_DOLLAR = re.compile(r"(?<!\\)\$")
_CODE = re.compile(r"`[^`]*`")


def money_read_as_maths(text: str) -> list[str]:
    """The spans of `text` between two unescaped dollar signs that are not maths: markdown
    draws them as one formula (issue 31: "$3 billion ... $2,475.31" came out as one italic
    run). A span is maths when it holds a LaTeX command, a sub- or superscript or an
    equals sign, or is a single letter (`$n$`)."""
    text = _CODE.sub("", _DISPLAY_MATHS.sub("", text))
    positions = [match.start() for match in _DOLLAR.finditer(text)]
    wrong = []
    for start, end in zip(positions[::2], positions[1::2], strict=False):
        span = text[start + 1 : end]
        if re.search(r"[\\^_=]", span) or re.fullmatch(r"[A-Za-z]", span.strip()):
            continue
        wrong.append(text[start : end + 1])
    return wrong


def wrong_ordinals(text: str) -> list[str]:
    """Ordinals whose suffix does not fit the number: 33th, 21th, 22st, 11st."""
    found = []
    for match in re.finditer(r"\b(\d+)(st|nd|rd|th)\b", text):
        number, suffix = int(match.group(1)), match.group(2)
        if suffix != ordinal_suffix(number):
            found.append(match.group(0))
    return found


def ordinal_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


#: A command-line instruction: an option ("--mapping") or a module run ("python -m").
COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z][a-z-]+|python -m")


def command_line_words(text: str) -> list[str]:
    """Command-line options and commands in `text` (none belongs in a page's words)."""
    return COMMAND_LINE.findall(text)
