"""The board report's page: HTML parts as they are built, and the self-contained document.

Every text is escaped as it goes in; charts are Plotly divs drawn by the one copy of
plotly.js written into the document's head, so the file opens offline. The look is
report_style.css beside this file.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

STYLE_PATH = Path(__file__).with_name("report_style.css")


@dataclass
class ReportPage:
    """The report's body as it is built: HTML parts and the charts' divs."""

    parts: list[str] = field(default_factory=list)
    figures: int = 0

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def text(self, text: str) -> None:
        self.parts.append(f"<p>{html.escape(text)}</p>")

    def items(self, texts: list[str]) -> None:
        lines = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
        self.parts.append(f"<ul>{lines}</ul>")

    def figure(self, figure: go.Figure) -> None:
        self.figures += 1
        self.parts.append(
            figure.to_html(
                full_html=False,
                include_plotlyjs=False,
                div_id=f"chart-{self.figures}",
                config={"displaylogo": False, "responsive": True},
            )
        )

    def table(self, frame: pd.DataFrame, prose: bool = False) -> None:
        """A table (cells escaped), scrolling sideways when wide; `prose` aligns left."""
        classes = "table prose" if prose else "table"
        rendered = frame.to_html(index=False, escape=True, border=0, classes=classes)
        self.parts.append(f'<div class="scroll">{rendered}</div>')

    def figures_row(self, label: str, value: str, data_key: str = "", raw: float = 0.0) -> str:
        data = f' data-key="{data_key}" data-value="{raw!r}"' if data_key else ""
        return (
            f'<div class="figure"><div class="label">{html.escape(label)}</div>'
            f'<div class="value"{data}>{html.escape(value)}</div></div>'
        )


def document(title: str, heading: str, meta_html: str, page: ReportPage) -> str:
    """The whole HTML document: head with the style and plotly.js, then the page's parts.

    `meta_html` is already escaped (it carries markup); `title` and `heading` are text.
    """
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title>"
        "<meta name='generator' content='churn cost estimator'>"
        f"<style>{STYLE_PATH.read_text(encoding='utf-8')}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<h1>{html.escape(heading)}</h1><p class='meta'>{meta_html}</p>"
        + "".join(page.parts)
        + "</body></html>"
    )
